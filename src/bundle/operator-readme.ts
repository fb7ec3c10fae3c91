import { ecrRegistry } from '../config/formats';
import type { DeployFileSource } from './deploy-script';
import { clientName, OLDEST_HELM, OLDEST_KUBECTL } from './client-versions';
import { SCRIPT_EXIT } from './shell';

/**
 * Makes $HASH, the bcrypt hash of $CLIENT_SECRET, with tools an operator's machine has: python3's
 * crypt module (libxcrypt's bcrypt; Python 3.12 and older). Flyte's loader decodes the hash file's
 * `client_secret` from base64 (a []byte field of fosite's client: flytestdlib config/viper/viper.go
 * stringToByteArray), so the caller writes it base64-encoded; the secret goes through stdin, never argv.
 */
const BCRYPT_RECIPE = `# Flyte's internal authorization server checks the client secret against its bcrypt hash, which Flyte
# reads base64-encoded from this configuration file. The hash is made by python3 (3.12 or older); with
# htpasswd instead: HASH=$(printf '%s\\n' "$CLIENT_SECRET" | htpasswd -niBC 12 '' | cut -d: -f2)
HASH=$(printf '%s' "$CLIENT_SECRET" | python3 -W ignore -c 'import crypt, sys; h = crypt.crypt(sys.stdin.read(), crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=4096)); sys.exit("python3 cannot make a bcrypt hash here") if not (h or "").startswith("$2") else print(h)')
[ -n "$HASH" ] && `;

export interface OperatorReadmeProps {
  readonly environment: string;
  readonly version: string;
  readonly release: string;
  readonly namespace: string;
  /** File name of the bundle archive (`<folder>.tar.gz`). */
  readonly archive: string;
  /** The folder the archive unpacks into. */
  readonly folder: string;
  /** Every file of the bundle folder except README.md and SHA256SUMS, sorted. */
  readonly files: readonly string[];
  /** Images the cluster pulls (mirrored references). */
  readonly images: readonly string[];
  /**
   * The private registry every image is mirrored into.
   * @default - none: the cluster pulls from the public source registries
   */
  readonly registry?: { readonly host: string; readonly pullSecret?: string };
  /**
   * Project-domain namespaces that get a copy of the pull Secret.
   * @default - none
   */
  readonly taskNamespaces?: readonly string[];
  /**
   * Path of the Namespace manifest in the bundle.
   * @default - none: the namespace is created with kubectl
   */
  readonly namespaceManifest?: string;
  /**
   * The database password Secret the operator must create before deploying.
   * @default - none: an ExternalSecret creates it
   */
  readonly databaseSecret?: { readonly name: string; readonly key: string };
  /**
   * Auth Secrets the operator must create before deploying, each key non-empty; `hashFor` marks
   * the key that holds the internal server's configuration file with the named client's hash.
   * @default - none
   */
  readonly authSecrets?: ReadonlyArray<{ readonly name: string; readonly key: string; readonly what: string; readonly hashFor?: string }>;
  /**
   * ConfigMaps and Secrets of CA bundles the operator must create before deploying.
   * @default - none
   */
  readonly caBundles?: readonly DeployFileSource[];
  /**
   * EKS cluster the kubectl context must point at.
   * @default - none: `--context` is required
   */
  readonly expectedCluster?: string;
  /**
   * Mermaid diagram of what the release deploys (see deployment-diagram.ts).
   * @default - no "What gets deployed" section
   */
  readonly diagram?: string;
  /**
   * The pods get their IAM roles through EKS Pod Identity rather than IRSA.
   * @default false
   */
  readonly podIdentity?: boolean;
  /**
   * Fingerprint of the key that must have signed the bundle.
   * @default - none: checking a signature is optional (`--verify-key`)
   */
  readonly pinnedFingerprint?: string;
}

