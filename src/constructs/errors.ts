import type { IConstruct } from 'constructs';
import { Format, matches } from '../config/formats';

/**
 * The one way constructs report a bad property: `<construct path>: <field>: <problem>`, for
 * example `staging/FlyteBinary: database.host: "db host" is not allowed; expected a host name`.
 * The path names the environment (the chart's id) and the construct inside it, so an app with
 * several environments tells which one failed. Helper functions that serve a construct take it
 * as an optional `scope`; called on their own they name the field alone.
 */
export function propsError(scope: IConstruct | undefined, field: string | undefined, problem: string): Error {
  const where = [scope?.node.path, field].filter((p): p is string => p !== undefined && p !== '');
  return new Error([...where, problem].join(': '));
}

/** Throws `propsError` unless `value` has the format: the message shows the value as written and what is allowed. */
export function assertProp(scope: IConstruct | undefined, field: string, value: string, format: Format): void {
  if (typeof value !== 'string' || !matches(format, value)) {
    throw propsError(scope, field, `${JSON.stringify(value)} is not allowed; expected ${format.allowed}`);
  }
}

/** Throws `propsError` unless `value` is a TCP port (an integer from 1 to 65535). */
export function assertPortProp(scope: IConstruct | undefined, field: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw propsError(scope, field, `${JSON.stringify(value)} is not allowed; expected an integer from 1 to 65535`);
  }
}

/** Runs `build` (a parser that names the field but knows no construct), prefixing what it throws with the path of `scope`. */
export function withPath<T>(scope: IConstruct, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw propsError(scope, undefined, (e as Error).message);
  }
}
