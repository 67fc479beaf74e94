import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { asList, hasCondition, hasWildcardPrincipal, isAllow, isTrue, policyStatements } from '../support';

/** Sovereign-VpcEndpointInterface: interface endpoints answer the service's own name privately, to the VPC only, for what the policy lists. */
export const VpcEndpointInterface = defineRule(
  {
    id: 'Sovereign-VpcEndpointInterface',
    level: 'warning',
    family: 'security',
    description:
      'An `Interface` `aws_vpc_endpoint` has `private_dns_enabled` true, security groups, and an endpoint `policy` whose Allow statements for principal `*` carry a Condition (gateway endpoints are not applicable).',
    appliesTo: ['aws_vpc_endpoint'],
  },
  function VpcEndpointInterface(endpoint) {
    if (endpoint.attrs.vpc_endpoint_type !== 'Interface') return NOT_APPLICABLE;
    const statements = policyStatements(endpoint.attrs.policy);
    return verdict([
      !isTrue(endpoint.attrs.private_dns_enabled) && 'private_dns_enabled is not true: clients resolve the public service endpoint',
      asList(endpoint.attrs.security_group_ids).length === 0 && 'no security_group_ids: the VPC default group applies',
      endpoint.attrs.policy === undefined && 'no endpoint policy: full access for any principal to any resource of the service',
      ...(statements ?? []).filter((s) => isAllow(s) && hasWildcardPrincipal(s) && !hasCondition(s)).map((s) => `policy statement ${s.Sid ?? '(no Sid)'} allows any principal without a condition`),
    ]);
  },
);
