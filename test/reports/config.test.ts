/**
 * Public reports answered without a cluster: by Flyte's own configuration code (the conformance
 * harness), by real Helm, by Go's proxy rules, and by the project's own commands (init, synth) run
 * on the reporter's set-up. test/reports/README.md lists every report.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { applies, INIT_QUESTIONS, initFileText } from '../../src/config/init-file';
import type { SynthResult } from '../../src/synth/generate';
import { goProxiedRequests } from '../go-proxy';
import { tool } from '../helpers';
import { assembleConfigDir, bcryptHash, checkConfigDirs, taskLogs } from '../conformance/harness';
import { configSecrets } from '../conformance/operator-secrets';
import { enterprise, findObject, flyteView, generated, objects, reportEnv } from './setup';

const fileOf = (result: SynthResult, file: string): string => {
  const f = result.files.find((x) => x.path === file);
  if (!f) throw new Error(`no ${file} among ${result.files.length} files`);
  return String(f.content);
};

/** Writes the generated files under `dir/` (only those under `prefix`). */
function writeFiles(result: SynthResult, prefix: string, dir: string): string {
  for (const f of result.files.filter((x) => x.path.startsWith(prefix))) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.content);
  }
  return path.join(dir, prefix);
}

/** `init alb` with the reporter's answers (an ALB in front of Flyte on EKS), defaults filled as the command fills them. */
function initAlb(): string {
  const answers: Record<string, string> = {
    'database-host': 'flyte-db.cluster-x.eu-west-1.rds.amazonaws.com',
    region: 'eu-west-1',
    'metadata-bucket': 'corp-flyte-meta',
    'userdata-bucket': 'corp-flyte-data',
    'role-arn': 'arn:aws:iam::123456789012:role/flyte',
    'ingress-host': 'flyte.corp.example',
    'ingress-class': 'alb',
  };
  for (const q of INIT_QUESTIONS) if (answers[q.flag] === undefined && q.default !== undefined && applies(q, answers)) answers[q.flag] = q.default;
  return initFileText('alb', answers);
}

/** Warnings about the load balancer (the ALB's rules of src/synth/environment.ts loadBalancerWarnings). */
const lbWarnings = (result: SynthResult) => result.warnings.filter((w) => /ingress|\balb\b|load balancer/i.test(w));

describe('flyteorg/flyte PR #2702: an ALB speaks gRPC to the pod only with backend-protocol-version GRPC', () => {
  // The AWS Load Balancer Controller's annotation (its docs, "Ingress annotations"): HTTP1 by
  // default, HTTP2 or GRPC; Flyte's gRPC API needs GRPC, which upstream's eks values had as HTTP2.
  const KEY = 'alb.ingress.kubernetes.io/backend-protocol-version';

  test('an environment made by "init --ingress-class alb" puts GRPC on the gRPC Ingress only, and synth is silent about it', async () => {
    const { result } = await generated({ alb: initAlb() });
    const objs = result.models[0].objects as any[];
    expect(findObject(objs, 'Ingress', 'flyte-backend-flyte-binary-grpc').metadata.annotations[KEY]).toBe('GRPC');
    expect(findObject(objs, 'Ingress', 'flyte-backend-flyte-binary-http').metadata.annotations?.[KEY]).toBeUndefined();
    expect(result.warnings.filter((w) => w.includes(KEY))).toEqual([]);
  });

  test('the reporter\'s HTTP2 synthesises with a warning that names the annotation and GRPC', async () => {
    const env = YAML.parse(initAlb());
    env.ingress.grpcAnnotations = { [KEY]: 'HTTP2' };
    const { result } = await generated({ alb: env });
    const warnings = result.warnings.filter((w) => w.includes(KEY));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^alb: .*"HTTP2".*"GRPC"/);
  });
});

