/**
 * One region of a ResidencyBucket: the data bucket and its access-log bucket, each with the full
 * set of protections. Internal: ResidencyBucket validates the props before building a site.
 */
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { DataAwsIamSessionContext } from '@cdktn/provider-aws/lib/data-aws-iam-session-context';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration, type S3BucketLifecycleConfigurationRule } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktn/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import {
  S3BucketServerSideEncryptionConfigurationA,
  type S3BucketServerSideEncryptionConfigurationRuleA,
} from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { Lazy, type ITerraformDependable } from 'cdktn';
import { Construct } from 'constructs';
import type { Region } from '../../catalog';
import { residencyBucketNames } from './aws-names';
import {
  allowAccessLogDelivery,
  denyInsecureTransport,
  denyOutdatedTls,
  denyOutsideVpcEndpoints,
  policyJson,
  type Statement,
} from './aws-policies';

/** Incomplete multipart uploads are aborted after this many days, in data and log buckets. */
export const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;
/** Key prefix of the server access logs inside the log bucket. */
export const ACCESS_LOG_PREFIX = 'access-logs/';

export interface BucketSiteProps {
  readonly provider: AwsProvider;
  readonly region: Region;
  readonly keyArn: string;
  readonly namespace: string;
  readonly jurisdictionId: string;
  readonly storeName: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly noncurrentVersionExpirationDays: number;
  readonly accessLogRetentionDays: number;
  readonly objectLockDays?: number;
  readonly vpcEndpointIds?: readonly string[];
  /** Roles the VPC-endpoint perimeter does not apply to (the replication role). */
  readonly perimeterExemptRoleArns: readonly string[];
}

