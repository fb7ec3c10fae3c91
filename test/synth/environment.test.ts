import * as YAML from 'yaml';
import { VERSION } from '../../src/version';
import { chartFiles, environmentFiles, imageFiles, loadBalancerWarnings, manifestFiles, taskPodWarnings } from '../../src/synth/environment';
import { buildEnvironment, SynthContext } from '../../src/synth/model';
import { parseAll } from '../../src/synth/yaml';
import { specOf, validInput } from '../helpers';

const clone = <T>(v: T): any => JSON.parse(JSON.stringify(v));
const ctxOf = (lock: Record<string, string> = {}) => {
  const warnings: string[] = [];
  const ctx: SynthContext = { root: '.', lock, warn: (m) => warnings.push(m) };
  return { ctx, warnings };
};
const envOf = (name: string, input: unknown) => ({ name, file: `config/environments/${name}.yaml`, spec: specOf(input) });
const noRegistry = () => {
  const input = clone(validInput());
  delete input.registry;
  return input;
};

const MANIFESTS = [
  'manifests/00-namespace-ns-a.yaml',
  'manifests/05-serviceaccount-rel-a-flyte-binary.yaml',
  'manifests/07-configmap-rel-a-flyte-binary-cluster-resource-templates.yaml',
  'manifests/07-configmap-rel-a-flyte-binary-config.yaml',
  'manifests/09-customresourcedefinition-flyteworkflows.flyte.lyft.com.yaml',
  'manifests/10-clusterrole-rel-a-flyte-binary-cluster-role.yaml',
  'manifests/11-clusterrolebinding-rel-a-flyte-binary-cluster-role-binding.yaml',
  'manifests/12-role-rel-a-flyte-binary-secrets.yaml',
  'manifests/13-rolebinding-rel-a-flyte-binary-secrets.yaml',
  'manifests/14-service-rel-a-flyte-binary-grpc.yaml',
  'manifests/14-service-rel-a-flyte-binary-http.yaml',
  'manifests/14-service-rel-a-flyte-binary-metrics.yaml',
  'manifests/14-service-rel-a-flyte-binary-webhook.yaml',
  'manifests/18-deployment-rel-a-flyte-binary.yaml',
];

describe('manifestFiles', () => {
  test('one file per object under manifests/, named NN-<kind>-<name>.yaml, holding exactly that object', () => {
    const model = buildEnvironment(envOf('e1', validInput()), ctxOf().ctx);
    const files = manifestFiles(model);
    expect(files.map((f) => f.path).sort()).toEqual(MANIFESTS);
    for (const f of files) {
      const docs = parseAll(String(f.content)) as any[];
      expect(docs).toHaveLength(1);
      expect(f.path).toContain(`-${docs[0].kind.toLowerCase()}-${docs[0].metadata.name}.yaml`);
    }
  });
});

describe('chartFiles', () => {
  test('the chart folder, its package named after the environment and version, and a repository index', async () => {
    const { ctx } = ctxOf();
    const files = await chartFiles(buildEnvironment(envOf('e1', validInput()), ctx), ctx);
    const paths = files.map((f) => f.path);
    for (const p of ['chart/Chart.yaml', 'chart/values.yaml', 'chart/values.schema.json', 'chart/.helmignore', 'chart/templates/NOTES.txt', 'chart/crds/09-customresourcedefinition-flyteworkflows.flyte.lyft.com.yaml', `enterprise-flyte-e1-${VERSION}.tgz`, 'index.yaml']) {
      expect(paths).toContain(p);
    }
    // Every manifest but the Namespace and the CRD is a template.
    const templates = paths.filter((p) => p.startsWith('chart/templates/') && p.endsWith('.yaml')).map((p) => p.replace('chart/templates/', 'manifests/'));
    expect(templates.sort()).toEqual(MANIFESTS.filter((m) => !m.includes('-namespace-') && !m.includes('-customresourcedefinition-')));
    const index = YAML.parse(String(files.find((f) => f.path === 'index.yaml')!.content));
    expect(index.entries['enterprise-flyte-e1'][0].urls).toEqual([`enterprise-flyte-e1-${VERSION}.tgz`]);
  });
});

