import { podSpecs } from '../pod-specs';
import { id, Rule } from '../rule';

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

export const volumeTypes: Rule = {
  id: 'volume-types',
  description: 'Pods may only use configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected and secret volumes.',
  check: (objects) =>
    podSpecs(objects).flatMap((pod) =>
      ((pod.spec.volumes ?? []) as Array<Record<string, unknown>>).flatMap((v) => {
        const type = Object.keys(v).find((k) => k !== 'name');
        return type && ALLOWED_VOLUMES.includes(type)
          ? []
          : [{ rule: 'volume-types', object: id(pod.object), field: `${pod.path}.volumes[${v.name}]`, message: `volume type ${type} is not allowed`, fix: `use one of ${ALLOWED_VOLUMES.join(', ')}` }];
      }),
    ),
};