/** Protections every bucket gets: versioning, public access block, ACLs disabled, a TLS-only policy. */
function protect(scope: Construct, prefix: string, provider: AwsProvider, bucket: S3Bucket, statements: Statement[]) {
  const versioning = new S3BucketVersioningA(scope, `${prefix}versioning`, {
    provider,
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, `${prefix}public-access-block`, {
    provider,
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, `${prefix}ownership`, {
    provider,
    bucket: bucket.id,
    rule: { objectOwnership: 'BucketOwnerEnforced' },
  });
  const policy = new S3BucketPolicy(scope, `${prefix}policy`, {
    provider,
    bucket: bucket.id,
    // Lazy: statements added after construction (ResidencyBucket grants, `BucketSite.addPolicyStatement`)
    // land in the same policy (a bucket has one policy; a second S3BucketPolicy would overwrite the first).
    policy: Lazy.stringValue({ produce: () => policyJson([denyInsecureTransport(bucket.arn), ...statements]) }),
    dependsOn: [publicAccessBlock], // S3 rejects concurrent PutPublicAccessBlock / PutBucketPolicy
  });
  return { versioning, policy };
}

function encryption(scope: Construct, id: string, provider: AwsProvider, bucket: S3Bucket, rule: S3BucketServerSideEncryptionConfigurationRuleA) {
  // SSE-C is refused: a key S3 never holds cannot be governed by the jurisdiction's key policy.
  new S3BucketServerSideEncryptionConfigurationA(scope, id, { provider, bucket: bucket.id, rule: [{ ...rule, blockedEncryptionTypes: ['SSE-C'] }] });
}

function lifecycle(scope: Construct, id: string, provider: AwsProvider, bucket: S3Bucket, rule: Omit<S3BucketLifecycleConfigurationRule, 'status'>, after: ITerraformDependable) {
  const whole: S3BucketLifecycleConfigurationRule = {
    ...rule,
    status: 'Enabled',
    filter: [{}], // the whole bucket (checkov CKV_AWS_300 wants the abort rule unfiltered)
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
  };
  new S3BucketLifecycleConfiguration(scope, id, { provider, bucket: bucket.id, rule: [whole], dependsOn: [after] });
}

export class BucketSite extends Construct {
  public readonly bucket: S3Bucket;
  public readonly versioning: S3BucketVersioningA;
  public readonly logBucket: S3Bucket;
  public readonly accountId: string;
  public readonly partition: string;
  public readonly dnsSuffix: string;
  private readonly dataStatements: Statement[];

  constructor(scope: Construct, id: string, props: BucketSiteProps) {
    super(scope, id);
    const { provider } = props;
    const account = new DataAwsCallerIdentity(this, 'account', { provider });
    const partition = new DataAwsPartition(this, 'partition', { provider });
    const names = residencyBucketNames({ ...props, regionCode: props.region.code, accountId: account.accountId });
    const objectLock = props.objectLockDays !== undefined;

    // Data bucket, encrypted with the jurisdiction key of its region (configured below).
    const bucket = new S3Bucket(this, 'bucket', {
      provider,
      bucket: names.data,
      forceDestroy: false,
      objectLockEnabled: objectLock, // can only be set when the bucket is created
      tags: { ...props.tags, purpose: 'data' },
      lifecycle: { preventDestroy: true },
    });

    // Access-log bucket. S3 server access logging accepts only SSE-S3 default encryption on the
    // target (SSE-KMS is "not supported"), no Object Lock, and should not log itself (AWS S3 user
    // guide, "Enabling Amazon S3 server access logging"). It is the one bucket without the jurisdiction key.
    const logBucket = new S3Bucket(this, 'log-bucket', {
      provider,
      bucket: names.logs,
      forceDestroy: false,
      objectLockEnabled: false,
      tags: { ...props.tags, purpose: 'access-logs' },
      lifecycle: { preventDestroy: true },
    });
    const logs = protect(this, 'log-', provider, logBucket, [
      allowAccessLogDelivery(logBucket.arn, ACCESS_LOG_PREFIX, bucket.arn, account.accountId),
    ]);
    encryption(this, 'log-encryption', provider, logBucket, { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } });
    lifecycle(this, 'log-lifecycle', provider, logBucket, {
      id: 'expire-access-logs',
      expiration: [{ days: props.accessLogRetentionDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
    }, logs.versioning);

    // Data bucket configuration.
    const statements: Statement[] = [denyOutdatedTls(bucket.arn)];
    if (props.vpcEndpointIds) {
      // The principal that deploys (its role, not the session) stays exempt: it uploads the model
      // artifacts and reads them back at plan from outside the VPC, and it could rewrite this policy
      // anyway, so the exemption grants it nothing it lacks.
      const deployer = new DataAwsIamSessionContext(this, 'deployer', { provider, arn: account.arn });
      statements.push(denyOutsideVpcEndpoints(bucket.arn, props.vpcEndpointIds, [...props.perimeterExemptRoleArns, deployer.issuerArn]));
    }
    const data = protect(this, '', provider, bucket, statements);
    encryption(this, 'encryption', provider, bucket, {
      applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.keyArn },
      bucketKeyEnabled: true, // one KMS call per bucket key instead of per object: cost and KMS quota
    });
    lifecycle(this, 'lifecycle', provider, bucket, {
      id: 'expire-noncurrent-versions',
      noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    }, data.versioning);
    if (objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'object-lock', {
        provider,
        bucket: bucket.id,
        rule: { defaultRetention: { mode: 'COMPLIANCE', days: props.objectLockDays } },
        dependsOn: [data.versioning],
      });
    }
    new S3BucketLoggingA(this, 'logging', {
      provider,
      bucket: bucket.id,
      targetBucket: logBucket.id,
      targetPrefix: ACCESS_LOG_PREFIX,
      dependsOn: [logs.policy],
    });

    this.bucket = bucket;
    this.versioning = data.versioning;
    this.logBucket = logBucket;
    this.accountId = account.accountId;
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    this.dataStatements = statements;
  }

  /** Adds a statement to the data bucket's policy (after the deny statements, which still apply to it). */
  public addPolicyStatement(statement: Statement): void {
    this.dataStatements.push(statement);
  }
}
