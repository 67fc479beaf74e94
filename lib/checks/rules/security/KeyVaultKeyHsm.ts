import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

/** Sovereign-KeyVaultKeyHsm (checkov CKV_AZURE_112; Sovereign Landing Zone Enforce-Sov-L2-CMKP: keys in Key Vault Premium HSMs). */
export const KeyVaultKeyHsm = defineRule(
  {
    id: 'Sovereign-KeyVaultKeyHsm',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_key_vault_key` is HSM-backed: `key_type` RSA-HSM or EC-HSM.',
    appliesTo: ['azurerm_key_vault_key'],
  },
  function KeyVaultKeyHsm(key) {
    return ['RSA-HSM', 'EC-HSM'].includes(key.attrs.key_type) ? COMPLIANT : nonCompliant(`key_type is ${key.attrs.key_type}; use RSA-HSM or EC-HSM (a premium vault)`);
  },
);
