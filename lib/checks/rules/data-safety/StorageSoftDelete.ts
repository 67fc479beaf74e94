import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { block, isTrue } from '../support';

/** Sovereign-StorageSoftDelete (checkov CKV2_AZURE_38, trivy AZU-0056): deleted or overwritten blobs can be recovered. */
export const StorageSoftDelete = defineRule(
  {
    id: 'Sovereign-StorageSoftDelete',
    level: 'error',
    family: 'data-safety',
    description:
      'An `azurerm_storage_account` (not FileStorage) has `blob_properties` with `versioning_enabled`, `delete_retention_policy.days` > 0 and `container_delete_retention_policy.days` > 0.',
    appliesTo: ['azurerm_storage_account'],
  },
  function StorageSoftDelete(account) {
    if (account.attrs.account_kind === 'FileStorage') return NOT_APPLICABLE;
    const blob = block(account.attrs.blob_properties);
    const days = (policy: unknown) => Number(block(policy)?.days ?? 0);
    return verdict([
      !isTrue(blob?.versioning_enabled) && 'blob versioning is off',
      !(days(blob?.delete_retention_policy) > 0) && 'no blob soft delete (blob_properties.delete_retention_policy.days)',
      !(days(blob?.container_delete_retention_policy) > 0) && 'no container soft delete (blob_properties.container_delete_retention_policy.days)',
    ]);
  },
);
