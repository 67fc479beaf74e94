import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isTrue } from '../support';

/** Sovereign-KeyVaultRbac: Azure RBAC, not legacy access policies (rbac_authorization_enabled is required in azurerm 5). */
export const KeyVaultRbac = defineRule(
  {
    id: 'Sovereign-KeyVaultRbac',
    level: 'warning',
    family: 'security',
    description: 'An `azurerm_key_vault` has `rbac_authorization_enabled` (or the deprecated `enable_rbac_authorization`) true.',
    appliesTo: ['azurerm_key_vault'],
  },
  function KeyVaultRbac(vault) {
    return isTrue(vault.attrs.rbac_authorization_enabled) || isTrue(vault.attrs.enable_rbac_authorization)
      ? COMPLIANT
      : nonCompliant('the vault uses access policies; set rbac_authorization_enabled = true and grant roles per key');
  },
);
