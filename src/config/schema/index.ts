import type { z } from 'zod/mini';
import { _default, optional, superRefine } from 'zod/mini';
import '../zod-config';
import * as f from '../formats';
import { checkContainer } from '../container-rules';
import { checkFlyteConfig } from '../flyte-config-rules';
import { CHART_TEMPLATE_OBJECTS, NamespaceObject, namespaceObjectIssues } from '../namespace-objects';
import { checkTasks } from '../task-rules';
import { auth, authIssues } from './auth';
import { database, databaseIssues } from './database';
import { bool, fileSource, obj, siteLabels, str } from './fields';
import { flyte, flyteConfig } from './flyte';
import { images } from './images';
import { ingress, ingressIssues } from './ingress';
import { logs } from './logs';
import { metrics } from './metrics';
import { networkPolicy } from './network-policy';
import { plugins } from './plugins';
import { pod, podIssues } from './pod';
import { policy } from './policy';
import { domains, projects } from './projects';
import { proxy, proxyIssues } from './proxy';
import { registry, registryIssues } from './registry';
import { resources, resourceIssues } from './resources';
import { serviceAccount } from './service-account';
import { services } from './services';
import { signing } from './signing';
import { storage } from './storage';
import { tasks } from './tasks';

// The environment schema, assembled from one module per section; the builders of every field are in ./fields.
export { annotationBytes, ANNOTATIONS_MAX_BYTES, jsonSchemaExtras, str } from './fields';

/** The zod (zod/mini) schema of an environment file; `environmentSpec` validates with it. */
export const environmentSchema = obj(
  {
    release: str(f.RELEASE_NAME, 'Release name; objects are named "<release>-flyte-binary[-...]" like the upstream chart.'),
    namespace: str(f.NAMESPACE, 'Namespace Flyte runs in; never a system namespace (default, kube-*).'),
    createNamespace: _default(bool('Render the Namespace object, labelled for the "restricted" Pod Security Standard.'), true),
    flyte,
    images,
    registry,
    database,
    auth,
    storage,
    serviceAccount,
    ingress,
    resources,
    projects,
    domains,
    tasks,
    plugins,
    logs,
    flyteConfig,
    caBundle: optional(
      fileSource(
        'Trusted CA certificates (PEM) of the Flyte binary, for a TLS-inspecting proxy or internal endpoints: mounted read-only and named by SSL_CERT_FILE (Go) and AWS_CA_BUNDLE (AWS SDK).',
        'Key of the PEM file, for example "ca.crt".',
      ),
    ),
    proxy,
    labels: optional(siteLabels('Labels on every rendered object (cost centre, team); the chart\'s own keys are reserved.')),
    pod,
    services,
    eks: optional(obj({ cluster: str(f.EKS_CLUSTER_NAME, 'EKS cluster name; its facts are read from config/clusters/<cluster>.json.') }, 'The EKS cluster this environment deploys to.')),
    networkPolicy,
    metrics,
    signing,
    policy,
  },
  'An enterprise-flyte environment.',
).check(
  superRefine((env, ctx) => {
    const issues = [
      ...databaseIssues(env.database),
      ...authIssues(env),
      ...podIssues(env.pod),
      ...ingressIssues(env.ingress),
      ...resourceIssues(env.resources),
      ...registryIssues(env.registry),
      ...proxyIssues(env.proxy),
      ...checkTasks(env),
      ...checkFlyteConfig(env.flyteConfig),
      ...checkContainer(env),
      ...namespaceObjectIssues((env.tasks?.namespaceObjects ?? []) as unknown as NamespaceObject[], CHART_TEMPLATE_OBJECTS),
    ];
    for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
  }),
);

/** The environment file as written (before defaults). */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** A validated environment with defaults applied. */
export type EnvironmentSpec = z.output<typeof environmentSchema>;
