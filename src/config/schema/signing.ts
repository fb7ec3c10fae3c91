import { optional } from 'zod/mini';
import * as f from '../formats';
import { obj, str } from './fields';

export const signing = optional(
  obj(
    {
      keyFingerprint: str(
        f.OPENPGP_FINGERPRINT,
        'Fingerprint of the OpenPGP key that signs the bundle (docs/signing.md): deploy.sh refuses a bundle without a valid signature of this key, and bundle sign refuses any other key.',
      ),
    },
    'Bundle signing: when set, every deploy verifies the signature first (deploy.sh --verify-key).',
  ),
);
