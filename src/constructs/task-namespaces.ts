import { Construct, IConstruct } from 'constructs';
import type * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_SUBDOMAIN, FLYTE_DOMAIN, IAM_ROLE_ARN, QUANTITY } from '../config/formats';
import { quoted, toYaml } from '../synth/yaml';
import { NamespaceObject, namespaceObjectTemplates } from './namespace-objects';
import { assertProp, propsError } from './errors';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

export interface TaskResourceSet {
  readonly cpu: string;
  readonly memory: string;
  /** @default - none */
  readonly gpu?: string;
  /** @default - none */
  readonly ephemeralStorage?: string;
}

export interface TaskNamespacesProps {
  /** Domains of every project; each gets its own customData. */
  readonly domains: readonly string[];
  /**
   * IAM role of the task pods of each domain (every domain or none).
   * @default - no role: the `default` ServiceAccount gets no IRSA annotation
   */
  readonly roles?: Readonly<Record<string, string>>;
  /**
   * Pull Secret the `default` ServiceAccount of each namespace references.
   * @default - none (public images, or an ECR registry pulled with the node role)
   */
  readonly pullSecret?: string;
  /**
   * Pod Security Standard enforced in each namespace; "restricted" is always warned and audited.
   * @default 'baseline'
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * ResourceQuota of each domain's namespaces (every domain or none, with the same keys).
   * @default - no ResourceQuota
   */
  readonly quotas?: Readonly<Record<string, TaskResourceSet>>;
  /**
   * Task resource defaults and limits: a LimitRange gives containers without resources the
   * defaults and caps every container at the limits.
   * @default - no LimitRange
   */
  readonly resources?: { readonly defaults: TaskResourceSet; readonly limits: TaskResourceSet };
  /**
   * The Spark driver's identity in each namespace: the ServiceAccount `spark` (Flyte's spark plugin
   * runs the driver as it when the execution names none) bound to this ClusterRole of the release.
   * @default - none
   */
  readonly spark?: { readonly driverClusterRole: string };
  /**
   * More objects of each namespace (validated Kubernetes objects of the kinds in
   * NAMESPACE_OBJECT_KINDS), after the chart's own templates.
   * @default - none
   */
  readonly objects?: readonly NamespaceObject[];
}

/** Flyte's cluster-resource template variables, one value per domain. */
export type CustomData = Record<string, Record<string, { value: string }>>;

export interface TaskNamespaceTemplates {
  /** File name -> template, applied by flyteadmin in file-name order to each project-domain namespace. */
  readonly templates: Record<string, string>;
  /** `cluster_resources.customData`: domain -> variable -> value. Empty when no template needs one. */
  readonly customData: CustomData;
  /** Core-group resources the templates create, for the ClusterRole. */
  readonly resources: string[];
  /** ClusterRole rules for what the templates create outside the core group. */
  readonly rules: k8s.PolicyRule[];
}

/** Kubernetes resource name of each task resource (Flyte's default GPU resource name). */
const RESOURCE_NAMES: Record<keyof TaskResourceSet, string> = { cpu: 'cpu', memory: 'memory', gpu: 'nvidia.com/gpu', ephemeralStorage: 'ephemeral-storage' };
/** What the quota counts of each: limits, except GPUs, which are counted by request. */
const QUOTA_KEYS: Record<keyof TaskResourceSet, string> = { cpu: 'limits.cpu', memory: 'limits.memory', gpu: 'requests.nvidia.com/gpu', ephemeralStorage: 'limits.ephemeral-storage' };
const QUOTA_VARIABLES: Record<keyof TaskResourceSet, string> = { cpu: 'projectQuotaCpu', memory: 'projectQuotaMemory', gpu: 'projectQuotaGpu', ephemeralStorage: 'projectQuotaEphemeralStorage' };
const KINDS = ['cpu', 'memory', 'gpu', 'ephemeralStorage'] as const;

/** Name of the IRSA role variable (upstream eks-production.yaml's name). */
export const ROLE_VARIABLE = 'defaultIamRole';
export const TASK_QUOTA_NAME = 'project-quota';
export const TASK_LIMIT_RANGE_NAME = 'task-defaults';

/** Pod Security labels of a project-domain namespace. */
export function taskPodSecurityLabels(level: PodSecurityLevel): Record<string, string> {
  return {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/enforce-version': 'v1.27',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  };
}

const variable = (name: string) => `{{ ${name} }}`;

function resourceMap(set: TaskResourceSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KINDS) {
    const v = set[k];
    if (v !== undefined && k !== 'gpu') out[RESOURCE_NAMES[k]] = v;
  }
  return out;
}

/**
 * The cluster-resource templates of the project-domain namespaces, computed from its props;
 * renders no object (FlyteBinary writes the templates into its ConfigMap). Its errors name its
 * own props after its path.
 */
