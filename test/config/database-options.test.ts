import { DUPLICATE_RULES, LIBPQ_OPTIONS, OPTIONS_PATTERN, optionsIssue, REFUSED_OPTIONS, sslMode } from '../../src/config/database-options';

// Keys of libpq's "Parameter Key Words" (PostgreSQL 17, libpq-connect.html) this list draws from.
const LIBPQ_KEYWORDS = [
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding', 'connect_timeout', 'client_encoding', 'options',
  'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout', 'replication',
  'gssencmode', 'sslmode', 'requiressl', 'sslnegotiation', 'sslcompression', 'sslcert', 'sslkey', 'sslkeylogfile', 'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl',
  'sslcrldir', 'sslsni', 'requirepeer', 'ssl_min_protocol_version', 'ssl_max_protocol_version', 'krbsrvname', 'gsslib', 'gssdelegation', 'service', 'servicefile',
  'target_session_attrs', 'load_balance_hosts',
];

const VALID: Record<string, string> = {
  sslmode: 'verify-full', sslnegotiation: 'direct', sslsni: '0', channel_binding: 'require', require_auth: '!password,!md5',
  connect_timeout: '10', target_session_attrs: 'read-write', application_name: 'flyte-prod',
};

describe('database options', () => {
  test('every accepted and every refused key is a libpq connection parameter', () => {
    for (const key of [...Object.keys(LIBPQ_OPTIONS), ...Object.keys(REFUSED_OPTIONS)]) expect(LIBPQ_KEYWORDS).toContain(key);
  });

  test.each(Object.entries(VALID))('%s=%s is accepted alone and by the pattern', (key, value) => {
    expect(optionsIssue(`${key}=${value}`)).toBeUndefined();
    expect(OPTIONS_PATTERN.test(`${key}=${value}`)).toBe(true);
  });

  test.each(Object.entries(REFUSED_OPTIONS))('%s= is refused with the reason (%s)', (key, reason) => {
    expect(optionsIssue(`sslmode=require ${key}=x`)).toBe(`expected no ${key}= in the options: ${reason}`);
    expect(OPTIONS_PATTERN.test(`sslmode=require ${key}=x`)).toBe(false);
  });

  test.each(Object.keys(LIBPQ_OPTIONS))('%s twice is refused in code and by the JSON Schema rules Helm checks', (key) => {
    const twice = `${key}=${VALID[key]} application_name=a ${key}=${VALID[key]}`;
    expect(optionsIssue(twice)).toBe(`expected ${key} once: libpq and Flyte's driver take the last value, so a second one would override the first`);
    // The rules are RE2 patterns that JavaScript reads the same way.
    expect(DUPLICATE_RULES.filter((r) => new RegExp(r.not.pattern).test(twice)).length).toBeGreaterThan(0);
    expect(DUPLICATE_RULES.some((r) => new RegExp(r.not.pattern).test(`${key}=a x${key}=b`))).toBe(false);
  });

  test('sslMode reads the only sslmode', () => {
    expect(sslMode('connect_timeout=5 sslmode=verify-ca')).toBe('verify-ca');
    expect(sslMode('application_name=sslmode')).toBeUndefined();
  });
});
