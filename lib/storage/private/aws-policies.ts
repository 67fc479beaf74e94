/**
 * IAM, KMS and S3 policy documents for the AWS storage constructs, as pure functions. They are
 * rendered as literal JSON (`JSON.stringify`) so that checkov and trivy can read them in
 * `cdk.tf.json` (docs/facts/security-rules.md §1.9); ARNs and ids inside are cdktf string tokens.
 */

export type Statement = Readonly<Record<string, unknown>>;

export function policyJson(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** `s3.<region>.<dns suffix>`: the value of `kms:ViaService` when S3 in that region calls KMS. */
export function s3ViaService(regionCode: string, dnsSuffix: string): string {
  return `s3.${regionCode}.${dnsSuffix}`;
}

// --- S3 bucket policies ------------------------------------------------------------------------

/** cdk-nag AwsSolutions-S10 shape: deny every S3 action over plain HTTP, on the bucket and its objects. */
export function denyInsecureTransport(bucketArn: string): Statement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

/** Deny TLS older than 1.2 (`s3:TlsVersion` is absent from non-TLS requests, which the rule above denies). */
export function denyOutdatedTls(bucketArn: string): Statement {
  return {
    Sid: 'DenyTlsBelow12',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
  };
}

/**
 * Object-data actions the VPC-endpoint perimeter covers. Bucket configuration actions are left out
 * on purpose: denying them outside the VPC would lock Terraform (and the account) out of the bucket.
 * So is `s3:ListBucket`: HeadBucket is authorized by it (S3 API reference, HeadBucket: "you must have
 * the s3:ListBucket permission"), and the provider reads every `aws_s3_bucket` with HeadBucket, so
 * denying it outside the VPC breaks every plan and refresh run from outside. Listing shows object
 * keys, not data.
 */
export const DATA_ACTIONS: readonly string[] = [
  's3:GetObject*',
  's3:PutObject*',
  's3:DeleteObject*',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
  's3:RestoreObject',
];

/** Deny object access that does not come through one of the VPC endpoints, except for the exempt roles. */
export function denyOutsideVpcEndpoints(bucketArn: string, vpcEndpointIds: readonly string[], exemptRoleArns: readonly string[]): Statement {
  const condition: Record<string, unknown> = { StringNotEquals: { 'aws:SourceVpce': [...vpcEndpointIds] } };
  if (exemptRoleArns.length > 0) condition.ArnNotEquals = { 'aws:PrincipalArn': [...exemptRoleArns] };
  return {
    Sid: 'DenyOutsideVpcEndpoints',
    Effect: 'Deny',
    Principal: '*',
    Action: [...DATA_ACTIONS],
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: condition,
  };
}

/**
 * Lets S3 server access logging write into the log bucket, for one source bucket of this account
 * only (AWS S3 user guide, "Enabling Amazon S3 server access logging", bucket-policy example).
 */
export function allowAccessLogDelivery(logBucketArn: string, prefix: string, sourceBucketArn: string, accountId: string): Statement {
  return {
    Sid: 'AllowS3ServerAccessLogs',
    Effect: 'Allow',
    Principal: { Service: 'logging.s3.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${logBucketArn}/${prefix}*`,
    Condition: {
      ArnLike: { 'aws:SourceArn': sourceBucketArn },
      StringEquals: { 'aws:SourceAccount': accountId },
    },
  };
}

// --- KMS key policy ----------------------------------------------------------------------------

/**
 * Key administration without use, spelled out (no `kms:Create*`, which would include
 * `kms:CreateGrant` and so a way to grant oneself use).
 */
export const KEY_ADMIN_ACTIONS: readonly string[] = [
  'kms:DescribeKey', 'kms:GetKeyPolicy', 'kms:PutKeyPolicy', 'kms:ListKeyPolicies', 'kms:ListResourceTags',
  'kms:GetKeyRotationStatus', 'kms:EnableKeyRotation', 'kms:DisableKeyRotation', 'kms:RotateKeyOnDemand',
  'kms:ListKeyRotations', 'kms:UpdateKeyDescription', 'kms:EnableKey', 'kms:DisableKey', 'kms:TagResource',
  'kms:UntagResource', 'kms:ListGrants', 'kms:RevokeGrant', 'kms:CreateAlias', 'kms:UpdateAlias', 'kms:DeleteAlias',
  'kms:ScheduleKeyDeletion', 'kms:CancelKeyDeletion',
];

/** Data-key use, the set S3 SSE-KMS needs. */
export const KEY_USE_ACTIONS: readonly string[] = [
  'kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey',
];

export interface KeyPolicyInput {
  readonly partition: string;
  readonly accountId: string;
  readonly regionCode: string;
  readonly dnsSuffix: string;
  readonly adminRoleArns: readonly string[];
  readonly userRoleArns: readonly string[];
  /** Let CloudWatch Logs of this account and region encrypt log groups with the key. */
  readonly allowCloudWatchLogs?: boolean;
}

/**
 * - The account root may manage the key: this is what lets IAM policies (e.g. the replication
 *   role's) grant use of it, and it keeps the key manageable (KMS refuses a policy that locks out
 *   its creator unless the lockout check is bypassed, which this construct never does).
 * - Admin roles administer, never use. User roles use the key only through S3 in the key's region.
 */
export function keyPolicy(p: KeyPolicyInput): string {
  const statements: Statement[] = [
    {
      Sid: 'AccountRootManagesKeyAndDelegatesToIam',
      Effect: 'Allow',
      Principal: { AWS: `arn:${p.partition}:iam::${p.accountId}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
  ];
  if (p.adminRoleArns.length > 0) {
    statements.push({
      Sid: 'KeyAdministrators',
      Effect: 'Allow',
      Principal: { AWS: [...p.adminRoleArns] },
      Action: [...KEY_ADMIN_ACTIONS],
      Resource: '*',
    });
  }
  if (p.allowCloudWatchLogs) statements.push(cloudWatchLogsKeyPolicyStatement({ code: p.regionCode, partition: p.partition }, p.accountId));
  if (p.userRoleArns.length > 0) {
    statements.push({
      Sid: 'KeyUsersThroughS3InRegion',
      Effect: 'Allow',
      Principal: { AWS: [...p.userRoleArns] },
      Action: [...KEY_USE_ACTIONS],
      Resource: '*',
      Condition: {
        StringEquals: { 'kms:ViaService': s3ViaService(p.regionCode, p.dnsSuffix), 'kms:CallerAccount': p.accountId },
      },
    });
  }
  return policyJson(statements);
}

/**
 * The key-policy statement that lets CloudWatch Logs of one region use a key for this account's
 * log groups only (service principals cannot be granted through IAM: without it, creating an
 * encrypted log group fails with AccessDeniedException). The principal is `logs.<region>.amazonaws.com`
 * in every partition in scope, as the provider's aws_service_principal has it.
 */
export function cloudWatchLogsKeyPolicyStatement(region: { readonly code: string; readonly partition: string }, accountId: string): Statement {
  return {
    Sid: `CloudWatchLogs${region.code.replace(/-/g, '')}`,
    Effect: 'Allow',
    Principal: { Service: `logs.${region.code}.amazonaws.com` },
    Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
    Resource: '*',
    Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${region.partition}:logs:${region.code}:${accountId}:log-group:*` } },
  };
}

// --- Replication role --------------------------------------------------------------------------

/** S3 may assume the role, on behalf of this account's buckets only. */
export function replicationTrustPolicy(accountId: string): string {
  return policyJson([
    {
      Sid: 'S3ReplicationOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 's3.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
    },
  ]);
}

export interface ReplicationEnd {
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly regionCode: string;
  readonly dnsSuffix: string;
}

/** KMS conditions: through S3 in the key's region, for objects of that bucket only (bucket ARN = S3 Bucket Key context). */
function keyConditions(end: ReplicationEnd): Record<string, unknown> {
  return {
    StringEquals: { 'kms:ViaService': s3ViaService(end.regionCode, end.dnsSuffix) },
    StringLike: { 'kms:EncryptionContext:aws:s3:arn': [end.bucketArn, `${end.bucketArn}/*`] },
  };
}

/**
 * Minimum replication permissions (AWS S3 user guide, "Setting up permissions for live replication"
 * and "Replicating encrypted objects"): read versions from the source, write replicas to the
 * destination, decrypt with the source key, encrypt with the replica key. No wildcard action, no
 * wildcard resource: every resource is one of the two buckets (or its objects) or one of the two keys.
 */
export function replicationRolePolicy(source: ReplicationEnd, replica: ReplicationEnd, objectLock: boolean): string {
  const readVersions = ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'];
  if (objectLock) readVersions.push('s3:GetObjectRetention', 's3:GetObjectLegalHold');
  return policyJson([
    {
      Sid: 'ReadSourceConfiguration',
      Effect: 'Allow',
      Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
      Resource: [source.bucketArn],
    },
    { Sid: 'ReadSourceVersions', Effect: 'Allow', Action: readVersions, Resource: [`${source.bucketArn}/*`] },
    {
      Sid: 'WriteReplicas',
      Effect: 'Allow',
      Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      Resource: [`${replica.bucketArn}/*`],
    },
    { Sid: 'DecryptSource', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [source.keyArn], Condition: keyConditions(source) },
    {
      // Decrypt too: with an S3 Bucket Key on the destination, S3 verifies the bucket-level key with kms:Decrypt.
      Sid: 'EncryptReplicas',
      Effect: 'Allow',
      Action: ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: [replica.keyArn],
      Condition: keyConditions(replica),
    },
  ]);
}
