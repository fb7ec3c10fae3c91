import { podSpecs } from '../pod-specs';
import { id, Rule } from '../rule';

export const serviceSelectsPod: Rule = {
  id: 'service-selects-pod',
  description: "Every Service selects a pod of the release, on ports the pod declares.",
  check: (objects) =>
    objects.filter((o) => o.kind === 'Service').flatMap((svc) => {
      const spec = (svc as any).spec ?? {};
      const selector: Record<string, string> = spec.selector ?? {};
      const fix = 'make the Service selector match the pod template labels and targetPort name a container port';
      if (Object.keys(selector).length === 0) return [{ rule: 'service-selects-pod', object: id(svc), field: 'spec.selector', message: 'the Service has no selector', fix }];
      const pods = podSpecs(objects).filter((p) => (p.object.metadata.namespace ?? '') === (svc.metadata.namespace ?? '') && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
      if (pods.length === 0) return [{ rule: 'service-selects-pod', object: id(svc), field: 'spec.selector', message: 'the selector matches no pod', fix }];
      const names = new Set(pods.flatMap((p) => p.containers.flatMap(({ c }) => (c.ports ?? []).map((port) => port.name ?? String(port.containerPort)))));
      const numbers = new Set(pods.flatMap((p) => p.containers.flatMap(({ c }) => (c.ports ?? []).map((port) => String(port.containerPort)))));
      return ((spec.ports ?? []) as Array<{ name?: string; targetPort?: string | number; port: number }>)
        .filter((p) => !names.has(String(p.targetPort ?? p.port)) && !numbers.has(String(p.targetPort ?? p.port)))
        .map((p) => ({ rule: 'service-selects-pod', object: id(svc), field: `spec.ports[${p.name ?? p.port}].targetPort`, message: `targetPort ${p.targetPort ?? p.port} is not a port of the selected pod`, fix }));
    }),
};
