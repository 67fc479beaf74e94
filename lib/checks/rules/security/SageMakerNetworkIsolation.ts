import { defineRule, verdict } from '../../rule';
import { asList, block, isTrue } from '../support';

/** Sovereign-SageMakerNetworkIsolation (checkov CKV_AWS_370): the model container cannot call out, and runs in the VPC. */
export const SageMakerNetworkIsolation = defineRule(
  {
    id: 'Sovereign-SageMakerNetworkIsolation',
    level: 'error',
    family: 'security',
    description: 'An `aws_sagemaker_model` has `enable_network_isolation` true and a `vpc_config` with subnets and security groups.',
    appliesTo: ['aws_sagemaker_model'],
  },
  function SageMakerNetworkIsolation(model) {
    const vpc = block(model.attrs.vpc_config);
    return verdict([
      !isTrue(model.attrs.enable_network_isolation) && 'enable_network_isolation is not true: the container may send data anywhere',
      (!vpc || asList(vpc.subnets).length === 0 || asList(vpc.security_group_ids).length === 0) && 'no vpc_config with subnets and security groups',
    ]);
  },
);