describe('imageFiles', () => {
  test('with a registry: images.json and the mirroring files; a warning while images are unpinned', () => {
    const { ctx, warnings } = ctxOf();
    const files = imageFiles(buildEnvironment(envOf('e1', validInput()), ctx), ctx);
    expect(files.map((f) => [f.path, f.mode])).toEqual([['images.json', undefined], ['mirror/images.sync.yaml', undefined], ['scripts/mirror-images.sh', 0o755]]);
    expect(warnings).toEqual([
      'e1: 3 images are not pinned by digest (cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7, cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7, docker.io/library/postgres:15-alpine); run "npx enterprise-flyte images lock" on a connected machine and commit config/images.lock.json',
    ]);
  });

  test('one unpinned image is named in the singular', () => {
    const d = (c: string) => `sha256:${c.repeat(64)}`;
    const { ctx, warnings } = ctxOf({ 'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': d('1'), 'docker.io/library/postgres:15-alpine': d('2') });
    imageFiles(buildEnvironment(envOf('e2', validInput()), ctx), ctx);
    expect(warnings).toEqual([
      'e2: 1 image is not pinned by digest (cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7); run "npx enterprise-flyte images lock" on a connected machine and commit config/images.lock.json',
    ]);
  });

  test('no warning once every image is pinned', () => {
    const d = (c: string) => `sha256:${c.repeat(64)}`;
    const { ctx, warnings } = ctxOf({
      'cr.flyte.org/flyteorg/flyte-binary-release:v9.8.7': d('1'),
      'docker.io/library/postgres:15-alpine': d('2'),
      'cr.flyte.org/flyteorg/flytecopilot-release:v9.8.7': d('3'),
    });
    imageFiles(buildEnvironment(envOf('e1', validInput()), ctx), ctx);
    expect(warnings).toEqual([]);
  });

  test('without a registry: images.json only, and no warning (nothing is mirrored)', () => {
    const { ctx, warnings } = ctxOf();
    const files = imageFiles(buildEnvironment(envOf('e3', noRegistry()), ctx), ctx);
    expect(files.map((f) => f.path)).toEqual(['images.json']);
    expect(warnings).toEqual([]);
  });
});

describe('environmentFiles', () => {
  test('every file of dist/<env>/ in the agreed layout, the bundle last, no path twice', async () => {
    const { ctx } = ctxOf();
    const files = await environmentFiles(buildEnvironment(envOf('e1', validInput()), ctx), ctx);
    const paths = files.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    const top = [...new Set(paths.map((p) => (p.includes('/') ? `${p.split('/')[0]}/` : p)))].sort();
    expect(top).toEqual(['OPERATOR.md', 'bundle/', 'chart/', `enterprise-flyte-e1-${VERSION}.tgz`, 'images.json', 'index.yaml', 'manifests/', 'mirror/', 'sbom.cdx.json', 'scripts/']);
    expect(paths.filter((p) => p.startsWith('scripts/')).sort()).toEqual(['scripts/deploy.sh', 'scripts/mirror-images.sh', 'scripts/verify.sh']);
    expect(paths[paths.length - 1]).toBe(`bundle/enterprise-flyte-e1-${VERSION}.tar.gz`);
    for (const f of files.filter((x) => x.path.endsWith('.sh'))) expect(f.mode).toBe(0o755);
    expect(paths.filter((p) => p.startsWith('manifests/')).sort()).toEqual(MANIFESTS);
  });

  test('without a registry there is nothing to mirror', async () => {
    const { ctx } = ctxOf();
    const paths = (await environmentFiles(buildEnvironment(envOf('e3', noRegistry()), ctx), ctx)).map((f) => f.path);
    expect(paths.some((p) => p.startsWith('mirror/'))).toBe(false);
    expect(paths).not.toContain('scripts/mirror-images.sh');
    expect(paths).toContain('scripts/deploy.sh');
  });

  test('the same environment gives the same bytes twice', async () => {
    const run = async () => {
      const { ctx } = ctxOf();
      return (await environmentFiles(buildEnvironment(envOf('e1', validInput()), ctx), ctx)).map((f) => [f.path, Buffer.from(f.content).toString('base64')]);
    };
    expect(await run()).toEqual(await run());
  });
});

