/**
 * Region catalog: every AWS and Azure region this project can place resources in, with the
 * country it is in. A jurisdiction accepts a region only by its country, never by a name prefix
 * (`eu-` includes London and Zurich) or a continent.
 *
 * Sources (see docs/facts/regions-services-law.md §1):
 * - AWS: boto/botocore `botocore/data/partitions.json@0e6e2404` (partitions, region codes);
 *   https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html (names);
 *   opt-in flags from `aws account list-regions` (2023, partly unverified).
 * - Azure: MicrosoftDocs/reliability-docs `articles/reliability/regions-list.md` (ms.date 09/23/2025),
 *   `regions-paired.md`; `az account list-locations` metadata (nextflow-io/nextflow az-locations.json@2aad02f6).
 * Cities marked "(unverified)" are not published by the provider.
 */
import type { CountryCode } from './countries';

/** The clouds `REGIONS` lists. */
export type BuiltinCloud = 'aws' | 'azure';

/**
 * A region catalog: a built-in cloud, or the `cloud` of an operator row registered in ./operators.ts
 * (whose regions it carries).
 */
export type Cloud = BuiltinCloud | (string & {});

/** AWS partitions in scope, and Azure's public cloud. */
export type Partition = 'aws' | 'aws-us-gov' | 'aws-eusc' | 'azure-public' | (string & {});

export interface Region {
  readonly cloud: Cloud;
  /** The code the provider takes: `eu-central-1`, `germanywestcentral`. */
  readonly code: string;
  readonly city: string;
  readonly country: CountryCode;
  readonly partition: Partition;
  /** AWS: the region is disabled until the account opts in (`aws_account_region`). */
  readonly optIn: boolean;
  /** Azure: access restricted to customers Microsoft approves (or announced, not yet open). */
  readonly restricted: boolean;
  /** Azure: the paired region GRS/RA-GRS replicates to (may be one-way), or null where there is none. */
  readonly pairedRegion: string | null;
}

type Row = [code: string, city: string, country: CountryCode, flags?: string, paired?: string | null];

function table(cloud: BuiltinCloud, partition: Partition, rows: Row[]): Region[] {
  return rows.map(([code, city, country, flags = '', paired = null]) => ({
    cloud,
    code,
    city,
    country,
    partition: code.startsWith('us-gov-') ? 'aws-us-gov' : code.startsWith('eusc-') ? 'aws-eusc' : partition,
    optIn: flags.includes('opt-in'),
    restricted: flags.includes('restricted'),
    pairedRegion: paired,
  }));
}

const AWS_REGIONS = table('aws', 'aws', [
  // United States (commercial)
  ['us-east-1', 'N. Virginia', 'US'],
  ['us-east-2', 'Ohio', 'US'],
  ['us-west-1', 'N. California', 'US'],
  ['us-west-2', 'Oregon', 'US'],
  // United States: GovCloud, its own partition and accounts
  ['us-gov-east-1', 'GovCloud (US-East) (unverified city)', 'US'],
  ['us-gov-west-1', 'GovCloud (US-West) (unverified city)', 'US'],
  // EU member states
  ['eu-central-1', 'Frankfurt', 'DE'],
  ['eu-west-1', 'Dublin', 'IE'],
  ['eu-west-3', 'Paris', 'FR'],
  ['eu-north-1', 'Stockholm', 'SE'],
  ['eu-south-1', 'Milan', 'IT', 'opt-in'],
  ['eu-south-2', 'Aragón (unverified city)', 'ES', 'opt-in'],
  // AWS European Sovereign Cloud: partition aws-eusc, separate accounts and credentials
  ['eusc-de-east-1', 'Brandenburg', 'DE'],
  // Europe, not in the EU
  ['eu-west-2', 'London', 'GB'],
  ['eu-central-2', 'Zurich', 'CH', 'opt-in'],
  // India
  ['ap-south-1', 'Mumbai', 'IN'],
  ['ap-south-2', 'Hyderabad', 'IN', 'opt-in'],
]);

const AZURE_REGIONS = table('azure', 'azure-public', [
  // United States
  ['centralus', 'Iowa', 'US', '', 'eastus2'],
  ['eastus', 'Virginia', 'US', '', 'westus'],
  ['eastus2', 'Virginia', 'US', '', 'centralus'],
  ['northcentralus', 'Illinois', 'US', '', 'southcentralus'],
  ['southcentralus', 'Texas', 'US', '', 'northcentralus'],
  ['westcentralus', 'Wyoming', 'US', '', 'westus2'],
  ['westus', 'California', 'US', '', 'eastus'],
  ['westus2', 'Washington', 'US', '', 'westcentralus'],
  ['westus3', 'Phoenix', 'US', '', 'eastus'], // one-way: eastus pairs with westus
  // EU member states
  ['austriaeast', 'Vienna', 'AT'],
  ['belgiumcentral', 'Brussels', 'BE'],
  ['denmarkeast', 'Copenhagen', 'DK', 'restricted'], // announced ("coming soon", 09/2025)
  ['francecentral', 'Paris', 'FR', '', 'francesouth'],
  ['francesouth', 'Marseille', 'FR', 'restricted', 'francecentral'],
  ['germanywestcentral', 'Frankfurt', 'DE', '', 'germanynorth'],
  ['germanynorth', 'Berlin', 'DE', 'restricted', 'germanywestcentral'],
  ['italynorth', 'Milan', 'IT'],
  ['northeurope', 'Dublin', 'IE', '', 'westeurope'],
  ['westeurope', 'Amsterdam', 'NL', '', 'northeurope'],
  ['polandcentral', 'Warsaw', 'PL'],
  ['spaincentral', 'Madrid', 'ES'],
  ['swedencentral', 'Gävle', 'SE', '', 'swedensouth'],
  ['swedensouth', 'Sweden (unverified city)', 'SE', 'restricted', 'swedencentral'],
  // Europe, not in the EU
  ['norwayeast', 'Oslo (unverified city)', 'NO', '', 'norwaywest'],
  ['norwaywest', 'Stavanger (unverified city)', 'NO', 'restricted', 'norwayeast'],
  ['switzerlandnorth', 'Zurich', 'CH', '', 'switzerlandwest'],
  ['switzerlandwest', 'Geneva', 'CH', 'restricted', 'switzerlandnorth'],
  ['uksouth', 'London', 'GB', '', 'ukwest'],
  ['ukwest', 'Cardiff', 'GB', '', 'uksouth'],
  // India
  ['centralindia', 'Pune', 'IN', '', 'southindia'],
  ['southindia', 'Chennai', 'IN', '', 'centralindia'],
  ['westindia', 'Mumbai', 'IN', '', 'southindia'], // one-way: southindia pairs with centralindia
  ['jioindiawest', 'Jamnagar', 'IN', 'restricted', 'jioindiacentral'], // Jio customers (unverified)
  ['jioindiacentral', 'Nagpur', 'IN', 'restricted', 'jioindiawest'],
]);

/** Every region in the catalog, AWS first. */
export const REGIONS: readonly Region[] = Object.freeze([...AWS_REGIONS, ...AZURE_REGIONS]);
