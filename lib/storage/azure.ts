/**
 * Azure residency storage: a StorageV2 account that keeps every copy of its data inside one
 * jurisdiction, encrypted with a customer-managed HSM key from a `JurisdictionKeyVault`, reachable
 * only through a private endpoint.
 *
 *   JurisdictionKeyVault ── CustomerManagedKey ◄── user-assigned identity (Crypto Service Encryption User)
 *            │                                         │
 *            └──────────── ResidencyStorageAccount ◄───┘ ── containers, private endpoint, object replication
 */
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktn/provider-azurerm/lib/role-assignment';
import { StorageAccount } from '@cdktn/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktn/provider-azurerm/lib/storage-container';
import { StorageObjectReplication, type StorageObjectReplicationRules } from '@cdktn/provider-azurerm/lib/storage-object-replication';
import { UserAssignedIdentity } from '@cdktn/provider-azurerm/lib/user-assigned-identity';
import { Annotations } from 'cdktn';
import { Construct } from 'constructs';
import { describeRegion, isRegionIn, type Jurisdiction, type Region } from '../catalog';
import { CustomerManagedKey, type CustomerManagedKeyOptions, type JurisdictionKeyVault } from './azure-key-vault';
import { residencyStorageAccountName, storageAccountNameProblem } from './azure-names';
import { AzurePrivateLink, assertPlacement, type AzureResidencyPlacement } from './azure-placement';
import { checkReplicationType, objectReplicationProblem, type AzureReplicationType } from './azure-redundancy';
import type { Grantee, ResidencyStore, StoreGrant } from './attributes';
import { grantAccountAccess } from './azure-grants';

export * from './azure-key-vault';
export { jurisdictionKeyVaultName, keyVaultNameProblem, residencyStorageAccountName, storageAccountNameProblem } from './azure-names';
export { AzurePrivateLink, PRIVATE_DNS_ZONE_BY_SUBRESOURCE, type AzurePrivateLinkProps, type AzureResidencyPlacement, type PrivateLinkSubresource } from './azure-placement';
export * from './azure-redundancy';

/** A destination account given by id (e.g. managed in another stack of the same jurisdiction). */
export interface ObjectReplicationTarget {
  /** Resource id of the destination account; it must have blob versioning enabled. */
  readonly storageAccountId: string;
  /** Region of the destination account: another Azure region of the jurisdiction. */
  readonly region: Region;
  /**
   * Destination container for each source container, by name; each must exist on the destination.
   * @default - a container of the same name as the source container
   */
  readonly containerNames?: Readonly<Record<string, string>>;
}

export interface ResidencyStorageAccountProps extends AzureResidencyPlacement {
  /** Short name of the store, 2–12 lower-case letters or digits: `docs`, `models`. */
  readonly storeName: string;
  /** Vault holding the account's customer-managed key; its region must be in `jurisdiction`. */
  readonly keyVault: JurisdictionKeyVault;
  /**
   * Redundancy (`account_replication_type`). Geo-redundant types copy data to the paired region,
   * so they are accepted only where that pair is inside the jurisdiction; zone-redundant types
   * need a region with availability zones; LRS is accepted with a warning (see `checkReplicationType`).
   * @default "ZRS"
   */
  readonly replicationType?: AzureReplicationType;
  /**
   * Second copy in another region of the jurisdiction, by blob object replication of every
   * container (needs versioning on both sides and change feed here, both always on). New blobs
   * only (`copy_blobs_created_after` = provider default `OnlyNewObjects`). Azure limits: a
   * destination takes at most two policies, and a replicated container cannot replicate onward.
   * @default - no object replication
   */
  readonly objectReplicationTarget?: ResidencyStorageAccount | ObjectReplicationTarget;
  /** Days a deleted or overwritten blob stays recoverable (1–365). @default 30 */
  readonly blobSoftDeleteDays?: number;
  /** Days a deleted container stays recoverable (1–365). @default 30 */
  readonly containerSoftDeleteDays?: number;
  /** Days change-feed records are kept (1–146000); object replication reads them within minutes. @default 90 */
  readonly changeFeedRetentionDays?: number;
  /**
   * Private blob containers (3–63 lower-case letters, digits, single hyphens).
   * @default ["data"]
   */
  readonly containers?: string[];
  /**
   * Size and rotation of the account's key `cmk-<account name>`, created in `keyVault`.
   * @default - 3072-bit RSA-HSM, 365-day versions rotated 30 days before expiry, issued on the vault's `keyIssuedOn`
   */
  readonly key?: CustomerManagedKeyOptions;
  /**
   * Storage account name, globally unique, `^[a-z0-9]{3,24}$`.
   * @default - `st<jurisdiction><storeName><hash of namespace/jurisdiction/storeName/region>`
   */
  readonly accountName?: string;
}

