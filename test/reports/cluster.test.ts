/**
 * Public reports whose answer is Kubernetes': each case applies its reporter's set-up to one real
 * control plane (test/cluster/control-plane.ts) and asks the API server, its RBAC authorizer,
 * admission, scheduler and controllers. What Flyte does with the configuration is asked of Flyte's
 * own code through the conformance harness. test/reports/README.md lists every report.
 */
import { spawnSync } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { KubeObject } from '../../src/synth/manifests';
import { ControlPlane, startControlPlane } from '../cluster/control-plane';
import { runAsync } from '../helpers';
import { apply, canI, findObject, flyteView, FlyteView, generated, getJson, installOptionalCrds, namesOf, objects, renderedTemplates, reportEnv } from './setup';

const NODE = 'kwok-node-0';

let cp: ControlPlane;
beforeAll(async () => {
  cp = await startControlPlane();
  installOptionalCrds(cp);
  // The enterprise set-up runs Flyte on its own EKS managed node group: the fake node is in it.
  cp.mustKubectl(['label', 'node', NODE, 'eks.amazonaws.com/nodegroup=flyte-system']);
}, 300_000);
afterAll(() => cp?.stop());

/** Applies an environment's objects and returns them. */
function deploy(env: Record<string, any>): KubeObject[] {
  const all = objects(env);
  apply(cp, all);
  return all;
}

/**
 * Applies the templates flyteadmin rendered, one object at a time as flyteadmin does
 * (flyteadmin/pkg/clusterresource/controller.go createResourceFromTemplate), server-side AS the
 * Flyte ServiceAccount: the generated ClusterRole must allow it. Returns each object's outcome.
 */
function applyAsFlyte(env: Record<string, any>, docs: any[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const doc of docs) {
    const r = cp.kubectl(['apply', '--server-side', '--field-manager=flyteadmin', '--as', namesOf(env).serviceAccount, '-f', '-'], { input: JSON.stringify(doc) });
    out[`${doc.kind}/${doc.metadata.name}`] = r.status === 0 ? 'applied' : r.stderr.trim();
  }
  return out;
}

/** A pod of a task namespace that asks for nothing, created with --dry-run=server: the API server's admission answers. */
function dryRunTaskPod(namespace: string, labels: Record<string, string> = {}) {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'task', namespace, labels }, spec: { containers: [{ name: 'task', image: 'registry.example/task:1' }] } };
  return cp.kubectl(['create', '--dry-run=server', '-o', 'json', '-f', '-'], { input: JSON.stringify(pod) });
}

/** Waits for the environment's Flyte pod to be scheduled and running on the fake node; returns it. */
async function runningPod(env: Record<string, any>): Promise<any> {
  const { namespace } = namesOf(env);
  const selector = `app.kubernetes.io/instance=${env.release}`;
  const pods = () => getJson(cp, ['get', 'pods', '-n', namespace, '-l', selector]).items;
  await cp.waitFor(`the Flyte pod of ${env.release} to run`, () => pods().some((p: any) => p.status.phase === 'Running'), 120_000);
  return pods().find((p: any) => p.status.phase === 'Running');
}

describe('flyteorg/flyte#3827: flyte-binary without cluster-wide rights it does not need', () => {
  const env = reportEnv('3827', { auth: undefined });
  const { serviceAccount } = namesOf(env);
  let view: FlyteView;
  beforeAll(() => {
    view = flyteView(deploy(env));
  });

  test('Flyte leaves FlyteWorkflow CRD creation off (propeller.create-flyteworkflow-crd, as Flyte reads it)', () => {
    expect(view.config.propeller['create-flyteworkflow-crd']).toBe(false);
  });

  test('the FlyteWorkflow CRD is installed with the release, and the Flyte ServiceAccount can neither create nor change CRDs', () => {
    expect(getJson(cp, ['get', 'crd', 'flyteworkflows.flyte.lyft.com']).spec.names.kind).toBe('FlyteWorkflow');
    expect(canI(cp, serviceAccount, 'create', 'customresourcedefinitions.apiextensions.k8s.io')).toBe('no');
    expect(canI(cp, serviceAccount, 'update', 'customresourcedefinitions.apiextensions.k8s.io/flyteworkflows.flyte.lyft.com')).toBe('no');
  });

  test('no wildcard: the ServiceAccount cannot do everything anywhere, nor bind or escalate roles', () => {
    expect(canI(cp, serviceAccount, '*', '*')).toBe('no');
    expect(canI(cp, serviceAccount, 'bind', 'clusterroles.rbac.authorization.k8s.io/cluster-admin')).toBe('no');
    expect(canI(cp, serviceAccount, 'escalate', 'clusterroles.rbac.authorization.k8s.io')).toBe('no');
    expect(canI(cp, serviceAccount, 'get', 'secrets', 'kube-system')).toBe('no');
  });
});

