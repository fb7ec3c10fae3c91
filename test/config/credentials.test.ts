import { randomBytes } from 'crypto';
import { credentialIn } from '../../src/config/credentials';

// Made at test time: no credential is written in a test.
const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(65 + (b % 26))).join('');
const base64 = (n: number) => randomBytes(n).toString('base64');

describe('credentialIn', () => {
  test.each([
    [`postgres://flyte:${letters(8)}@db.corp:5432/flyte`, 'a URL with a user name and password (user:pass@)'],
    [`x AKIA${letters(16)} y`, 'an AWS access key id'],
    ['-----BEGIN RSA PRIVATE KEY-----', 'a private key'],
    [`Authorization: Bearer ${letters(20)}`, 'a bearer token'],
    [`proxy_set_header Authorization "Basic ${base64(12)}";`, 'HTTP basic credentials (Authorization: Basic)'],
    [`token=eyJ${letters(10)}.eyJ${letters(10)}.${letters(10)}`, 'a JSON web token'],
    [`ghp_${letters(36)}`, 'an access token (GitHub, GitLab or Slack)'],
    [`client_secret: ${letters(10)}`, 'a password, secret or token assignment'],
    [`{"apiKey": "${letters(10)}"}`, 'a password, secret or token assignment'],
  ])('%s is %s', (text, what) => {
    expect(credentialIn(text)).toBe(what);
  });

  test.each([
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/flyte/db-AbCdEf',
    'passwordPath: /etc/db-secret/password',
    'eyJeyJeyJ with no dots',
    'https://flyte.corp.example/console',
    'Basic authentication is off',
    'a'.repeat(10_000),
  ])('%s is none', (text) => {
    expect(credentialIn(text)).toBeUndefined();
  });

  test('assignments can be left out, for structured text whose keys are checked one by one', () => {
    expect(credentialIn(`password=${letters(8)}`, { assignments: false })).toBeUndefined();
    expect(credentialIn(`AKIA${letters(16)}`, { assignments: false })).toBe('an AWS access key id');
  });
});