export class TaskNamespaces extends Construct implements TaskNamespaceTemplates {
  public readonly templates: Record<string, string>;
  public readonly customData: CustomData;
  public readonly resources: string[];
  public readonly rules: k8s.PolicyRule[];

  constructor(scope: Construct, id: string, props: TaskNamespacesProps) {
    super(scope, id);
    ({ templates: this.templates, customData: this.customData, resources: this.resources, rules: this.rules } = taskNamespaceTemplates(props, this));
  }
}

/** The templates being assembled: each part adds its file, variables and ClusterRole needs. */
interface Parts {
  readonly templates: Record<string, string>;
  readonly customData: CustomData;
  readonly resources: string[];
  readonly rules: k8s.PolicyRule[];
}

const setVariable = (parts: Parts, domain: string, name: string, value: string) => ((parts.customData[domain] ??= {})[name] = { value });

/**
 * The cluster-resource templates flyteadmin applies to every `<project>-<domain>` namespace,
 * with the `cluster_resources.customData` their variables need. Each template is created, or
 * patched when it exists (the `default` ServiceAccount always does). Errors name the props'
 * fields, after the path of `scope` when given.
 */
export function taskNamespaceTemplates(props: TaskNamespacesProps, scope?: IConstruct): TaskNamespaceTemplates {
  const level = validateTaskNamespaces(props, scope);
  const parts: Parts = { templates: {}, customData: {}, resources: ['namespaces'], rules: [] };
  parts.templates['001_namespace.yaml'] = toYaml({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: variable('namespace'), labels: taskPodSecurityLabels(level) },
  });
  if (props.roles || props.pullSecret) serviceAccountTemplate(props, parts);
  if (props.quotas) quotaTemplate(props, parts, scope);
  if (props.resources) limitRangeTemplate(props.resources, parts, scope);
  if (props.spark) sparkTemplates(props, parts, scope);
  if (props.objects && props.objects.length > 0) {
    const extra = namespaceObjectTemplates(props.objects, Object.values(parts.templates), scope);
    Object.assign(parts.templates, extra.templates);
    for (const r of extra.coreResources) if (!parts.resources.includes(r)) parts.resources.push(r);
    parts.rules.push(...extra.rules);
  }
  return parts;
}

/** The checks that span the props; returns the Pod Security level. */
function validateTaskNamespaces(props: TaskNamespacesProps, scope: IConstruct | undefined): PodSecurityLevel {
  const level = props.podSecurity ?? 'baseline';
  if (!['privileged', 'baseline', 'restricted'].includes(level)) {
    throw propsError(scope, 'podSecurity', `${JSON.stringify(level)} is not allowed; expected "privileged", "baseline" or "restricted"`);
  }
  for (const d of props.domains) assertProp(scope, 'domain', d, FLYTE_DOMAIN);
  if (props.pullSecret !== undefined) assertProp(scope, 'pullSecret', props.pullSecret, DNS_SUBDOMAIN);
  const everyDomain = (what: string, map: Readonly<Record<string, unknown>> | undefined) => {
    if (map === undefined) return;
    const missing = props.domains.filter((d) => map[d] === undefined);
    if (missing.length > 0) throw propsError(scope, what, `no value for domain ${missing.join(', ')}; expected one for every domain or none`);
  };
  everyDomain('roles', props.roles);
  everyDomain('quotas', props.quotas);
  for (const d of props.domains) if (props.roles) assertProp(scope, `roles.${d}`, props.roles[d], IAM_ROLE_ARN);
  return level;
}

/** The `default` ServiceAccount: the domain's IAM role (IRSA) and the pull Secret. */
function serviceAccountTemplate(props: TaskNamespacesProps, parts: Parts): void {
  const annotations: Record<string, string> = {};
  if (props.roles) {
    annotations['eks.amazonaws.com/role-arn'] = variable(ROLE_VARIABLE);
    // The regional endpoint is the one a VPC endpoint serves in an isolated network.
    annotations['eks.amazonaws.com/sts-regional-endpoints'] = 'true';
    for (const d of props.domains) setVariable(parts, d, ROLE_VARIABLE, props.roles[d]);
  }
  parts.templates['002_serviceaccount.yaml'] = toYaml({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'default', namespace: variable('namespace'), ...(props.roles ? { annotations } : {}) },
    ...(props.pullSecret ? { imagePullSecrets: [{ name: props.pullSecret }] } : {}),
  });
  parts.resources.push('serviceaccounts');
}

