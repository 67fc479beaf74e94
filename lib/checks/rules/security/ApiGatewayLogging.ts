import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block } from '../support';

/** Sovereign-ApiGatewayLogging (checkov CKV_AWS_76): who called the model, kept in the jurisdiction's log group. */
export const ApiGatewayLogging = defineRule(
  {
    id: 'Sovereign-ApiGatewayLogging',
    level: 'warning',
    family: 'security',
    description: 'An `aws_api_gateway_stage` / `aws_apigatewayv2_stage` writes access logs (`access_log_settings.destination_arn`).',
    appliesTo: ['aws_api_gateway_stage', 'aws_apigatewayv2_stage'],
  },
  function ApiGatewayLogging(stage) {
    return block(stage.attrs.access_log_settings)?.destination_arn ? COMPLIANT : nonCompliant('no access_log_settings.destination_arn: calls are not logged');
  },
);
