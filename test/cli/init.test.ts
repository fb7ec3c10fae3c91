import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { cli, tmpProject } from '../helpers';

const BIN = path.join(__dirname, '..', '..', 'bin', 'enterprise-flyte.js');
const REQUIRED = ['--database-host', 'db.corp.internal', '--region', 'eu-west-3', '--metadata-bucket', 'acme-meta', '--userdata-bucket', 'acme-user', '--role-arn', 'arn:aws:iam::123456789012:role/flyte-dev'];
const envFile = (root: string, env: string) => path.join(root, 'config', 'environments', `${env}.yaml`);

/**
 * Runs `init` on a real pseudo-terminal (util-linux `script`), answering each prompt as it
 * appears; returns the terminal transcript and the exit code.
 */
function onTerminal(root: string, args: string[], answers: Array<[RegExp, string]>): Promise<{ code: number | null; transcript: string }> {
  const command = ['node', BIN, 'init', ...args].map((a) => `'${a}'`).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, env: { ...process.env, TERM: 'dumb' } });
  let transcript = '';
  let next = 0;
  child.stdout.on('data', (d: Buffer) => {
    transcript += d.toString();
    while (next < answers.length && answers[next][0].test(transcript)) {
      child.stdin.write(`${answers[next][1]}\r`);
      next++;
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, transcript })));
}

