import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-27/lib/imports/k8s';
import { DNS_LABEL, DNS_SUBDOMAIN } from '../config/formats';
import type { CaBundle } from './ca-bundle';
import { PodTemplate } from './pod/pod-template';
import { assertProp, propsError } from './errors';

/**
 * Flyte's name for the template container that every container of a task pod starts from
 * (`defaultContainerTemplateName` of flyteplugins/go/tasks/pluginmachinery/flytek8s, v1.16.8).
 */
export const DEFAULT_CONTAINER_TEMPLATE = 'default';

/** The user flytekit's images run as (`useradd -u 1000 flytekit`, `USER flytekit` in flytekit's Dockerfile). */
export const FLYTEKIT_UID = 1000;

export interface TaskPodTemplateProps {
  /** Name Flyte looks the template up by (`plugins.k8s.default-pod-template-name`). */
  readonly name: string;
  /**
   * The release namespace: Flyte looks in the task's namespace first, then in its own
   * (POD_NAMESPACE; `LoadOrDefault` in flytek8s/pod_template_store.go), so one template here
   * serves every project-domain namespace, those of projects created later too.
   */
  readonly namespace: string;
  /**
   * The image of the template container. Flyte replaces it with each task container's own (a
   * container's fields override the template's); the API server still requires one.
   */
  readonly placeholderImage: string;
  /**
   * Make task pods meet the "restricted" Pod Security Standard: non-root (this user id), the
   * RuntimeDefault seccomp profile, no privilege escalation, no capabilities. Images that need root
   * then fail to start.
   * @default - no security context
   */
  readonly restricted?: { readonly runAsUser: number };
  /**
   * CA bundle mounted into every task container, at the path the default environment names. The
   * ConfigMap or Secret must exist in each project-domain namespace (deploy.sh copies it there);
   * the mount is optional, so a namespace without the copy runs tasks without the bundle.
   * @default - none
   */
  readonly caBundle?: CaBundle;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * The default PodTemplate of task pods: Flyte merges every task pod onto it (flytek8s
 * `MergeBasePodSpecOntoTemplate`): the pod-level fields apply unless the task sets them, the
 * `default` container's fields to every container unless that container sets them, volumes and
 * mounts are appended.
 */
export class TaskPodTemplate extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: TaskPodTemplateProps) {
    super(scope, id);
    assertProp(this, 'name', props.name, DNS_SUBDOMAIN);
    assertProp(this, 'namespace', props.namespace, DNS_LABEL);
    const uid = props.restricted?.runAsUser;
    if (uid !== undefined && (!Number.isInteger(uid) || uid < 1 || uid > 2147483647)) {
      throw propsError(this, 'restricted.runAsUser', `${JSON.stringify(uid)} is not allowed; expected a non-root user id from 1 to 2147483647`);
    }
    if (!props.restricted && !props.caBundle) throw propsError(this, undefined, 'expected restricted, caBundle or both (an empty template changes nothing)');
    this.name = props.name;
    const seccompProfile = { type: 'RuntimeDefault' };
    const pod = new PodTemplate(this);
    const container = pod.addContainer({
      name: DEFAULT_CONTAINER_TEMPLATE,
      image: props.placeholderImage,
      securityContext: uid !== undefined ? { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, runAsNonRoot: true, seccompProfile } : undefined,
    });
    if (props.caBundle) container.addMount(props.caBundle.optionalMount);
    new k8s.KubePodTemplate(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      template: {
        spec: {
          securityContext: uid !== undefined ? { runAsNonRoot: true, runAsUser: uid, seccompProfile } : undefined,
          ...pod.toKube(),
        },
      },
    });
  }
}
