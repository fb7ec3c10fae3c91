import { Container, PodSpecAt, podSpecs } from './pod-specs';
import { id, Rule } from './rule';

/** A rule that looks at every container of every pod spec. */
export function containerRule(ruleId: string, description: string, fix: string, test: (c: Container, pod: PodSpecAt, init: boolean) => { field: string; message: string } | undefined): Rule {
  return {
    id: ruleId,
    description,
    check: (objects) =>
      podSpecs(objects).flatMap((pod) =>
        pod.containers.flatMap(({ c, path, init }) => {
          const r = test(c, pod, init);
          return r ? [{ rule: ruleId, object: id(pod.object), field: `${path}.${r.field}`, message: r.message, fix }] : [];
        }),
      ),
  };
}

/** The effective security setting: the container's, else the pod's. */
export const effective = (c: Container, pod: PodSpecAt, key: string) => c.securityContext?.[key] ?? pod.spec.securityContext?.[key];
