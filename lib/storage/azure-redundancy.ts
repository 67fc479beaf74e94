/**
 * Residency rules for Azure storage redundancy: where copies of the data may be kept.
 * Pure functions over catalog facts (docs/facts/regions-services-law.md §1.6–1.10), table-tested.
 */
import { azureRegionHasZones } from '../catalog/azure-storage';
import { allowedRegionList, describeRegion, findRegion, isRegionIn, type Jurisdiction, type Region } from '../catalog';

/** `account_replication_type` values of azurerm 4.x. */
export const AZURE_REPLICATION_TYPES = ['LRS', 'ZRS', 'GRS', 'RAGRS', 'GZRS', 'RAGZRS'] as const;
export type AzureReplicationType = (typeof AZURE_REPLICATION_TYPES)[number];

export type RedundancyVerdict =
  | { readonly allowed: true; readonly warning?: string }
  | { readonly allowed: false; readonly reason: string };

const ZONAL: ReadonlySet<string> = new Set(['ZRS', 'GZRS', 'RAGZRS']);
const GEO: ReadonlySet<string> = new Set(['GRS', 'RAGRS', 'GZRS', 'RAGZRS']);

function allowedRegions(j: Jurisdiction, except?: string): string {
  const codes = allowedRegionList('azure', j, { exclude: except ? [except] : [] }).map((r) => r.code);
  return codes.length > 0 ? codes.join(', ') : '(none in the catalog)';
}

function jurisdictionLabel(j: Jurisdiction): string {
  return `"${j.id}" (${j.residency}: ${j.countries.join(', ')})`;
}

/**
 * Whether `type` keeps every copy of the data inside the jurisdiction and can be created in `region`.
 *
 * | type          | zones in region | paired region | pair's country in jurisdiction | verdict                              |
 * |---------------|-----------------|---------------|--------------------------------|--------------------------------------|
 * | LRS           | any             | any           | any                            | allowed, warning (one datacenter)    |
 * | ZRS           | yes             | any           | any                            | allowed                              |
 * | ZRS           | no              | any           | any                            | refused: use LRS + object replication |
 * | GRS, RAGRS    | any             | none          | -                              | refused: use ZRS + object replication |
 * | GRS, RAGRS    | any             | not in catalog| unknown                        | refused: cannot check the country    |
 * | GRS, RAGRS    | any             | exists        | no                             | refused: names the pair and country  |
 * | GRS, RAGRS    | any             | exists        | yes                            | allowed                              |
 * | GZRS, RAGZRS  | no              | any           | any                            | refused: no zones                    |
 * | GZRS, RAGZRS  | yes             | as GRS        | as GRS                         | as GRS                               |
 * | anything else | -               | -             | -                              | refused: not a replication type      |
 *
 * The zone rule goes beyond "ZRS is always fine": Azure only creates zone-redundant accounts in
 * regions with availability zones, so ZRS elsewhere would fail at apply.
 */
export function checkReplicationType(type: string, region: Region, j: Jurisdiction): RedundancyVerdict {
  if (!(AZURE_REPLICATION_TYPES as readonly string[]).includes(type)) {
    return { allowed: false, reason: `replicationType "${type}" is not one of ${AZURE_REPLICATION_TYPES.join(', ')}` };
  }
  const where = describeRegion(region);
  if (type === 'LRS') {
    return {
      allowed: true,
      warning: `replicationType LRS keeps all copies in one datacenter of ${where}; a datacenter loss loses the data. Prefer ZRS, plus objectReplicationTarget in another region of jurisdiction ${jurisdictionLabel(j)}.`,
    };
  }
  if (ZONAL.has(type) && !azureRegionHasZones(region.code)) {
    return {
      allowed: false,
      reason: `replicationType ${type} needs availability zones, and ${where} has none. Use LRS, plus objectReplicationTarget in another region of jurisdiction ${jurisdictionLabel(j)}: ${allowedRegions(j, region.code)}.`,
    };
  }
  if (!GEO.has(type)) return { allowed: true };

  const fallback = azureRegionHasZones(region.code) ? 'ZRS' : 'LRS';
  if (region.pairedRegion === null) {
    return {
      allowed: false,
      reason: `replicationType ${type} copies data to the paired region, and ${where} has no paired region. Use ${fallback} plus objectReplicationTarget in another region of jurisdiction ${jurisdictionLabel(j)}: ${allowedRegions(j, region.code)}.`,
    };
  }
  const pair = findRegion('azure', region.pairedRegion);
  if (!pair) {
    return {
      allowed: false,
      reason: `replicationType ${type} copies data to ${region.pairedRegion}, the pair of ${where}, which is not in the region catalog, so its country cannot be checked against jurisdiction ${jurisdictionLabel(j)}. Use ${fallback} plus objectReplicationTarget.`,
    };
  }
  if (!isRegionIn(pair, j)) {
    return {
      allowed: false,
      reason: `replicationType ${type} copies data to ${describeRegion(pair)}, the pair of ${where}, outside jurisdiction ${jurisdictionLabel(j)}. Use ${fallback} plus objectReplicationTarget in one of: ${allowedRegions(j, region.code)}.`,
    };
  }
  return { allowed: true };
}

/**
 * Why object replication from `source` to `target` is refused, or undefined when allowed:
 * the target must be another Azure region whose country is in the jurisdiction.
 */
export function objectReplicationProblem(source: Region, target: Region, j: Jurisdiction): string | undefined {
  const allowed = `allowed target regions: ${allowedRegions(j, source.code)}`;
  if (target.cloud !== 'azure') {
    return `objectReplicationTarget region ${target.code} is an ${target.cloud} region; Azure object replication needs an Azure storage account (${allowed})`;
  }
  if (target.code === source.code) {
    return `objectReplicationTarget is in ${describeRegion(target)}, the source region itself; a copy in the same region does not survive a region loss (${allowed})`;
  }
  if (!isRegionIn(target, j)) {
    return `objectReplicationTarget region ${describeRegion(target)} is outside jurisdiction ${jurisdictionLabel(j)}; ${allowed}`;
  }
  return undefined;
}