const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

function assertDaysIn(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got ${value}`);
}

/**
 * `azurerm_storage_account` with every secure default: CMK through a user-assigned identity,
 * infrastructure (double) encryption, TLS 1.2, no shared keys, no public network access or
 * anonymous blobs, no cross-tenant replication, copies only from private-linked accounts,
 * network default Deny, versioning, change feed and soft delete; its private endpoint (`blob`);
 * private containers; and, optionally, object replication to another in-jurisdiction region.
 *
 * Deploying: with public access off and shared keys off, configure the provider with
 * `storage_use_azuread = true` and `features { storage { data_plane_available = false } }` (this
 * construct sets no data-plane-only blocks), or run Terraform inside the VNet.
 */
export class ResidencyStorageAccount extends Construct implements ResidencyStore {
  public readonly accountId: string;
  public readonly accountName: string;
  public readonly primaryBlobEndpoint: string;
  public readonly replicationType: AzureReplicationType;
  public readonly jurisdiction: Jurisdiction;
  public readonly region: Region;
  public readonly provider: AzurermProvider;
  public readonly containerNames: string[];
  public readonly containerResources: StorageContainer[];
  /** The `privatelink.blob.core.windows.net` zone: pass it as `privateDnsZoneId` to another account in the same VNet. */
  public readonly privateDnsZoneId: string;
  public readonly privateEndpointId: string;
  /** The user-assigned identity the account reads its key with. */
  public readonly identityId: string;
  public readonly identityPrincipalId: string;
  public readonly key: CustomerManagedKey;
  /** Id of the account this one replicates its containers to, if any. */
  public readonly objectReplicationTargetId?: string;
  public readonly storeName: string;
  private grants = 0;

  constructor(scope: Construct, id: string, props: ResidencyStorageAccountProps) {
    super(scope, id);
    const what = `ResidencyStorageAccount ${this.node.path}`;
    this.storeName = props.storeName;
    const { provider, region, jurisdiction, keyVault } = props;
    const { name, replicationType, warnings, containerNames, blobSoftDeleteDays, containerSoftDeleteDays, changeFeedRetentionDays } = resolveAccount(props, what);
    warnings.forEach((w) => Annotations.of(this).addWarning(w));
    const target = props.objectReplicationTarget;
    if (target) assertReplicationTarget(target, props, containerNames, what);

    const key = new CustomerManagedKey(this, 'cmk', { ...props.key, keyVault, keyName: `cmk-${name}` });
    const identity = new UserAssignedIdentity(this, 'cmk-identity', {
      provider,
      name: `id-${name}-cmk`,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
    });
    const keyAccess = new RoleAssignment(this, 'cmk-identity-encryption-user', {
      provider,
      // The key, not the vault: the identity can wrap with this key and no other (RBAC scope of a
      // Key Vault object: learn.microsoft.com/azure/key-vault/general/rbac-guide, "individual keys").
      scope: key.resourceVersionlessId,
      roleDefinitionName: 'Key Vault Crypto Service Encryption User',
      principalId: identity.principalId,
      principalType: 'ServicePrincipal',
      description: `Lets storage account ${name} wrap and unwrap its data keys with its customer-managed key.`,
    });

    const account = new StorageAccount(this, 'account', {
      provider,
      name,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: replicationType,
      minTlsVersion: 'TLS1_2',
      httpsTrafficOnlyEnabled: true,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      localUserEnabled: false,
      publicNetworkAccessEnabled: false,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      // PrivateLink is narrower than AAD: copies into this account only from accounts with a private
      // endpoint in the same VNet, not from any account of the tenant in any region of the world.
      allowedCopyScope: 'PrivateLink',
      infrastructureEncryptionEnabled: true,
      queueEncryptionKeyType: 'Account',
      tableEncryptionKeyType: 'Account',
      identity: { type: 'UserAssigned', identityIds: [identity.id] },
      customerManagedKey: { keyVaultKeyId: key.versionlessId, userAssignedIdentityId: identity.id },
      networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
      blobProperties: {
        versioningEnabled: true,
        changeFeedEnabled: true,
        changeFeedRetentionInDays: changeFeedRetentionDays,
        deleteRetentionPolicy: { days: blobSoftDeleteDays },
        containerDeleteRetentionPolicy: { days: containerSoftDeleteDays },
      },
      dependsOn: [keyAccess],
      lifecycle: { preventDestroy: true },
    });

    const link = new AzurePrivateLink(this, 'private-link', {
      provider,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.privateEndpointSubnetId,
      virtualNetworkId: props.virtualNetworkId,
      targetResourceId: account.id,
      targetName: name,
      subresource: 'blob',
      privateDnsZoneId: props.privateDnsZoneId,
    });

    const containers = containerNames.map(
      (c) =>
        new StorageContainer(this, `container-${c}`, {
          provider,
          name: c,
          storageAccountId: account.id,
          containerAccessType: 'private',
          lifecycle: { preventDestroy: true },
        }),
    );

    if (target) {
      this.objectReplicationTargetId = target instanceof ResidencyStorageAccount ? target.accountId : target.storageAccountId;
      new StorageObjectReplication(this, 'object-replication', {
        provider,
        sourceStorageAccountId: account.id,
        destinationStorageAccountId: this.objectReplicationTargetId,
        rules: replicationRules(target, containerNames, containers),
      });
    }

    this.accountId = account.id;
    this.accountName = name;
    this.primaryBlobEndpoint = account.primaryBlobEndpoint;
    this.replicationType = replicationType;
    this.jurisdiction = jurisdiction;
    this.region = region;
    this.provider = provider;
    this.containerNames = containerNames;
    this.containerResources = containers;
    this.privateDnsZoneId = link.privateDnsZoneId;
    this.privateEndpointId = link.privateEndpointId;
    this.identityId = identity.id;
    this.identityPrincipalId = identity.principalId;
    this.key = key;
  }

  /** The account's resource id (shared vocabulary, `ResidencyResource`). */
  public get resourceId(): string {
    return this.accountId;
  }

  /** The account's name (shared vocabulary, `ResidencyResource`). */
  public get resourceName(): string {
    return this.accountName;
  }

  public get jurisdictionId(): string {
    return this.jurisdiction.id;
  }

  /**
   * Lets a principal (`principalId`: its Entra object id) read the store's blobs: `Storage Blob Data Reader`
   * on this account and on its object-replication target, if any (lib/storage/azure-grants.ts).
   */
  public grantRead(grantee: Grantee): StoreGrant {
    return grantAccountAccess(this, `grant-${++this.grants}`, this.grantTarget(), grantee, 'read');
  }

  /** `Storage Blob Data Contributor` on this account; the replica account (written by replication only) gets the reader role. */
  public grantReadWrite(grantee: Grantee): StoreGrant {
    return grantAccountAccess(this, `grant-${++this.grants}`, this.grantTarget(), grantee, 'readWrite');
  }

  private grantTarget() {
    return { provider: this.provider, accountId: this.accountId, accountName: this.accountName, replicaAccountId: this.objectReplicationTargetId };
  }
}

/** Validated settings with their defaults; throws with the bad value and the rule. */
function resolveAccount(props: ResidencyStorageAccountProps, what: string) {
  assertPlacement(props, what);
  const { region, jurisdiction, keyVault } = props;
  if (!isRegionIn(keyVault.region, jurisdiction)) {
    throw new Error(`${what}: keyVault ${keyVault.vaultName} is in ${describeRegion(keyVault.region)}, outside jurisdiction "${jurisdiction.id}" (${jurisdiction.countries.join(', ')})`);
  }
  const replicationType = props.replicationType ?? 'ZRS';
  const verdict = checkReplicationType(replicationType, region, jurisdiction);
  if (!verdict.allowed) throw new Error(`${what}: ${verdict.reason}`);
  const warnings = verdict.warning ? [verdict.warning] : [];
  if (region.restricted) warnings.push(`${region.code} is a restricted Azure region: the subscription needs approved access before deploying there.`);
  const blobSoftDeleteDays = props.blobSoftDeleteDays ?? 30;
  assertDaysIn('blobSoftDeleteDays', blobSoftDeleteDays, 365);
  const containerSoftDeleteDays = props.containerSoftDeleteDays ?? 30;
  assertDaysIn('containerSoftDeleteDays', containerSoftDeleteDays, 365);
  const changeFeedRetentionDays = props.changeFeedRetentionDays ?? 90;
  assertDaysIn('changeFeedRetentionDays', changeFeedRetentionDays, 146000);
  const containerNames = [...(props.containers ?? ['data'])];
  if (containerNames.length === 0) throw new Error(`${what}: containers is empty; give at least one container name (default ["data"])`);
  for (const c of containerNames) {
    if (!CONTAINER_NAME.test(c)) throw new Error(`${what}: container name "${c}" is invalid: use 3–63 lower-case letters, digits and single inner hyphens`);
  }
  if (new Set(containerNames).size !== containerNames.length) throw new Error(`${what}: containers has duplicates: ${containerNames.join(', ')}`);
  const name = props.accountName ?? residencyStorageAccountName(props.namespace, jurisdiction, props.storeName, region);
  const nameProblem = storageAccountNameProblem(name);
  if (nameProblem) throw new Error(`${what}: ${nameProblem}`);
  return { name, replicationType, warnings, containerNames, blobSoftDeleteDays, containerSoftDeleteDays, changeFeedRetentionDays };
}

/** Target in another region of the jurisdiction; a construct target must hold every container and not replicate onward. */
function assertReplicationTarget(
  target: ResidencyStorageAccount | ObjectReplicationTarget,
  props: ResidencyStorageAccountProps,
  containerNames: readonly string[],
  what: string,
): void {
  const problem = objectReplicationProblem(props.region, target.region, props.jurisdiction);
  if (problem) throw new Error(`${what}: ${problem}`);
  if (!(target instanceof ResidencyStorageAccount)) return;
  if (target.objectReplicationTargetId !== undefined) {
    throw new Error(
      `${what}: objectReplicationTarget ${target.accountName} replicates to another account itself; Azure refuses a container that is both a replication destination and a source (no chains)`,
    );
  }
  const missing = containerNames.filter((c) => !target.containerNames.includes(c));
  if (missing.length > 0) {
    throw new Error(
      `${what}: objectReplicationTarget ${target.accountName} has no container ${missing.map((c) => `"${c}"`).join(', ')} (it has ${target.containerNames.join(', ')}); add it there`,
    );
  }
}

/** One rule per source container, to the same-named container of a construct target (checked above). */
function replicationRules(
  target: ResidencyStorageAccount | ObjectReplicationTarget,
  sourceNames: readonly string[],
  sources: readonly StorageContainer[],
): StorageObjectReplicationRules[] {
  return sourceNames.map((sourceName, i) => ({
    sourceContainerName: sources[i].name, // a reference: the rule waits for the container
    destinationContainerName:
      target instanceof ResidencyStorageAccount
        ? target.containerResources[target.containerNames.indexOf(sourceName)].name
        : (target.containerNames?.[sourceName] ?? sourceName),
  }));
}