describe('flyteorg/flyte#3946: PodTemplates are readable by Flyte in every namespace', () => {
  const env = reportEnv('3946');
  const { serviceAccount } = namesOf(env);
  const taskNs = 'p3946-development';
  beforeAll(() => {
    deploy(env);
    cp.mustKubectl(['create', 'namespace', taskNs]);
    // The reporter's template, in a task namespace (only the names matter here).
    cp.mustKubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'flyte-template-test', namespace: taskNs }, template: { spec: { containers: [{ name: 'default', image: 'registry.example/noop:1' }] } } }) });
  });

  test('propeller\'s PodTemplate informer may list and watch PodTemplates of all namespaces (flytepropeller/pkg/controller/controller.go)', () => {
    expect(canI(cp, serviceAccount, 'list', 'podtemplates')).toBe('yes');
    expect(canI(cp, serviceAccount, 'watch', 'podtemplates')).toBe('yes');
  });

  test('listing them as the Flyte ServiceAccount returns the template in the task namespace', () => {
    const r = cp.kubectl(['get', 'podtemplates', '--all-namespaces', '--as', serviceAccount, '-o', 'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}']);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')).toContain(`${taskNs}/flyte-template-test`);
  });
});

describe('flyteorg/flyte#3969: the cluster resource manager may create the LimitRange of each task namespace', () => {
  const env = reportEnv('3969');
  const { serviceAccount } = namesOf(env);
  const taskNs = 'p3969-staging';
  beforeAll(() => {
    deploy(env);
    cp.mustKubectl(['create', 'namespace', taskNs]);
  });

  test('create, get and patch limitranges: what flyteadmin/pkg/clusterresource/controller.go does with 004_limitrange.yaml', () => {
    expect(env.tasks.resources).toBeDefined();
    for (const verb of ['create', 'get', 'patch']) expect(`${verb}: ${canI(cp, serviceAccount, verb, 'limitranges', taskNs)}`).toBe(`${verb}: yes`);
  });

  test('without tasks.resources there is no LimitRange template and no such right (least privilege)', () => {
    const bare = reportEnv('3969b', { tasks: { ...env.tasks, resources: undefined, quota: undefined, domains: { production: { roleArn: env.tasks.domains.production.roleArn } } } });
    deploy(bare);
    expect(canI(cp, namesOf(bare).serviceAccount, 'create', 'limitranges', taskNs)).toBe('no');
  });
});

