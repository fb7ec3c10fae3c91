import { SCRIPT_EXIT } from './shell';

/** The bundle's signature files (written by `enterprise-flyte bundle sign`), relative to its folder. */
export const SIGNATURE_FILE = 'SHA256SUMS.asc';

export interface SignatureCheckOptions {
  /** Environment name, for messages. */
  readonly environment: string;
  /**
   * Fingerprint of the only key whose signature is accepted; makes `--verify-key` mandatory.
   * @default - none: the signature is checked only when `--verify-key` is given, against that key
   */
  readonly pinnedFingerprint?: string;
}

/**
 * Bash functions of deploy.sh that check the signature, run before anything else reads the bundle:
 *
 * - `verify_signature`: `$VERIFY_KEY` holds exactly one OpenPGP public key (binary, the keyring
 *   format Helm reads), the pinned one when the environment pins one; SHA256SUMS.asc is a good
 *   signature over SHA256SUMS by that key, neither expired nor made by an expired or revoked key.
 *   gpg runs in a private temporary home with no network: the operator's keyrings are not read.
 *   Sets `signed_by`.
 * - `verify_provenance`: Helm's own check of the chart's provenance file with the same keyring
 *   (`helm verify`), before the first change; sets `provenance_note`.
 *
 * Each failure exits with its own code (SCRIPT_EXIT) and one line.
 */
export function signatureFunctions(options: SignatureCheckOptions): string {
  const E = SCRIPT_EXIT;
  const pinned = options.pinnedFingerprint;
  const pinCheck = pinned
    ? `  [ "$fingerprint" = "$PINNED_FINGERPRINT" ] ||
    die ${E.KEY} "--verify-key $VERIFY_KEY: key $fingerprint is not the key environment ${options.environment} pins ($PINNED_FINGERPRINT); refusing to deploy"
`
    : '';
  return `# verify_signature: SHA256SUMS.asc is a valid signature over SHA256SUMS by the key of --verify-key.
verify_signature() {
  command -v gpg >/dev/null 2>&1 || die ${E.TOOL} "gpg not found on PATH; install GnuPG 2.2 or later (it checks the bundle's signature)"
  [ -f SHA256SUMS ] || die ${E.CHECKSUM} "SHA256SUMS not found in $PWD; run deploy.sh from the unpacked bundle"
  [ -f ${SIGNATURE_FILE} ] || die ${E.SIGNATURE_MISSING} "${SIGNATURE_FILE} not found in $PWD; the bundle is not signed; refusing to deploy (sign it with: enterprise-flyte bundle sign)"
  [ -f "$CHART.prov" ] || die ${E.SIGNATURE_MISSING} "$CHART.prov not found: the chart has no provenance file; refusing to deploy (sign the bundle with: enterprise-flyte bundle sign)"
  { [ -f "$VERIFY_KEY" ] && [ -r "$VERIFY_KEY" ]; } || die ${E.KEY} "--verify-key $VERIFY_KEY: not a readable file"
  [ "$(head -c 5 "$VERIFY_KEY")" != '-----' ] ||
    die ${E.KEY} "--verify-key $VERIFY_KEY: an ASCII-armored key; give the binary key Helm reads (gpg --export FINGERPRINT >key.gpg, or gpg --dearmor)"
  gpg_home=$(mktemp -d)
  trap 'rm -rf "$gpg_home"' EXIT
  local gpg_cmd=(gpg --homedir "$gpg_home" --batch --no-tty --no-autostart --no-auto-key-retrieve)
  local listing fingerprint count status expires signer valid
  listing=$("\${gpg_cmd[@]}" --with-colons --show-keys "$VERIFY_KEY" 2>/dev/null) || die ${E.KEY} "--verify-key $VERIFY_KEY: not an OpenPGP public key"
  ! grep -q '^sec' <<<"$listing" || die ${E.KEY} "--verify-key $VERIFY_KEY: holds a private key; give the public key only (gpg --export FINGERPRINT >key.gpg)"
  fingerprint=$(awk -F: '$1 == "pub" { p = 1 } $1 == "fpr" && p { print $10; p = 0 }' <<<"$listing")
  count=$(grep -c . <<<"$fingerprint" || true)
  [ "$count" = 1 ] || die ${E.KEY} "--verify-key $VERIFY_KEY: holds $count keys; expected exactly one public key"
${pinCheck}  "\${gpg_cmd[@]}" --quiet --import "$VERIFY_KEY" >/dev/null 2>&1 || die ${E.KEY} "--verify-key $VERIFY_KEY: gpg cannot import the key"
  status=$("\${gpg_cmd[@]}" --trust-model always --status-fd 1 --verify ${SIGNATURE_FILE} SHA256SUMS 2>/dev/null) || true
  ! grep -q '^\\[GNUPG:\\] BADSIG ' <<<"$status" ||
    die ${E.SIGNATURE_BAD} "${SIGNATURE_FILE} does not match SHA256SUMS: SHA256SUMS or its signature was changed after signing; refusing to deploy"
  signer=$(awk '$2 == "NO_PUBKEY" { print $3; exit }' <<<"$status")
  [ -z "$signer" ] || die ${E.SIGNER} "${SIGNATURE_FILE} was made by key $signer, not by key $fingerprint: the bundle was signed or re-signed by another key; refusing to deploy"
  expires=$(awk -F: '$1 == "pub" { print $7; exit }' <<<"$listing")
  ! grep -q '^\\[GNUPG:\\] EXPKEYSIG ' <<<"$status" ||
    die ${E.SIGNATURE_EXPIRED} "key $fingerprint expired on $(date -u -d "@\${expires:-0}" +%Y-%m-%d): its signatures are no longer accepted; refusing to deploy (sign with a valid key)"
  ! grep -q '^\\[GNUPG:\\] EXPSIG ' <<<"$status" || die ${E.SIGNATURE_EXPIRED} "the signature in ${SIGNATURE_FILE} has expired; refusing to deploy (sign the bundle again)"
  ! grep -q '^\\[GNUPG:\\] REVKEYSIG ' <<<"$status" || die ${E.SIGNATURE_EXPIRED} "key $fingerprint is revoked; refusing to deploy (sign with the new key)"
  valid=$(awk '$2 == "VALIDSIG" { print $NF; exit }' <<<"$status")
  { grep -q '^\\[GNUPG:\\] GOODSIG ' <<<"$status" && [ "$valid" = "$fingerprint" ]; } ||
    die ${E.SIGNATURE_BAD} "${SIGNATURE_FILE} is not a valid signature over SHA256SUMS by key $fingerprint; refusing to deploy"
  signed_by=", signed by key $fingerprint"
}

# verify_provenance: Helm's own check of the chart's provenance file, before anything changes.
verify_provenance() {
  local out
  out=$("$HELM" verify --keyring "$VERIFY_KEY" "$CHART" 2>&1) ||
    die ${E.PROVENANCE} "helm verify refused $CHART.prov ($(printf '%s' "$out" | tail -n 1 | tr -d '\\r')); refusing to deploy"
  provenance_note="; helm verified $CHART.prov"
}
`;
}

/** The options' help lines of deploy.sh for `--verify-key`. */
export function verifyKeyHelp(environment: string, pinned: string | undefined): string {
  return pinned
    ? `the OpenPGP public key (binary: gpg --export FINGERPRINT) that
                      signed the bundle; required: environment ${environment} only
                      deploys a bundle signed by key ${pinned}`
    : `the OpenPGP public key (binary: gpg --export FINGERPRINT) that
                      signed the bundle: check the signature first (optional)`;
}