describe('flyteorg/flyte#2743: an ALB in front of ClusterIP Services needs target-type ip', () => {
  // The AWS Load Balancer Controller registers targets in instance mode by default, which needs a
  // NodePort or LoadBalancer Service (kubernetes-sigs/aws-load-balancer-controller#1695, quoted in
  // the report); ip mode registers the pod addresses and works with ClusterIP Services.
  const TARGET = 'alb.ingress.kubernetes.io/target-type';

  test('an environment made by "init --ingress-class alb" registers the pods (ip) or exposes NodePort Services', async () => {
    const { result } = await generated({ alb: initAlb() });
    const objs = result.models[0].objects as any[];
    for (const name of ['flyte-backend-flyte-binary-grpc', 'flyte-backend-flyte-binary-http']) {
      const ingress = findObject(objs, 'Ingress', name);
      const service = findObject(objs, 'Service', ingress.spec.rules[0].http.paths[0].backend.service.name);
      const mode = ingress.metadata.annotations?.[TARGET] ?? 'instance';
      expect(`${name}: ${mode} -> ${service.spec.type}`).toMatch(mode === 'ip' ? /ip -> ClusterIP$/ : /instance -> (NodePort|LoadBalancer)$/);
    }
  });
});

describe('flyteorg/flyte PR #3343: the EKS set-up routes the ALB straight to the pods (target-type ip)', () => {
  test('the shipped enterprise ALB is in ip mode on ClusterIP Services, and its NetworkPolicy admits the ALB subnets on both ports', async () => {
    const { result } = await generated({ enterprise: enterprise() });
    const objs = result.models[0].objects as any[];
    for (const name of ['flyte-backend-flyte-binary-grpc', 'flyte-backend-flyte-binary-http']) {
      expect(findObject(objs, 'Ingress', name).metadata.annotations['alb.ingress.kubernetes.io/target-type']).toBe('ip');
      expect(findObject(objs, 'Service', name).spec.type).toBe('ClusterIP');
    }
    // networking.k8s.io/v1: an ipBlock peer admits traffic by source address, which is how an ALB
    // in ip mode reaches the pod (from its subnets, not from a pod of some namespace).
    const policy = findObject(objs, 'NetworkPolicy', 'flyte-backend-flyte-binary');
    const admits = (port: number) => policy.spec.ingress.filter((r: any) => r.ports.some((p: any) => p.port === port))
      .flatMap((r: any) => r.from.filter((f: any) => f.ipBlock).map((f: any) => f.ipBlock.cidr));
    for (const port of [8088, 8089]) expect(admits(port)).toEqual(expect.arrayContaining(enterprise().networkPolicy.ingressCidrs));
    expect(lbWarnings(result)).toEqual([]);
  });

  test('without the ALB subnets in the NetworkPolicy, synth warns that the ALB cannot reach the pod', async () => {
    const { result } = await generated({ enterprise: { ...enterprise(), networkPolicy: { enabled: true } } });
    expect(result.warnings.join('\n')).toMatch(/ingress\.className is "alb" and the NetworkPolicy allows no load balancer addresses/);
  });
});

