import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { attached, block, blocks, isAccessLogTarget } from '../support';

/**
 * Sovereign-S3Encryption (checkov CKV_AWS_145 / CKV_AWS_19, trivy AWS-0132): default encryption with a
 * customer-managed KMS key. A server access log bucket is the exception AWS imposes: log delivery
 * supports SSE-S3 only, so there AES256 is required and a KMS key is the finding (trivy skips them too).
 */
export const S3Encryption = defineRule(
  {
    id: 'Sovereign-S3Encryption',
    level: 'error',
    family: 'security',
    description:
      'An S3 bucket has default encryption `aws:kms` (or `aws:kms:dsse`) with a customer-managed key (`kms_master_key_id`); a bucket that receives server access logs uses `AES256`, the only default encryption log delivery supports.',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3Encryption(bucket, ctx) {
    const defaults = [
      ...attached(bucket, ctx, 'aws_s3_bucket_server_side_encryption_configuration').flatMap((c) => blocks(c.attrs.rule)),
      ...blocks(block(bucket.attrs.server_side_encryption_configuration)?.rule),
    ].map((r) => block(r.apply_server_side_encryption_by_default) ?? {});
    if (defaults.length === 0) return nonCompliant('no default encryption configuration (aws_s3_bucket_server_side_encryption_configuration)');
    if (isAccessLogTarget(bucket, ctx)) {
      const wrong = defaults.filter((d) => d.sse_algorithm !== 'AES256');
      return wrong.length === 0 ? COMPLIANT : nonCompliant(`the bucket receives server access logs, which S3 delivers only to SSE-S3 buckets; sse_algorithm is ${wrong.map((d) => d.sse_algorithm).join(', ')}, use AES256`);
    }
    const weak = defaults.filter((d) => !['aws:kms', 'aws:kms:dsse'].includes(d.sse_algorithm) || !d.kms_master_key_id);
    return weak.length === 0
      ? COMPLIANT
      : nonCompliant(`default encryption is ${weak.map((d) => `${d.sse_algorithm ?? '(none)'}${d.kms_master_key_id ? '' : ' without kms_master_key_id'}`).join(', ')}; use aws:kms with a customer-managed key of the bucket's region`);
  },
);
