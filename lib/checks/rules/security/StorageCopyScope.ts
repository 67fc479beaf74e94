import { defineRule, verdict } from '../../rule';
import { isTrue } from '../support';

/** Sovereign-StorageCopyScope: blobs cannot be copied to accounts of other tenants or outside Entra / Private Link. */
export const StorageCopyScope = defineRule(
  {
    id: 'Sovereign-StorageCopyScope',
    level: 'error',
    family: 'security',
    description:
      'An `azurerm_storage_account` does not allow cross-tenant object replication (`cross_tenant_replication_enabled` not true) and restricts copies with `allowed_copy_scope` AAD or PrivateLink.',
    appliesTo: ['azurerm_storage_account'],
  },
  function StorageCopyScope(account) {
    const scope = account.attrs.allowed_copy_scope;
    return verdict([
      isTrue(account.attrs.cross_tenant_replication_enabled) && 'cross_tenant_replication_enabled is true: blobs may be replicated into another tenant\'s account, anywhere',
      !['AAD', 'PrivateLink'].includes(scope) && `allowed_copy_scope is ${scope ?? '(not set: copies to and from any account)'}; use PrivateLink or AAD`,
    ]);
  },
);
