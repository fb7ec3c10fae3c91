import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { DNS_LABEL } from '../../src/config/formats';
import { assertPortProp, assertProp, propsError, withPath } from '../../src/constructs/errors';
import { FlyteEnvironment } from '../../src/constructs/flyte-environment';
import { specOf, validInput } from '../helpers';

const scope = () => new Construct(new Chart(new App({ outdir: '.' }), 'env-e'), 'Part');

describe('propsError', () => {
  test('names the construct path, the field and the problem, one line', () => {
    expect(propsError(scope(), 'database.host', 'is wrong').message).toBe('env-e/Part: database.host: is wrong');
  });

  test('without a scope (a helper function called on its own) the field comes first; without a field the path', () => {
    expect(propsError(undefined, 'logLevel', 'is wrong').message).toBe('logLevel: is wrong');
    expect(propsError(scope(), undefined, 'is wrong').message).toBe('env-e/Part: is wrong');
  });
});

describe('assertProp and assertPortProp', () => {
  test('pass a value of the format, and refuse another with the value as written and what is allowed', () => {
    expect(() => assertProp(scope(), 'namespace', 'ns-ok', DNS_LABEL)).not.toThrow();
    expect(() => assertProp(scope(), 'namespace', 'Ns_Bad', DNS_LABEL)).toThrow(`env-e/Part: namespace: "Ns_Bad" is not allowed; expected ${DNS_LABEL.allowed}`);
    expect(() => assertProp(scope(), 'namespace', 7 as unknown as string, DNS_LABEL)).toThrow('env-e/Part: namespace: 7 is not allowed');
  });

  test('ports are integers from 1 to 65535', () => {
    for (const ok of [1, 5432, 65535]) expect(() => assertPortProp(scope(), 'port', ok)).not.toThrow();
    for (const bad of [0, 65536, 80.5]) expect(() => assertPortProp(scope(), 'port', bad)).toThrow(`env-e/Part: port: ${bad} is not allowed; expected an integer from 1 to 65535`);
  });
});

describe('withPath', () => {
  test('returns what the parser returns, and prefixes what it throws with the path', () => {
    expect(withPath(scope(), () => 42)).toBe(42);
    expect(() => withPath(scope(), () => {
      throw new Error('images.coPilot: "x" is not a valid image reference');
    })).toThrow(/^env-e\/Part: images\.coPilot: "x" is not a valid image reference$/);
  });
});

describe('two environments in one app', () => {
  /** A spec as a library user might pass it: validated, then changed in code (no schema runs again). */
  const spec = (change?: (s: any) => void) => {
    const s = JSON.parse(JSON.stringify(specOf(validInput())));
    change?.(s);
    return s;
  };
  const badHost = (s: any) => (s.database.host = 'db host');

  test.each([
    ['production', 'staging'],
    ['staging', 'production'],
  ])('a bad database host in %s is named by its path (the other environment, %s, is fine)', (bad, good) => {
    const app = new App({ outdir: '.' });
    const build = (name: string) => new FlyteEnvironment(app, name, { spec: spec(name === bad ? badHost : undefined) });
    const order = bad === 'production' ? [good, bad] : [bad, good];
    let message = '';
    try {
      for (const name of order) build(name);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(new RegExp(`^${bad}/FlyteBinary: database\\.host: "db host" is not allowed; expected `));
  });

  test('constructs below an environment name it too (the database password, the task namespaces)', () => {
    const app = new App({ outdir: '.' });
    new FlyteEnvironment(app, 'staging', { spec: spec() });
    expect(() => new FlyteEnvironment(app, 'production', { spec: spec((s) => (s.database.passwordSecret.key = '..k')) }))
      .toThrow(/^production\/DatabasePassword: key: "\.\.k" is not allowed/);
    expect(() => new FlyteEnvironment(app, 'qa', { spec: spec((s) => (s.tasks = { podSecurity: 'strict' })) }))
      .toThrow(/^qa\/FlyteBinary\/TaskNamespaces: podSecurity: "strict" is not allowed/);
  });
});
