import { defineRule, verdict } from '../../rule';
import { isFalse } from '../support';

/** Sovereign-StorageTls (checkov CKV_AZURE_44, CKV_AZURE_3; trivy AZU-0011, AZU-0008). */
export const StorageTls = defineRule(
  {
    id: 'Sovereign-StorageTls',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_storage_account` accepts HTTPS only (`https_traffic_only_enabled` not false) with `min_tls_version` TLS1_2 or newer (azurerm 4 defaults: true, TLS1_2).',
    appliesTo: ['azurerm_storage_account'],
  },
  function StorageTls(account) {
    const tls = account.attrs.min_tls_version;
    return verdict([
      isFalse(account.attrs.https_traffic_only_enabled) && 'https_traffic_only_enabled is false',
      tls !== undefined && !['TLS1_2', 'TLS1_3'].includes(tls) && `min_tls_version is ${tls}; use TLS1_2`,
    ]);
  },
);
