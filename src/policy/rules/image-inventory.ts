import { allImages } from '../object-images';
import type { Rule } from '../rule';

export const imageInventory: Rule = {
  id: 'image-inventory',
  description: 'Every image a pod can run is listed in the image inventory (images.json), so it gets mirrored.',
  check: (objects, ctx) =>
    allImages(objects).flatMap((i) =>
      ctx.inventory.includes(i.image) ? [] : [{ rule: 'image-inventory', object: i.object, field: i.field, message: `image ${JSON.stringify(i.image)} is not in the image inventory`, fix: 'declare the image through the constructs so it is inventoried and mirrored' }],
    ),
};
