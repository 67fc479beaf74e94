/**
 * Amazon Bedrock inference geographies, and a pure resolver that decides how a model may be invoked
 * from a region without requests being served outside a jurisdiction.
 *
 * Sources (docs/facts/regions-services-law.md §2.2, §4.2, §6):
 * - Geography prefixes and the regions each may include: the `CrossRegionInferenceProfileRegion`
 *   enum doc-comments in aws/aws-cdk `packages/@aws-cdk/aws-bedrock-alpha/bedrock/inference-profiles/
 *   cross-region-inference-profile.ts` ("may include": the per-model lists on
 *   https://docs.aws.amazon.com/bedrock/latest/userguide/inference-profiles-support.html decide).
 * - Modes (in-region, geographic, global) and "global. routes to any commercial region":
 *   https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference.html and
 *   global-cross-region-inference.html. There is no India-only (`in.`) profile.
 * - Cities and countries of regions outside the region catalog: the AWS Regions page
 *   (https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html); the facts
 *   list only their codes.
 */
import { describeCountry, type CountryCode } from './countries';
import type { Jurisdiction } from './jurisdictions';
import type { Partition, Region } from './regions';

export type BedrockGeography = 'us' | 'us-gov' | 'eu' | 'apac' | 'jp' | 'au' | 'global';

export interface BedrockDestination {
  readonly code: string;
  readonly city: string;
  readonly country: CountryCode;
}

export interface BedrockGeographyInfo {
  readonly geography: BedrockGeography;
  /** Model-id prefix of the system-defined profiles: `eu.`. */
  readonly prefix: string;
  readonly partition: Partition;
  /** Every region a profile of this geography may serve a request in; `null` = any commercial region. */
  readonly destinations: readonly BedrockDestination[] | null;
}

const d = (code: string, city: string, country: CountryCode): BedrockDestination => ({ code, city, country });

export const BEDROCK_GEOGRAPHIES: Readonly<Record<BedrockGeography, BedrockGeographyInfo>> = Object.freeze({
  us: {
    geography: 'us', prefix: 'us.', partition: 'aws',
    // us-west-1 only for some models
    destinations: [d('us-east-1', 'N. Virginia', 'US'), d('us-east-2', 'Ohio', 'US'), d('us-west-1', 'N. California', 'US'), d('us-west-2', 'Oregon', 'US')],
  },
  'us-gov': {
    geography: 'us-gov', prefix: 'us-gov.', partition: 'aws-us-gov',
    destinations: [d('us-gov-east-1', 'GovCloud (US-East)', 'US'), d('us-gov-west-1', 'GovCloud (US-West)', 'US')],
  },
  eu: {
    geography: 'eu', prefix: 'eu.', partition: 'aws',
    destinations: [
      d('eu-central-1', 'Frankfurt', 'DE'), d('eu-west-1', 'Dublin', 'IE'), d('eu-west-3', 'Paris', 'FR'), d('eu-north-1', 'Stockholm', 'SE'),
      d('eu-south-1', 'Milan', 'IT'), d('eu-south-2', 'Aragón', 'ES'),
      d('eu-west-2', 'London', 'GB'), d('eu-central-2', 'Zurich', 'CH'), // "may include" for some models
    ],
  },
  apac: {
    geography: 'apac', prefix: 'apac.', partition: 'aws',
    destinations: [
      d('ap-northeast-1', 'Tokyo', 'JP'), d('ap-northeast-2', 'Seoul', 'KR'), d('ap-northeast-3', 'Osaka', 'JP'),
      d('ap-south-1', 'Mumbai', 'IN'), d('ap-south-2', 'Hyderabad', 'IN'),
      d('ap-southeast-1', 'Singapore', 'SG'), d('ap-southeast-2', 'Sydney', 'AU'), d('ap-southeast-3', 'Jakarta', 'ID'),
      d('ap-southeast-4', 'Melbourne', 'AU'), d('ap-southeast-5', 'Malaysia', 'MY'), d('ap-southeast-7', 'Thailand', 'TH'),
      d('ap-east-2', 'Taipei', 'TW'), d('me-central-1', 'UAE', 'AE'),
    ],
  },
  jp: { geography: 'jp', prefix: 'jp.', partition: 'aws', destinations: [d('ap-northeast-1', 'Tokyo', 'JP'), d('ap-northeast-3', 'Osaka', 'JP')] },
  au: { geography: 'au', prefix: 'au.', partition: 'aws', destinations: [d('ap-southeast-2', 'Sydney', 'AU'), d('ap-southeast-4', 'Melbourne', 'AU')] },
  global: { geography: 'global', prefix: 'global.', partition: 'aws', destinations: null },
});

