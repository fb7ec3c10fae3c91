import type { EnvironmentModel } from '../synth/model';
import { KubeObject, manifestFileName } from '../synth/manifests';
import type { OutputFile } from '../synth/output-dir';
import { toYaml } from '../synth/yaml';
import { chartMetadata } from './chart-metadata';
import { MarkedValue, markerMatcher } from './site-values';
import { valuesSchema, valuesYaml } from './values';

/** Excluded from the chart: Helm installs into a namespace it does not own (`deploy.sh` creates it). */
const NOT_IN_CHART = new Set(['Namespace']);

const HELMIGNORE = ['.DS_Store', '.git/', '.gitignore', '*.swp', '*.bak', '*.tmp', '*.orig', '*~', '.idea/', '.vscode/', ''].join('\n');

/**
 * The Helm chart of one environment, rendered from the same constructs as the plain manifests.
 * `marked` is the same environment built with each of `siteValues` replaced by its marker
 * (see site-values.ts); each marker in its output becomes `{{ .Values.<path> }}`.
 * Returns files relative to the chart folder.
 */
export function helmChartFiles(real: EnvironmentModel, marked: EnvironmentModel, siteValues: readonly MarkedValue[], version: string): OutputFile[] {
  const files: OutputFile[] = [];
  const used = new Set<string>();
  const checksums = checksumTemplates(marked);
  const matcher = markerMatcher(siteValues);
  for (const obj of marked.objects) {
    if (NOT_IN_CHART.has(obj.kind)) continue;
    const file = manifestFileName(obj);
    if (obj.kind === 'CustomResourceDefinition') {
      // Helm installs crds/ verbatim, before the templates, and never templates them.
      files.push({ path: `crds/${file}`, content: toYaml(obj) });
      continue;
    }
    files.push({ path: `templates/${file}`, content: templateOf(obj, matcher, checksums, used) });
  }
  const unused = siteValues.filter((v) => !used.has(v.path)).map((v) => v.path);
  if (unused.length > 0) throw new Error(`helm: values ${unused.join(', ')} are exposed but used nowhere`);

  files.push(
    { path: 'Chart.yaml', content: toYaml(chartMetadata(real, version)) },
    { path: 'values.yaml', content: valuesYaml(real.env.spec, siteValues) },
    { path: 'values.schema.json', content: `${JSON.stringify(valuesSchema(siteValues), null, 2)}\n` },
    { path: 'templates/NOTES.txt', content: notes(real) },
    { path: '.helmignore', content: HELMIGNORE },
  );
  return files;
}

/** Checksum annotation value -> a Helm expression hashing the ConfigMap template it covers. */
function checksumTemplates(marked: EnvironmentModel): Map<string, string> {
  const out = new Map<string, string>();
  for (const [annotation, configMap] of Object.entries(marked.chart.flyte.checksumSources)) {
    const obj = marked.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configMap)!;
    out.set(annotation, `{{ include (print $.Template.BasePath "/${manifestFileName(obj)}") . | sha256sum | quote }}`);
  }
  return out;
}

function templateOf(obj: KubeObject, matcher: ReturnType<typeof markerMatcher>, checksums: Map<string, string>, used: Set<string>): string {
  // toYaml copies the object anyway: only the pod template's annotations are replaced here.
  let source: any = obj;
  const checksumMarkers = new Map<string, string>();
  const template = (obj as any).spec?.template;
  const annotations: Record<string, string> = { ...template?.metadata?.annotations };
  for (const [annotation, expression] of checksums) {
    if (annotation in annotations) {
      const marker = `zhvchecksum${checksumMarkers.size}z`;
      annotations[annotation] = marker;
      checksumMarkers.set(marker, expression);
    }
  }
  if (checksumMarkers.size > 0) {
    source = { ...obj, spec: { ...(obj as any).spec, template: { ...template, metadata: { ...template.metadata, annotations } } } };
  }
  const isMarked = (s: string) => {
    matcher.pattern.lastIndex = 0;
    return matcher.pattern.test(s) || [...checksumMarkers.keys()].some((m) => s.includes(m));
  };
  // Quote every scalar that holds a value, so that "123" or "true" stay strings after rendering.
  let text = toYaml(source, { quoteIf: isMarked });
  // Braces already in the content (Flyte's own `{{ namespace }}` template) must reach the cluster as written.
  text = text.replace(/\{\{|\}\}/g, (b) => `{{ "${b}" }}`);
  for (const [marker, expression] of checksumMarkers) text = text.split(`"${marker}"`).join(expression);
  return text.replace(matcher.pattern, (marker) => {
    const path = matcher.pathOf.get(marker)!;
    used.add(path);
    return `{{ .Values.${path} }}`;
  });
}

function notes(model: EnvironmentModel): string {
  const { namespace, release } = model.env.spec;
  const http = model.chart.flyte.httpServiceName;
  const grpc = model.chart.flyte.grpcServiceName;
  return [
    `Flyte {{ .Chart.AppVersion }} runs as Deployment ${release}-flyte-binary in namespace ${namespace}.`,
    '',
    '{{- if .Values.ingress }}',
    '',
    'Console:       https://{{ .Values.ingress.host }}/console',
    'Health check:  curl -fsS https://{{ .Values.ingress.host }}/healthcheck',
    'API (gRPC):    {{ .Values.ingress.host }}:443 (flytectl / pyflyte endpoint "dns:///{{ .Values.ingress.host }}")',
    '{{- end }}',
    '',
    'From a workstation with cluster access, without the ingress:',
    `  kubectl -n ${namespace} port-forward svc/${http} 8088:8088`,
    '  Console:      http://localhost:8088/console',
    '  Health check: curl -fsS http://localhost:8088/healthcheck',
    `  kubectl -n ${namespace} port-forward svc/${grpc} 8089:8089   # flytectl --admin.endpoint dns:///localhost:8089 --admin.insecure`,
    '',
  ].join('\n');
}
