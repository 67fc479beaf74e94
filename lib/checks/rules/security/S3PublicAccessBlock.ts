import { defineRule, nonCompliant, verdict } from '../../rule';
import { attached, isTrue } from '../support';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];

/** Sovereign-S3PublicAccessBlock (checkov CKV2_AWS_6, CKV_AWS_53-56; trivy AWS-0094, 0086, 0087, 0091, 0093). */
export const S3PublicAccessBlock = defineRule(
  {
    id: 'Sovereign-S3PublicAccessBlock',
    level: 'error',
    family: 'security',
    description: 'An S3 bucket has an `aws_s3_bucket_public_access_block` with all four flags true.',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3PublicAccessBlock(bucket, ctx) {
    const blocksOf = attached(bucket, ctx, 'aws_s3_bucket_public_access_block');
    if (blocksOf.length === 0) return nonCompliant('no aws_s3_bucket_public_access_block');
    return verdict(blocksOf.flatMap((b) => FLAGS.filter((f) => !isTrue(b.attrs[f])).map((f) => `${f} is not true`)));
  },
);