/** What a file of the bundle is for, by path. */
function describe(file: string, props: OperatorReadmeProps): string {
  if (file === 'deploy.sh') return 'checks the bundle, the tools, the credentials and the cluster, then installs or upgrades the release';
  if (file === 'verify.sh') return 'checks that the pods are Ready, the Services exist and `/healthcheck`, the REST gateway and gRPC answer';
  if (file === 'mirror-images.sh') return `copies the images of \`images.json\` into \`${props.registry?.host}\``;
  if (file === 'images.json') return 'every image the release runs: source and mirrored reference';
  if (file === 'sbom.cdx.json') return 'bill of materials (CycloneDX JSON): the chart with its SHA-256, Flyte, and every image as a `pkg:oci` package URL';
  if (file === 'images.sync.yaml') return '`skopeo sync` source file for the same images';
  if (file.startsWith('chart/')) return `the Helm chart that \`deploy.sh\` installs as release \`${props.release}\``;
  if (file.startsWith('manifests/')) return 'the same objects as plain YAML, for review (or for `kubectl apply` without Helm)';
  if (file === 'iam/trust-policy.json') {
    return props.podIdentity
      ? 'trust policy of the role the Flyte pod assumes through EKS Pod Identity: only its ServiceAccount in this cluster'
      : 'trust policy of the IRSA role the Flyte pod assumes: only its ServiceAccount, through the cluster\'s OIDC provider';
  }
  if (file.startsWith('iam/pod-identity-association')) return 'EKS Pod Identity association (`aws eks create-pod-identity-association --cli-input-json file://<file>`)';
  if (file === 'iam/permissions-policy.json') return 'permissions of that role: the two S3 buckets, nothing else';
  if (file === 'iam/secrets-manager-policy.json') return 'read access to the database password secret, for the role of the External Secrets store';
  if (file.startsWith('iam/')) return 'IAM policy document';
  if (file === 'kubeconfig.yaml') return 'kubeconfig for the EKS cluster';
  return '';
}

/**
 * The bundle's README (also written to dist/<env>/OPERATOR.md): what is in the bundle and the
 * order of operations across the air gap: mirror images, copy the bundle, verify checksums,
 * deploy, verify.
 */
export function operatorReadme(props: OperatorReadmeProps): string {
  return intro(props) + stepsOneToThree(props) + deployStep(props) + verifyAndLifecycle(props) + exitCodes();
}

/** The title, the contents table and the deployment diagram. */
function intro(props: OperatorReadmeProps): string {
  const manifests = props.files.filter((f) => f.startsWith('manifests/'));
  const listed = props.files.filter((f) => !f.startsWith('manifests/'));
  const contents = [
    '| File | What it is |',
    '| --- | --- |',
    '| `README.md` | this guide |',
    '| `SHA256SUMS` | SHA-256 of every other file (`sha256sum -c SHA256SUMS`) |',
    ...listed.map((f) => `| \`${f}\` | ${describe(f, props)} |`),
    ...(manifests.length > 0 ? [`| \`manifests/\` (${manifests.length} files) | ${describe(manifests[0], props)} |`] : []),
  ];
  return `# Flyte offline bundle: environment \`${props.environment}\`, version ${props.version}

This bundle installs (or upgrades) Flyte's single binary as Helm release \`${props.release}\` in
namespace \`${props.namespace}\` on a cluster without internet access. Everything it needs is in
this folder; nothing is downloaded at deploy time.

## Contents

${contents.join('\n')}
${props.diagram ? `
## What gets deployed

Every object of \`manifests/\` and what it links to: references drawn with rounded ends
(Secrets, ConfigMaps) are not in the bundle and must exist (or are created at deploy time), and
the AWS resources are the site's.

${props.diagram}
` : ''}
`;
}

/** Mirror the images, copy the bundle, unpack and check it. */
function stepsOneToThree(props: OperatorReadmeProps): string {
  return `## Order of operations

### 1. Mirror the images (connected side)

${mirrorSection(props)}

### 2. Copy the bundle across the air gap

Record the archive's checksum before the transfer and compare it on the other side:

\`\`\`sh
sha256sum ${props.archive}
\`\`\`

### 3. Unpack and verify the checksums (disconnected side)

\`\`\`sh
tar -xzf ${props.archive}
cd ${props.folder}
sha256sum -c SHA256SUMS
\`\`\`

Every line must say \`OK\`. \`deploy.sh\` runs the same check and refuses to deploy on a mismatch.
SHA256SUMS proves the files are the ones it lists; ${signatureParagraph(props)}

`;
}

/** Step 1: the images across the air gap with mirror-images.sh, or the public images pulled directly. */
function mirrorSection(props: OperatorReadmeProps): string {
  const reg = props.registry;
  const ecr = reg ? ecrRegistry(reg.host) : undefined;
  return reg
    ? `Images travel beside this bundle, on removable media. On the connected side (a machine that
reaches the source registries), unpack the bundle (the commands of step 3) and pull every image,
with its digest, into a folder:

\`\`\`sh
./mirror-images.sh pull /media/flyte-images
\`\`\`

Carry that folder across the air gap with the bundle. On the air-gapped side, push; each image
is read back and its digest checked. ${ecr ? `ECR refuses a push to a missing repository: create them first, where the
ECR API and AWS credentials are at hand, with \`npx enterprise-flyte images create-repositories --env ${props.environment}\`
(in the project's repository). The push logs in with a token read on standard input, kept in a
private temporary auth file that is removed when the script ends:

\`\`\`sh
aws ecr get-login-password --region ${ecr.region} | ./mirror-images.sh push --password-stdin /media/flyte-images
\`\`\`
` : `Log in to \`${reg.host}\` first with \`skopeo login ${reg.host}\` (or set
\`REGISTRY_AUTH_FILE\`), or pipe a token in (user \`REGISTRY_USERNAME\`), which is kept in a private
temporary auth file that is removed when the script ends:

\`\`\`sh
./mirror-images.sh push /media/flyte-images
# or: REGISTRY_USERNAME=robot-flyte ./mirror-images.sh push --password-stdin /media/flyte-images <token-file
\`\`\`
`}
\`./mirror-images.sh --help\` lists the options; \`SRC_TLS_VERIFY=false\` / \`DEST_TLS_VERIFY=false\`
serve a registry without a trusted certificate.

The cluster pulls these images (\`images.json\` has their sources):

${props.images.map((i) => `- \`${i}\``).join('\n')}`
    : `This environment has no private registry: the cluster pulls these images from their public
registries, so it needs access to them (or a pull-through cache):

${props.images.map((i) => `- \`${i}\``).join('\n')}`;
}

/** Step 4: the tools, the cluster, what must exist before deploy.sh, and deploy.sh itself. */
function deployStep(props: OperatorReadmeProps): string {
  const reg = props.registry;
  const ctx = props.expectedCluster ? '' : ' --context CONTEXT';
  const keyFlag = props.pinnedFingerprint ? ' --verify-key /media/keys/flyte-signing.gpg' : '';
  return `### 4. Deploy

Needs \`bash\` 4 or later, GNU \`sha256sum\` and \`base64\`, \`helm\` (Helm 4, or ${clientName('helm', OLDEST_HELM)} or later) and
\`kubectl\` (${clientName('kubectl', OLDEST_KUBECTL)} or later, within one minor of the cluster); set \`HELM\` and \`KUBECTL\` to their paths
if they are not on \`PATH\`.

${contextParagraph(props)}
${credentialsParagraph(props)}${podIdentityParagraph(props)}${databaseParagraph(props)}${authParagraph(props)}${caBundlesParagraph(props)}
Look at the plan first: \`--dry-run\` runs every check and prints the exact commands, without the
credentials (they reach kubectl on standard input), and changes nothing:

\`\`\`sh
./deploy.sh --dry-run${ctx}${keyFlag}
./deploy.sh${ctx}${keyFlag}
\`\`\`

\`deploy.sh\` ${props.namespaceManifest ? `applies \`${props.namespaceManifest}\`` : 'creates the namespace when it is missing and labels it for the "restricted" Pod Security Standard'}, ${reg?.pullSecret ? `creates or updates the pull Secret \`${reg.pullSecret}\`, ` : ''}${props.databaseSecret ? `checks that the Secret \`${props.databaseSecret.name}\` exists with a non-empty key \`${props.databaseSecret.key}\`, ` : ''}then runs
\`helm upgrade --install --rollback-on-failure --wait --timeout 10m\` (Helm 3: \`--atomic\` instead; \`--timeout 15m\`
to wait longer): a release that does not become ready in time is rolled back.

`;
}

