/**
 * Azure regions of the catalog that have availability zones, which zone-redundant storage (ZRS,
 * GZRS, RA-GZRS) needs: "You can deploy zone-redundant Azure Storage accounts in any region that
 * supports availability zones".
 *
 * Sources:
 * - MicrosoftDocs/reliability-docs `articles/reliability/regions-list.md` (ms.date 09/23/2025),
 *   column "Availability zone support", read at commit 01021ab8.
 * - MicrosoftDocs/reliability-docs `articles/reliability/includes/storage/reliability-storage-zone-region-support-include.md`
 *   (the ZRS rule quoted above); geo-redundancy uses the paired region and "can't be customized"
 *   (`.../reliability-storage-multi-region-region-support-include.md`).
 *
 * Catalog regions absent from this set have no zones in that list (northcentralus, westcentralus,
 * westus, francesouth, germanynorth, norwaywest, switzerlandwest, ukwest, southindia, westindia) or
 * are not in it at all (swedensouth, jioindiawest, jioindiacentral: treated as zone-less).
 * `denmarkeast` is listed with zones but as "coming soon".
 */
export const AZURE_REGIONS_WITH_ZONES: ReadonlySet<string> = new Set([
  // United States
  'centralus', 'eastus', 'eastus2', 'southcentralus', 'westus2', 'westus3',
  // EU member states
  'austriaeast', 'belgiumcentral', 'denmarkeast', 'francecentral', 'germanywestcentral', 'italynorth',
  'northeurope', 'westeurope', 'polandcentral', 'spaincentral', 'swedencentral',
  // Europe, not in the EU
  'norwayeast', 'switzerlandnorth', 'uksouth',
  // India
  'centralindia',
]);

/** True if the Azure region has availability zones, so ZRS/GZRS storage can be created there. */
export function azureRegionHasZones(regionCode: string): boolean {
  return AZURE_REGIONS_WITH_ZONES.has(regionCode);
}
