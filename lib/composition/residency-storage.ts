/**
 * The data stores of one jurisdiction (was stacks/storage.ts): an S3 bucket per store on AWS
 * (replicated to the secondary region) and a storage account per store on Azure (geo-redundant where
 * the paired region is inside the jurisdiction, otherwise object-replicated to the secondary region),
 * each encrypted with its region's key from `RegionalKeys`.
 */
import type { Construct } from 'constructs';
import type { Region } from '../catalog';
import type { DataStorePolicy } from '../policy';
import {
  ResidencyBucket,
  ResidencyStorageAccount,
  checkReplicationType,
  type AzureReplicationType,
} from '../storage';
import type { ResidencyStore } from '../storage/attributes';
import { Composition } from './composition';
import { azurePlacement, regionOf, type AzureRegionContext, type JurisdictionPlacement } from './context';
import type { RegionalKeys } from './regional-keys';

export interface ResidencyStorageProps {
  /** The stores (the policy's `dataStores` entries, or written by hand). */
  readonly stores: readonly DataStorePolicy[];
  /** The region keys and vaults the stores are encrypted with; their placement is the stores' placement. */
  readonly keys: RegionalKeys;
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** Pins the first expiry of Azure keys (YYYY-MM-DD). @default - 365 days after the creating apply */
  readonly keyIssuedOn?: string;
}

/** The two halves of one store; either is absent when the placement has no region on that cloud. */
export interface StorePair {
  readonly aws?: ResidencyBucket;
  readonly azure?: ResidencyStorageAccount;
}

/**
 * Azure redundancy for a store, in order of preference: GZRS, then GRS (both only where the paired
 * region is inside the jurisdiction and the region supports the type), else ZRS (LRS in a region
 * without zones) plus object replication to the secondary region; without replication, ZRS or LRS.
 */
export function azureRedundancy(store: DataStorePolicy, placement: Pick<JurisdictionPlacement, 'jurisdiction'>, region: Region): { type: AzureReplicationType; objectReplication: boolean } {
  const j = placement.jurisdiction;
  const local: AzureReplicationType = checkReplicationType('ZRS', region, j).allowed ? 'ZRS' : 'LRS';
  if (!store.replication) return { type: local, objectReplication: false };
  for (const type of ['GZRS', 'GRS'] as const) {
    if (checkReplicationType(type, region, j).allowed) return { type, objectReplication: false };
  }
  return { type: local, objectReplication: true };
}

/**
 * Every store of a jurisdiction on each of its clouds. Parts (`store-<name>-aws`, `store-<name>-azure`,
 * `store-<name>-azure-replica`, and the region keys through `RegionalKeys`) are created next to this
 * construct. `store(name)` gives both halves; each half grants access with `grantRead` / `grantReadWrite`.
 */
export class ResidencyStorage extends Composition {
  public readonly buckets: ResidencyBucket[] = [];
  /** Azure accounts, each object-replication target before its source. */
  public readonly storageAccounts: ResidencyStorageAccount[] = [];
  private readonly byName = new Map<string, { aws?: ResidencyBucket; azure?: ResidencyStorageAccount }>();

  constructor(scope: Construct, id: string, props: ResidencyStorageProps) {
    super(scope, id);
    const stores = props.stores;
    if (stores.length === 0) return;
    const keys = props.keys;
    const placement = keys.placement;
    const j = placement.jurisdiction;
    const at = this.partScope;
    for (const s of stores) this.byName.set(s.name, {});

    const [awsPrimary, awsSecondary] = [regionOf(placement.aws, 'primary'), regionOf(placement.aws, 'secondary')];
    for (const store of awsPrimary ? stores : []) {
      const replica = store.replication && awsSecondary
        ? { provider: awsSecondary.provider, region: awsSecondary.region, key: keys.awsKey(awsSecondary), vpcEndpointIds: store.privateOnly ? [awsSecondary.network.s3GatewayEndpointId] : undefined }
        : undefined;
      const bucket = new ResidencyBucket(at, `store-${store.name}-aws`, {
        jurisdiction: j,
        namespace: props.namespace,
        storeName: store.name,
        primary: { provider: awsPrimary!.provider, region: awsPrimary!.region, key: keys.awsKey(awsPrimary!) },
        replica,
        classification: store.classification,
        noncurrentVersionExpirationDays: store.noncurrentVersionExpirationDays,
        objectLockDays: store.objectLockDays,
        vpcEndpointIds: store.privateOnly ? [awsPrimary!.network.s3GatewayEndpointId] : undefined,
      });
      this.buckets.push(bucket);
      this.byName.get(store.name)!.aws = bucket;
    }

    // Azure: the region's vault holds the keys; the blob private DNS zone is shared per VNet.
    const azurePrimary = regionOf(placement.azure, 'primary');
    const azureSecondary = regionOf(placement.azure, 'secondary');
    if (!azurePrimary) return;
    const blobZones = new Map<string, string>();
    const vaultIn = (ctx: AzureRegionContext) => keys.azureVault(ctx, { namespace: props.namespace, keyIssuedOn: props.keyIssuedOn });
    const account = (id: string, ctx: AzureRegionContext, store: DataStorePolicy, type: AzureReplicationType, target?: ResidencyStorageAccount) => {
      const a = new ResidencyStorageAccount(at, id, {
        ...azurePlacement(placement, ctx, props.namespace),
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
      const { type, objectReplication } = azureRedundancy(store, placement, azurePrimary.region);
      let target: ResidencyStorageAccount | undefined;
      if (objectReplication) {
        if (!azureSecondary) throw new Error(`${at.node.path}: store "${store.name}" needs azure.secondary for object replication`);
        const targetType = checkReplicationType('ZRS', azureSecondary.region, j).allowed ? 'ZRS' : 'LRS';
        target = account(`store-${store.name}-azure-replica`, azureSecondary, store, targetType);
        this.storageAccounts.push(target);
      }
      const source = account(`store-${store.name}-azure`, azurePrimary, store, type, target);
      this.storageAccounts.push(source);
      this.byName.get(store.name)!.azure = source;
    }
  }

  /** Both halves of store `name`; throws naming the stores there are when there is none of that name. */
  public store(name: string): StorePair {
    const pair = this.byName.get(name);
    if (!pair) throw new Error(`${this.node.path}: no store "${name}"; stores: ${[...this.byName.keys()].join(', ') || '(none)'}`);
    return pair;
  }

  /** Every store half, on both clouds, through the shared vocabulary (`ResidencyStore`). */
  public get all(): ResidencyStore[] {
    return [...this.byName.values()].flatMap((p) => [p.aws, p.azure].filter((s): s is NonNullable<typeof s> => s !== undefined));
  }
}