/** The kubectl context deploy.sh and verify.sh accept. */
function contextParagraph(props: OperatorReadmeProps): string {
  return props.expectedCluster
    ? `\`deploy.sh\` and \`verify.sh\` refuse to run unless the current kubectl context points at the EKS
cluster \`${props.expectedCluster}\`; \`--context NAME\` additionally pins the context name.`
    : `This environment names no EKS cluster, so \`deploy.sh\` and \`verify.sh\` need \`--context CONTEXT\`:
the kubectl context of the target cluster, which must be the current one.`;
}

/** The pull Secret's credentials, or why none are needed. */
function credentialsParagraph(props: OperatorReadmeProps): string {
  const reg = props.registry;
  const tasks = props.taskNamespaces ?? [];
  return reg && !reg.pullSecret
    ? `
The nodes pull from \`${reg.host}\` (Amazon ECR) with their IAM role: no pull Secret and no
registry credentials are needed. The node role needs \`AmazonEC2ContainerRegistryReadOnly\`.
`
    : reg
    ? `
The image pull Secret \`${reg.pullSecret}\` is created (or updated) from two environment variables${tasks.length > 0 ? `, in namespace
\`${props.namespace}\` and in each project-domain namespace (${tasks.map((t) => `\`${t}\``).join(', ')})` : ''};
no credential is ever read from a file of the bundle. Type the password without echo so that it
stays out of the shell history:

\`\`\`sh
export REGISTRY_USERNAME=robot-flyte
read -rsp 'registry password: ' REGISTRY_PASSWORD && export REGISTRY_PASSWORD
\`\`\`
`
    : '';
}

function podIdentityParagraph(props: OperatorReadmeProps): string {
  return props.podIdentity
    ? `
The pods get their IAM roles through EKS Pod Identity: the cluster needs the
\`eks-pod-identity-agent\` add-on, and each association of \`iam/\` must exist before the pods start
(the roles need the trust policies of \`iam/\`):

\`\`\`sh
for f in iam/pod-identity-association*.json; do aws eks create-pod-identity-association --cli-input-json "file://$f"; done
\`\`\`
`
    : '';
}

/** The database password Secret an operator creates first. */
function databaseParagraph(props: OperatorReadmeProps): string {
  return props.databaseSecret
    ? `
The Flyte pod reads the database password from the Secret \`${props.databaseSecret.name}\` (key
\`${props.databaseSecret.key}\`) in namespace \`${props.namespace}\`. Create it before deploying;
\`deploy.sh\` refuses to install without it:

\`\`\`sh
${props.namespaceManifest ? `kubectl apply -f ${props.namespaceManifest}` : `kubectl create namespace ${props.namespace}`}
read -rsp 'database password: ' DB_PASSWORD
printf '%s' "$DB_PASSWORD" | kubectl create secret generic ${props.databaseSecret.name} -n ${props.namespace} --from-file=${props.databaseSecret.key}=/dev/stdin
unset DB_PASSWORD
\`\`\`
`
    : '';
}

