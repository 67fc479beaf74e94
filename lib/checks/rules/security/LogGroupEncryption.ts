import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

/** Sovereign-LogGroupEncryption (checkov CKV_AWS_158, trivy AWS-0017, cdk-nag CloudWatchLogGroupEncrypted). */
export const LogGroupEncryption = defineRule(
  {
    id: 'Sovereign-LogGroupEncryption',
    level: 'error',
    family: 'security',
    description: 'An `aws_cloudwatch_log_group` is encrypted with a customer-managed KMS key (`kms_key_id`).',
    appliesTo: ['aws_cloudwatch_log_group'],
  },
  function LogGroupEncryption(group) {
    return group.attrs.kms_key_id ? COMPLIANT : nonCompliant('no kms_key_id: logs (callers, prompts metadata) use an AWS-owned key');
  },
);