describe('flyteorg/flyte PR #7559: no dead configuration in the chart', () => {
  // Upstream removed values that no template read. Here every value of the generated chart must
  // change what real Helm renders: each leaf of values.yaml is set to the value another
  // environment gives it (`--set-json`), and the render must differ from the default one.
  const other = () => {
    const e = enterprise();
    return {
      ...e,
      registry: { host: 'registry-b.corp.example:5443', pullSecret: 'pull-b' },
      database: { host: 'db-b.internal', port: 6543, name: 'flyte_b', username: 'user_b', options: 'sslmode=verify-ca connect_timeout=5', passwordSecret: { name: 'db-b', key: 'pw-b' }, caBundle: { configMap: 'rds-b', key: 'b.pem' } },
      storage: { provider: 's3', region: 'eu-west-3', metadataBucket: 'meta-bucket-b', userDataBucket: 'user-bucket-b', endpoint: 'https://bucket.vpce-0b1b2b3b4b5b6b7b8-bbbbbbbb.s3.eu-west-3.vpce.amazonaws.com' },
      caBundle: { configMap: 'corp-ca-b', key: 'b.crt' },
      proxy: { https: 'http://proxy-b.corp.example:8080', http: 'http://proxy-b.corp.example:8081', noProxy: e.proxy.noProxy },
      serviceAccount: { roleArn: 'arn:aws:iam::210987654321:role/backend-b' },
      tasks: { ...e.tasks, roleArn: 'arn:aws:iam::210987654321:role/tasks-b' },
      ingress: { ...e.ingress, host: 'flyte-b.example.com', className: 'alb-b' },
      auth: {
        oidc: { issuer: 'https://login-b.example.com/oauth2/b', clientId: 'console-b', clientSecret: { name: 'oidc-b', key: 'secret-b' } },
        internalClient: { clientId: 'propeller-b', clientSecret: { name: 'propeller-b', key: 'secret-b2', hashKey: 'hash-b.yaml' } },
        authorizedUris: e.auth.authorizedUris,
      },
      resources: { requests: { cpu: '1500m', memory: '1536Mi' }, limits: { cpu: '3', memory: '3Gi' } },
    };
  };
  const leaves = (node: unknown, prefix: string[] = []): Array<[string[], unknown]> =>
    node !== null && typeof node === 'object' && !Array.isArray(node)
      ? Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => leaves(v, [...prefix, k]))
      : [[prefix, node]];
  const at = (node: any, p: string[]) => p.reduce((n, k) => (n === undefined ? undefined : n[k]), node);

  test('every value of the enterprise chart changes the render', async () => {
    const { result } = await generated({ a: enterprise(), b: other() });
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-7559-'));
    const chart = writeFiles(result, 'a/chart', out);
    const render = (...args: string[]) => {
      const r = tool('helm', ['template', 'flyte-backend', chart, '-n', 'flyte', ...args]);
      if (r.status !== 0) throw new Error(`helm template ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const values = YAML.parse(fileOf(result, 'a/chart/values.yaml'));
    const alternative = YAML.parse(fileOf(result, 'b/chart/values.yaml'));
    const before = render();
    const dead: string[] = [];
    const all = leaves(values);
    expect(all.length).toBeGreaterThan(20);
    for (const [key, value] of all) {
      const alt = at(alternative, key);
      expect(`${key.join('.')}: ${JSON.stringify(alt)}`).not.toBe(`${key.join('.')}: ${JSON.stringify(value)}`);
      if (render('--set-json', `${key.join('.')}=${JSON.stringify(alt)}`) === before) dead.push(key.join('.'));
    }
    fs.rmSync(out, { recursive: true, force: true });
    expect(dead).toEqual([]);
  }, 180_000);

  test('Flyte v1.16.8 loads the generated configuration in strict mode (no key it does not declare), and would refuse upstream\'s dead storage.userDataContainer', () => {
    const env = enterprise();
    const all = objects(env);
    // The hash file in the form Flyte decodes (its making is checked by test/conformance/strict-load.test.ts).
    const hashFile = (clientId: string, secret: string) =>
      YAML.stringify({ auth: { appAuth: { selfAuthServer: { staticClients: { [clientId]: { client_secret: Buffer.from(bcryptHash(secret)).toString('base64') } } } } } });
    const dir = assembleConfigDir(all, configSecrets(all, { makeHashFile: hashFile }, env.auth.internalClient.clientId));
    expect(checkConfigDirs([dir])).toEqual({});
    fs.writeFileSync(path.join(dir, '999-dead.yaml'), 'storage:\n  userDataContainer: my-organization-flyte-container\n');
    expect(checkConfigDirs([dir])[dir]).toMatch(/userdatacontainer/i);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('flyteorg/flyte#2635: CloudWatch log links name the streams Container Insights writes', () => {
  // AWS Container Insights' Fluent Bit (its "application" log group) names each container's stream
  // <node>-application.var.log.containers.<pod>_<namespace>_<container>-<container id>.log.
  test('the link Flyte\'s log plugin makes for a task pod on a node names that stream, in the configured group and region', () => {
    const env = reportEnv('2635', { auth: undefined });
    const view = flyteView(objects(env));
    const id = randomBytes(32).toString('hex');
    const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'a1b2c3-n0-0', namespace: 'p2635-development' },
      spec: { nodeName: 'ip-10-0-1-23.ec2.internal', containers: [{ name: 'a1b2c3-n0-0', image: 'registry.example/task:1' }] },
      status: { containerStatuses: [{ name: 'a1b2c3-n0-0', containerID: `containerd://${id}` }] },
    };
    const stream = `ip-10-0-1-23.ec2.internal-application.var.log.containers.a1b2c3-n0-0_p2635-development_a1b2c3-n0-0-${id}.log`;
    const links = taskLogs(view.configDir, pod);
    for (const [where, list] of Object.entries(links)) {
      const cloudwatch = list.filter((l) => /cloudwatch/i.test(l.uri));
      expect(`${where}: ${cloudwatch.length}`).toBe(`${where}: 1`);
      expect(cloudwatch[0].uri).toContain(stream);
      expect(cloudwatch[0].uri).toContain(`region=${env.logs.cloudwatch.region}`);
      expect(cloudwatch[0].uri.replace(/\$252F/g, '/')).toContain(env.logs.cloudwatch.logGroup);
    }
  });
});

