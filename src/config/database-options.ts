/**
 * `database.options`: the libpq connection parameters an environment may add to Flyte's
 * connection string. Flyte appends them after its own host, port, dbname, user and password
 * (flyteadmin/pkg/repositories/database.go, getPostgresDsn, v1.16.8), and its driver pgx reads the
 * string as libpq does: the last value of a key wins, and a key pgx does not know is sent to the
 * server as a run-time setting. So an option may only add what the typed settings do not model, with
 * the meaning libpq gives it (postgresql.org/docs/current/libpq-connect.html, "Parameter Key
 * Words"), once.
 */

/** An accepted parameter: its values as an RE2-compatible pattern, and in words. */
export interface LibpqOption {
  readonly values: string;
  readonly allowed: string;
}

/** The parameters accepted, each one libpq and pgx read the same way. */
export const LIBPQ_OPTIONS: Readonly<Record<string, LibpqOption>> = {
  sslmode: { values: '(disable|allow|prefer|require|verify-ca|verify-full)', allowed: 'disable, allow, prefer, require, verify-ca or verify-full' },
  sslnegotiation: { values: '(postgres|direct)', allowed: 'postgres or direct' },
  sslsni: { values: '[01]', allowed: '0 or 1' },
  channel_binding: { values: '(disable|prefer|require)', allowed: 'disable, prefer or require' },
  require_auth: { values: '!?(password|md5|gss|sspi|scram-sha-256|none)(,!?(password|md5|gss|sspi|scram-sha-256|none))*', allowed: 'a comma-separated list of password, md5, gss, sspi, scram-sha-256 or none, each optionally negated with "!"' },
  connect_timeout: { values: '[0-9]{1,4}', allowed: 'whole seconds' },
  target_session_attrs: { values: '(any|read-write|read-only|primary|standby|prefer-standby)', allowed: 'any, read-write, read-only, primary, standby or prefer-standby' },
  application_name: { values: '[A-Za-z0-9_.-]{1,63}', allowed: 'at most 63 letters, digits, "_", "." or "-"' },
};

/** Parameters refused, with the reason: each would undo a typed setting or read a file or secret. */
export const REFUSED_OPTIONS: Readonly<Record<string, string>> = {
  host: 'database.host sets it',
  hostaddr: 'database.host sets the server',
  port: 'database.port sets it',
  dbname: 'database.name sets it',
  user: 'database.username sets it',
  password: 'the password comes from database.passwordSecret',
  passfile: 'the password comes from database.passwordSecret',
  sslpassword: 'no client key is mounted, and a password never belongs in an environment file',
  sslrootcert: 'database.caBundle mounts the CA and sets it',
  sslcert: 'no client certificate is mounted',
  sslkey: 'no client key is mounted',
  sslcrl: 'no file is mounted for it',
  sslcrldir: 'no file is mounted for it',
  sslkeylogfile: 'it would write the TLS session keys to a file',
  service: 'a service file would set host, user or password outside the environment file',
  servicefile: 'a service file would set host, user or password outside the environment file',
};

const KEYS = Object.keys(LIBPQ_OPTIONS);
const PAIR = `(${KEYS.map((k) => `${k}=${LIBPQ_OPTIONS[k].values}`).join('|')})`;

/** The whole value: accepted pairs separated by one space (each key once is checked apart). */
export const OPTIONS_PATTERN = new RegExp(`^${PAIR}( ${PAIR})*$`);

/** The values of each accepted key, anchored. */
export const OPTION_VALUE_PATTERNS: Readonly<Record<string, RegExp>> = Object.fromEntries(KEYS.map((k) => [k, new RegExp(`^${LIBPQ_OPTIONS[k].values}$`)]));

/** What is allowed, completing "expected ...". */
export const OPTIONS_ALLOWED = `libpq options as space-separated key=value pairs, each key once, of ${KEYS.join(', ')} (for example "sslmode=verify-full connect_timeout=10")`;

/**
 * JSON Schema rules (values.schema.json, the editor schema) refusing a key given twice; Helm
 * checks them with Go's linear-time regexp engine. JavaScript checks duplicates in code.
 */
export const DUPLICATE_RULES = KEYS.map((k) => ({ not: { pattern: `(^| )${k}=[^ ]*( .*)? ${k}=` } }));

/** Keys whose value is a secret: the options are not repeated in a message that names one. */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set(['password', 'passfile', 'sslpassword']);

/** The first problem of `options`, or undefined: a refused or unknown key, a bad value, a key twice. */
export function optionsIssue(options: string): string | undefined {
  const seen = new Set<string>();
  for (const pair of options.split(' ')) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const refused = REFUSED_OPTIONS[key];
    if (refused !== undefined) return `expected no ${key}= in the options: ${refused}`;
    const option = LIBPQ_OPTIONS[key];
    if (option === undefined || eq < 0) return `expected ${OPTIONS_ALLOWED}`;
    if (seen.has(key)) return `expected ${key} once: libpq and Flyte's driver take the last value, so a second one would override the first`;
    seen.add(key);
    if (!OPTION_VALUE_PATTERNS[key].test(pair.slice(eq + 1))) return `expected ${key} to be ${option.allowed}`;
  }
  return undefined;
}

/** The sslmode of valid options, or undefined. */
export function sslMode(options: string): string | undefined {
  return options.split(' ').find((p) => p.startsWith('sslmode='))?.slice('sslmode='.length);
}
