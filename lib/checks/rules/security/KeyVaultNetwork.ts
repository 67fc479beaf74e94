import { defineRule, verdict } from '../../rule';
import { asList, block, isFalse } from '../support';

/** Sovereign-KeyVaultNetwork (checkov CKV_AZURE_109, CKV_AZURE_189; trivy AZU-0013). */
export const KeyVaultNetwork = defineRule(
  {
    id: 'Sovereign-KeyVaultNetwork',
    level: 'error',
    family: 'security',
    description:
      'An `azurerm_key_vault` has `network_acls.default_action` Deny, and `public_network_access_enabled` false unless the ACL lists the only IP ranges or subnets allowed.',
    appliesTo: ['azurerm_key_vault'],
  },
  function KeyVaultNetwork(vault) {
    const acls = block(vault.attrs.network_acls);
    const listed = asList(acls?.ip_rules).length > 0 || asList(acls?.virtual_network_subnet_ids).length > 0;
    return verdict([
      acls?.default_action !== 'Deny' && `network_acls.default_action is ${acls?.default_action ?? '(not set)'}, use Deny`,
      !isFalse(vault.attrs.public_network_access_enabled) && !listed && 'public network access is on with no IP or subnet allow-list; set public_network_access_enabled = false (reach the vault through a private endpoint)',
    ]);
  },
);