/** The auth Secrets an operator creates first, with the internal client's bcrypt hash. */
function authParagraph(props: OperatorReadmeProps): string {
  const authSecrets = props.authSecrets ?? [];
  // One command per Secret (the two clients may share one); values come through bash process substitution, never argv.
  const source = (s: { what: string; hashFor?: string }) => (s.hashFor !== undefined ? 'hash.yaml' : `<(printf '%s' "$${s.what.startsWith('OIDC') ? 'OIDC_SECRET' : 'CLIENT_SECRET'}")`);
  const names = [...new Set(authSecrets.map((s) => s.name))];
  const hashed = authSecrets.find((s) => s.hashFor !== undefined);
  return authSecrets.length > 0
    ? `
Users sign in with OpenID Connect. Create these Secret keys in namespace \`${props.namespace}\` before
deploying (\`deploy.sh\` refuses to install while one is missing or empty):

${authSecrets.map((s) => `- \`${s.name}\`, key \`${s.key}\`: the ${s.what}`).join('\n')}

\`\`\`bash
${authSecrets.some((s) => s.what.startsWith('OIDC')) ? "read -rsp 'OIDC client secret: ' OIDC_SECRET\n" : ''}${authSecrets.some((s) => !s.what.startsWith('OIDC') && s.hashFor === undefined) ? "read -rsp 'internal client secret (new: openssl rand -hex 32): ' CLIENT_SECRET\n" : ''}${hashed ? `${BCRYPT_RECIPE}printf 'auth:\\n  appAuth:\\n    selfAuthServer:\\n      staticClients:\\n        ${hashed.hashFor}:\\n          client_secret: "%s"\\n' "$(printf '%s' "$HASH" | base64 | tr -d '\\n')" > hash.yaml
` : ''}${names.map((n) => `kubectl create secret generic ${n} -n ${props.namespace} ${authSecrets.filter((s) => s.name === n).map((s) => `--from-file=${s.key}=${source(s)}`).join(' ')}`).join('\n')}
${hashed ? 'rm hash.yaml\n' : ''}unset OIDC_SECRET CLIENT_SECRET${hashed ? ' HASH' : ''}
\`\`\`
`
    : '';
}

/** The CA bundles an operator provides first. */
function caBundlesParagraph(props: OperatorReadmeProps): string {
  const bundles = props.caBundles ?? [];
  return bundles.length > 0
    ? `
The pod mounts CA certificates (PEM) that an operator provides in namespace \`${props.namespace}\`;
\`deploy.sh\` refuses to install until each exists with its key set:

${bundles.map((b) => `- ${b.what}: ${b.kind} \`${b.name}\`, key \`${b.key}\``).join('\n')}

\`\`\`sh
${bundles.map((b) => b.kind === 'ConfigMap' ? `kubectl create configmap ${b.name} -n ${props.namespace} --from-file=${b.key}=./${b.key}` : `kubectl create secret generic ${b.name} -n ${props.namespace} --from-file=${b.key}=./${b.key}`).join('\n')}
\`\`\`
`
    : '';
}

/** Step 5, then changing a setting, rolling back and uninstalling. */
function verifyAndLifecycle(props: OperatorReadmeProps): string {
  const reg = props.registry;
  const ctx = props.expectedCluster ? '' : ' --context CONTEXT';
  const chart = props.files.find((f) => f.startsWith('chart/'));
  return `### 5. Verify

\`\`\`sh
./verify.sh${ctx}
\`\`\`

It waits for the Flyte pods to be Ready, checks the Services, queries \`/healthcheck\` and the REST
gateway (\`/api/v1/projects\`, which goes through Flyte's own call to its gRPC port) through
\`kubectl port-forward\` (local port 18088; \`--local-port\` to change it), and sends a gRPC health
check with \`curl --http2-prior-knowledge\` through a port-forward to the gRPC Service (local port
18089; \`--local-grpc-port\`). \`--dry-run\` prints the commands instead.

## Change a setting, roll back, uninstall

Site settings are chart values: \`helm upgrade ${props.release} ${chart} -n ${props.namespace} --reuse-values --set KEY=VALUE --wait\`
rolls the pod onto a new ReplicaSet. \`helm history ${props.release} -n ${props.namespace}\` lists the revisions and
\`helm rollback ${props.release} REVISION -n ${props.namespace} --wait\` restores one.

\`helm uninstall ${props.release} -n ${props.namespace} --wait\` removes every object of the release, the ClusterRole and
its binding included. It keeps, on purpose: the FlyteWorkflow CRD (Helm never deletes a chart's
CRDs: deleting it would delete every workflow of every project), the namespace \`${props.namespace}\` (deploy.sh
created it, not Helm)${reg || props.databaseSecret ? ' and the Secrets an operator made' : ''}. Remove them by hand only when Flyte is gone for good:
\`kubectl delete crd flyteworkflows.flyte.lyft.com\`, \`kubectl delete namespace ${props.namespace}\`.

`;
}

