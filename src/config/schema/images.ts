import { _default, array, minLength, optional, string } from 'zod/mini';
import * as f from '../formats';
import { described, obj, str } from './fields';

const imageOverride = (description: string) => described(optional(string({ error: 'expected an image reference' })), description);

export const images = optional(
  obj(
    {
      flyteBinary: imageOverride('Source image of the Flyte binary.'),
      coPilot: imageOverride('Source image of the co-pilot sidecar (referenced from the Flyte config only).'),
      waitForDb: imageOverride('Source image of the wait-for-db init container.'),
      flytekit: optional(
        obj(
          {
            pythonVersions: described(
              _default(array(str(f.PYTHON_VERSION, 'Python version.'), { error: 'expected a list of Python versions' }).check(minLength(1, { error: 'expected at least one Python version' })), ['3.12']),
              'Python versions of the images (the "py3.12" of the tag).',
            ),
            version: optional(str(f.FLYTEKIT_VERSION, 'flytekit release of the images; omit for the Flyte version without its "v".')),
          },
          'Also mirror flytekit\'s task images (cr.flyte.org/flyteorg/flytekit:py<python>-<version>), which pyflyte registers workflows with by default: register with the mirrored reference (pyflyte --image) so that task pods can pull them in the air gap.',
        ),
      ),
    },
    'Source image overrides; full references with a tag.',
  ),
);
