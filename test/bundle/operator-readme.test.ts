import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { bundleFiles } from '../../src/bundle/bundle';
import { operatorReadme, OperatorReadmeProps } from '../../src/bundle/operator-readme';
import { bundleInputs, ENV_A, ENV_B, ensureTools, removeTmpDirs, TOOLS, tmpDir } from './fixture';

let readmeA: string;
let readmeB: string;
let archiveA: Buffer;

beforeAll(async () => {
  ensureTools();
  const a = await bundleInputs('alpha', ENV_A, '9.8.1');
  const b = await bundleInputs('beta', ENV_B, '9.8.1');
  const filesA = await bundleFiles(a.model, a.envFiles, { version: '9.8.1' });
  const filesB = await bundleFiles(b.model, b.envFiles, { version: '9.8.1' });
  readmeA = String(filesA.find((f) => f.path === 'OPERATOR.md')!.content);
  readmeB = String(filesB.find((f) => f.path === 'OPERATOR.md')!.content);
  archiveA = Buffer.from(filesA.find((f) => f.path.endsWith('.tar.gz'))!.content);
});
afterAll(removeTmpDirs);

/** The first fenced code block after the heading that starts with `heading`. */
function codeAfter(markdown: string, heading: string): string {
  const at = markdown.indexOf(`\n${heading}`);
  if (at < 0) throw new Error(`no heading ${heading}`);
  const m = /```sh\n([\s\S]*?)```/.exec(markdown.slice(at));
  if (!m) throw new Error(`no code block after ${heading}`);
  return m[1];
}

