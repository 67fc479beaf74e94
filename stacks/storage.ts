/**
 * The policy's data stores of one jurisdiction: an S3 bucket per store on AWS (replicated to the
 * secondary region) and a storage account per store on Azure (geo-redundant where the paired region
 * is inside the jurisdiction, otherwise object-replicated to the secondary region).
 */
import {
  ResidencyBucket,
  ResidencyStorageAccount,
  checkReplicationType,
  type AzureReplicationType,
} from '../lib/storage';
import type { Region } from '../lib/catalog';
import type { DataStorePolicy } from '../lib/policy';
import type { AzureRegionContext, JurisdictionStack } from './jurisdiction-stack';
import { awsRegionKey, azurePlacement, azureRegionVault } from './keys';

export interface DataStoreOptions {
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** Pins the first expiry of Azure keys (YYYY-MM-DD). @default - 365 days after the creating apply */
  readonly keyIssuedOn?: string;
}

export interface JurisdictionStores {
  readonly buckets: ResidencyBucket[];
  readonly storageAccounts: ResidencyStorageAccount[];
}

/**
 * Azure redundancy for a store, in order of preference: GZRS, then GRS (both only where the paired
 * region is inside the jurisdiction and the region supports the type), else ZRS (LRS in a region
 * without zones) plus object replication to the secondary region; without replication, ZRS or LRS.
 */
export function azureRedundancy(store: DataStorePolicy, stack: JurisdictionStack, region: Region): { type: AzureReplicationType; objectReplication: boolean } {
  const j = stack.policy.jurisdiction;
  const local: AzureReplicationType = checkReplicationType('ZRS', region, j).allowed ? 'ZRS' : 'LRS';
  if (!store.replication) return { type: local, objectReplication: false };
  for (const type of ['GZRS', 'GRS'] as const) {
    if (checkReplicationType(type, region, j).allowed) return { type, objectReplication: false };
  }
  return { type: local, objectReplication: true };
}

export function addDataStores(stack: JurisdictionStack, options: DataStoreOptions): JurisdictionStores {
  const stores = stack.policy.dataStores;
  const out: JurisdictionStores = { buckets: [], storageAccounts: [] };
  if (stores.length === 0) return out;
  const j = stack.policy.jurisdiction;

  const [awsPrimary, awsSecondary] = [stack.aws.find((c) => c.role === 'primary'), stack.aws.find((c) => c.role === 'secondary')];
  for (const store of awsPrimary ? stores : []) {
    const replica = store.replication && awsSecondary
      ? { provider: awsSecondary.provider, region: awsSecondary.region, key: awsRegionKey(stack, awsSecondary), vpcEndpointIds: store.privateOnly ? [awsSecondary.network.s3GatewayEndpointId] : undefined }
      : undefined;
    out.buckets.push(new ResidencyBucket(stack, `store-${store.name}-aws`, {
      jurisdiction: j,
      namespace: options.namespace,
      storeName: store.name,
      primary: { provider: awsPrimary!.provider, region: awsPrimary!.region, key: awsRegionKey(stack, awsPrimary!) },
      replica,
      classification: store.classification,
      noncurrentVersionExpirationDays: store.noncurrentVersionExpirationDays,
      objectLockDays: store.objectLockDays,
      vpcEndpointIds: store.privateOnly ? [awsPrimary!.network.s3GatewayEndpointId] : undefined,
    }));
  }

  // Azure: the region's vault holds the keys; the blob private DNS zone is shared per VNet.
  const azurePrimary = stack.azure.find((c) => c.role === 'primary');
  const azureSecondary = stack.azure.find((c) => c.role === 'secondary');
  if (!azurePrimary) return out;
  const blobZones = new Map<string, string>();
  const placement = (ctx: AzureRegionContext) => azurePlacement(stack, ctx, options.namespace);
  const vaultIn = (ctx: AzureRegionContext) => azureRegionVault(stack, ctx, { namespace: options.namespace, keyIssuedOn: options.keyIssuedOn });
  const account = (id: string, ctx: AzureRegionContext, store: DataStorePolicy, type: AzureReplicationType, target?: ResidencyStorageAccount) => {
    const a = new ResidencyStorageAccount(stack, id, {
      ...placement(ctx),
      privateDnsZoneId: blobZones.get(ctx.region.code),
      storeName: store.name,
      keyVault: vaultIn(ctx),
      replicationType: type,
      objectReplicationTarget: target,
    });
    if (!blobZones.has(ctx.region.code)) blobZones.set(ctx.region.code, a.privateDnsZoneId);
    return a;
  };

  for (const store of stores) {
    const { type, objectReplication } = azureRedundancy(store, stack, azurePrimary.region);
    let target: ResidencyStorageAccount | undefined;
    if (objectReplication) {
      if (!azureSecondary) throw new Error(`${stack.node.path}: store "${store.name}" needs azure.secondary for object replication`);
      const targetType = checkReplicationType('ZRS', azureSecondary.region, j).allowed ? 'ZRS' : 'LRS';
      target = account(`store-${store.name}-azure-replica`, azureSecondary, store, targetType);
      out.storageAccounts.push(target);
    }
    out.storageAccounts.push(account(`store-${store.name}-azure`, azurePrimary, store, type, target));
  }
  return out;
}
