/**
 * Public reports whose answer is Kubernetes': each case applies its reporter's set-up to one real
 * control plane (test/cluster/control-plane.ts) and asks the API server, its RBAC authorizer,
 * admission, scheduler and controllers. What Flyte does with the configuration is asked of Flyte's
 * own code through the conformance harness. test/reports/README.md lists every report.
 */
import type { KubeObject } from '../../src/synth/manifests';
import { ControlPlane, startControlPlane } from '../cluster/control-plane';
import { apply, canI, findObject, getJson, installOptionalCrds, namesOf, objects, reportEnv } from './setup';

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

/** Waits for the environment's Flyte pod to be scheduled and running on the fake node; returns it. */
async function runningPod(env: Record<string, any>): Promise<any> {
  const { namespace } = namesOf(env);
  const selector = `app.kubernetes.io/instance=${env.release}`;
  const pods = () => getJson(cp, ['get', 'pods', '-n', namespace, '-l', selector]).items;
  await cp.waitFor(`the Flyte pod of ${env.release} to run`, () => pods().some((p: any) => p.status.phase === 'Running'), 120_000);
  return pods().find((p: any) => p.status.phase === 'Running');
}

describe('flyteorg/flyte#3827: flyte-binary without cluster-wide rights it does not need', () => {
  const env = reportEnv('3827');
  const { serviceAccount } = namesOf(env);
  beforeAll(() => {
    deploy(env);
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
    networkPolicy: undefined,
    services: { annotations: { grpc: { [annotation]: 'h2c' } } },
  });
  const base = `${env.release}-flyte-binary`;
  beforeAll(() => {
    deploy(env);
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
  const env = reportEnv('4870');
  const base = `${env.release}-flyte-binary`;
  let all: KubeObject[];
  beforeAll(async () => {
    all = deploy(env);
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

  test('the controller resolves the gRPC Service to the pod\'s 8089 and the HTTP Service to its 8088', async () => {
    await cp.waitFor('the EndpointSlices', () => endpointPorts(`${base}-grpc`).length > 0 && endpointPorts(`${base}-http`).length > 0);
    expect(endpointPorts(`${base}-grpc`)).toEqual(['grpc:8089']);
    expect(endpointPorts(`${base}-http`)).toEqual(['http:8088']);
  });
});