describe('flyteorg/flyte#3669: the Deployment\'s selector is upstream\'s, so upgrades never hit "field is immutable"', () => {
  // The selector and strategy of the upstream flyte-binary chart v1.16.8 (templates/_helpers.tpl
  // selectorLabels, templates/deployment.yaml).
  const upstreamSelector = (release: string) => ({ 'app.kubernetes.io/name': 'flyte-binary', 'app.kubernetes.io/instance': release, 'app.kubernetes.io/component': 'flyte-binary' });
  const shaped = (name: string, namespace: string, selector: Record<string, string>) => ({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace },
    spec: {
      replicas: 0, strategy: { type: 'Recreate' }, selector: { matchLabels: selector },
      template: { metadata: { labels: selector }, spec: { containers: [{ name: 'flyte', image: 'cr.flyte.org/flyteorg/flyte-binary-release:v1.16.8' }] } },
    },
  });

  test('taking over a Deployment made by the upstream chart is accepted by the API server', () => {
    const env = reportEnv('3669');
    const { namespace, deployment } = namesOf(env);
    cp.mustKubectl(['create', 'namespace', namespace]);
    cp.mustKubectl(['apply', '--server-side', '--field-manager=helm', '-f', '-'], { input: JSON.stringify(shaped(deployment, namespace, upstreamSelector(env.release))) });
    deploy(env);
    expect(getJson(cp, ['get', 'deployment', deployment, '-n', namespace]).spec.selector.matchLabels).toEqual(upstreamSelector(env.release));
  });

  test('an upgrade that changes settings keeps the selector: the second apply is accepted', () => {
    const env = reportEnv('3669b');
    deploy(env);
    deploy({ ...env, resources: { requests: { cpu: '2', memory: '2Gi' }, limits: { cpu: '3', memory: '3Gi' } }, labels: { 'corp.example/cost-centre': 'cc-3669' } });
  });

  test('the API server does refuse a changed selector (the failure of the report is real)', () => {
    const env = reportEnv('3669c');
    const { namespace, deployment } = namesOf(env);
    cp.mustKubectl(['create', 'namespace', namespace]);
    cp.mustKubectl(['apply', '--server-side', '--field-manager=helm', '-f', '-'], { input: JSON.stringify(shaped(deployment, namespace, { ...upstreamSelector(env.release), 'app.kubernetes.io/part-of': 'other' })) });
    expect(() => deploy(env)).toThrow(/field is immutable/);
  });
});

