/**
 * Azure OpenAI: which model (name@version) is offered with which deployment type in which Azure
 * region of the catalog, which data zone a region belongs to, and a pure resolver that picks or
 * refuses a deployment SKU for a jurisdiction.
 *
 * Only deployment types that keep prompt processing inside a region or a data zone are recorded;
 * Global* types process prompts "in any Azure region worldwide" and are refused, so where they are
 * offered does not matter here.
 *
 * Sources (see docs/facts/regions-services-law.md §2.3):
 * - Deployment types and where they process: MicrosoftDocs/azure-ai-docs
 *   `articles/ai-foundry/openai/how-to/deployment-types.md`; DataZone region lists:
 *   `articles/foundry/openai/includes/model-matrix/datazone-standard.md@a2a860fd`.
 * - Model × type × region (ms.date 04/30/2026), same repository, `articles/foundry/openai/includes/model-matrix/`:
 *   `region-americas.md@1cfc4041`, `region-europe.md@0e06499e`, `region-asia-pacific.md@3fe8b50d`
 *   (tabs Data Zone Standard, Data Zone Provisioned Managed, Standard, Provisioned Managed).
 * - Model subset: chat/reasoning/embedding models; audio, image, realtime and codex models are left out.
 * Catalog regions absent from every matrix (westus2, westcentralus, northeurope, austriaeast,
 * belgiumcentral, denmarkeast, francesouth, germanynorth, swedensouth, norwaywest, ukwest,
 * centralindia, westindia, jioindiawest, jioindiacentral) offer nothing here: unverified, re-check
 * the model matrix before relying on them. APAC has no data zone ("Not available").
 */
import { EU_MEMBER_STATES, describeCountry, type CountryCode } from './countries';
import type { Jurisdiction } from './jurisdictions';
import { describeRegion, findRegion, isRegionIn, regionsIn } from './residency';
import { azureOpenAiLifecycle, type LifecycleVerdict } from './model-lifecycle';
import type { Region } from './regions';

/** `sku.name` of `azurerm_cognitive_deployment` that keep processing inside a region or data zone. */
export type ResidentDeploymentType = 'Standard' | 'ProvisionedManaged' | 'DataZoneStandard' | 'DataZoneProvisionedManaged';
/** `sku.name` values that process prompts anywhere in the world: always refused. */
export type GlobalDeploymentType = 'GlobalStandard' | 'GlobalProvisionedManaged' | 'GlobalBatch';
export type AzureOpenAiDeploymentType = ResidentDeploymentType | GlobalDeploymentType;

export const RESIDENT_DEPLOYMENT_TYPES: readonly ResidentDeploymentType[] = Object.freeze([
  'DataZoneStandard', 'Standard', 'DataZoneProvisionedManaged', 'ProvisionedManaged',
]);
export const GLOBAL_DEPLOYMENT_TYPES: readonly GlobalDeploymentType[] = Object.freeze(['GlobalStandard', 'GlobalProvisionedManaged', 'GlobalBatch']);

/** Azure OpenAI data zones: a DataZone deployment may process prompts in any of these countries. */
export type AzureOpenAiDataZone = 'US' | 'EU';
export const AZURE_OPENAI_DATA_ZONES: Readonly<Record<AzureOpenAiDataZone, { readonly countries: readonly CountryCode[]; readonly regions: readonly string[] }>> =
  Object.freeze({
    US: { countries: ['US'], regions: ['centralus', 'eastus', 'eastus2', 'northcentralus', 'southcentralus', 'westus', 'westus3'] },
    // EU member states only: uksouth, switzerlandnorth and norwayeast are not EU-zone regions.
    EU: { countries: EU_MEMBER_STATES, regions: ['francecentral', 'germanywestcentral', 'italynorth', 'polandcentral', 'spaincentral', 'swedencentral', 'westeurope'] },
  });

