import { createHash } from 'crypto';
import { FLYTE_PORTS } from '../constructs/flyte-config';
import { chartName } from '../helm/chart-metadata';
import { compareStrings } from '../synth/compare';
import type { EnvironmentModel } from '../synth/model';
import { SBOM_PATH } from '../sbom/cyclonedx';
import { manifestFileName } from '../synth/manifests';
import type { OutputFile } from '../synth/output-dir';
import { tarGz, TarEntry } from '../synth/tar';
import { VERSION } from '../version';
import { DeployFileSource, DeployRegistry, deployScript, DeployTaskNamespaces } from './deploy-script';
import { deploymentDiagram } from './deployment-diagram';
import { operatorReadme } from './operator-readme';
import { verifyScript } from './verify-script';

export interface BundleOptions {
  /**
   * Version in the chart and bundle file names.
   * @default - the package version
   */
  readonly version?: string;
  /**
   * Called with one line per step, for progress output.
   * @default - no progress output
   */
  readonly onStep?: (message: string) => void;
}

/** Where the inputs of the bundle are in dist/<env>/ (paths relative to it). */
export function bundleInputPaths(env: string, version: string) {
  return {
    chart: `${chartName(env)}-${version}.tgz`,
    images: 'images.json',
    sbom: SBOM_PATH,
    sync: 'mirror/images.sync.yaml',
    mirrorScript: 'scripts/mirror-images.sh',
  };
}

/** The folder the bundle unpacks into, also the archive's name without `.tar.gz`. */
export function bundleFolder(env: string, version: string): string {
  return `enterprise-flyte-${env}-${version}`;
}

/** The archive's path in dist/<env>/. */
export function bundleArchivePath(env: string, version: string): string {
  return `bundle/${bundleFolder(env, version)}.tar.gz`;
}

const EXECUTABLE = 0o755;

/** `sha256sum` output for `entries`: "<hex>  <path>" lines sorted by path. */
export function sha256sums(entries: readonly { path: string; content: string | Buffer }[]): string {
  return [...entries]
    .sort((a, b) => compareStrings(a.path, b.path))
    .map((e) => `${createHash('sha256').update(e.content).digest('hex')}  ${e.path}\n`)
    .join('');
}

/**
 * The offline bundle of one environment, from the environment's other files (paths relative to
 * dist/<env>/): `scripts/deploy.sh`, `scripts/verify.sh`, `OPERATOR.md` and
 * `bundle/enterprise-flyte-<env>-<version>.tar.gz`. The archive holds one folder with the
 * README, SHA256SUMS, the three scripts, images.json, the bill of materials (sbom.cdx.json), images.sync.yaml, the packaged chart
 * under chart/, the manifests, and iam/*.json and kubeconfig.yaml when present.
 * Throws when an input the bundle needs is missing from `envFiles`.
 */
export async function bundleFiles(model: EnvironmentModel, envFiles: readonly OutputFile[], options: BundleOptions = {}): Promise<OutputFile[]> {
  const env = model.env.name;
  const version = options.version ?? VERSION;
  const step = options.onStep ?? (() => undefined);
  const inputs = bundleInputs(model, envFiles, version);
  const { chart, chartPath, manifests, mirror, eks } = inputs;
  const facts = bundleFacts(model);
  const folder = bundleFolder(env, version);
  const listed = [
    chartPath, ...manifests.map((m) => m.path), 'images.json', SBOM_PATH, ...mirror.map((m) => m.path), 'deploy.sh', 'verify.sh',
    ...eks.map((f) => f.path), 'README.md',
  ];
  const deploy = deployFor(model, version, inputs, facts, listed);
  const verify = verifyFor(model, version);

  const files: TarEntry[] = [
    { path: chartPath, content: chart.content },
    ...manifests.map((m) => ({ path: m.path, content: m.content })),
    { path: 'images.json', content: inputs.images.content },
    { path: SBOM_PATH, content: inputs.sbom.content },
    ...mirror,
    { path: 'deploy.sh', content: deploy, mode: EXECUTABLE },
    { path: 'verify.sh', content: verify, mode: EXECUTABLE },
    ...eks.map((f) => ({ path: f.path, content: f.content })),
  ];
  step(`chart: ${chartPath} (${Buffer.byteLength(chart.content)} bytes)`);
  step(`manifests: ${manifests.length} files`);
  step(`images: images.json, ${SBOM_PATH}${mirror.length > 0 ? ', images.sync.yaml' : ''}`);
  step(`scripts: deploy.sh, verify.sh${mirror.length > 0 ? ', mirror-images.sh' : ''}`);
  if (eks.length > 0) step(`EKS: ${eks.map((f) => f.path).join(', ')}`);

  const readme = readmeFor(model, version, folder, files.map((f) => f.path).sort(compareStrings), inputs, facts);
  files.push({ path: 'README.md', content: readme });
  step('README.md: operator instructions');

  // deploy.sh checks SHA256SUMS against the list it was given.
  if (files.map((f) => f.path).sort(compareStrings).join('\n') !== [...listed].sort(compareStrings).join('\n')) {
    throw new Error(`bundle of environment ${env}: the files deploy.sh expects differ from the bundle's`);
  }
  const sums = sha256sums(files);
  step(`SHA256SUMS: ${files.length} files`);
  files.push({ path: 'SHA256SUMS', content: sums });

  const archive = await tarGz(files.map((f) => ({ ...f, path: `${folder}/${f.path}` })));
  const archivePath = bundleArchivePath(env, version);
  step(`archive: ${archivePath} (${archive.length} bytes, sha256 ${createHash('sha256').update(archive).digest('hex')})`);

  return [
    { path: 'OPERATOR.md', content: readme },
    { path: 'scripts/deploy.sh', content: deploy, mode: EXECUTABLE },
    { path: 'scripts/verify.sh', content: verify, mode: EXECUTABLE },
    { path: archivePath, content: archive },
  ];
}

