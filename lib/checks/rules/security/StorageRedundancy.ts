import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

const GEO = new Set(['GRS', 'RAGRS', 'GZRS', 'RAGZRS']);

/**
 * Sovereign-StorageRedundancy (the intent of checkov CKV_AZURE_206 / trivy AZU-0058, without forcing a
 * paired region that may be abroad): a second region holds a copy, by geo-replication or object replication.
 */
export const StorageRedundancy = defineRule(
  {
    id: 'Sovereign-StorageRedundancy',
    level: 'warning',
    family: 'security',
    description:
      'An `azurerm_storage_account` keeps a copy in a second region: geo-redundant replication (GRS/GZRS and RA- variants), or object replication (`azurerm_storage_object_replication`) from it.',
    appliesTo: ['azurerm_storage_account'],
  },
  function StorageRedundancy(account, ctx) {
    if (GEO.has(account.attrs.account_replication_type)) return COMPLIANT;
    if (ctx.referencing(account, 'azurerm_storage_object_replication', 'source_storage_account_id').length > 0) return COMPLIANT;
    return nonCompliant(`replication ${account.attrs.account_replication_type ?? '(not set)'} keeps every copy in one region, and no object replication copies it to a second region of the jurisdiction`);
  },
);
