import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isUnresolved, regionProblem } from '../support';

/**
 * AWS services whose resources are global (one control plane per partition, no region): IAM,
 * Route 53 (but not Route 53 Resolver), CloudFront, Organizations, Budgets, Shield, Global Accelerator.
 */
const GLOBAL_AWS_TYPES = /^aws_(iam_|route53_(?!resolver)|route53domains_|cloudfront_|organizations_|budgets_|shield_|globalaccelerator_)/;

/** Sovereign-ResidencyRegion: every regional resource, data source and AWS provider is in a region of the jurisdiction. */
export const ResidencyRegion = defineRule(
  {
    id: 'Sovereign-ResidencyRegion',
    level: 'error',
    family: 'residency',
    description:
      'Every regional resource and data source runs in a region whose country is in the jurisdiction: AWS by its `region` argument or its provider\'s region, Azure by `location` (followed through references, e.g. subnet → resource group); every AWS provider\'s region too.',
    appliesTo: ['*', 'provider.aws'],
  },
  function ResidencyRegion(resource, ctx) {
    const j = ctx.jurisdiction!;
    if (resource.kind === 'provider') {
      const region = resource.attrs.region;
      if (typeof region !== 'string' || isUnresolved(region)) return NOT_APPLICABLE;
      const problem = regionProblem('aws', region, j, 'the AWS provider');
      return problem ? nonCompliant(`${problem}. A provider abroad invites resources abroad: remove it or move it into the jurisdiction`) : COMPLIANT;
    }
    if (GLOBAL_AWS_TYPES.test(resource.type)) return NOT_APPLICABLE;
    const placement = ctx.placementOf(resource);
    if (!placement || isUnresolved(placement.region)) return NOT_APPLICABLE;
    if (placement.globalRegion !== undefined && placement.region === placement.globalRegion) return NOT_APPLICABLE;
    const problem = regionProblem(placement.cloud, placement.region, j, `the resource (placed by ${placement.via})`);
    return problem ? nonCompliant(problem) : COMPLIANT;
  },
);
