import { instanceHasLocalStorage } from '../../../catalog';
import { defineRule, verdict } from '../../rule';
import { blocks, isUnresolved } from '../support';

/**
 * Sovereign-SageMakerEndpointKms (checkov CKV_AWS_98, made exact): the endpoint's storage volume is
 * encrypted with a customer-managed key, except on instance types with local NVMe storage, where
 * CreateEndpointConfig refuses a key and the instance hardware encrypts the volume.
 */
export const SageMakerEndpointKms = defineRule(
  {
    id: 'Sovereign-SageMakerEndpointKms',
    level: 'error',
    family: 'security',
    description:
      'An `aws_sagemaker_endpoint_configuration` names `kms_key_arn` when its instance types have EBS storage, and names none when any has local NVMe storage (g5, p4d, `d` families...: the API refuses the key, the hardware encrypts); data capture names a `kms_key_id`.',
    appliesTo: ['aws_sagemaker_endpoint_configuration'],
  },
  function SageMakerEndpointKms(config) {
    const types = blocks(config.attrs.production_variants).map((v) => v.instance_type).filter((t): t is string => typeof t === 'string' && !isUnresolved(t));
    const local = types.filter(instanceHasLocalStorage);
    const key = config.attrs.kms_key_arn;
    const capture = blocks(config.attrs.data_capture_config)[0];
    return verdict([
      local.length > 0 && key !== undefined && `kms_key_arn is set, and ${local.join(', ')} has local NVMe storage: CreateEndpointConfig fails; remove the key (the instance encrypts its volume)`,
      local.length === 0 && types.length > 0 && key === undefined && `no kms_key_arn: the ${types.join(', ')} storage volume is encrypted with an AWS-owned key`,
      capture !== undefined && capture.kms_key_id === undefined && 'data_capture_config has no kms_key_id: captured prompts and answers use an AWS-owned key',
    ]);
  },
);
