import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue } from '../support';

/** Sovereign-KmsRotation (checkov CKV_AWS_7, trivy AWS-0065, cdk-nag AwsSolutions-KMS5). */
export const KmsRotation = defineRule(
  {
    id: 'Sovereign-KmsRotation',
    level: 'error',
    family: 'security',
    description: 'A symmetric `aws_kms_key` (no `customer_master_key_spec`, or `SYMMETRIC_DEFAULT`) has `enable_key_rotation` true.',
    appliesTo: ['aws_kms_key'],
  },
  function KmsRotation(key) {
    const spec = key.attrs.customer_master_key_spec;
    if (spec !== undefined && spec !== 'SYMMETRIC_DEFAULT') return NOT_APPLICABLE;
    return isTrue(key.attrs.enable_key_rotation) ? COMPLIANT : nonCompliant('enable_key_rotation is not true');
  },
);