describe('enterprise-flyte init', () => {
  test('flags (no terminal): writes a commented file that synthesises', () => {
    const root = tmpProject({});
    const r = cli(['init', 'dev', ...REQUIRED, '--registry', 'registry.corp:5000', '--ingress-host', 'flyte.corp.example'], root);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', 'wrote config/environments/dev.yaml; review it, then run "npm run synth"\n']);
    const text = fs.readFileSync(envFile(root, 'dev'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schemas/environment.schema.json');
    expect(text).toContain('# PostgreSQL host name.\n  host: db.corp.internal\n');
    expect(text).toContain('  host: registry.corp:5000\n  # Name of the kubernetes.io/dockerconfigjson Secret');
    expect(text).toContain('  pullSecret: private-registry-secret\n');
    expect(text).toContain('  className: nginx\n');
    expect(text).not.toContain('waivers');
    const synth = cli(['synth'], root);
    expect(synth.status).toBe(0);
    // The only warning: images not locked yet (a registry was given).
    expect(synth.stderr).toMatch(/^enterprise-flyte: warning: \w+: 3 images are not pinned by digest [^\n]*\n$/);
    const deployment = fs.readFileSync(path.join(root, 'dist/dev/manifests/18-deployment-flyte-backend-flyte-binary.yaml'), 'utf8');
    expect(deployment).toContain('image: registry.corp:5000/flyteorg/flyte-binary-release:v1.16.8');
    expect(fs.existsSync(path.join(root, 'dist/dev/manifests/24-ingress-flyte-backend-flyte-binary-http.yaml'))).toBe(true);
  });

  test('flags: missing settings, a bad value, a stray flag and an existing file are one-line errors, exit 2', () => {
    const root = tmpProject({ taken: 'release: x\n' });
    const cases: Array<[string[], string]> = [
      [['dev', '--region', 'us-east-1'], 'init: missing --database-host, --metadata-bucket, --userdata-bucket, --role-arn (no terminal to ask on: give every setting without a default as a flag)'],
      [['dev', ...REQUIRED, '--database-port', '1'], "init: Unknown option '--database-port'"],
      [['dev', ...REQUIRED, '--region', 'Mars'], 'init: --region: "Mars" is not allowed; expected an AWS region code such as "us-east-1" or "us-gov-west-1"'],
      [['dev', ...REQUIRED, '--pull-secret', 'p'], 'init: --pull-secret is only used with --registry'],
      [['Dev', ...REQUIRED], 'init: environment name "Dev" is not allowed; expected a DNS-1123 label'],
      [[...REQUIRED], 'init: no environment name; expected: enterprise-flyte init <env> [--<setting> VALUE]... (see --help)'],
      [['taken', ...REQUIRED], 'init: config/environments/taken.yaml already exists; edit it, or remove it first to start again'],
    ];
    for (const [args, message] of cases) {
      const r = cli(['init', ...args], root);
      expect([args[0], r.status, r.stdout]).toEqual([args[0], 2, '']);
      expect(r.stderr.split('\n')).toHaveLength(2);
      expect(r.stderr.startsWith(`enterprise-flyte: ${message}`)).toBe(true);
    }
    expect(fs.readFileSync(envFile(root, 'taken'), 'utf8')).toBe('release: x\n');
    expect(fs.readdirSync(path.join(root, 'config', 'environments'))).toEqual(['taken.yaml']);
  });

  test('on a terminal: asks for what no flag gave, re-asks after a bad answer, and the file synthesises', async () => {
    const root = tmpProject({});
    const r = await onTerminal(root, ['stage', '--namespace', 'flyte-stage'], [
      [/Helm release name \[flyte-backend\]: $/, 'flyte-stage'],
      [/Flyte version \[v1\.16\.8\]: $/, ''],
      [/Private registry host\[:port\]\[\/prefix\] \(empty: pull from the public registries\): $/, 'mirror.corp'],
      [/Image pull Secret name \[private-registry-secret\]: $/, 'mirror-pull'],
      [/PostgreSQL host: $/, 'Not A Host'],
      [/expected a lowercase DNS name or an IPv4 address\r?\nPostgreSQL host: $/, 'pg.stage.internal'],
      [/Database name \[flyte\]: $/, ''],
      [/Database user \[flyteadmin\]: $/, 'flyte_stage'],
      [/Secret holding the database password \[flyte-db-password\]: $/, ''],
      [/Key of the password in that Secret \[password\]: $/, ''],
      [/AWS region of the buckets: $/, 'us-gov-west-1'],
      [/S3 bucket for Flyte metadata: $/, 'stage-meta'],
      [/S3 bucket for user data: $/, 'stage-user'],
      [/IAM role ARN of the Flyte pod \(IRSA or EKS Pod Identity\): $/, 'arn:aws-us-gov:iam::123456789012:role/stage'],
      [/Ingress host name \(empty: no Ingress\): $/, ''],
    ]);
    expect(r.transcript).toContain('wrote config/environments/stage.yaml');
    expect(r.code).toBe(0);
    // The namespace came from its flag, so it was not asked.
    expect(r.transcript).not.toContain('Namespace');
    const text = fs.readFileSync(envFile(root, 'stage'), 'utf8');
    for (const line of ['release: flyte-stage', 'namespace: flyte-stage', '  version: v1.16.8', '  host: mirror.corp', '  pullSecret: mirror-pull', '  host: pg.stage.internal', '  username: flyte_stage', '  region: us-gov-west-1', '  roleArn: arn:aws-us-gov:iam::123456789012:role/stage']) {
      expect(text.split('\n')).toContain(line);
    }
    expect(text).not.toMatch(/^ingress:/m);
    const synth = cli(['synth'], root);
    expect(synth.status).toBe(0);
    // The only warning: images not locked yet (a registry was given).
    expect(synth.stderr).toMatch(/^enterprise-flyte: warning: \w+: 3 images are not pinned by digest [^\n]*\n$/);
    expect(fs.existsSync(path.join(root, 'dist/stage/manifests/18-deployment-flyte-stage-flyte-binary.yaml'))).toBe(true);
  });

  test('on a terminal: end of input (Ctrl-D) cancels and writes nothing', async () => {
    const root = tmpProject({});
    const r = await onTerminal(root, ['gone'], [[/Helm release name \[flyte-backend\]: $/, '\u0004']]);
    expect(r.code).toBe(2);
    expect(r.transcript).toContain('enterprise-flyte: init: cancelled; nothing written');
    expect(fs.existsSync(envFile(root, 'gone'))).toBe(false);
  });
});
