import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { blocks } from '../support';

/** Sovereign-Route53QueryLogging (checkov CKV2_AWS_39). */
export const Route53QueryLogging = defineRule(
  {
    id: 'Sovereign-Route53QueryLogging',
    level: 'warning',
    family: 'security',
    description: 'A public `aws_route53_zone` has an `aws_route53_query_log`. Private zones are not applicable.',
    appliesTo: ['aws_route53_zone'],
  },
  function Route53QueryLogging(zone, ctx) {
    if (blocks(zone.attrs.vpc).length > 0) return NOT_APPLICABLE;
    return ctx.referencing(zone, 'aws_route53_query_log').length > 0 ? COMPLIANT : nonCompliant('no query logging for the public zone');
  },
);
