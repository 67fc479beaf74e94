import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { attached, block, isAccessLogTarget } from '../support';

/** Sovereign-S3AccessLogging (checkov CKV_AWS_18, trivy AWS-0089, cdk-nag AwsSolutions-S1). */
export const S3AccessLogging = defineRule(
  {
    id: 'Sovereign-S3AccessLogging',
    level: 'warning',
    family: 'security',
    description: 'An S3 bucket sends server access logs to a log bucket (`aws_s3_bucket_logging`), unless it is itself a log target (a log bucket does not log into itself, as cdk-nag S1 treats it).',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3AccessLogging(bucket, ctx) {
    if (attached(bucket, ctx, 'aws_s3_bucket_logging').length > 0 || block(bucket.attrs.logging)) return COMPLIANT;
    if (isAccessLogTarget(bucket, ctx)) return COMPLIANT;
    return nonCompliant('no server access logging (aws_s3_bucket_logging) to a log bucket in the same region');
  },
);
