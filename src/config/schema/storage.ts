import { literal, optional } from 'zod/mini';
import * as f from '../formats';
import { described, obj, str } from './fields';

export const storage = obj(
  {
    provider: described(literal('s3', { error: 'expected "s3"' }), 'Object store provider.'),
    region: str(f.AWS_REGION, 'Region of the buckets.'),
    metadataBucket: str(f.S3_BUCKET, 'Bucket for Flyte metadata.'),
    userDataBucket: str(f.S3_BUCKET, 'Bucket for raw user data (task inputs and outputs).'),
    endpoint: optional(
      str(
        f.HTTPS_ENDPOINT,
        'S3 endpoint URL, for example a VPC interface endpoint "https://bucket.vpce-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com" (Flyte then addresses buckets path-style); omit for the regional endpoint.',
      ),
    ),
  },
  'Object storage.',
);