describe('loadBalancerWarnings', () => {
  const GRPC = { 'alb.ingress.kubernetes.io/backend-protocol-version': 'GRPC' };
  const ALB = { host: 'flyte.corp', className: 'alb', grpcAnnotations: GRPC };
  const NO_CIDRS = 'lb: ingress.className is "alb" and the NetworkPolicy allows no load balancer addresses, so the ALB cannot reach the pod; set networkPolicy.ingressCidrs to the load balancer\'s subnets';
  const grpcWarning = (has: string) => `lb: ingress.className is "alb" and the gRPC Ingress has ${has}, so the ALB does not speak gRPC to the pod and every gRPC call fails; set ingress.grpcAnnotations."alb.ingress.kubernetes.io/backend-protocol-version" to "GRPC"`;
  test.each([
    ['an ALB with a NetworkPolicy and no ingressCidrs warns', { ingress: ALB, networkPolicy: { enabled: true } }, [NO_CIDRS]],
    ['ingressCidrs silence it', { ingress: ALB, networkPolicy: { enabled: true, ingressCidrs: ['10.20.0.0/22'] } }, []],
    ['no NetworkPolicy, no warning', { ingress: ALB, networkPolicy: { enabled: false } }, []],
    ['another class, no warning', { ingress: { ...ALB, className: 'nginx', grpcAnnotations: undefined }, networkPolicy: { enabled: true } }, []],
    ['an ALB whose gRPC Ingress lacks the GRPC protocol warns', { ingress: { ...ALB, grpcAnnotations: undefined } }, [grpcWarning('no alb.ingress.kubernetes.io/backend-protocol-version')]],
    // flyteorg/flyte PR #2702: HTTP2 is not gRPC to the ALB.
    ['HTTP2 on the gRPC Ingress warns', { ingress: { ...ALB, grpcAnnotations: { 'alb.ingress.kubernetes.io/backend-protocol-version': 'HTTP2' } } }, [grpcWarning('alb.ingress.kubernetes.io/backend-protocol-version: "HTTP2"')]],
    ['GRPC in the shared annotations reaches the HTTP Ingress too: warns', { ingress: { ...ALB, grpcAnnotations: undefined, annotations: GRPC } }, [
      'lb: ingress.className is "alb" and the HTTP Ingress has alb.ingress.kubernetes.io/backend-protocol-version: "GRPC", so the console and the REST API fail; set it in ingress.grpcAnnotations, not ingress.annotations',
    ]],
    ['the HTTP Ingress may set its own protocol back to HTTP1', { ingress: { ...ALB, grpcAnnotations: undefined, annotations: GRPC, httpAnnotations: { 'alb.ingress.kubernetes.io/backend-protocol-version': 'HTTP1' } } }, []],
  ])('%s', (_what, extra, expected) => {
    const { ctx, warnings } = ctxOf();
    loadBalancerWarnings(buildEnvironment(envOf('lb', { ...clone(validInput()), ...extra }), ctx), ctx);
    expect(warnings).toEqual(expected);
  });
});

describe('taskPodWarnings', () => {
  test.each([
    ['a CA bundle without the default PodTemplate warns: task pods would not trust it', { caBundle: { configMap: 'ca', key: 'ca.crt' } }, 1],
    ['with tasks.podTemplate the template mounts it: no warning', { caBundle: { configMap: 'ca', key: 'ca.crt' }, tasks: { podTemplate: {} } }, 0],
    ['no CA bundle, no warning', {}, 0],
  ])('%s', (_what, extra, count) => {
    const { ctx, warnings } = ctxOf();
    taskPodWarnings(buildEnvironment(envOf('tp', { ...clone(validInput()), ...extra }), ctx), ctx);
    expect(warnings).toEqual(count === 0 ? [] : ['tp: caBundle is set, but task pods do not get it without tasks.podTemplate (the default PodTemplate that mounts it, and makes task pods restricted); set tasks.podTemplate, or build the CA into the task images']);
  });
});
