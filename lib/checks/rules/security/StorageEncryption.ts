import { defineRule, verdict } from '../../rule';
import { block, isTrue } from '../support';

/** Sovereign-StorageEncryption (checkov CKV2_AZURE_1, trivy AZU-0060, AZU-0061; Sovereign Landing Zone SO.3). */
export const StorageEncryption = defineRule(
  {
    id: 'Sovereign-StorageEncryption',
    level: 'error',
    family: 'security',
    description:
      'An `azurerm_storage_account` encrypts with a customer-managed key (`customer_managed_key.key_vault_key_id` or an `azurerm_storage_account_customer_managed_key`) and has `infrastructure_encryption_enabled` true.',
    appliesTo: ['azurerm_storage_account'],
  },
  function StorageEncryption(account, ctx) {
    const cmk = !!block(account.attrs.customer_managed_key)?.key_vault_key_id || ctx.referencing(account, 'azurerm_storage_account_customer_managed_key', 'storage_account_id').length > 0;
    return verdict([
      !cmk && 'no customer-managed key: Microsoft holds the key',
      !isTrue(account.attrs.infrastructure_encryption_enabled) && 'infrastructure_encryption_enabled is not true (it can only be set at creation)',
    ]);
  },
);
