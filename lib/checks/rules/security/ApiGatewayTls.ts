import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block } from '../support';

/** Sovereign-ApiGatewayTls: custom domains negotiate TLS 1.2 or newer. */
export const ApiGatewayTls = defineRule(
  {
    id: 'Sovereign-ApiGatewayTls',
    level: 'error',
    family: 'security',
    description: 'An `aws_api_gateway_domain_name` / `aws_apigatewayv2_domain_name` names a TLS 1.2+ `security_policy` explicitly (`TLS_1_2` or a `SecurityPolicy_TLS13_*` / `SecurityPolicy_TLS12_*` policy), never `TLS_1_0`.',
    appliesTo: ['aws_api_gateway_domain_name', 'aws_apigatewayv2_domain_name'],
  },
  function ApiGatewayTls(domain) {
    const policy = domain.type === 'aws_apigatewayv2_domain_name' ? block(domain.attrs.domain_name_configuration)?.security_policy : domain.attrs.security_policy;
    if (typeof policy === 'string' && (policy === 'TLS_1_2' || /^SecurityPolicy_TLS1[23]_/.test(policy))) return COMPLIANT;
    return nonCompliant(`security_policy is ${policy ?? '(not set)'}; set TLS_1_2 (or a SecurityPolicy_TLS13_* policy)`);
  },
);
