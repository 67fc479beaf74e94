import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { attached, blocks } from '../support';

/** True when a lifecycle rule's filter covers the whole bucket (no prefix, tag or size). */
function wholeBucket(rule: Record<string, any>): boolean {
  if (typeof rule.prefix === 'string' && rule.prefix !== '') return false;
  return blocks(rule.filter).every((f) => Object.values(f).every((v) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)));
}

/** Sovereign-S3Lifecycle (checkov CKV2_AWS_61, CKV_AWS_300). */
export const S3Lifecycle = defineRule(
  {
    id: 'Sovereign-S3Lifecycle',
    level: 'warning',
    family: 'security',
    description: 'An S3 bucket has an `aws_s3_bucket_lifecycle_configuration` with an enabled rule for the whole bucket that aborts incomplete multipart uploads.',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3Lifecycle(bucket, ctx) {
    const rules = attached(bucket, ctx, 'aws_s3_bucket_lifecycle_configuration').flatMap((l) => blocks(l.attrs.rule));
    if (rules.length === 0) return nonCompliant('no lifecycle configuration');
    const aborts = rules.some((r) => r.status === 'Enabled' && blocks(r.abort_incomplete_multipart_upload).length > 0 && wholeBucket(r));
    return aborts ? COMPLIANT : nonCompliant('no enabled whole-bucket lifecycle rule aborts incomplete multipart uploads');
  },
);