/** The data zone an Azure region belongs to, or undefined (India, GB, CH, NO, unlisted regions). */
export function azureOpenAiDataZoneOf(regionCode: string): AzureOpenAiDataZone | undefined {
  return (Object.keys(AZURE_OPENAI_DATA_ZONES) as AzureOpenAiDataZone[]).find((z) => AZURE_OPENAI_DATA_ZONES[z].regions.includes(regionCode));
}

// `model@version` → regions (space separated), per deployment type, from the matrices above.
const US7 = 'centralus eastus eastus2 northcentralus southcentralus westus westus3';
const US6 = 'eastus eastus2 northcentralus southcentralus westus westus3';
const EU7 = 'francecentral germanywestcentral italynorth polandcentral spaincentral swedencentral westeurope';
const EU6 = 'francecentral germanywestcentral polandcentral spaincentral swedencentral westeurope'; // EU7 without italynorth

const OFFERS: Readonly<Record<ResidentDeploymentType, Readonly<Record<string, string>>>> = {
  DataZoneStandard: {
    'gpt-5.4@2026-03-05': `${US7} ${EU7}`,
    'gpt-5.2@2025-12-11': US7,
    'gpt-5.1@2025-11-13': `${US7} francecentral swedencentral`,
    ...same(['gpt-5@2025-08-07', 'gpt-5-mini@2025-08-07', 'gpt-5-nano@2025-08-07', 'o3@2025-04-16', 'o4-mini@2025-04-16', 'gpt-4.1@2025-04-14'], `${US7} ${EU7}`),
    ...same(['gpt-4.1-mini@2025-04-14', 'gpt-4.1-nano@2025-04-14', 'o3-mini@2025-01-31', 'o1@2024-12-17', 'gpt-4o@2024-11-20'], `${US7} ${EU7}`),
    ...same(['gpt-4o@2024-08-06', 'gpt-4o@2024-05-13'], `${US7} ${EU6}`),
    ...same(['gpt-4o-mini@2024-07-18', 'text-embedding-ada-002@2', 'text-embedding-3-large@1', 'text-embedding-3-small@1'], `${US7} ${EU7}`),
  },
  DataZoneProvisionedManaged: {
    ...same(['gpt-5.4@2026-03-05', 'gpt-5.2@2025-12-11', 'gpt-5.1@2025-11-13', 'gpt-5@2025-08-07', 'gpt-5-mini@2025-08-07'], `${US6} ${EU7}`),
    ...same(['o3@2025-04-16', 'o4-mini@2025-04-16', 'gpt-4.1@2025-04-14', 'gpt-4.1-nano@2025-04-14'], `${US6} ${EU7}`),
    ...same(['gpt-4.1-mini@2025-04-14', 'o3-mini@2025-01-31', 'o1@2024-12-17', 'gpt-4o@2024-11-20'], `${US6} ${EU6}`),
    ...same(['gpt-4o@2024-08-06', 'gpt-4o@2024-05-13', 'gpt-4o-mini@2024-07-18'], `${US6} ${EU6}`),
  },
  Standard: {
    'gpt-5.1@2025-11-13': `${US7} swedencentral`,
    'o4-mini@2025-04-16': `${US6} swedencentral`,
    'gpt-4.1@2025-04-14': `${US6} swedencentral switzerlandnorth`,
    'gpt-4.1-mini@2025-04-14': `${US6} francecentral swedencentral switzerlandnorth uksouth westeurope southindia`,
    'o1@2024-12-17': `${US6} swedencentral`,
    'gpt-4o@2024-11-20': `${US7} francecentral norwayeast swedencentral switzerlandnorth uksouth southindia`,
    'gpt-4o@2024-08-06': `${US7} swedencentral`,
    'gpt-4o@2024-05-13': `${US6} swedencentral`,
    'gpt-4o-mini@2024-07-18': `${US6} swedencentral`,
    'text-embedding-ada-002@2': `${US6} francecentral norwayeast swedencentral switzerlandnorth uksouth westeurope southindia`,
    'text-embedding-3-large@1': 'eastus eastus2 westus3 francecentral germanywestcentral norwayeast polandcentral spaincentral swedencentral switzerlandnorth uksouth southindia',
    'text-embedding-3-small@1': 'eastus eastus2 westus switzerlandnorth',
    'whisper@001': 'eastus2 northcentralus norwayeast swedencentral switzerlandnorth westeurope southindia',
  },
  ProvisionedManaged: {
    'gpt-5.2@2025-12-11': 'westus westus3 uksouth',
    'gpt-5.1@2025-11-13': 'westus3 switzerlandnorth uksouth southindia',
    'gpt-5@2025-08-07': `${US7} uksouth southindia`,
    'gpt-5-mini@2025-08-07': 'eastus2 westus3 uksouth southindia',
    'o3@2025-04-16': `${US6} westeurope`,
    'o4-mini@2025-04-16': `${US7} westeurope`,
    'gpt-4.1@2025-04-14': `${US7} germanywestcentral swedencentral switzerlandnorth uksouth southindia`,
    'gpt-4.1-mini@2025-04-14': `${US6} swedencentral switzerlandnorth uksouth southindia`,
    'gpt-4.1-nano@2025-04-14': `${US6} swedencentral`,
    'o3-mini@2025-01-31': 'eastus2 southcentralus swedencentral switzerlandnorth southindia',
    'o1@2024-12-17': 'uksouth',
    'gpt-4o@2024-11-20': 'centralus eastus eastus2 northcentralus westus westus3 germanywestcentral polandcentral swedencentral switzerlandnorth uksouth westeurope southindia',
    'gpt-4o@2024-08-06': `${US7} francecentral germanywestcentral norwayeast spaincentral swedencentral switzerlandnorth switzerlandwest uksouth southindia`,
    'gpt-4o@2024-05-13': `${US7} francecentral germanywestcentral norwayeast polandcentral spaincentral swedencentral switzerlandnorth uksouth southindia`,
    'gpt-4o-mini@2024-07-18': 'eastus eastus2 northcentralus southcentralus westus westus3 francecentral norwayeast spaincentral swedencentral switzerlandnorth switzerlandwest uksouth southindia',
  },
};

