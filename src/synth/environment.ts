import { bundleFiles } from '../bundle/bundle';
import { eksFiles } from '../eks/environment-files';
import { helmChartFiles } from '../helm/chart';
import { chartMetadata, chartName } from '../helm/chart-metadata';
import { packageChart } from '../helm/package';
import { markersFor, markSpec } from '../helm/site-values';
import { imageInventory, inventoryFile } from '../images/inventory';
import { mirrorFiles } from '../images/mirror-plan';
import { cyclonedxSbom, SBOM_PATH } from '../sbom/cyclonedx';
import { VERSION } from '../version';
import { manifestFileName, manifestYaml } from './manifests';
import { buildEnvironment, EnvironmentModel, SynthContext } from './model';
import type { OutputFile } from './output-dir';

/** The plain manifests: `manifests/NN-<kind>-<name>.yaml`, one object per file. */
export function manifestFiles(model: EnvironmentModel): OutputFile[] {
  return model.objects.map((obj) => ({ path: `manifests/${manifestFileName(obj)}`, content: manifestYaml(obj) }));
}

/**
 * The Helm chart (`chart/`), its package (`<chart>-<version>.tgz`) and a `file://` repository
 * index (`index.yaml`).
 */
export async function chartFiles(model: EnvironmentModel, ctx: SynthContext): Promise<OutputFile[]> {
  const realOutput = model.objects.map((o) => manifestYaml(o)).join('\n');
  const values = markersFor(model.env.spec, realOutput);
  const marked = buildEnvironment({ ...model.env, spec: markSpec(model.env.spec, values) }, ctx);
  const chart = helmChartFiles(model, marked, values, VERSION);
  const name = chartName(model.env.name);
  const pkg = await packageChart(name, VERSION, chart, chartMetadata(model, VERSION));
  return [
    ...chart.map((f) => ({ ...f, path: `chart/${f.path}` })),
    { path: pkg.fileName, content: pkg.tgz },
    { path: 'index.yaml', content: pkg.index },
  ];
}

/** The image inventory (`images.json`) and, with a private registry, the mirroring files. */
export function imageFiles(model: EnvironmentModel, ctx: SynthContext): OutputFile[] {
  const inventory = imageInventory(model.env.name, model.chart);
  const unpinned = inventory.images.filter((i) => i.digest === null);
  if (inventory.registry !== null && unpinned.length > 0) {
    ctx.warn(
      `${model.env.name}: ${unpinned.length} image${unpinned.length > 1 ? 's are' : ' is'} not pinned by digest (${unpinned.map((i) => i.source).join(', ')}); run "npx enterprise-flyte images lock" on a connected machine and commit config/images.lock.json`,
    );
  }
  return [inventoryFile(inventory), ...mirrorFiles(model.env.name, model.chart)];
}

/** The AWS Load Balancer Controller's annotation for the protocol it speaks to the targets. */
export const ALB_BACKEND_PROTOCOL = 'alb.ingress.kubernetes.io/backend-protocol-version';

/** The bill of materials (`sbom.cdx.json`): the packaged chart `chart`, Flyte and the images. */
export function sbomFile(model: EnvironmentModel, chart: OutputFile): OutputFile {
  const content = cyclonedxSbom({
    environment: model.env.name,
    version: VERSION,
    chart: { name: chartName(model.env.name), path: `chart/${chart.path}`, content: chart.content },
    flyteVersion: model.env.spec.flyte.version,
    images: imageInventory(model.env.name, model.chart),
  });
  return { path: SBOM_PATH, content };
}

/**
 * Mistakes with an AWS Load Balancer Controller ALB that synthesise fine and fail at run time:
 * - in IP mode it reaches the pod from the load balancer's own addresses, which a NetworkPolicy of
 *   namespaces does not allow: every request would be dropped;
 * - it speaks HTTP/1.1 to targets unless the gRPC Ingress says GRPC (its default is HTTP1, and HTTP2
 *   is flyteorg/flyte PR #2702's mistake: gRPC needs GRPC), so every gRPC call fails; and GRPC on the
 *   HTTP Ingress (from the shared annotations) breaks the console and the REST API.
 */
export function loadBalancerWarnings(model: EnvironmentModel, ctx: SynthContext): void {
  const spec = model.env.spec;
  const ingress = spec.ingress;
  if (ingress?.className !== 'alb') return;
  if (spec.networkPolicy?.enabled && (spec.networkPolicy.ingressCidrs ?? []).length === 0) {
    ctx.warn(
      `${model.env.name}: ingress.className is "alb" and the NetworkPolicy allows no load balancer addresses, so the ALB cannot reach the pod; set networkPolicy.ingressCidrs to the load balancer's subnets`,
    );
  }
  const grpc = { ...ingress.annotations, ...ingress.grpcAnnotations }[ALB_BACKEND_PROTOCOL];
  if (grpc !== 'GRPC') {
    ctx.warn(
      `${model.env.name}: ingress.className is "alb" and the gRPC Ingress has ${grpc === undefined ? `no ${ALB_BACKEND_PROTOCOL}` : `${ALB_BACKEND_PROTOCOL}: ${JSON.stringify(grpc)}`}, so the ALB does not speak gRPC to the pod and every gRPC call fails; set ingress.grpcAnnotations."${ALB_BACKEND_PROTOCOL}" to "GRPC"`,
    );
  }
  const http = { ...ingress.annotations, ...ingress.httpAnnotations }[ALB_BACKEND_PROTOCOL];
  if (http === 'GRPC') {
    ctx.warn(
      `${model.env.name}: ingress.className is "alb" and the HTTP Ingress has ${ALB_BACKEND_PROTOCOL}: "GRPC", so the console and the REST API fail; set it in ingress.grpcAnnotations, not ingress.annotations`,
    );
  }
}

/**
 * A CA bundle reaches task pods only through the default PodTemplate (tasks.podTemplate), which
 * mounts it: without one, tasks behind a TLS-inspecting proxy would fail their TLS handshakes.
 */
export function taskPodWarnings(model: EnvironmentModel, ctx: SynthContext): void {
  const spec = model.env.spec;
  if (spec.caBundle && !spec.tasks?.podTemplate) {
    ctx.warn(
      `${model.env.name}: caBundle is set, but task pods do not get it without tasks.podTemplate (the default PodTemplate that mounts it, and makes task pods restricted); set tasks.podTemplate, or build the CA into the task images`,
    );
  }
}

/** Every file of `dist/<env>/`, paths relative to it. */
export async function environmentFiles(model: EnvironmentModel, ctx: SynthContext): Promise<OutputFile[]> {
  loadBalancerWarnings(model, ctx);
  taskPodWarnings(model, ctx);
  const chart = await chartFiles(model, ctx);
  const files = [...manifestFiles(model), ...chart, ...imageFiles(model, ctx), ...eksFiles(model, ctx)];
  files.push(sbomFile(model, chart.find((f) => f.path === `${chartName(model.env.name)}-${VERSION}.tgz`)!));
  // The bundle packs the other files, so it comes last.
  return [...files, ...(await bundleFiles(model, files, { onStep: ctx.onBundleStep }))];
}
