import { allImages } from '../object-images';
import type { Rule } from '../rule';

export const imageRegistry: Rule = {
  id: 'image-registry',
  description: "Images come only from the environment's private registry.",
  check: (objects, ctx) =>
    allImages(objects).flatMap((i) =>
      ctx.registry !== undefined && i.image.startsWith(`${ctx.registry}/`)
        ? []
        : [{ rule: 'image-registry', object: i.object, field: i.field, message: `image ${JSON.stringify(i.image)} is not in ${ctx.registry ?? 'a private registry (none is configured)'}`, fix: 'set registry.host in the environment file so every image is mirrored there' }],
    ),
};
