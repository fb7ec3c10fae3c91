import type { z } from 'zod/mini';
import { _default, optional, regex, string, enum as zEnum } from 'zod/mini';
import * as f from '../formats';
import type { RuleIssue } from '../task-rules';
import { described, jsonSchemaExtras, obj, str } from './fields';

export const jsonProperty = () =>
  string({ error: 'expected a JSON property name' }).check(regex(/^[A-Za-z0-9_.-]{1,256}$/, { error: 'expected a JSON property name: letters, digits, "_", "." or "-"' }));

/** Where the External Secrets Operator reads a secret (the database password, an auth client secret). */
export function externalSecretSource<E extends z.core.$ZodLooseShape = {}>(what: string, extra: E = {} as E) {
  return obj(
    {
      storeName: str(f.DNS_SUBDOMAIN, 'Name of the SecretStore or ClusterSecretStore (External Secrets Operator) that reads AWS Secrets Manager.'),
      storeKind: described(
        _default(zEnum(['SecretStore', 'ClusterSecretStore'], { error: 'expected "SecretStore" or "ClusterSecretStore"' }), 'ClusterSecretStore'),
        'Kind of the store.',
      ),
      remoteKey: described(
        string({ error: 'expected a Secrets Manager secret name or ARN' }).check(
          regex(/^[A-Za-z0-9/_+=.@:-]{1,2048}$/, { error: 'expected a Secrets Manager secret name or ARN: letters, digits and /_+=.@:-' }),
        ),
        'Name (or ARN) of the secret in AWS Secrets Manager.',
      ),
      property: described(
        optional(jsonProperty()),
        `JSON property of the secret value that holds ${what}; omit when the whole value is ${what}.`,
      ),
      ...extra,
      refreshInterval: _default(str(f.DURATION, 'How often the operator re-reads the secret.'), '1h'),
    },
    `Where the External Secrets Operator reads ${what}; required when source is "externalSecret".`,
  );
}

export const secretSource = () =>
  described(
    _default(
      zEnum(['existingSecret', 'externalSecret'], { error: 'expected "existingSecret" (an operator creates the Secret) or "externalSecret" (synced from AWS Secrets Manager)' }),
      'existingSecret',
    ),
    'Who creates the Secret: an operator ("existingSecret") or the External Secrets Operator from AWS Secrets Manager ("externalSecret").',
  );

/** externalSecret exactly when source is "externalSecret" (checked in code by secretSourceIssues). */
export function withSourceRule<T extends z.ZodMiniType>(schema: T): T {
  jsonSchemaExtras.add(schema, {
    if: { properties: { source: { const: 'externalSecret' } }, required: ['source'] },
    then: { required: ['externalSecret'] },
    else: { not: { required: ['externalSecret'] } },
  });
  return schema;
}

/** The rule of `withSourceRule`, in code: externalSecret exactly when source is "externalSecret". */
export function secretSourceIssues(path: PropertyKey[], ref: { readonly source: string; readonly externalSecret?: unknown }): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (ref.source === 'externalSecret' && !ref.externalSecret) {
    issues.push({ path: [...path, 'externalSecret'], input: undefined, message: 'expected storeName, remoteKey (and optionally storeKind, property, refreshInterval) when source is "externalSecret"' });
  }
  if (ref.source === 'existingSecret' && ref.externalSecret) {
    issues.push({ path: [...path, 'source'], input: ref.source, message: 'expected "externalSecret" when an externalSecret block is given (or remove the block)' });
  }
  return issues;
}