function same(keys: string[], regions: string): Record<string, string> {
  return Object.fromEntries(keys.map((k) => [k, regions]));
}

/** One offer: a model version with a deployment type in a region. */
export interface AzureOpenAiOffer {
  readonly model: string;
  readonly version: string;
  readonly deploymentType: ResidentDeploymentType;
  readonly region: string;
}

/** Every recorded offer, flattened (model, version, type, region). */
export const AZURE_OPENAI_OFFERS: readonly AzureOpenAiOffer[] = Object.freeze(
  RESIDENT_DEPLOYMENT_TYPES.flatMap((deploymentType) =>
    Object.entries(OFFERS[deploymentType]).flatMap(([key, regions]) => {
      const [model, version] = key.split('@');
      return regions.split(' ').map((region) => ({ model, version, deploymentType, region }));
    }),
  ),
);

/** Offers matching every given field. */
export function azureOpenAiOffers(filter: Partial<AzureOpenAiOffer>): AzureOpenAiOffer[] {
  return AZURE_OPENAI_OFFERS.filter((o) => (Object.keys(filter) as (keyof AzureOpenAiOffer)[]).every((k) => filter[k] === undefined || o[k] === filter[k]));
}

export interface ResolveDeploymentInput {
  readonly jurisdiction: Pick<Jurisdiction, 'id' | 'countries'>;
  /** An Azure region of the catalog, or its code. */
  readonly region: Region | string;
  /** Model name: `gpt-4o`. */
  readonly model: string;
  /**
   * @default - the newest version offered with the resolved deployment type in the region that is
   * current on `asOf` (model-lifecycle.ts); a deprecated one only when no current one is offered
   */
  readonly version?: string;
  /** @default - `DataZoneStandard` where the region's data zone lies inside the jurisdiction, else `Standard` */
  readonly deploymentType?: AzureOpenAiDeploymentType;
  /** Day the lifecycle is judged on. @default - now (the day of synth) */
  readonly asOf?: Date;
}

