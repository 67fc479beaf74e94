/**
 * One attribute vocabulary for the AWS and Azure halves of the library. Each cloud's construct keeps
 * its cloud's own names too (`bucketArn`, `accountId`, `keyArn`, `vaultId`, ...); these are the names
 * code that serves both clouds reads.
 *
 * | attribute      | AWS                                   | Azure                                            |
 * |----------------|---------------------------------------|--------------------------------------------------|
 * | `resourceId`   | ARN of the main resource              | Azure resource id (`/subscriptions/.../...`)     |
 * | `resourceName` | its name (bucket name, key alias)     | its name (account name, vault name)              |
 * | `region`       | catalog `Region` it is placed in      | catalog `Region` (`location`)                    |
 * | `jurisdictionId` | id of the jurisdiction it belongs to | same                                            |
 * | `principalId`  | IAM role ARN (a `Grantee`)            | Entra object id of a managed identity or service principal |
 */
import type { Region } from '../catalog';

/** A resource placed in a jurisdiction, on either cloud. */
export interface ResidencyResource {
  /** The cloud's identifier of the main resource: an ARN on AWS, a resource id on Azure. */
  readonly resourceId: string;
  /** The name of the main resource (bucket, storage account, key alias, vault). */
  readonly resourceName: string;
  /** Where it is: its region (the primary one, for a replicated store). */
  readonly region: Region;
  /** The jurisdiction it belongs to. */
  readonly jurisdictionId: string;
}

/**
 * Who is granted access. On AWS `principalId` is an IAM role ARN in the store's account and partition;
 * on Azure it is the Entra object id (principal id) of a managed identity or service principal.
 */
export interface Grantee {
  readonly principalId: string;
}

/** What a grant created: every Terraform resource and policy statement id, so a caller can depend on them. */
export interface StoreGrant {
  /** `read` or `readWrite`. */
  readonly access: 'read' | 'readWrite';
  readonly principalId: string;
  /** Ids of the resources the grant reaches: the store and, when replicated, its replica. */
  readonly resourceIds: readonly string[];
}

/** A data store half (one cloud) that can grant access to its data and, together, to the key that encrypts it. */
export interface ResidencyStore extends ResidencyResource {
  readonly storeName: string;
  /** Read the store's objects (and its replica's): data-plane read plus whatever key use reading needs. */
  grantRead(grantee: Grantee): StoreGrant;
  /** Read and write the store's objects; the replica (written only by replication) stays read-only. */
  grantReadWrite(grantee: Grantee): StoreGrant;
}