describe('flyteorg/flyte#6415: task pods use the S3 endpoint of the deployment', () => {
  test('Flyte\'s default environment of task pods sets FLYTE_AWS_ENDPOINT to the endpoint Flyte itself uses', () => {
    const env = reportEnv('6415', { auth: undefined });
    const { config } = flyteView(objects(env));
    expect(config.storage.stow.config.endpoint).toBe(env.storage.endpoint);
    expect(config.plugins.k8s['default-env-vars']).toMatchObject({ FLYTE_AWS_ENDPOINT: env.storage.endpoint });
  });
});

describe('flyteorg/flyte#5047: task resource defaults set with the deployment', () => {
  test('Flyte\'s effective task_resources are the environment\'s defaults and limits', () => {
    const env = reportEnv('5047', {
      auth: undefined,
      tasks: { ...reportEnv('5047').tasks, resources: { defaults: { cpu: '750m', memory: '1536Mi', ephemeralStorage: '3Gi' }, limits: { cpu: '6', memory: '24Gi', gpu: '2', ephemeralStorage: '30Gi' } }, quota: { cpu: '48', memory: '192Gi', gpu: '4', ephemeralStorage: '300Gi' }, domains: { production: { roleArn: reportEnv('5047').tasks.domains.production.roleArn, quota: { cpu: '96', memory: '384Gi', gpu: '8', ephemeralStorage: '600Gi' } } } },
    });
    const { config } = flyteView(objects(env));
    expect(config.task_resources.defaults).toMatchObject({ cpu: '750m', memory: '1536Mi', ephemeralStorage: '3Gi' });
    expect(config.task_resources.limits).toMatchObject({ cpu: '6', memory: '24Gi', gpu: '2', ephemeralStorage: '30Gi' });
  });
});

/** The reporters' set-up: Flyte behind a corporate proxy (the enterprise environment). */
function proxied() {
  const env = reportEnv('347', { auth: undefined });
  const all = objects(env);
  const flyte = findObject(all, 'Deployment', `${env.release}-flyte-binary`).spec.template.spec.containers.find((c: any) => c.name === 'flyte');
  const noProxy: string = flyte.env.find((e: any) => e.name === 'NO_PROXY').value;
  const { server } = flyteView(all).config;
  // flyteadmin/pkg/config/config.go GetGrpcHostAddress: the address the gateway serves and dials.
  const grpc = server.grpc.port >= 0 ? server.grpc.port : server.grpcPort;
  return { noProxy, grpc };
}

describe('flyteorg/flyteadmin PR #347: the HTTP gateway\'s dial of its own gRPC port does not go to the proxy', () => {
  test('with the generated NO_PROXY, Go dials 0.0.0.0:<Flyte\'s gRPC port> directly', async () => {
    const { noProxy, grpc } = proxied();
    expect(await goProxiedRequests('0.0.0.0', grpc, { NO_PROXY: noProxy })).toEqual([]);
  });
});

describe('golang/go#48325: Go matches NO_PROXY hosts literally', () => {
  test('without 0.0.0.0 in NO_PROXY, localhost and 127.0.0.1 do not cover the gateway\'s dial, which goes to the proxy as CONNECT', async () => {
    const { noProxy, grpc } = proxied();
    const without = noProxy.split(',').filter((e) => e !== '0.0.0.0').join(',');
    expect(without.split(',')).toEqual(expect.arrayContaining(['localhost', '127.0.0.1']));
    expect(await goProxiedRequests('0.0.0.0', grpc, { NO_PROXY: without })).toEqual([`CONNECT 0.0.0.0:${grpc} HTTP/1.1`]);
  });

  test('the generated NO_PROXY covers every form of the local address: 0.0.0.0, localhost and 127.0.0.1', async () => {
    const { noProxy, grpc } = proxied();
    for (const host of ['0.0.0.0', 'localhost', '127.0.0.1']) expect(`${host}: ${(await goProxiedRequests(host, grpc, { NO_PROXY: noProxy })).join()}`).toBe(`${host}: `);
  });
});
