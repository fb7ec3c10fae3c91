import { _default, array, minLength, optional, regex, string, trim } from 'zod/mini';
import { described, obj } from './fields';

const waiver = obj(
  {
    rule: described(
      string({ error: 'expected a policy rule id such as "image-registry"' }).check(regex(/^[a-z0-9-]+$/, { error: 'expected a policy rule id such as "image-registry"' })),
      'Id of the rule to relax.',
    ),
    object: described(
      optional(
        string({ error: 'expected "<Kind>/<name>" or a file of dist/<env>/' }).check(
          regex(/^([A-Za-z]+\/[a-z0-9.-]+|[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*(:[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*)*)$/, {
            error: 'expected "<Kind>/<name>", for example "Deployment/flyte-backend-flyte-binary", or for credential-in-output a file of dist/<env>/ such as "chart/values.yaml"',
          }),
        ),
      ),
      'Limit the waiver to one object ("<Kind>/<name>") or, for credential-in-output, one file of dist/<env>/ ("chart/values.yaml"; "<archive>:<path>" inside an archive); omit to waive the rule everywhere.',
    ),
    reason: described(
      string({ error: 'expected a reason of at least 10 characters' }).check(trim(), minLength(10, { error: 'expected a reason of at least 10 characters' })),
      'Why the site must relax the rule; shown in every synth report.',
    ),
  },
  'A policy rule this environment relaxes, with the reason.',
);

export const policy = optional(
  obj(
    { waivers: described(_default(array(waiver, { error: 'expected a list of waivers' }), []), 'Policy rules this environment relaxes.') },
    'Policy checks run on every synth.',
  ),
);
