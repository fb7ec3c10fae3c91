import type { z } from 'zod/mini';
import { _default, globalRegistry, maxLength, optional, regex, string, superRefine } from 'zod/mini';
import * as f from '../formats';
import { DUPLICATE_RULES, optionsIssue, SECRET_OPTIONS } from '../database-options';
import { Shown } from '../shown';
import type { RuleIssue } from '../task-rules';
import { fileSource, obj, port, str } from './fields';
import { externalSecretSource, secretSource, secretSourceIssues, withSourceRule } from './secret-source';

/** database.options: the allow-list pattern (exported to JSON Schema), the reason of a refusal first. */
function databaseOptions(description: string) {
  const format = f.POSTGRES_OPTIONS;
  const error = `expected ${format.allowed}`;
  const schema = string({ error }).check(
    maxLength(format.maxLength!, { error, abort: true }),
    superRefine((v: string, ctx) => {
      const message = optionsIssue(v);
      if (message === undefined) return;
      const secret = v.split(' ').some((pair) => SECRET_OPTIONS.has(pair.split('=')[0]));
      ctx.addIssue({ code: 'custom', input: secret ? Shown.hidden(v) : v, message, continue: false });
    }),
    regex(format.pattern, { error }),
  );
  globalRegistry.add(schema, { description, allOf: DUPLICATE_RULES });
  return schema;
}

const passwordSecret = withSourceRule(
  obj(
    {
      name: str(f.DNS_SUBDOMAIN, 'Name of the Secret, in the release namespace, that holds the database password. Created by an operator (or by the ExternalSecret below); never by this chart.'),
      key: str(f.SECRET_KEY, 'Key of the password inside that Secret; mounted read-only as /etc/db-secret/password.'),
      source: secretSource(),
      externalSecret: optional(externalSecretSource('the password')),
    },
    'The database password. Only a reference is stored; the value never appears in Git or in the rendered output.',
  ),
);

export const database = obj(
  {
    host: str(f.HOSTNAME, 'PostgreSQL host name.'),
    port: _default(port('PostgreSQL port.'), 5432),
    name: _default(str(f.POSTGRES_IDENTIFIER, 'Database name.'), 'flyte'),
    username: str(f.POSTGRES_IDENTIFIER, 'Database user.'),
    options: _default(databaseOptions('libpq connection options: an allow-list of keys, each once (host, port, dbname, user, password, service and file options are refused: the typed keys set them).'), 'sslmode=require'),
    passwordSecret,
    caBundle: optional(
      fileSource(
        'CA certificates (PEM) that sign the database server certificate, for sslmode=verify-full; mounted read-only and set as sslrootcert.',
        'Key of the PEM file, for example "rds-ca.pem" (the RDS regional bundle).',
      ),
    ),
  },
  'External PostgreSQL database.',
);

/** The password's source and its externalSecret block agree. */
export function databaseIssues(settings: z.output<typeof database>): RuleIssue[] {
  return secretSourceIssues(['database', 'passwordSecret'], settings.passwordSecret);
}
