import { defineRule, verdict } from '../../rule';
import { isFalse, isTrue } from '../support';

/** Sovereign-StorageSharedKey (checkov CKV2_AZURE_40, CKV2_AZURE_41, CKV_AZURE_244): Entra ID only, no account keys or local users. */
export const StorageSharedKey = defineRule(
  {
    id: 'Sovereign-StorageSharedKey',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_storage_account` has `shared_access_key_enabled` false (no account keys or SAS signed with them) and no local users (`local_user_enabled` not true; false required with a hierarchical namespace).',
    appliesTo: ['azurerm_storage_account'],
  },
  function StorageSharedKey(account) {
    const localUsers = account.attrs.local_user_enabled;
    return verdict([
      !isFalse(account.attrs.shared_access_key_enabled) && 'shared_access_key_enabled is not false',
      (isTrue(localUsers) || (localUsers === undefined && isTrue(account.attrs.is_hns_enabled))) && 'local users (SFTP) are enabled; set local_user_enabled = false',
    ]);
  },
);
