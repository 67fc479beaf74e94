import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { literal } from '../support';

/** SageMaker API name pattern (EndpointName, ModelName, EndpointConfigName). */
const NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Sovereign-SageMakerName: the provider lets a trailing hyphen through; the API refuses it at apply. */
export const SageMakerName = defineRule(
  {
    id: 'Sovereign-SageMakerName',
    level: 'error',
    family: 'deployability',
    description: 'An `aws_sagemaker_model` / `_endpoint_configuration` / `_endpoint` name matches `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`: at most 63 letters, digits and hyphens, no leading or trailing hyphen. Names with `${...}` are skipped.',
    appliesTo: ['aws_sagemaker_model', 'aws_sagemaker_endpoint_configuration', 'aws_sagemaker_endpoint'],
  },
  function SageMakerName(resource) {
    const name = literal(resource.attrs.name);
    if (name === undefined) return NOT_APPLICABLE;
    return NAME.test(name) ? COMPLIANT : nonCompliant(`name "${name}" must be 1-63 letters, digits and hyphens with no leading or trailing hyphen`);
  },
);