export interface ResolvedDeployment {
  /** `sku.name` of the deployment. */
  readonly deploymentType: ResidentDeploymentType;
  readonly model: string;
  readonly version: string;
  readonly region: string;
  /** The data zone prompts may be processed in, or undefined for a regional deployment. */
  readonly dataZone?: AzureOpenAiDataZone;
  /** Countries where prompts and completions may be processed. */
  readonly processingCountries: readonly CountryCode[];
  /** Lifecycle of the version on `asOf`: `current`, `deprecated` (warn) or `unknown` (warn); retired versions throw. */
  readonly lifecycle: LifecycleVerdict;
}

/*
 * Truth table (first matching row wins):
 *   requested type          | region in j | zone of region | zone ⊆ j | offered there | result
 *   Global*                 | any         | any            | any      | any           | refuse: processes worldwide
 *   any                     | no          | -              | -        | -             | refuse: region outside j
 *   DataZone*               | yes         | none           | -        | -             | refuse: region has no data zone
 *   DataZone*               | yes         | US/EU          | no       | -             | refuse: zone spans countries outside j
 *   Standard/Provisioned... | yes         | -              | -        | no            | refuse: list types offered + regions of j offering the model
 *   any resident type       | yes         | -              | (yes)    | yes           | ok (newest version unless one is given)
 *   (none given)            | yes         | US/EU ⊆ j and DataZoneStandard offered → DataZoneStandard; else Standard (rows above apply)
 * ProvisionedManaged types are never picked by default: they need purchased PTU reservations.
 */
export function resolveDeployment(input: ResolveDeploymentInput): ResolvedDeployment {
  const { jurisdiction: j, model } = input;
  const region = typeof input.region === 'string' ? findRegion('azure', input.region) : input.region;
  const code = typeof input.region === 'string' ? input.region : input.region.code;
  const what = `${model}${input.version ? ` ${input.version}` : ''} in ${code}`;
  if (!region || region.cloud !== 'azure') throw new Error(`Azure OpenAI ${what}: "${code}" is not an Azure region of the catalog`);

  const requested = input.deploymentType;
  if (requested !== undefined && (GLOBAL_DEPLOYMENT_TYPES as readonly string[]).includes(requested)) {
    throw new Error(`Azure OpenAI ${what}: deployment type ${requested} processes prompts in any Azure region worldwide, outside jurisdiction "${j.id}"; ${offeredHere(model, code)}`);
  }
  if (requested !== undefined && !(RESIDENT_DEPLOYMENT_TYPES as readonly string[]).includes(requested)) {
    throw new Error(`Azure OpenAI ${what}: unknown deployment type "${requested}"; allowed: ${RESIDENT_DEPLOYMENT_TYPES.join(', ')}`);
  }
  if (!isRegionIn(region, j)) {
    throw new Error(`Azure OpenAI ${what}: region ${describeRegion(region)} is outside jurisdiction "${j.id}" (${j.countries.join(', ')})`);
  }

  const zone = azureOpenAiDataZoneOf(code);
  const zoneAllowed = zone !== undefined && AZURE_OPENAI_DATA_ZONES[zone].countries.every((c) => j.countries.includes(c));
  const type: ResidentDeploymentType =
    (requested as ResidentDeploymentType | undefined) ??
    (zoneAllowed && azureOpenAiOffers({ model, region: code, deploymentType: 'DataZoneStandard' }).length > 0 ? 'DataZoneStandard' : 'Standard');

  if (type.startsWith('DataZone')) {
    if (zone === undefined) {
      throw new Error(`Azure OpenAI ${what}: ${type} needs a data zone, and ${code} is in none (data zones: US, EU); ${offeredHere(model, code)}`);
    }
    if (!zoneAllowed) {
      const outside = AZURE_OPENAI_DATA_ZONES[zone].countries.filter((c) => !j.countries.includes(c));
      throw new Error(
        `Azure OpenAI ${what}: ${type} may process prompts anywhere in the ${zone} data zone, which includes ${outside.map(describeCountry).join(', ')} outside jurisdiction "${j.id}"; ${offeredHere(model, code)}`,
      );
    }
  }

  const asOf = input.asOf ?? new Date();
  if (input.version !== undefined) {
    const given = azureOpenAiLifecycle(model, input.version, asOf);
    if (given.status === 'retired') throw new Error(`Azure OpenAI ${what}: ${given.explanation}; ${currentIn(code, asOf)}`);
  }
  const offers = azureOpenAiOffers({ model, region: code, deploymentType: type });
  const versions = offers.map((o) => o.version).sort().reverse();
  const live = versions.filter((v) => azureOpenAiLifecycle(model, v, asOf).status !== 'retired');
  const version = input.version ?? live.find((v) => azureOpenAiLifecycle(model, v, asOf).status === 'current') ?? live[0];
  if (input.version === undefined && version === undefined && versions.length > 0) {
    throw new Error(`Azure OpenAI ${what}: every version of ${model} offered as ${type} in ${code} is retired (${versions.map((v) => azureOpenAiLifecycle(model, v, asOf).explanation).join('; ')}); ${currentIn(code, asOf)}`);
  }
  if (version === undefined || !versions.includes(version)) {
    throw new Error(`Azure OpenAI ${what}: ${type} is not offered for ${model}${input.version ? ` version ${input.version}` : ''} in ${code}; ${offeredHere(model, code)}; ${elsewhereIn(j, model)}`);
  }
  return Object.freeze({
    deploymentType: type,
    model,
    version,
    region: code,
    dataZone: type.startsWith('DataZone') ? zone : undefined,
    processingCountries: type.startsWith('DataZone') ? AZURE_OPENAI_DATA_ZONES[zone!].countries : [region.country],
    lifecycle: azureOpenAiLifecycle(model, version, asOf),
  });
}

