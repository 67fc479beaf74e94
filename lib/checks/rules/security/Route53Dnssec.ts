import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { blocks } from '../support';

/** Sovereign-Route53Dnssec (checkov CKV2_AWS_38). */
export const Route53Dnssec = defineRule(
  {
    id: 'Sovereign-Route53Dnssec',
    level: 'warning',
    family: 'security',
    description: 'A public `aws_route53_zone` is signed: an `aws_route53_key_signing_key` or `aws_route53_hosted_zone_dnssec` refers to it. Private zones are not applicable.',
    appliesTo: ['aws_route53_zone'],
  },
  function Route53Dnssec(zone, ctx) {
    if (blocks(zone.attrs.vpc).length > 0) return NOT_APPLICABLE;
    const signed = ctx.referencing(zone, 'aws_route53_key_signing_key').length > 0 || ctx.referencing(zone, 'aws_route53_hosted_zone_dnssec').length > 0;
    return signed ? COMPLIANT : nonCompliant('the public zone is not DNSSEC-signed: resolvers cannot tell forged answers');
  },
);