describe('flyteorg/flyte#3657: pod.nodeSelector places the Flyte pod on the chosen nodes', () => {
  test('the scheduler puts the pod on the node carrying the label, and leaves it Pending when no node does', async () => {
    cp.mustKubectl(['label', 'node', NODE, 'corp.example/pool=flyte-3657', '--overwrite']);
    const env = reportEnv('3657', { pod: { ...reportEnv('3657').pod, nodeSelector: { 'corp.example/pool': 'flyte-3657' }, tolerations: undefined } });
    deploy(env);
    expect((await runningPod(env)).spec.nodeName).toBe(NODE);

    const nowhere = reportEnv('3657b', { pod: { ...reportEnv('3657b').pod, nodeSelector: { 'corp.example/pool': 'none-3657' }, tolerations: undefined } });
    deploy(nowhere);
    const { namespace } = namesOf(nowhere);
    await cp.waitFor('the scheduler to give up on 3657b', () => getJson(cp, ['get', 'pods', '-n', namespace]).items.some((p: any) =>
      (p.status.conditions ?? []).some((c: any) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable')), 60_000);
  }, 240_000);
});

describe('flyteorg/flyte#4962: gRPC behind Traefik needs the h2c scheme on the gRPC Service only', () => {
  const annotation = 'traefik.ingress.kubernetes.io/service.serversscheme';
  const env = reportEnv('4962', {
    ingress: { host: 'flyte-4962.example.com', className: 'traefik' },
    auth: undefined,
    networkPolicy: undefined,
    services: { annotations: { grpc: { [annotation]: 'h2c' } } },
  });
  const base = `${env.release}-flyte-binary`;
  let view: FlyteView;
  beforeAll(() => {
    view = flyteView(deploy(env));
  });

  test('Flyte serves gRPC in cleartext (server.security.secure off, as Flyte reads it): h2c is the scheme to speak to it', () => {
    expect(view.config.server.security.secure).toBe(false);
  });

  test('the gRPC Service carries h2c; the HTTP Service, which serves the console over HTTP/1.1, does not', () => {
    expect(getJson(cp, ['get', 'service', `${base}-grpc`, '-n', env.namespace]).metadata.annotations?.[annotation]).toBe('h2c');
    expect(getJson(cp, ['get', 'service', `${base}-http`, '-n', env.namespace]).metadata.annotations?.[annotation]).toBeUndefined();
  });

  test('the gRPC Ingress routes Flyte\'s gRPC services to the annotated Service', () => {
    const ingress = getJson(cp, ['get', 'ingress', `${base}-grpc`, '-n', env.namespace]);
    const backends = ingress.spec.rules[0].http.paths.map((p: any) => `${p.path} -> ${p.backend.service.name}`);
    expect(backends).toContain(`/flyteidl.service.AdminService -> ${base}-grpc`);
    expect(backends).toContain(`/flyteidl.service.AdminService/* -> ${base}-grpc`);
  });
});

describe('flyteorg/flyte#4870: a separate gRPC Ingress and Service, each reaching its own port of the pod', () => {
  const env = reportEnv('4870', { auth: undefined });
  const base = `${env.release}-flyte-binary`;
  let all: KubeObject[];
  let view: FlyteView;
  beforeAll(async () => {
    all = deploy(env);
    view = flyteView(all);
    await runningPod(env);
  }, 180_000);

  /** Ports of the endpoints the EndpointSlice controller resolved for a Service. */
  const endpointPorts = (service: string) => {
    const slices = getJson(cp, ['get', 'endpointslices', '-n', env.namespace, '-l', `kubernetes.io/service-name=${service}`]).items;
    return slices.flatMap((s: any) => (s.endpoints?.length ? s.ports ?? [] : [])).map((p: any) => `${p.name}:${p.port}`);
  };

  test('the two Ingresses route to two Services', () => {
    const grpc = findObject(all, 'Ingress', `${base}-grpc`);
    const http = findObject(all, 'Ingress', `${base}-http`);
    expect(new Set(grpc.spec.rules[0].http.paths.map((p: any) => p.backend.service.name))).toEqual(new Set([`${base}-grpc`]));
    expect(new Set(http.spec.rules[0].http.paths.map((p: any) => p.backend.service.name))).toEqual(new Set([`${base}-http`]));
  });

  test('the controller resolves the gRPC Service to the port Flyte serves gRPC on, and the HTTP Service to its HTTP port', async () => {
    const { server } = view.config;
    // flyteadmin/pkg/config/config.go GetGrpcHostAddress and GetHostAddress.
    const grpc = server.grpc.port >= 0 ? server.grpc.port : server.grpcPort;
    await cp.waitFor('the EndpointSlices', () => endpointPorts(`${base}-grpc`).length > 0 && endpointPorts(`${base}-http`).length > 0);
    expect(endpointPorts(`${base}-grpc`)).toEqual([`grpc:${grpc}`]);
    expect(endpointPorts(`${base}-http`)).toEqual([`http:${server.httpPort}`]);
  });
});

/**
 * The webhook of the reporters' set-up, deployed and running: what Flyte v1.16.8 registers at
 * start (flytepropeller/pkg/webhook/entrypoint.go createMutationConfig, pod.go
 * CreateMutationWebhookConfiguration) is built from Flyte's effective `webhook` section and the
 * pod's namespace (POD_NAMESPACE), with the pod's owner references, as Flyte builds it.
 */
describe('the secrets webhook, as Flyte registers it', () => {
  const env = reportEnv('4954', { auth: undefined });
  const { namespace, serviceAccount } = namesOf(env);
  let view: FlyteView;
  let pod: any;
  let all: KubeObject[];
  const webhook = () => view.config.webhook;
  /** pod.go: name and Service from the config, the pod's namespace, path /mutate--v1-pod, pods labelled inject-flyte-secrets. */
  const mutatingConfig = () => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: { name: webhook().serviceName, ownerReferences: pod.metadata.ownerReferences },
    webhooks: [{
      name: 'flyte-pod-webhook.flyte.org',
      clientConfig: { service: { name: webhook().serviceName, namespace: pod.metadata.namespace, path: '/mutate--v1-pod', port: webhook().servicePort } },
      rules: [{ operations: ['CREATE'], apiGroups: ['*'], apiVersions: ['v1'], resources: ['pods'] }],
      failurePolicy: 'Fail',
      sideEffects: 'NoneOnDryRun',
      admissionReviewVersions: ['v1', 'v1beta1'],
      objectSelector: { matchLabels: { 'inject-flyte-secrets': 'true' } },
    }],
  });
  beforeAll(async () => {
    all = deploy(env);
    view = flyteView(all);
    pod = await runningPod(env);
  }, 180_000);
  afterAll(() => {
    cp?.kubectl(['delete', 'mutatingwebhookconfiguration', webhook()?.serviceName ?? 'none', '--ignore-not-found']);
  });

  test('flyteorg/flyte#2167: as Flyte\'s ServiceAccount, the configuration is created, then re-registered (AlreadyExists, get, update)', () => {
    const create = cp.kubectl(['create', '--as', serviceAccount, '-f', '-'], { input: JSON.stringify(mutatingConfig()) });
    expect(`${create.status} ${create.stderr}`).toBe('0 ');
    const again = cp.kubectl(['create', '--as', serviceAccount, '-f', '-'], { input: JSON.stringify(mutatingConfig()) });
    expect(again.stderr).toMatch(/AlreadyExists|already exists/);
    const existing = JSON.parse(cp.mustKubectl(['get', 'mutatingwebhookconfiguration', webhook().serviceName, '--as', serviceAccount, '-o', 'json']));
    const update = cp.kubectl(['replace', '--as', serviceAccount, '-f', '-'], { input: JSON.stringify({ ...existing, webhooks: mutatingConfig().webhooks }) });
    expect(`${update.status} ${update.stderr}`).toBe('0 ');
  });

  test('flyteorg/flyte#4954: the Service the configuration names exists, and resolves its port to the pod\'s listenPort', async () => {
    const service = getJson(cp, ['get', 'service', webhook().serviceName, '-n', pod.metadata.namespace]);
    const port = service.spec.ports.find((p: any) => p.port === webhook().servicePort);
    expect(port).toBeDefined();
    const slices = () => getJson(cp, ['get', 'endpointslices', '-n', namespace, '-l', `kubernetes.io/service-name=${webhook().serviceName}`]).items;
    await cp.waitFor('the webhook EndpointSlice', () => slices().some((s: any) => (s.endpoints ?? []).length > 0));
    const resolved = slices().flatMap((s: any) => (s.endpoints?.length ? s.ports : [])).map((p: any) => p.port);
    expect(resolved).toEqual([webhook().listenPort]);
  });

  test('flyteorg/flyte#4954: a pod asking for secrets reaches the webhook Service (the API server dials it) instead of "service not found"', () => {
    cp.kubectl(['create', 'namespace', 'p4954-development']);
    cp.mustKubectl(['apply', '-f', '-'], { input: JSON.stringify(mutatingConfig()) });
    const r = dryRunTaskPod('p4954-development', { 'inject-flyte-secrets': 'true' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('failed calling webhook "flyte-pod-webhook.flyte.org"');
    expect(r.stderr).toContain(`https://${webhook().serviceName}.${namespace}.svc:${webhook().servicePort}/mutate--v1-pod`);
    expect(r.stderr).not.toMatch(/not found/);
  }, 60_000);

  test('flyteorg/flyte#2968: the names Flyte puts in the webhook certificate are those of the Service that exists', () => {
    // init_cert.go createCerts(cfg.ServiceName, POD_NAMESPACE): DNS names <name>, <name>.<ns>, <name>.<ns>.svc.
    const podNamespace = findObject(all, 'Deployment', namesOf(env).deployment).spec.template.spec.containers
      .find((c: any) => c.name === 'flyte').env.find((e: any) => e.name === 'POD_NAMESPACE');
    expect(podNamespace.valueFrom).toEqual({ fieldRef: { fieldPath: 'metadata.namespace' } });
    const certNames = [webhook().serviceName, `${webhook().serviceName}.${pod.metadata.namespace}`, `${webhook().serviceName}.${pod.metadata.namespace}.svc`];
    const svc = getJson(cp, ['get', 'service', certNames[0], '-n', pod.metadata.namespace]);
    expect(`${svc.metadata.name}.${svc.metadata.namespace}.svc`).toBe(certNames[2]);
  });

  test('flyteorg/flyte#3379: no certificate of ours can expire; Flyte makes its own and may create and refresh its Secret', () => {
    // init_cert.go: 99-year certificates, written to webhook.secretName (created, or read and
    // updated when keys are missing).
    expect(all.filter((o) => o.metadata.name === webhook().secretName)).toEqual([]);
    expect(canI(cp, serviceAccount, 'create', 'secrets', namespace)).toBe('yes');
    expect(canI(cp, serviceAccount, 'get', `secrets/${webhook().secretName}`, namespace)).toBe('yes');
    expect(canI(cp, serviceAccount, 'update', `secrets/${webhook().secretName}`, namespace)).toBe('yes');
  });
});

describe('flyteorg/flyte PR #6895: Flyte reads the database password from the file the pod mounts', () => {
  test('database.postgres.passwordPath, as Flyte reads it, is the Secret key the Deployment projects, readable by the pod\'s group', () => {
    const env = reportEnv('6895', { auth: undefined });
    const all = deploy(env);
    const { passwordPath } = flyteView(all).config.database.postgres;
    const spec = getJson(cp, ['get', 'deployment', namesOf(env).deployment, '-n', env.namespace]).spec.template.spec;
    const flyte = spec.containers.find((c: any) => c.name === 'flyte');
    const mount = flyte.volumeMounts.find((m: any) => passwordPath.startsWith(`${m.mountPath}/`));
    const volume = spec.volumes.find((v: any) => v.name === mount.name);
    const item = volume.secret.items.find((i: any) => `${mount.mountPath}/${i.path}` === passwordPath);
    expect({ secret: volume.secret.secretName, key: item.key }).toEqual({ secret: env.database.passwordSecret.name, key: env.database.passwordSecret.key });
    // The kubelet writes the file with the item's mode (or defaultMode), group-owned by fsGroup.
    const mode = item.mode ?? volume.secret.defaultMode;
    expect(mode & 0o040).toBe(0o040);
    expect(spec.securityContext.fsGroup).toBe(spec.securityContext.runAsGroup);
  });
});

describe('task namespaces, rendered by Flyte\'s rules and applied as Flyte', () => {
  test('flyteorg/flyte#2792: the default ServiceAccount names the pull Secret, and the API server gives it to a task pod', () => {
    const env = reportEnv('2792', { auth: undefined });
    const outcome = applyAsFlyte(env, renderedTemplates(flyteView(deploy(env)), 'p2792', 'development'));
    expect(outcome['Namespace/p2792-development']).toBe('applied');
    expect(outcome['ServiceAccount/default']).toBe('applied');
    expect(getJson(cp, ['get', 'serviceaccount', 'default', '-n', 'p2792-development']).imagePullSecrets).toEqual([{ name: env.registry.pullSecret }]);
    const r = dryRunTaskPod('p2792-development');
    expect(r.stderr).not.toMatch(/Error/);
    expect(JSON.parse(r.stdout).spec.imagePullSecrets).toEqual([{ name: env.registry.pullSecret }]);
  });

  test('flyteorg/flyte PR #7485: each domain\'s default ServiceAccount carries that domain\'s IAM role (IRSA), not a template variable', () => {
    const env = reportEnv('7485', { auth: undefined });
    const view = flyteView(deploy(env));
    const roles: Record<string, string> = {};
    for (const domain of env.domains) {
      applyAsFlyte(env, renderedTemplates(view, 'p7485', domain));
      roles[domain] = getJson(cp, ['get', 'serviceaccount', 'default', '-n', `p7485-${domain}`]).metadata.annotations?.['eks.amazonaws.com/role-arn'];
    }
    expect(roles).toEqual({ development: env.tasks.roleArn, staging: env.tasks.roleArn, production: env.tasks.domains.production.roleArn });
  });

  test('flyteorg/flyte PR #6264: in a namespace with the quota, a pod that asks for no resources is admitted with limits; the quota alone refuses it', async () => {
    const env = reportEnv('6264', { auth: undefined });
    const view = flyteView(deploy(env));
    const docs = renderedTemplates(view, 'p6264', 'production');
    const outcome = applyAsFlyte(env, docs);
    expect(outcome['ResourceQuota/project-quota']).toBe('applied');
    expect(outcome['LimitRange/task-defaults']).toBe('applied');
    const admitted = dryRunTaskPod('p6264-production');
    expect(admitted.stderr).not.toMatch(/Error/);
    expect(JSON.parse(admitted.stdout).spec.containers[0].resources.limits).toMatchObject({ cpu: env.tasks.resources.defaults.cpu, memory: env.tasks.resources.defaults.memory });

    const quotaOnly = renderedTemplates(view, 'p6264q', 'production').filter((d: any) => ['Namespace', 'ResourceQuota'].includes(d.kind));
    expect(Object.values(applyAsFlyte(env, quotaOnly))).toEqual(['applied', 'applied']);
    // Quota admission constrains what the quota controller has written into status.hard.
    await cp.waitFor('the quota controller to sync project-quota', () => Object.keys(getJson(cp, ['get', 'resourcequota', 'project-quota', '-n', 'p6264q-production']).status?.hard ?? {}).length > 0);
    const refused = dryRunTaskPod('p6264q-production');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/must specify limits\.cpu/);
  });
});

describe('flyteorg/flyte#2624: task images from the private registry, pulled with the namespace\'s default ServiceAccount', () => {
  // The report's second way: executions that name no ServiceAccount run as the namespace's
  // `default` one, which then carries the pull Secret.
  const env = reportEnv('2624', {
    auth: undefined, caBundle: undefined, proxy: undefined, eks: undefined, networkPolicy: undefined, metrics: undefined,
    database: { ...reportEnv('2624').database, options: 'sslmode=require', caBundle: undefined },
  });
  const taskNs = 'p2624-development';
  let bundle: string;
  beforeAll(async () => {
    const { result } = await generated({ r2624: env });
    const archive = result.files.find((f) => f.path.startsWith('r2624/bundle/') && f.path.endsWith('.tar.gz'))!;
    const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'ef-2624-'));
    fs.writeFileSync(path.join(unpacked, 'bundle.tar.gz'), archive.content);
    const tar = spawnSync('tar', ['-xzf', 'bundle.tar.gz'], { cwd: unpacked, encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(tar.stderr);
    bundle = path.join(unpacked, path.basename(archive.path).replace(/\.tar\.gz$/, ''));
    // Earlier cases applied plain manifests, the FlyteWorkflow CRD included, with their own field
    // manager and release label. An operator installs with deploy.sh alone; Helm 4 applies the
    // chart's CRDs server-side and would conflict with that other manager's label, so the CRD goes.
    cp.mustKubectl(['delete', 'crd', 'flyteworkflows.flyte.lyft.com', '--ignore-not-found']);
    // The operator's prerequisite: the database password Secret (made here, never stored).
    cp.mustKubectl(['apply', '-f', path.join(bundle, 'manifests', `00-namespace-${env.namespace}.yaml`)]);
    cp.mustKubectl(['create', 'secret', 'generic', env.database.passwordSecret.name, '-n', env.namespace, `--from-literal=${env.database.passwordSecret.key}=${randomBytes(18).toString('hex')}`]);
  }, 120_000);
  afterAll(() => bundle && fs.rmSync(path.dirname(bundle), { recursive: true, force: true }));

  test('deploy.sh puts the pull Secret in the task namespace; a task pod naming no ServiceAccount gets default and that Secret from the API server', async () => {
    const user = `robot-${randomBytes(3).toString('hex')}`;
    const deployed = await runAsync('bash', ['deploy.sh', '--timeout', '4m', '--context', 'test'], { cwd: bundle, env: { ...cp.env, REGISTRY_USERNAME: user, REGISTRY_PASSWORD: randomBytes(12).toString('hex') } });
    if (deployed.code !== 0) throw new Error(`deploy.sh exited ${deployed.code}:\n${deployed.stderr}`);
    // flyteadmin's default k8sServiceAccount (pkg/runtime/application_config_provider.go) names
    // none, so the execution's pods name none (pkg/manager/impl/execution_manager.go).
    const view = flyteView(objects(env));
    expect(view.config.flyteadmin.k8sServiceAccount).toBe('');
    applyAsFlyte(env, renderedTemplates(view, 'p2624', 'development'));
    const r = dryRunTaskPod(taskNs);
    expect(r.stderr).not.toMatch(/Error/);
    const pod = JSON.parse(r.stdout);
    expect(pod.spec.serviceAccountName).toBe('default');
    expect(pod.spec.imagePullSecrets).toEqual([{ name: env.registry.pullSecret }]);
    const secret = getJson(cp, ['get', 'secret', env.registry.pullSecret, '-n', taskNs]);
    const auths = JSON.parse(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString()).auths;
    expect(Buffer.from(auths[env.registry.host].auth, 'base64').toString().split(':')[0]).toBe(user);
  }, 360_000);
});

describe('flyteorg/flyte#2595: spark drivers run as ServiceAccount "spark" in every task namespace', () => {
  test('the templates, rendered by Flyte\'s rules and applied as Flyte, give the namespace a "spark" ServiceAccount that may run its executors', () => {
    const env = reportEnv('2595', { auth: undefined, plugins: { enabled: ['container', 'sidecar', 'k8s-array', 'spark'], defaultForTaskTypes: { container: 'container', sidecar: 'sidecar', container_array: 'k8s-array', spark: 'spark' } } });
    const all = deploy(env);
    const view = flyteView(all);
    // flyteadmin names no ServiceAccount by default (pkg/runtime/application_config_provider.go),
    // so the spark plugin runs the driver as "spark" (flyteplugins/go/tasks/plugins/k8s/spark/spark.go serviceAccountName).
    expect(view.config.flyteadmin.k8sServiceAccount).toBe('');
    expect(view.config.tasks['task-plugins']['enabled-plugins']).toContain('spark');
    const outcome = applyAsFlyte(env, renderedTemplates(view, 'p2595', 'development'));
    // flyteadmin applies each template on its own (controller.go syncNamespace): these are the spark ones.
    expect([outcome['Namespace/p2595-development'], outcome['ServiceAccount/spark'], outcome['RoleBinding/spark']]).toEqual(['applied', 'applied', 'applied']);
    const driver = 'system:serviceaccount:p2595-development:spark';
    expect(getJson(cp, ['get', 'serviceaccount', 'spark', '-n', 'p2595-development']).metadata.name).toBe('spark');
    // A Spark driver creates, watches and deletes its executor pods, and makes a Service and ConfigMaps for them.
    for (const [verb, resource] of [['create', 'pods'], ['watch', 'pods'], ['delete', 'pods'], ['create', 'services'], ['create', 'configmaps']]) {
      expect(`${verb} ${resource}: ${canI(cp, driver, verb, resource, 'p2595-development')}`).toBe(`${verb} ${resource}: yes`);
    }
    // Only in its own namespace.
    expect(canI(cp, driver, 'create', 'pods', 'p2595-staging')).toBe('no');
  });
});

describe('flyteorg/flyte#5376: a default PodTemplate does not stop Flyte from creating namespaces', () => {
  // The reporter's template: name "test_template", namespace "flyte", among the cluster resource templates.
  const reporters = { apiVersion: 'v1', kind: 'PodTemplate', metadata: { name: 'test_template', namespace: 'flyte' }, template: { metadata: { labels: { foo: 'from-pod-template' } }, spec: { containers: [{ name: 'noob', image: 'docker.io/rwgrim/docker-noop' }] } } };

  test('the reporter\'s template is refused at synth with one line naming the field', () => {
    const env = reportEnv('5376', { auth: undefined, tasks: { ...reportEnv('5376').tasks, namespaceObjects: [reporters] } });
    expect(() => objects(env)).toThrow(/tasks\.namespaceObjects\.0\.metadata\.namespace: "flyte" is not allowed/);
  });

  test('a valid template among the namespace objects renders and applies as Flyte with the namespace, and Flyte\'s default pod template names one that exists', () => {
    const template = { ...reporters, metadata: { name: 'task-template', labels: { foo: 'from-pod-template' } }, template: { ...reporters.template, spec: { containers: [{ name: 'default', image: 'registry.example/noop:1' }] } } };
    const env = reportEnv('5376b', { auth: undefined, tasks: { ...reportEnv('5376b').tasks, podTemplate: {}, namespaceObjects: [template] } });
    const all = deploy(env);
    const view = flyteView(all);
    const outcome = applyAsFlyte(env, renderedTemplates(view, 'p5376b', 'development'));
    expect([outcome['Namespace/p5376b-development'], outcome['PodTemplate/task-template']]).toEqual(['applied', 'applied']);
    expect(getJson(cp, ['get', 'podtemplate', 'task-template', '-n', 'p5376b-development']).template.metadata.labels.foo).toBe('from-pod-template');
    // propeller reads the default template by name from its namespace and the task's (flytepropeller PodTemplate store).
    const name = view.config.plugins.k8s['default-pod-template-name'];
    expect(name).toEqual(expect.any(String));
    expect(getJson(cp, ['get', 'podtemplate', name, '-n', env.namespace]).metadata.name).toBe(name);
  });
});
