import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { attached, block, isTrue } from '../support';

/** Sovereign-S3Versioning (checkov CKV_AWS_21, trivy AWS-0090): overwritten or deleted objects can be recovered. */
export const S3Versioning = defineRule(
  {
    id: 'Sovereign-S3Versioning',
    level: 'error',
    family: 'data-safety',
    description: 'An S3 bucket has versioning `Enabled` (`aws_s3_bucket_versioning`), or Object Lock (which implies it).',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3Versioning(bucket, ctx) {
    if (isTrue(bucket.attrs.object_lock_enabled) || isTrue(block(bucket.attrs.versioning)?.enabled)) return COMPLIANT;
    const statuses = attached(bucket, ctx, 'aws_s3_bucket_versioning').map((v) => block(v.attrs.versioning_configuration)?.status);
    if (statuses.includes('Enabled')) return COMPLIANT;
    return nonCompliant(statuses.length > 0 ? `versioning status is ${statuses.join(', ')}; use Enabled` : 'no aws_s3_bucket_versioning with status Enabled');
  },
);
