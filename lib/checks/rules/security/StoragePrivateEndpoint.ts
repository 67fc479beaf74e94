import { COMPLIANT, defineRule, nonCompliant } from '../../rule';

/** Sovereign-StoragePrivateEndpoint (checkov CKV2_AZURE_33). */
export const StoragePrivateEndpoint = defineRule(
  {
    id: 'Sovereign-StoragePrivateEndpoint',
    level: 'warning',
    family: 'security',
    description: 'An `azurerm_storage_account` is reached through an `azurerm_private_endpoint` of this stack.',
    appliesTo: ['azurerm_storage_account'],
  },
  function StoragePrivateEndpoint(account, ctx) {
    return ctx.referencing(account, 'azurerm_private_endpoint').length > 0 ? COMPLIANT : nonCompliant('no private endpoint refers to the account');
  },
);
