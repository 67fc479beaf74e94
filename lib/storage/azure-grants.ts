/**
 * Grants on a ResidencyStorageAccount: Azure RBAC data-plane role assignments, scoped to the account
 * (and, for an object-replicated store, to its replica account), for one principal.
 *
 * - The accounts refuse shared keys (`shared_access_key_enabled = false`): Entra ID with a data role
 *   is the only way in, and the role assignment is the whole grant.
 * - No key grant is needed on Azure: the account wraps and unwraps its data keys with its own
 *   user-assigned identity (the `Key Vault Crypto Service Encryption User` assignment on the key, made
 *   by the account); a data-plane caller never touches the Key Vault key.
 *   learn.microsoft.com/azure/storage/common/customer-managed-keys-overview ("About customer-managed keys")
 * - Roles: `Storage Blob Data Reader` to read, `Storage Blob Data Contributor` to read and write
 *   (learn.microsoft.com/azure/role-based-access-control/built-in-roles/storage). The replica account
 *   of object replication gets the reader role only: Azure blocks writes to destination containers
 *   while the policy is in place (learn.microsoft.com/azure/storage/blobs/object-replication-overview).
 * - azurerm 4.73.0 `azurerm_role_assignment` (internal/services/authorization/role_assignment_resource.go):
 *   `scope`, `principal_id` required; exactly one of `role_definition_id` / `role_definition_name`;
 *   `description` optional, non-empty. The provider does not check `principal_id`; we refuse a value
 *   that is not a GUID, which no Entra object id is.
 */
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktn/provider-azurerm/lib/role-assignment';
import { Token } from 'cdktn';
import type { Construct } from 'constructs';
import type { Grantee, StoreGrant } from './attributes';

export const BLOB_READER_ROLE = 'Storage Blob Data Reader';
export const BLOB_CONTRIBUTOR_ROLE = 'Storage Blob Data Contributor';

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccountGrantTarget {
  readonly provider: AzurermProvider;
  readonly accountId: string;
  readonly accountName: string;
  /** Present for an object-replicated store: the replica account's id (read-only role). */
  readonly replicaAccountId?: string;
}

export function grantAccountAccess(scope: Construct, id: string, target: AccountGrantTarget, grantee: Grantee, access: 'read' | 'readWrite'): StoreGrant {
  const principalId = grantee.principalId;
  if (!Token.isUnresolved(principalId) && !OBJECT_ID.test(principalId)) {
    throw new Error(`${scope.node.path}: grantee principalId "${principalId}" is not an Entra object id (a GUID: the principal id of a managed identity or service principal)`);
  }
  const assign = (suffix: string, accountId: string, role: string) =>
    new RoleAssignment(scope, `${id}-${suffix}`, {
      provider: target.provider,
      scope: accountId,
      roleDefinitionName: role,
      principalId,
      description: `${role} on store account ${target.accountName} (${suffix})`,
    });
  assign('account', target.accountId, access === 'readWrite' ? BLOB_CONTRIBUTOR_ROLE : BLOB_READER_ROLE);
  if (target.replicaAccountId) assign('replica', target.replicaAccountId, BLOB_READER_ROLE);
  return { access, principalId, resourceIds: target.replicaAccountId ? [target.accountId, target.replicaAccountId] : [target.accountId] };
}
