import { allImages, tagOf } from '../object-images';
import type { Rule } from '../rule';

export const imageTag: Rule = {
  id: 'image-tag',
  description: 'Images are pinned: a tag other than "latest", or a digest.',
  check: (objects) =>
    allImages(objects).flatMap((i) => {
      const tag = tagOf(i.image);
      const pinned = i.image.includes('@sha256:') || (tag !== undefined && tag !== 'latest');
      return pinned ? [] : [{ rule: 'image-tag', object: i.object, field: i.field, message: `image ${JSON.stringify(i.image)} ${tag === 'latest' ? 'uses the "latest" tag' : 'has no tag'}`, fix: 'pin the image to a release tag (flyte.version) or lock its digest' }];
    }),
};