/** Longest prefix first, so `us-gov.` is not read as `us.`. */
const PREFIXES = Object.values(BEDROCK_GEOGRAPHIES).sort((a, b) => b.prefix.length - a.prefix.length);

/** The geography a model id names by its prefix (`eu.anthropic...` → eu), or undefined for a bare model id. */
export function geographyOfModelId(modelId: string): BedrockGeography | undefined {
  return PREFIXES.find((g) => modelId.startsWith(g.prefix))?.geography;
}

/** The geography whose profiles a source region can call (the source is one of its destinations). */
export function geographyOfSourceRegion(regionCode: string): BedrockGeography | undefined {
  for (const g of ['us', 'us-gov', 'eu', 'apac'] as const) {
    if (BEDROCK_GEOGRAPHIES[g].destinations?.some((x) => x.code === regionCode)) return g;
  }
  return undefined;
}

export interface BedrockInvocationRequest {
  /** Foundation model id (`anthropic.claude-sonnet-4-5-20250929-v1:0`) or a system profile id with a geography prefix (`eu.anthropic...`). */
  readonly modelId: string;
  readonly sourceRegion: Region;
  readonly jurisdiction: Pick<Jurisdiction, 'id' | 'countries'>;
  /**
   * Use the system-defined profile of the source region's geography. A prefixed `modelId` implies it.
   * @default false - in-region invocation only
   */
  readonly crossRegion?: boolean;
  /**
   * Opt-in for `eu.`: the destination regions AWS lists for this model's `eu.` profile on
   * inference-profiles-support.html. Without it `eu.` is refused, because the geography may include
   * London (GB) and Zurich (CH) for some models.
   * @default - `eu.` refused
   */
  readonly euProfileDestinations?: readonly string[];
}

export type BedrockInvocationPlan =
  | { readonly mode: 'in-region'; readonly foundationModelId: string; readonly sourceRegion: string; readonly destinationRegions: readonly string[] }
  | {
      readonly mode: 'geographic';
      readonly geography: BedrockGeography;
      /** System-defined inference profile id: `eu.anthropic...`. */
      readonly profileId: string;
      readonly foundationModelId: string;
      readonly sourceRegion: string;
      readonly destinationRegions: readonly string[];
    };

export class BedrockResidencyError extends Error {}

const MODEL_ID = /^[a-z0-9][a-z0-9.-]*[a-z0-9](:[a-z0-9.-]+)*$/;

/**
 * Decides how `modelId` may be invoked from `sourceRegion` without a request being served outside
 * the jurisdiction, or throws a BedrockResidencyError naming the model, the profile prefix, and the
 * regions outside with their countries.
 *
 * | request                          | outcome                                                               |
 * |----------------------------------|-----------------------------------------------------------------------|
 * | `global.` prefix                 | refused always (any commercial region worldwide)                      |
 * | bare id, crossRegion false       | in-region: served only in the source region                           |
 * | bare id + crossRegion, or prefix | the source region's geography, if every destination is in the jurisdiction |
 * | `apac.` and jurisdiction has IN  | refused: no India-only profile; use in-region in ap-south-1/2         |
 * | `eu.` without euProfileDestinations | refused: opt-in required (London/Zurich may be included)           |
 * | `eu.` with euProfileDestinations | those regions (each must be an `eu.` region) instead of the full list |
 * | source region outside jurisdiction, or no geography | refused                                     |
 */