describe('operatorReadme', () => {
  test('gives the order of operations across the air gap', () => {
    const headings = readmeA.split('\n').filter((l) => l.startsWith('### '));
    expect(headings).toEqual([
      '### 1. Mirror the images (connected side)',
      '### 2. Copy the bundle across the air gap',
      '### 3. Unpack and verify the checksums (disconnected side)',
      '### 4. Deploy',
      '### 5. Verify',
    ]);
    expect(readmeA.split('\n')[0]).toBe('# Flyte offline bundle: environment `alpha`, version 9.8.1');
    expect(codeAfter(readmeA, '### 1.')).toBe('./mirror-images.sh pull /media/flyte-images\n');
    expect(readmeA).toContain('```sh\n./mirror-images.sh push /media/flyte-images\n# or: REGISTRY_USERNAME=robot-flyte ./mirror-images.sh push --password-stdin /media/flyte-images <token-file\n```');
    expect(readmeA).toContain('Log in to `mirror.corp.example:5443` first with `skopeo login mirror.corp.example:5443`');
    expect(codeAfter(readmeA, '### 2.')).toBe('sha256sum enterprise-flyte-alpha-9.8.1.tar.gz\n');
    expect(codeAfter(readmeA, '### 5.')).toBe('./verify.sh --context CONTEXT\n');
  });

  test('says how to change a setting, roll back and uninstall, and what uninstall keeps', () => {
    const section = readmeA.slice(readmeA.indexOf('## Change a setting, roll back, uninstall'), readmeA.indexOf('## Exit codes'));
    expect(section).toContain(`helm upgrade ${ENV_A.release} chart/enterprise-flyte-alpha-9.8.1.tgz -n ${ENV_A.namespace} --reuse-values --set KEY=VALUE --wait`);
    expect(section).toContain(`helm rollback ${ENV_A.release} REVISION -n ${ENV_A.namespace} --wait`);
    expect(section).toContain(`helm uninstall ${ENV_A.release} -n ${ENV_A.namespace} --wait`);
    expect(section).toContain('It keeps, on purpose: the FlyteWorkflow CRD');
    expect(section).toContain(`kubectl delete namespace ${ENV_A.namespace}`);
    expect(readmeB).toContain(`helm uninstall ${ENV_B.release} -n ${ENV_B.namespace} --wait`);
  });

  test('step 3, run as written next to the archive, unpacks it and checks every file', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'enterprise-flyte-alpha-9.8.1.tar.gz'), archiveA);
    const r = spawnSync('bash', ['-euc', codeAfter(readmeA, '### 3.')], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const checked = r.stdout.trim().split('\n');
    expect(checked.length).toBeGreaterThan(10);
    expect(checked.filter((l) => !l.endsWith(': OK'))).toEqual([]);
  });

  test('lists every file of the bundle', () => {
    for (const f of ['README.md', 'SHA256SUMS', 'deploy.sh', 'verify.sh', 'mirror-images.sh', 'images.json', 'images.sync.yaml', 'chart/enterprise-flyte-alpha-9.8.1.tgz']) {
      expect(readmeA).toMatch(new RegExp(`^\\| \`${f.replace(/[.]/g, '\\.')}\` \\| .+ \\|$`, 'm'));
    }
    expect(readmeA).toMatch(/^\| `manifests\/` \(\d+ files\) \| .+ \|$/m);
  });

  test('with a registry: the mirrored images, credentials from environment variables, typed without echo', () => {
    expect(readmeA).toMatch(/^- `mirror\.corp\.example:5443\/flyteorg\/flyte-binary-release:v9\.8\.7`$/m);
    const deploy = codeAfter(readmeA, '### 4.');
    expect(deploy).toContain('export REGISTRY_USERNAME=');
    expect(deploy).toContain("read -rsp 'registry password: ' REGISTRY_PASSWORD && export REGISTRY_PASSWORD");
    expect(readmeA).toContain('./deploy.sh --dry-run --context CONTEXT\n');
    expect(readmeA).toContain('creates or updates the pull Secret `pull-a`');
    expect(readmeA).toContain('| `mirror-images.sh` | copies the images of `images.json` into `mirror.corp.example:5443` |');
  });

  test('the database Secret commands work with the real kubectl', () => {
    // The block that creates the database Secret, in its own code block after the credentials.
    const blocks = [...readmeA.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    const db = blocks.find((b) => b.includes('create secret generic'))!;
    expect(db.split('\n')[0]).toBe('kubectl apply -f manifests/00-namespace-ns-a.yaml');
    const create = db.split('\n').find((l) => l.includes('create secret generic'))!;
    const yaml = execFileSync('bash', ['-c', `${create} --dry-run=client -o yaml`], {
      env: { PATH: `${TOOLS}:/usr/bin:/bin`, HOME: tmpDir(), DB_PASSWORD: 'db-pw-for-this-test' },
      encoding: 'utf8',
    });
    const secret = YAML.parse(yaml);
    expect(secret.metadata).toMatchObject({ name: 'secret-a', namespace: 'ns-a' });
    expect(Buffer.from(secret.data['key-a'], 'base64').toString()).toBe('db-pw-for-this-test');
  });

  test('without a registry: public images, no credentials, kubectl creates the namespace', () => {
    expect(readmeB).toContain('This environment has no private registry');
    // Nothing to mirror: the bundle has no mirroring files.
    expect(readmeB).not.toContain('mirror-images.sh');
    expect(readmeB).not.toContain('images.sync.yaml');
    expect(readmeB).toMatch(/^- `cr\.flyte\.org\/flyteorg\/flyte-binary-release:v9\.8\.7`$/m);
    expect(readmeB).not.toContain('export REGISTRY_');
    expect(readmeB).not.toContain('pull Secret `');
    expect(readmeB).toContain('kubectl create namespace ns-b\n');
    expect(readmeB).toContain('create secret generic secret-b -n ns-b --from-file=key-b=/dev/stdin');
  });

  test('names each CA bundle to create, with kubectl commands for its kind; none without bundles', () => {
    expect(readmeB).toContain('- CA bundle: ConfigMap `corp-ca-b`, key `ca-b.crt`\n- database CA bundle: Secret `db-ca-b`, key `rds-b.pem`\n');
    expect(readmeB).toContain('kubectl create configmap corp-ca-b -n ns-b --from-file=ca-b.crt=./ca-b.crt\nkubectl create secret generic db-ca-b -n ns-b --from-file=rds-b.pem=./rds-b.pem\n');
    expect(readmeA).not.toContain('CA bundle');
  });

  test('names the oldest helm and kubectl deploy.sh runs, and the flag each Helm undoes a failure with', () => {
    expect(readmeA).toContain('`helm` (Helm 4, or Helm 3.21 or later) and\n`kubectl` (kubectl 1.31 or later, within one minor of the cluster)');
    expect(readmeA).toContain('`helm upgrade --install --rollback-on-failure --wait --timeout 10m` (Helm 3: `--atomic` instead;');
  });

  test('documents every exit code of both scripts', () => {
    const rows = readmeA.split('\n').filter((l) => /^\| \d+ \|/.test(l)).map((l) => Number(l.split('|')[1]));
    expect(rows).toEqual([0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  const props: OperatorReadmeProps = {
    environment: 'gamma',
    version: '3.4.5',
    release: 'rel-g',
    namespace: 'ns-g',
    archive: 'g.tar.gz',
    folder: 'g',
    files: ['chart/g.tgz', 'deploy.sh', 'kubeconfig.yaml'],
    images: ['reg.example/one:1'],
    expectedCluster: 'eks-g',
  };

  test('with an expected cluster: no --context needed; no database step when an ExternalSecret makes it', () => {
    const text = operatorReadme(props);
    expect(text).toContain('points at the EKS\ncluster `eks-g`');
    expect(text).not.toContain('--context CONTEXT');
    expect(text).toContain('./deploy.sh --dry-run\n');
    expect(text).not.toContain('create secret generic');
    expect(text).toContain('tar -xzf g.tar.gz\ncd g\n');
    expect(text).toMatch(/^\| `kubeconfig\.yaml` \| kubeconfig for the EKS cluster \|$/m);
  });

  test('a pinned key: the signature is checked with gpgv before anything runs, and every deploy passes --verify-key', () => {
    const fingerprint = 'ABCDEF0123456789ABCDEF0123456789ABCDEF01';
    const text = operatorReadme({ ...props, pinnedFingerprint: fingerprint });
    expect(text).toContain(`only deploys a bundle signed by key \`${fingerprint}\``);
    expect(codeAfter(text.slice(text.indexOf('the signature proves who made the list')), '')).toBe('gpgv --keyring /media/keys/flyte-signing.gpg SHA256SUMS.asc SHA256SUMS\n');
    expect(text).toContain('./deploy.sh --dry-run --verify-key /media/keys/flyte-signing.gpg\n./deploy.sh --verify-key /media/keys/flyte-signing.gpg\n');
    // Without a pin, the signature is optional and deploy.sh needs no key.
    const plain = operatorReadme(props);
    expect(plain).not.toContain(fingerprint);
    expect(plain).toContain('for a signed bundle (`SHA256SUMS.asc`), check the signature');
    expect(plain).toContain('./deploy.sh --dry-run\n./deploy.sh\n');
  });

  test('the diagram, when given, is its own section after the contents', () => {
    expect(operatorReadme(props)).not.toContain('## What gets deployed');
    const diagram = '```mermaid\nflowchart LR\n  n0["Deployment d"]\n```';
    const text = operatorReadme({ ...props, diagram });
    const headings = text.split('\n').filter((l) => l.startsWith('## '));
    expect(headings.slice(0, 2)).toEqual(['## Contents', '## What gets deployed']);
    expect(text).toContain(`are the site's.\n\n${diagram}\n`);
    // The bundle passes the diagram of its objects.
    expect(readmeA).toContain('## What gets deployed');
    expect(readmeA).toMatch(/^ {4}n\d+\["Deployment [a-z0-9-]+"\]$/m);
  });

  test('an ECR registry: images still mirrored, no pull Secret and no credentials asked', () => {
    const text = operatorReadme({ ...props, registry: { host: '210987654321.dkr.ecr.eu-west-3.amazonaws.com' } });
    // The ECR token comes from the AWS CLI on standard input; the repositories are created first.
    expect(text).toContain('```sh\naws ecr get-login-password --region eu-west-3 | ./mirror-images.sh push --password-stdin /media/flyte-images\n```');
    expect(text).toContain('`npx enterprise-flyte images create-repositories --env gamma`');
    expect(text).not.toContain('skopeo login');
    expect(text).toContain('The nodes pull from `210987654321.dkr.ecr.eu-west-3.amazonaws.com` (Amazon ECR) with their IAM role');
    expect(text).not.toContain('export REGISTRY_');
    expect(text).not.toContain('pull Secret `');
  });

  test('EKS Pod Identity: the add-on and the associations to create before deploying, and what the files are', () => {
    const files = [...props.files, 'iam/trust-policy.json', 'iam/pod-identity-association.json', 'iam/pod-identity-association-p1-dev.json'];
    const irsa = operatorReadme({ ...props, files });
    expect(irsa).not.toContain('eks-pod-identity-agent');
    expect(irsa).toContain('| `iam/trust-policy.json` | trust policy of the IRSA role');
    const text = operatorReadme({ ...props, files, podIdentity: true });
    expect(text).toContain('`eks-pod-identity-agent` add-on');
    expect(text).toContain('```sh\nfor f in iam/pod-identity-association*.json; do aws eks create-pod-identity-association --cli-input-json "file://$f"; done\n```');
    expect(text).toContain('| `iam/trust-policy.json` | trust policy of the role the Flyte pod assumes through EKS Pod Identity');
    expect(text).toContain('| `iam/pod-identity-association-p1-dev.json` | EKS Pod Identity association');
  });

  test('with auth Secrets: lists each key and creates each Secret once, values through process substitution', () => {
    const text = operatorReadme({
      ...props,
      authSecrets: [
        { name: 'oidc-g', key: 'k1', what: 'OIDC client secret' },
        { name: 'prop-g', key: 'k2', what: 'internal client secret' },
        { name: 'prop-g', key: 'k3.yaml', what: 'internal client secret hash (a Flyte configuration file)', hashFor: 'svc-g' },
      ],
    });
    expect(text).toContain('- `oidc-g`, key `k1`: the OIDC client secret\n- `prop-g`, key `k2`: the internal client secret\n');
    expect(text).toContain('kubectl create secret generic oidc-g -n ns-g --from-file=k1=<(printf \'%s\' "$OIDC_SECRET")\n');
    expect(text).toContain('kubectl create secret generic prop-g -n ns-g --from-file=k2=<(printf \'%s\' "$CLIENT_SECRET") --from-file=k3.yaml=hash.yaml\n');
    expect(text).toContain('staticClients:\\n        svc-g:\\n          client_secret: "%s"');
    // The secrets are read, never written into the guide.
    expect(text).toContain("read -rsp 'OIDC client secret: ' OIDC_SECRET");
    expect(operatorReadme(props)).not.toContain('OIDC');
  });

  test('with a pull Secret and task namespaces: the Secret is named for each project-domain namespace', () => {
    const text = operatorReadme({ ...props, registry: { host: 'reg.example', pullSecret: 'pull-g' }, taskNamespaces: ['p1-dev', 'p1-prod'] });
    expect(text).toContain('The image pull Secret `pull-g` is created (or updated) from two environment variables, in namespace\n`ns-g` and in each project-domain namespace (`p1-dev`, `p1-prod`);');
  });
});
