import { defineRule, verdict } from '../../rule';
import { isTrue } from '../support';

/** Sovereign-KeyVaultPurgeProtection (checkov CKV_AZURE_110, CKV_AZURE_42; trivy AZU-0016). */
export const KeyVaultPurgeProtection = defineRule(
  {
    id: 'Sovereign-KeyVaultPurgeProtection',
    level: 'error',
    family: 'data-safety',
    description: 'An `azurerm_key_vault` has `purge_protection_enabled` true and `soft_delete_retention_days` from 7 to 90 (90 when absent).',
    appliesTo: ['azurerm_key_vault'],
  },
  function KeyVaultPurgeProtection(vault) {
    const days = vault.attrs.soft_delete_retention_days;
    return verdict([
      !isTrue(vault.attrs.purge_protection_enabled) && 'purge_protection_enabled is not true: a deleted vault (and its keys) can be purged before the retention ends',
      days !== undefined && !(Number(days) >= 7 && Number(days) <= 90) && `soft_delete_retention_days ${days} is outside 7-90`,
    ]);
  },
);