export function resolveBedrockInvocation(req: BedrockInvocationRequest): BedrockInvocationPlan {
  const { modelId, sourceRegion: src, jurisdiction: j } = req;
  const fail = (why: string): never => {
    throw new BedrockResidencyError(`Bedrock model "${modelId}" from ${src.code} in jurisdiction "${j.id}": ${why}`);
  };
  if (!j.countries.includes(src.country)) fail(`the source region ${src.code} is in ${describeCountry(src.country)}, outside the jurisdiction`);
  const prefixed = geographyOfModelId(modelId);
  if (prefixed === 'global') fail('profile prefix "global." routes requests to any commercial region worldwide and is never allowed');
  const foundationModelId = prefixed ? modelId.slice(BEDROCK_GEOGRAPHIES[prefixed].prefix.length) : modelId;
  if (!MODEL_ID.test(foundationModelId)) fail(`"${foundationModelId}" is not a Bedrock model id (provider.model-name[-version][:n])`);

  if (!prefixed && !req.crossRegion) {
    return { mode: 'in-region', foundationModelId, sourceRegion: src.code, destinationRegions: [src.code] };
  }
  const geography = prefixed ?? geographyOfSourceRegion(src.code);
  if (!geography) fail(`region ${src.code} belongs to no cross-region inference geography; invoke the model in-region`);
  const info = BEDROCK_GEOGRAPHIES[geography!];
  const destinations = info.destinations ?? [];
  if (!destinations.some((x) => x.code === src.code)) {
    fail(`profile prefix "${info.prefix}" cannot be called from ${src.code}; its regions are ${destinations.map((x) => x.code).join(', ')}`);
  }
  if (geography === 'apac' && j.countries.includes('IN')) {
    fail(
      `profile prefix "apac." may serve requests in ${outside(destinations, ['IN'])}; ` +
        'there is no India-only profile: invoke the model in-region in ap-south-1 or ap-south-2 (or use Provisioned Throughput / SageMaker)',
    );
  }
  let served: readonly BedrockDestination[] = destinations;
  if (geography === 'eu') {
    if (!req.euProfileDestinations) {
      fail(
        `profile prefix "eu." needs the opt-in euProfileDestinations (the model's destination regions from inference-profiles-support.html), ` +
          `because for some models the geography includes London (GB) and Zurich (CH); regions of "eu." outside the jurisdiction: ` +
          (outside(destinations, j.countries) || 'none'),
      );
    }
    const unknown = req.euProfileDestinations!.filter((c) => !destinations.some((x) => x.code === c));
    if (unknown.length > 0) fail(`euProfileDestinations ${unknown.join(', ')} are not regions of profile prefix "eu."`);
    served = destinations.filter((x) => req.euProfileDestinations!.includes(x.code));
  }
  const foreign = served.filter((x) => !j.countries.includes(x.country));
  if (foreign.length > 0) fail(`profile prefix "${info.prefix}" may serve requests in ${outside(foreign, [])}, outside the jurisdiction`);
  return {
    mode: 'geographic',
    geography: geography!,
    profileId: `${info.prefix}${foundationModelId}`,
    foundationModelId,
    sourceRegion: src.code,
    destinationRegions: served.map((x) => x.code),
  };
}

/** `eu-west-2 (London, GB (United Kingdom)), ...` for the destinations whose country is not in `inside`. */
function outside(destinations: readonly BedrockDestination[], inside: readonly CountryCode[]): string {
  return destinations
    .filter((x) => !inside.includes(x.country))
    .map((x) => `${x.code} (${x.city}, ${describeCountry(x.country)})`)
    .join(', ');
}

/** `arn:<partition>:bedrock:<region>::foundation-model/<id>` */
export function foundationModelArn(partition: Partition, regionCode: string, foundationModelId: string): string {
  return `arn:${partition}:bedrock:${regionCode}::foundation-model/${foundationModelId}`;
}

/** `arn:<partition>:bedrock:<region>:<account>:inference-profile/<profile id>` (system-defined profiles carry the account). */
export function systemInferenceProfileArn(partition: Partition, regionCode: string, accountId: string, profileId: string): string {
  return `arn:${partition}:bedrock:${regionCode}:${accountId}:inference-profile/${profileId}`;
}
