import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { S3BucketReplicationConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-replication-configuration';
import { Op, Token } from 'cdktn';
import { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import type { DataStorePolicy } from '../policy';
import type { JurisdictionKey } from './aws-key';
import { BucketSite } from './private/aws-bucket-site';
import {
  ACCOUNT_ID_PLACEHOLDER,
  assertBucketNames,
  assertIntegerInRange,
  assertNamePart,
  assertProviderRegion,
  assertRegionInJurisdiction,
  assertReplicaPlacement,
  assertStoreName,
  replicationRoleName,
  residencyBucketNames,
} from './private/aws-names';
import { replicationRolePolicy, replicationTrustPolicy } from './private/aws-policies';
import type { Grantee, ResidencyStore, StoreGrant } from './attributes';
import { grantBucketAccess, type GrantTarget } from './aws-grants';

export * from './aws-key';

/** Where one copy of the data lives. */
export interface ResidencyBucketPlacement {
  /** The AWS provider of `region`; every resource of this copy is created through it. */
  readonly provider: AwsProvider;
  /** An AWS region whose country is in the jurisdiction. */
  readonly region: Region;
  /** The jurisdiction's key in the same region (S3 can only use a key of its own region). */
  readonly key: JurisdictionKey;
}

export interface ResidencyReplicaPlacement extends ResidencyBucketPlacement {
  /**
   * VPC endpoint ids of the replica's region through which the replica bucket's objects may be read
   * and written (endpoints are regional, so the primary's do not apply here).
   * @default - no perimeter on the replica; required when the primary has `vpcEndpointIds`
   */
  readonly vpcEndpointIds?: readonly string[];
}

export interface ResidencyBucketProps {
  readonly jurisdiction: Jurisdiction;
  /** Short organisation or policy name that starts every bucket name: `acme`. */
  readonly namespace: string;
  /** Name of the data store, 2–12 lower-case letters or digits: `models`, `prompts`. */
  readonly storeName: string;
  readonly primary: ResidencyBucketPlacement;
  /**
   * A second region of the same jurisdiction and partition, kept in sync by S3 replication
   * (new objects, versions and delete markers; objects that existed before are not copied).
   * @default - no replica: the data stays in the primary region only
   */
  readonly replica?: ResidencyReplicaPlacement;
  /**
   * Value of the `data-classification` tag. Every classification gets the same protections.
   * @default "confidential"
   */
  readonly classification?: DataStorePolicy['classification'];
  /**
   * Days a version is kept after it stops being current (overwritten or deleted), in data and log buckets.
   * @default 90
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Object Lock default retention in COMPLIANCE mode (no one, not even the account root, can delete
   * or shorten it), applied to the primary and the replica. Object Lock is enabled when the bucket
   * is created, so adding it later replaces the bucket (which `prevent_destroy` refuses).
   * @default - no Object Lock
   */
  readonly objectLockDays?: number;
  /**
   * VPC endpoint ids of the primary's region: object reads, writes, deletes and listings that do not
   * come through one of them are denied (`aws:SourceVpce`), except for the replication role.
   * Bucket configuration stays reachable, so Terraform can manage the bucket from outside the VPC.
   * @default - no network perimeter: IAM and the key policy alone decide who reaches the data
   */
  readonly vpcEndpointIds?: readonly string[];
  /**
   * Days S3 server access logs are kept in the log bucket of each region.
   * @default 365
   */
  readonly accessLogRetentionDays?: number;
}

const VPC_ENDPOINT_ID = /^vpce-[0-9a-f]{8,17}$/;

/**
 * A data store that stays in its jurisdiction: an S3 bucket in the primary region, optionally
 * replicated to a second region of the same jurisdiction, each encrypted with the jurisdiction key
 * of its region, versioned, private, TLS-only, logged to a log bucket in the same region, and
 * protected from `terraform destroy`. A replica outside the jurisdiction (by country, not by
 * region-name prefix), in the primary region or in another partition is refused at synth.
 */
export class ResidencyBucket extends Construct implements ResidencyStore {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly logBucketName: string;
  public readonly region: Region;
  /** @default - undefined when there is no replica */
  public readonly replicaBucketName?: string;
  /** @default - undefined when there is no replica */
  public readonly replicaBucketArn?: string;
  /** @default - undefined when there is no replica */
  public readonly replicaLogBucketName?: string;
  /** The role S3 replicates with. @default - undefined when there is no replica */
  public readonly replicationRoleArn?: string;
  public readonly storeName: string;
  public readonly jurisdictionId: string;
  private readonly grantTargets: GrantTarget[] = [];
  private grants = 0;

  constructor(scope: Construct, id: string, props: ResidencyBucketProps) {
    super(scope, id);
    const path = this.node.path;
    const { jurisdiction: j, primary, replica } = props;
    validateProps(path, props);

    const noncurrentVersionExpirationDays = props.noncurrentVersionExpirationDays ?? 90;
    const accessLogRetentionDays = props.accessLogRetentionDays ?? 365;
    const common = {
      namespace: props.namespace,
      jurisdictionId: j.id,
      storeName: props.storeName,
      tags: { 'data-classification': props.classification ?? 'confidential', store: props.storeName },
      noncurrentVersionExpirationDays,
      accessLogRetentionDays,
      objectLockDays: props.objectLockDays,
    };

    let role: IamRole | undefined;
    if (replica) {
      // IAM is global: the role is created through the primary provider.
      const account = new DataAwsCallerIdentity(this, 'replication-account', { provider: primary.provider });
      role = new IamRole(this, 'replication-role', {
        provider: primary.provider,
        name: replicationRoleName(path, props.namespace, j.id, props.storeName),
        description: `S3 replication of store ${props.storeName} (${j.id}) from ${primary.region.code} to ${replica.region.code}`,
        assumeRolePolicy: replicationTrustPolicy(account.accountId),
        maxSessionDuration: 3600,
        tags: common.tags,
      });
    }
    const exempt = role ? [role.arn] : [];
    const primarySite = new BucketSite(this, 'primary', {
      ...common,
      provider: primary.provider,
      region: primary.region,
      keyArn: primary.key.keyArn,
      vpcEndpointIds: props.vpcEndpointIds,
      perimeterExemptRoleArns: exempt,
    });
    this.bucketName = primarySite.bucket.bucket;
    this.bucketArn = primarySite.bucket.arn;
    this.logBucketName = primarySite.logBucket.bucket;
    this.region = primary.region;
    this.storeName = props.storeName;
    this.jurisdictionId = j.id;
    this.grantTargets.push({ site: primarySite, bucketArn: this.bucketArn, keyArn: primary.key.keyArn, provider: primary.provider, region: primary.region, readOnly: false });

    if (replica && role) {
      const replicaSite = new BucketSite(this, 'replica', {
        ...common,
        provider: replica.provider,
        region: replica.region,
        keyArn: replica.key.keyArn,
        vpcEndpointIds: replica.vpcEndpointIds,
        perimeterExemptRoleArns: exempt,
      });
      const end = (site: BucketSite, placement: ResidencyBucketPlacement) => ({
        bucketArn: site.bucket.arn,
        keyArn: placement.key.keyArn,
        regionCode: placement.region.code,
        dnsSuffix: site.dnsSuffix,
      });
      const rolePolicy = new IamRolePolicy(this, 'replication-policy', {
        provider: primary.provider,
        name: 's3-replication',
        role: role.name,
        policy: replicationRolePolicy(end(primarySite, primary), end(replicaSite, replica), props.objectLockDays !== undefined),
      });
      new S3BucketReplicationConfigurationA(this, 'replication', {
        provider: primary.provider,
        bucket: primarySite.bucket.id,
        role: role.arn,
        rule: [
          {
            id: `replicate-to-${replica.region.code}`,
            status: 'Enabled',
            priority: 1,
            filter: {}, // every object
            deleteMarkerReplication: { status: 'Enabled' },
            sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
            destination: {
              bucket: replicaSite.bucket.arn,
              encryptionConfiguration: { replicaKmsKeyId: replica.key.keyArn },
            },
          },
        ],
        dependsOn: [primarySite.versioning, replicaSite.versioning, rolePolicy],
        lifecycle: {
          precondition: [
            {
              // Both providers must reach the same account: the role, the key grants and the
              // destination (no `account` / ownership override) are all same-account.
              condition: Op.eq(primarySite.accountId, replicaSite.accountId),
              errorMessage: `${path}: the providers of ${primary.region.code} and ${replica.region.code} must use the same AWS account for S3 replication`,
            },
          ],
        },
      });
      this.replicaBucketName = replicaSite.bucket.bucket;
      this.replicaBucketArn = replicaSite.bucket.arn;
      this.replicaLogBucketName = replicaSite.logBucket.bucket;
      this.replicationRoleArn = role.arn;
      this.grantTargets.push({ site: replicaSite, bucketArn: this.replicaBucketArn, keyArn: replica.key.keyArn, provider: replica.provider, region: replica.region, readOnly: true });
    }
  }

  /** The primary bucket's ARN (shared vocabulary, `ResidencyResource`). */
  public get resourceId(): string {
    return this.bucketArn;
  }

  /** The primary bucket's name (shared vocabulary, `ResidencyResource`). */
  public get resourceName(): string {
    return this.bucketName;
  }

  /**
   * Lets an IAM role (`principalId`: its ARN) read the store, in both copies: a statement in each
   * bucket's policy and a KMS grant on each copy's key, constrained to that bucket (lib/storage/aws-grants.ts).
   */
  public grantRead(grantee: Grantee): StoreGrant {
    return grantBucketAccess(this, `grant-${++this.grants}`, this.grants, this.grantTargets, grantee, 'read');
  }

  /** Like `grantRead`, plus writes to the primary bucket (the replica is written by replication only). */
  public grantReadWrite(grantee: Grantee): StoreGrant {
    return grantBucketAccess(this, `grant-${++this.grants}`, this.grants, this.grantTargets, grantee, 'readWrite');
  }
}

function validateProps(path: string, props: ResidencyBucketProps): void {
  const { jurisdiction: j, primary, replica } = props;
  assertNamePart(path, 'namespace', props.namespace, 20);
  assertNamePart(path, 'jurisdiction id', j.id, 20);
  assertStoreName(path, props.storeName);
  assertRegionInJurisdiction(path, 'primary', primary.region, j);
  if (replica) assertReplicaPlacement(path, primary.region, replica.region, j);
  for (const [role, placement] of [['primary', primary], ['replica', replica]] as const) {
    if (!placement) continue;
    assertProviderRegion(path, placement.provider, placement.region);
    if (placement.key.region.code !== placement.region.code || placement.key.jurisdictionId !== j.id) {
      throw new Error(
        `${path}: the ${role} key is the key of ${placement.key.jurisdictionId} in ${placement.key.region.code}; ` +
          `the ${role} bucket in ${placement.region.code} needs the key of ${j.id} in ${placement.region.code}`,
      );
    }
    assertBucketNames(path, residencyBucketNames({
      namespace: props.namespace, jurisdictionId: j.id, storeName: props.storeName,
      regionCode: placement.region.code, accountId: ACCOUNT_ID_PLACEHOLDER,
    }));
  }
  assertIntegerInRange(path, 'noncurrentVersionExpirationDays', props.noncurrentVersionExpirationDays ?? 90, 1, 36500);
  assertIntegerInRange(path, 'accessLogRetentionDays', props.accessLogRetentionDays ?? 365, 1, 36500);
  if (props.objectLockDays !== undefined) assertIntegerInRange(path, 'objectLockDays', props.objectLockDays, 1, 36500);
  assertVpcEndpointIds(path, 'vpcEndpointIds', props.vpcEndpointIds);
  assertVpcEndpointIds(path, 'replica.vpcEndpointIds', replica?.vpcEndpointIds);
  if (props.vpcEndpointIds && replica && !replica.vpcEndpointIds) {
    throw new Error(
      `${path}: vpcEndpointIds restricts the primary bucket in ${primary.region.code}; VPC endpoints are regional, ` +
        `so give replica.vpcEndpointIds (endpoints in ${replica.region.code}) for the replica bucket too`,
    );
  }
}

function assertVpcEndpointIds(path: string, what: string, ids: readonly string[] | undefined): void {
  if (ids === undefined) return;
  if (ids.length === 0) throw new Error(`${path}: ${what} is empty; leave it out for no perimeter, or give at least one endpoint id`);
  for (const id of ids) {
    if (!Token.isUnresolved(id) && !VPC_ENDPOINT_ID.test(id)) {
      throw new Error(`${path}: ${what} has "${id}", which is not a VPC endpoint id (vpce- followed by 8 to 17 hex digits)`);
    }
  }
}
