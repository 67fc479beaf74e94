import { describeRegion, findRegion, isRegionIn } from '../../../catalog';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { describeJurisdiction, isUnresolved } from '../support';

const GEO = new Set(['GRS', 'RAGRS', 'GZRS', 'RAGZRS']);

/** Sovereign-ResidencyGeoRedundancy: geo-redundant Azure storage copies to a paired region inside the jurisdiction. */
export const ResidencyGeoRedundancy = defineRule(
  {
    id: 'Sovereign-ResidencyGeoRedundancy',
    level: 'error',
    family: 'residency',
    description:
      'An `azurerm_storage_account` with GRS, RA-GRS, GZRS or RA-GZRS is in a region whose Azure paired region (the catalog\'s `pairedRegion`, where the geo copy goes) is in the jurisdiction; otherwise use ZRS/LRS plus object replication to a region of the jurisdiction.',
    appliesTo: ['azurerm_storage_account'],
  },
  function ResidencyGeoRedundancy(account, ctx) {
    const j = ctx.jurisdiction!;
    const type = account.attrs.account_replication_type;
    if (typeof type !== 'string' || !GEO.has(type)) return COMPLIANT;
    const placement = ctx.placementOf(account);
    if (!placement || isUnresolved(placement.region)) return NOT_APPLICABLE;
    const region = findRegion('azure', placement.region);
    if (!region) return nonCompliant(`${type} copies data to the pair of ${placement.region}, a region not in the catalog, so the copy's country cannot be checked`);
    if (region.pairedRegion === null) return nonCompliant(`${type} needs a paired region, and ${describeRegion(region)} has none; use ZRS plus object replication inside jurisdiction ${describeJurisdiction(j)}`);
    const pair = findRegion('azure', region.pairedRegion);
    if (!pair) return nonCompliant(`${type} copies data to ${region.pairedRegion}, the pair of ${describeRegion(region)}, which is not in the region catalog, so its country cannot be checked`);
    if (isRegionIn(pair, j)) return COMPLIANT;
    return nonCompliant(`${type} copies data to ${describeRegion(pair)}, the pair of ${describeRegion(region)}, outside jurisdiction ${describeJurisdiction(j)}; use ZRS plus object replication to a region of the jurisdiction`);
  },
);
