import { BEDROCK_GEOGRAPHIES, describeCountry, geographyOfModelId, isRegionIn } from '../../../catalog';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { block, describeJurisdiction, isUnresolved, regionProblem } from '../support';

/** `arn:aws:bedrock:<region>:<account?>:<foundation-model|inference-profile|...>/<id>` */
const BEDROCK_ARN = /^arn:aws[a-z-]*:bedrock:([^:]*):[^:]*:([a-z-]+)\/(.+)$/;

/** Sovereign-ResidencyBedrockProfile: an application inference profile serves requests only inside the jurisdiction. */
export const ResidencyBedrockProfile = defineRule(
  {
    id: 'Sovereign-ResidencyBedrockProfile',
    level: 'error',
    family: 'residency',
    description:
      'An `aws_bedrock_inference_profile` copies from an in-jurisdiction foundation model, or from a geographic system profile whose every possible destination region is in the jurisdiction: `global.` never; `apac.` never for India (it reaches Tokyo, Singapore, Sydney...); `eu.` may include London and Zurich for some models (suppress with the model\'s documented destination list when AWS lists only EU regions).',
    appliesTo: ['aws_bedrock_inference_profile'],
  },
  function ResidencyBedrockProfile(profile, ctx) {
    const j = ctx.jurisdiction!;
    const copyFrom = block(profile.attrs.model_source)?.copy_from;
    if (typeof copyFrom !== 'string') return NOT_APPLICABLE;
    const arn = BEDROCK_ARN.exec(copyFrom);
    const region = arn?.[1];
    const id = arn ? arn[3] : copyFrom;
    if (region && !isUnresolved(region)) {
      const problem = regionProblem('aws', region, j, `the model source ${copyFrom}`);
      if (problem) return nonCompliant(problem);
    }
    if (isUnresolved(id)) return NOT_APPLICABLE;
    const geography = geographyOfModelId(id);
    if (!geography) return COMPLIANT; // a foundation model: served in its own region only
    const info = BEDROCK_GEOGRAPHIES[geography];
    if (info.destinations === null) {
      return nonCompliant(`the model source ${id} is a "${info.prefix}" profile, which routes requests to any commercial AWS region worldwide; invoke the model in-region instead`);
    }
    const outside = info.destinations.filter((d) => !isRegionIn(d, j));
    if (outside.length === 0) return COMPLIANT;
    return nonCompliant(
      `the model source ${id} is a "${info.prefix}" profile that may serve requests in ${outside.map((d) => `${d.code} (${d.city}, ${describeCountry(d.country)})`).join(', ')}, outside jurisdiction ${describeJurisdiction(j)}; invoke the model in-region${geography === 'eu' ? ', or suppress this finding naming the destination regions AWS documents for this model' : ''}`,
    );
  },
);