/** The files of dist/<env>/ the bundle packs, each checked to be there. */
interface BundleInputs {
  readonly chart: OutputFile;
  /** The packaged chart's path in the bundle. */
  readonly chartPath: string;
  readonly images: OutputFile;
  readonly sbom: OutputFile;
  /** images.sync.yaml and mirror-images.sh, with a private registry. */
  readonly mirror: TarEntry[];
  readonly manifests: OutputFile[];
  /** iam/*.json and kubeconfig.yaml, when present. */
  readonly eks: OutputFile[];
  /** The manifest of the release Namespace, when the release creates it. */
  readonly namespaceManifest?: string;
}

function bundleInputs(model: EnvironmentModel, envFiles: readonly OutputFile[], version: string): BundleInputs {
  const env = model.env.name;
  const byPath = new Map(envFiles.map((f) => [f.path, f]));
  const inputs = bundleInputPaths(env, version);
  const need = (p: string): OutputFile => {
    const file = byPath.get(p);
    if (!file) {
      throw new Error(`bundle of environment ${env}: dist/${env}/${p} is missing; the bundle needs the chart, images.json, sbom.cdx.json, the manifests and, with a private registry, mirror/images.sync.yaml and scripts/mirror-images.sh`);
    }
    return file;
  };
  const chart = need(inputs.chart);
  const images = need(inputs.images);
  const sbom = need(inputs.sbom);
  // Without a private registry the cluster pulls from the sources: there is nothing to mirror.
  const mirror = model.chart.registry ? [
    { path: 'images.sync.yaml', content: need(inputs.sync).content },
    { path: 'mirror-images.sh', content: need(inputs.mirrorScript).content, mode: EXECUTABLE },
  ] : [];
  const manifests = envFiles.filter((f) => /^manifests\/[^/]+\.yaml$/.test(f.path)).sort((a, b) => compareStrings(a.path, b.path));
  if (manifests.length === 0) throw new Error(`bundle of environment ${env}: dist/${env}/manifests/ has no manifests`);
  const eks = envFiles
    .filter((f) => /^iam\/[^/]+\.json$/.test(f.path) || f.path === 'kubeconfig.yaml')
    .sort((a, b) => compareStrings(a.path, b.path));

  const namespaceObject = model.objects.find((o) => o.kind === 'Namespace' && o.metadata.name === model.env.spec.namespace);
  const namespaceManifest = namespaceObject ? `manifests/${manifestFileName(namespaceObject)}` : undefined;
  if (namespaceManifest && !byPath.has(namespaceManifest)) {
    throw new Error(`bundle of environment ${env}: dist/${env}/${namespaceManifest} is missing`);
  }
  return { chart, chartPath: `chart/${inputs.chart}`, images, sbom, mirror, manifests, eks, namespaceManifest };
}

/** What deploy.sh and the operator README both tell about the environment. */
interface BundleFacts {
  readonly registry?: DeployRegistry;
  readonly taskNamespaces?: DeployTaskNamespaces;
  readonly databaseSecret?: { readonly name: string; readonly key: string };
  readonly caBundles: DeployFileSource[];
}

