import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isUnresolved } from '../support';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Sovereign-KeyVaultKeyExpiry (checkov CKV_AZURE_40, trivy AZU-0014). */
export const KeyVaultKeyExpiry = defineRule(
  {
    id: 'Sovereign-KeyVaultKeyExpiry',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_key_vault_key` has an RFC 3339 `expiration_date`.',
    appliesTo: ['azurerm_key_vault_key'],
  },
  function KeyVaultKeyExpiry(key) {
    const date = key.attrs.expiration_date;
    if (date === undefined) return nonCompliant('no expiration_date');
    if (isUnresolved(date)) return NOT_APPLICABLE;
    return typeof date === 'string' && RFC3339.test(date) ? COMPLIANT : nonCompliant(`expiration_date "${date}" is not RFC 3339 (2027-11-27T00:00:00Z)`);
  },
);