/** The exit codes of deploy.sh and verify.sh. */
function exitCodes(): string {
  const E = SCRIPT_EXIT;
  return `## Exit codes

| Code | deploy.sh | verify.sh |
| --- | --- | --- |
| 0 | deployed (or the dry run passed) | healthy (or the dry run passed) |
| ${E.USAGE} | bad or missing option | bad or missing option |
| ${E.CHECKSUM} | SHA256SUMS missing or a file does not match | |
| ${E.TOOL} | \`sha256sum\`, \`helm\` or \`kubectl\` missing | \`kubectl\` or \`curl\` missing |
| ${E.CREDENTIALS} | \`REGISTRY_USERNAME\` or \`REGISTRY_PASSWORD\` not set | |
| ${E.CONTEXT} | no current kubectl context, or not the expected one | same |
| ${E.PREPARE} | namespace, pull Secret or database Secret step failed | |
| ${E.HELM} | \`helm upgrade --install\` failed (and was undone) | |
| ${E.PODS} | | pods not Ready in time |
| ${E.SERVICE} | | a Service is missing |
| ${E.HEALTH} | | \`/healthcheck\` did not answer |
| ${E.KEY} | \`--verify-key\`: not one public key, or not the pinned one | |
| ${E.SIGNATURE_MISSING} | \`SHA256SUMS.asc\` or the chart's \`.prov\` missing | |
| ${E.SIGNATURE_BAD} | the signature does not match \`SHA256SUMS\` (one of them changed) | |
| ${E.SIGNER} | signed by another key | |
| ${E.SIGNATURE_EXPIRED} | the key or the signature expired, or the key is revoked | |
| ${E.PROVENANCE} | \`helm verify\` refused the chart's provenance | |
| ${E.GATEWAY} | | the REST gateway did not give Flyte's answer |
| ${E.GRPC} | | gRPC did not answer the health check |
| ${E.CLIENT} | \`helm\` or \`kubectl\` older than the oldest supported version | |
`;
}

/** Step 3's words on who made the bundle: the signature, mandatory when the environment pins a key. */
function signatureParagraph(props: OperatorReadmeProps): string {
  const check = `\`\`\`sh
gpgv --keyring /media/keys/flyte-signing.gpg SHA256SUMS.asc SHA256SUMS
\`\`\``;
  return props.pinnedFingerprint
    ? `the signature proves who made the list. This environment
only deploys a bundle signed by key \`${props.pinnedFingerprint}\`: \`SHA256SUMS.asc\` signs
SHA256SUMS and \`${props.files.find((f) => f.startsWith('chart/'))}.prov\` is the chart's Helm provenance file. Check the signature
with the public key your site holds (binary, as \`gpg --export\` writes it; never a key that came
with the bundle) before you run anything from the bundle:

${check}

\`gpgv\` says \`Good signature\` even for an expired key: \`deploy.sh --verify-key\` checks it again with
the pinned fingerprint and expiry, then runs \`helm verify\` and installs with \`helm --verify\`.`
    : `compare the archive's checksum from step 2
with the one published by whoever built the bundle to know that the list itself is genuine, or,
for a signed bundle (\`SHA256SUMS.asc\`), check the signature with the public key your site holds
and pass it to \`deploy.sh --verify-key\`:

${check}`;
}