/** The ResourceQuota of each domain: one template, the amounts as variables per domain. */
function quotaTemplate(props: TaskNamespacesProps, parts: Parts, scope: IConstruct | undefined): void {
  const quotas = props.quotas!;
  const first = quotas[props.domains[0]];
  const kinds = KINDS.filter((k) => first[k] !== undefined);
  for (const d of props.domains) {
    const q = quotas[d];
    for (const k of KINDS) {
      if ((q[k] !== undefined) !== kinds.includes(k)) throw propsError(scope, `quotas.${d}`, `expected the same keys as domain ${props.domains[0]} (${kinds.join(', ')})`);
      if (q[k] !== undefined) {
        assertProp(scope, `quotas.${d}.${k}`, q[k]!, QUANTITY);
        setVariable(parts, d, QUOTA_VARIABLES[k], q[k]!);
      }
    }
  }
  parts.templates['003_resourcequota.yaml'] = toYaml({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: TASK_QUOTA_NAME, namespace: variable('namespace') },
    spec: { hard: Object.fromEntries(kinds.map((k) => [QUOTA_KEYS[k], variable(QUOTA_VARIABLES[k])])) },
  });
  parts.resources.push('resourcequotas');
}

/** The LimitRange: task resource defaults for containers without any, and the limits as maximums. */
function limitRangeTemplate(resources: NonNullable<TaskNamespacesProps['resources']>, parts: Parts, scope: IConstruct | undefined): void {
  const { defaults, limits } = resources;
  for (const k of KINDS) {
    if (defaults[k] !== undefined) assertProp(scope, `resources.defaults.${k}`, defaults[k]!, QUANTITY);
    if (limits[k] !== undefined) assertProp(scope, `resources.limits.${k}`, limits[k]!, QUANTITY);
  }
  const limitRange = {
    type: 'Container',
    // No GPUs here: a default would hand one to every container, and a max would refuse every
    // container without a GPU limit. Flyte's task_resources and the quota bound them instead.
    defaultRequest: resourceMap(defaults),
    default: resourceMap(defaults),
    max: resourceMap(limits),
  };
  parts.templates['004_limitrange.yaml'] = toYaml({
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: TASK_LIMIT_RANGE_NAME, namespace: variable('namespace') },
    spec: { limits: [limitRange] },
  });
  parts.resources.push('limitranges');
}

/** The name of the Spark driver's ServiceAccount, Flyte's default (`sparkTaskType`, flyteplugins/go/tasks/plugins/k8s/spark/spark.go). */
export const SPARK_SERVICE_ACCOUNT = 'spark';

/**
 * Flyte's spark plugin runs the driver as the execution's ServiceAccount, else as `spark`
 * (`serviceAccountName` in flyteplugins/go/tasks/plugins/k8s/spark/spark.go, v1.16.8; flyteorg/flyte
 * #2595), which must exist in the namespace with the rights to run executors. The ServiceAccount
 * is annotated like `default` (the task role); a RoleBinding gives it the rules of one ClusterRole
 * of the release in that namespace only. Flyte may bind only that ClusterRole (`bind` limited by
 * name): it needs none of the driver's rights itself, which it would to create a Role of them.
 */
function sparkTemplates(props: TaskNamespacesProps, parts: Parts, scope: IConstruct | undefined): void {
  const { templates, resources, rules } = parts;
  const role = props.spark!.driverClusterRole;
  assertProp(scope, 'spark.driverClusterRole', role, DNS_SUBDOMAIN);
  templates['005_spark_serviceaccount.yaml'] = toYaml({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: SPARK_SERVICE_ACCOUNT,
      namespace: variable('namespace'),
      ...(props.roles ? { annotations: { 'eks.amazonaws.com/role-arn': variable(ROLE_VARIABLE), 'eks.amazonaws.com/sts-regional-endpoints': 'true' } } : {}),
    },
    ...(props.pullSecret ? { imagePullSecrets: [{ name: props.pullSecret }] } : {}),
  });
  templates['006_spark_rolebinding.yaml'] = toYaml({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: SPARK_SERVICE_ACCOUNT, namespace: variable('namespace') },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ kind: 'ServiceAccount', name: SPARK_SERVICE_ACCOUNT, namespace: variable('namespace') }],
  });
  if (!resources.includes('serviceaccounts')) resources.push('serviceaccounts');
  // flyteadmin creates each template, and on AlreadyExists gets and patches it (clusterresource/controller.go).
  rules.push(
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['create', 'get', 'patch'] },
    { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], resourceNames: [role], verbs: ['bind'] },
  );
}

/**
 * `cluster_resources.customData` as Flyte's loader keeps its keys: a list of one-key maps per
 * domain, as upstream's eks-production.yaml writes it. Viper lower-cases map keys
 * ("defaultIamRole" would become "defaultiamrole", and flyteadmin replaces "{{ defaultIamRole }}"
 * case-sensitively), but keeps the case of keys inside lists (flytestdlib v1.16.8
 * config/viper/viper.go restoreCaseSensitiveArrayKeys), and its sliceToMapHook turns the lists
 * back into flyteadmin's map[domain]map[variable]DataSource. Values are double-quoted so that
 * chart values substitute into them verbatim.
 */
export function customDataList(data: CustomData): Array<Record<string, Array<Record<string, { value: ReturnType<typeof quoted> }>>>> {
  return Object.entries(data).map(([d, vars]) => ({ [d]: Object.entries(vars).map(([k, v]) => ({ [k]: { value: quoted(v.value) } })) }));
}
