/**
 * Credential-looking text. The environment schema refuses it in free-text fields (annotations,
 * labels, connection options) and the `plaintext-credential` policy rule looks for it in the
 * rendered objects, so a secret typed into an environment file never reaches dist/.
 * Patterns stay RE2-compatible: some are exported to values.schema.json. They see every string
 * written to dist/ (up to a 256 KiB annotation), so each runs in time linear in its input: a
 * match can only start where no earlier attempt already scanned (after a fixed literal or at the
 * start of a run of its characters), and no two quantifiers compete for the same characters
 * (test/config/linear-patterns.test.ts measures it).
 */
export interface CredentialKind {
  /** What was found, phrased to complete "found ...". */
  readonly what: string;
  readonly pattern: RegExp;
  /** A `key=value` assignment: in structured text (YAML files) the key itself is checked instead. */
  readonly assignment?: boolean;
}

export const CREDENTIAL_KINDS: readonly CredentialKind[] = [
  // Anchored on "://" (one scheme character before it) rather than on the whole scheme: a scheme
  // of n letters would be rescanned from each of its n letters.
  { what: 'a URL with a user name and password (user:pass@)', pattern: /[A-Za-z0-9+.-]:\/\/[^/?#@ :]*:[^/?#@ ]*@/ },
  { what: 'an AWS access key id', pattern: /(AKIA|ASIA)[0-9A-Z]{16}/ },
  { what: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: 'a bearer token', pattern: /[Bb]earer [A-Za-z0-9._~+/=-]{8,}/ },
  // An HTTP header with a user and password (base64), as in an ingress configuration snippet.
  { what: 'HTTP basic credentials (Authorization: Basic)', pattern: /[Aa]uthorization["']?[ ]*([:=][ ]*)?["']?[Bb]asic [A-Za-z0-9+/]{4,}/ },
  // Starts at the beginning of a run only: "eyJeyJeyJ..." would otherwise be rescanned from each "eyJ".
  { what: 'a JSON web token', pattern: /(^|[^A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\./ },
  { what: 'an access token (GitHub, GitLab or Slack)', pattern: /gh[pousr]_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}/ },
  {
    what: 'a password, secret or token assignment',
    assignment: true,
    // key=value or "key": value, for the usual names of secrets (client_secret, apiKey, passwd...);
    // not after ":", where "secret:" is a part of an ARN ("arn:aws:secretsmanager:...:secret:name").
    pattern:
      /(^|[^A-Za-z0-9:])([Pp]ass(word|wd)?|PASS(WORD|WD)?|[Pp]wd|PWD|[Ss]ecret|SECRET|[Tt]oken|TOKEN|[Aa]pi[-_]?[Kk]ey|API[-_]?KEY|[Aa]ccess[-_]?[Kk]ey|ACCESS[-_]?KEY|[Cc]lient[-_]?[Ss]ecret|CLIENT[-_]?SECRET|[Pp]rivate[-_]?[Kk]ey|PRIVATE[-_]?KEY)["']?[ ]*[=:][ ]*["']?[^ "',}]/,
  },
];

/** What credential `value` seems to hold, or undefined; `assignments: false` skips key=value assignments. */
export function credentialIn(value: string, options: { readonly assignments?: boolean } = {}): string | undefined {
  const assignments = options.assignments ?? true;
  return CREDENTIAL_KINDS.find((k) => (assignments || !k.assignment) && k.pattern.test(value))?.what;
}
