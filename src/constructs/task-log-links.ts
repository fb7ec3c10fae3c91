import type { IConstruct } from 'constructs';
import { AWS_REGION, DISPLAY_NAME, LOG_GROUP, LOG_TEMPLATE_URI } from '../config/formats';
import { quoted } from '../synth/yaml';
import { assertProp } from './errors';

export interface TaskLogLinksProps {
  /** @default - no CloudWatch link */
  readonly cloudwatch?: { readonly region: string; readonly logGroup: string };
  /** @default - no Kubernetes dashboard link */
  readonly kubernetes?: { readonly templateUri: string };
  /** @default - none */
  readonly custom?: ReadonlyArray<{ readonly displayName: string; readonly templateUris: readonly string[] }>;
}

/** The AWS console host of a region's partition. */
function consoleHost(region: string): string {
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  if (region.startsWith('cn-')) return 'console.amazonaws.cn';
  return 'console.aws.amazon.com';
}

/**
 * The CloudWatch link of a container's log stream, in the stream naming of the EKS Container
 * Insights Fluent Bit agent: "<node name>-application.var.log.containers.<pod>_<namespace>_<container>-<container id>.log"
 * (its log_stream_prefix is the node's name and "-", its tag the file under /var/log/containers;
 * flyteorg/flyte #2635: upstream's eks-production.yaml form, without the node, names no stream).
 * `{{ .nodeName }}` is a variable of flyteplugins v1.16.8's tasklog templates
 * (go/tasks/pluginmachinery/tasklog/template.go), filled from the pod's spec.nodeName.
 */
export function cloudwatchTemplateUri(region: string, logGroup: string): string {
  return `https://${consoleHost(region)}/cloudwatch/home?region=${region}#logEventViewer:group=${logGroup};stream={{ .nodeName }}-application.var.log.containers.{{ .podName }}_{{ .namespace }}_{{ .containerName }}-{{ .containerId }}.log`;
}

/**
 * Flyte's log-link configuration (`plugins.logs`, also written under `plugins.k8s-array.logs.config`),
 * with the keys the upstream chart writes: each provider's `-enabled` flag, its template, and
 * custom `templates`. Errors name FlyteBinary's fields (`logs`), after the path of `scope` when given.
 */
export function taskLogLinks(props: TaskLogLinksProps = {}, scope?: IConstruct): Record<string, unknown> {
  const { cloudwatch: cw, kubernetes: kube, custom } = props;
  if (cw) {
    assertProp(scope, 'logs.cloudwatch.region', cw.region, AWS_REGION);
    assertProp(scope, 'logs.cloudwatch.logGroup', cw.logGroup, LOG_GROUP);
  }
  if (kube) assertProp(scope, 'logs.kubernetes.templateUri', kube.templateUri, LOG_TEMPLATE_URI);
  for (const c of custom ?? []) {
    assertProp(scope, 'logs.custom.displayName', c.displayName, DISPLAY_NAME);
    for (const u of c.templateUris) assertProp(scope, 'logs.custom.templateUris', u, LOG_TEMPLATE_URI);
  }
  return {
    'kubernetes-enabled': kube !== undefined,
    ...(kube ? { 'kubernetes-template-uri': quoted(kube.templateUri) } : {}),
    'cloudwatch-enabled': cw !== undefined,
    ...(cw
      ? { 'cloudwatch-region': quoted(cw.region), 'cloudwatch-log-group': quoted(cw.logGroup), 'cloudwatch-template-uri': quoted(cloudwatchTemplateUri(cw.region, cw.logGroup)) }
      : {}),
    'stackdriver-enabled': false,
    ...(custom && custom.length > 0
      ? { templates: custom.map((c) => ({ displayName: quoted(c.displayName), templateUris: c.templateUris.map((u) => quoted(u)) })) }
      : {}),
  };
}