/** "models current in southindia on 2026-11-29: gpt-5.1 2025-11-13 (ProvisionedManaged)" */
function currentIn(region: string, asOf: Date): string {
  const current = azureOpenAiOffers({ region }).filter((o) => azureOpenAiLifecycle(o.model, o.version, asOf).status === 'current');
  if (current.length === 0) return `no model version offered in ${region} is current on ${asOf.toISOString().slice(0, 10)}`;
  const keys = [...new Set(current.map((o) => `${o.model} ${o.version}`))];
  return `current in ${region} on ${asOf.toISOString().slice(0, 10)}: ${keys.map((k) => `${k} (${current.filter((o) => `${o.model} ${o.version}` === k).map((o) => o.deploymentType).join(', ')})`).join(', ')}`;
}

/** "types offered for gpt-4o in southindia: Standard (2024-11-20), ProvisionedManaged (...)" */
function offeredHere(model: string, region: string): string {
  const offers = azureOpenAiOffers({ model, region });
  if (offers.length === 0) {
    const any = azureOpenAiOffers({ region }).length > 0;
    return any ? `${model} is not offered in ${region} with any residency-keeping type` : `${region} has no Azure OpenAI offer in the catalog (not in the model matrix: unverified)`;
  }
  return `types offered for ${model} in ${region}: ${byType(offers)}`;
}

/** "regions of jurisdiction "in" offering gpt-5: southindia (ProvisionedManaged)" */
function elsewhereIn(j: Pick<Jurisdiction, 'id' | 'countries'>, model: string): string {
  const offers = azureOpenAiOffers({ model });
  const regions = regionsIn('azure', j).map((r) => r.code).filter((code) => offers.some((o) => o.region === code));
  if (regions.length === 0) return `no Azure region of jurisdiction "${j.id}" offers ${model}`;
  return `regions of jurisdiction "${j.id}" offering ${model}: ${regions.map((r) => `${r} (${[...new Set(offers.filter((o) => o.region === r).map((o) => o.deploymentType))].join(', ')})`).join(', ')}`;
}

function byType(offers: AzureOpenAiOffer[]): string {
  return RESIDENT_DEPLOYMENT_TYPES.filter((t) => offers.some((o) => o.deploymentType === t))
    .map((t) => `${t} (${offers.filter((o) => o.deploymentType === t).map((o) => o.version).join(', ')})`)
    .join(', ');
}
