import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

/** Sovereign-KeyVaultPrivateEndpoint (checkov CKV2_AZURE_32). */
export const KeyVaultPrivateEndpoint = defineRule(
  {
    id: 'Sovereign-KeyVaultPrivateEndpoint',
    level: 'warning',
    family: 'security',
    description: 'An `azurerm_key_vault` is reached through an `azurerm_private_endpoint` of this stack.',
    appliesTo: ['azurerm_key_vault'],
  },
  function KeyVaultPrivateEndpoint(vault, ctx) {
    return ctx.referencing(vault, 'azurerm_private_endpoint').length > 0 ? COMPLIANT : nonCompliant('no private endpoint refers to the vault');
  },
);