function bundleFacts(model: EnvironmentModel): BundleFacts {
  const spec = model.env.spec;
  // Logins and the pull Secret name the server alone, without the path prefix.
  const registry = model.chart.registry ? { host: model.chart.registry.server, pullSecret: model.chart.registry.pullSecretName } : undefined;
  const tasks = model.chart.flyte.taskNamespaces;
  const taskNamespaces = tasks.length > 0 ? { names: tasks.map((n) => n.name), labels: tasks[0].labels } : undefined;
  const passwordSecret = spec.database.passwordSecret;
  // With an ExternalSecret the Secret appears during the install; otherwise an operator creates it first.
  const databaseSecret = passwordSecret.externalSecret ? undefined : { name: passwordSecret.name, key: passwordSecret.key };
  const caBundles = [
    ...(spec.caBundle ? [{ source: spec.caBundle, what: 'CA bundle' }] : []),
    ...(spec.database.caBundle ? [{ source: spec.database.caBundle, what: 'database CA bundle' }] : []),
  ].map(({ source, what }) => ({ kind: source.configMap !== undefined ? 'ConfigMap' as const : 'Secret' as const, name: (source.configMap ?? source.secret)!, key: source.key, what }));
  return { registry, taskNamespaces, databaseSecret, caBundles };
}

function deployFor(model: EnvironmentModel, version: string, inputs: BundleInputs, facts: BundleFacts, listed: string[]): string {
  const spec = model.env.spec;
  const flyte = model.chart.flyte;
  return deployScript({
    environment: model.env.name,
    version,
    release: spec.release,
    namespace: spec.namespace,
    chart: inputs.chartPath,
    namespaceManifest: inputs.namespaceManifest,
    registry: facts.registry,
    taskNamespaces: facts.taskNamespaces,
    databaseSecret: facts.databaseSecret,
    requiredSecrets: model.chart.flyte.auth?.requiredSecrets,
    caBundles: facts.caBundles,
    // Task pods mount the trusted CA bundle from their own namespace (the default PodTemplate).
    taskFiles: flyte.taskPodTemplate ? facts.caBundles.filter((c) => c.what === 'CA bundle') : undefined,
    expectedCluster: spec.eks?.cluster,
    pinnedFingerprint: spec.signing?.keyFingerprint,
    files: listed,
  });
}

function verifyFor(model: EnvironmentModel, version: string): string {
  const flyte = model.chart.flyte;
  return verifyScript({
    environment: model.env.name,
    version,
    namespace: model.env.spec.namespace,
    selector: flyte.selector,
    services: [flyte.httpServiceName, flyte.grpcServiceName, flyte.webhookServiceName],
    httpService: flyte.httpServiceName,
    httpPort: FLYTE_PORTS.http,
    grpcService: flyte.grpcServiceName,
    grpcPort: FLYTE_PORTS.grpc,
    auth: flyte.auth !== undefined,
    expectedCluster: model.env.spec.eks?.cluster,
  });
}

/** README.md of the bundle (also OPERATOR.md), with the deployment diagram. */
function readmeFor(model: EnvironmentModel, version: string, folder: string, files: string[], inputs: BundleInputs, facts: BundleFacts): string {
  const spec = model.env.spec;
  const flyte = model.chart.flyte;
  return operatorReadme({
    environment: model.env.name,
    version,
    release: spec.release,
    namespace: spec.namespace,
    archive: `${folder}.tar.gz`,
    folder,
    files,
    images: [...new Set(flyte.images.map((i) => i.target.toString()))].sort(compareStrings),
    registry: facts.registry,
    taskNamespaces: facts.registry?.pullSecret ? flyte.taskNamespaces.map((n) => n.name) : [],
    namespaceManifest: inputs.namespaceManifest,
    databaseSecret: facts.databaseSecret,
    authSecrets: model.chart.flyte.auth?.requiredSecrets,
    caBundles: facts.caBundles,
    expectedCluster: spec.eks?.cluster,
    diagram: deploymentDiagram(model.objects, {
      buckets: [spec.storage.metadataBucket, spec.storage.userDataBucket],
      podIdentityAssociations:
        spec.serviceAccount.credentials === 'podIdentity'
          ? [{ namespace: model.chart.serviceAccount.namespace, serviceAccount: model.chart.serviceAccount.name, roleArn: spec.serviceAccount.roleArn }]
          : [],
    }),
    podIdentity: spec.serviceAccount.credentials === 'podIdentity',
    pinnedFingerprint: spec.signing?.keyFingerprint,
  });
}
