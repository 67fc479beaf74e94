/**
 * Grants on a ResidencyBucket: the bucket policy statement and the KMS grant on the bucket's key,
 * created together for each copy of the store (primary and replica), so a role that may read a store
 * can also decrypt it, and nothing else.
 *
 * - Bucket policy: an Allow statement naming the role, on the bucket and its objects. The bucket's
 *   deny statements (TLS only, TLS 1.2+, and for `privateOnly` stores the VPC-endpoint perimeter) still
 *   apply: a granted role reads a private store only through the store's VPC endpoints.
 * - KMS: an `aws_kms_grant` on the region key, constrained to the encryption context S3 uses with an
 *   S3 Bucket Key, `aws:s3:arn` = the bucket ARN (the buckets enable Bucket Keys): the grant lets the
 *   role decrypt this bucket's data and no other data under the same key. S3 calls KMS with the
 *   requester's credentials, so the requester needs the key permission.
 *   Sources: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html (encryption context
 *   with a Bucket Key), https://docs.aws.amazon.com/kms/latest/developerguide/create-grant-overview.html
 *   and https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html (EncryptionContextSubset),
 *   https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_grant (retire_on_delete).
 */
import { KmsGrant } from '@cdktn/provider-aws/lib/kms-grant';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Token } from 'cdktn';
import type { Construct } from 'constructs';
import type { Region } from '../catalog';
import type { Grantee, StoreGrant } from './attributes';
import type { BucketSite } from './private/aws-bucket-site';

/** S3 actions of a read grant (objects, their versions, listing). */
export const S3_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket', 's3:GetBucketLocation'] as const;
/** S3 actions a read-write grant adds: writes and deletes (a delete marker on these versioned buckets; versions stay). */
export const S3_WRITE_ACTIONS = ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts', 's3:DeleteObject'] as const;
/** KMS operations: reading decrypts the bucket key; writing also generates data keys (and decrypts for multipart uploads). */
export const KMS_READ_OPERATIONS = ['Decrypt'] as const;
export const KMS_WRITE_OPERATIONS = ['Decrypt', 'GenerateDataKey'] as const;

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-eusc):iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** One copy of a store: its site, the key its data is encrypted with and the provider of its region. */
export interface GrantTarget {
  readonly site: BucketSite;
  /** The bucket's ARN, as the construct exposes it (`bucketArn` / `replicaBucketArn`). */
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly provider: AwsProvider;
  readonly region: Region;
  /** Read-write grants give this copy only read (a replica is written by replication alone). */
  readonly readOnly: boolean;
}

/** Adds the bucket policy statement and the KMS grant for each target; `id` names the grant's constructs. */
export function grantBucketAccess(scope: Construct, id: string, n: number, targets: readonly GrantTarget[], grantee: Grantee, access: 'read' | 'readWrite'): StoreGrant {
  const principal = grantee.principalId;
  assertGrantee(scope.node.path, principal, targets[0].region);
  for (const t of targets) {
    const write = access === 'readWrite' && !t.readOnly;
    const bucketArn = t.bucketArn;
    t.site.addPolicyStatement({
      Sid: `Grant${n}${write ? 'ReadWrite' : 'Read'}`,
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: write ? [...S3_READ_ACTIONS, ...S3_WRITE_ACTIONS] : [...S3_READ_ACTIONS],
      Resource: [bucketArn, `${bucketArn}/*`],
    });
    new KmsGrant(scope, `${id}-key-${t.region.code}`, {
      provider: t.provider,
      keyId: t.keyArn,
      granteePrincipal: principal,
      operations: write ? [...KMS_WRITE_OPERATIONS] : [...KMS_READ_OPERATIONS],
      constraints: [{ encryptionContextSubset: { 'aws:s3:arn': bucketArn } }],
      retireOnDelete: true, // destroying the grant retires it instead of leaving it on the key
    });
  }
  return { access, principalId: principal, resourceIds: targets.map((t) => t.bucketArn) };
}

function assertGrantee(path: string, arn: string, region: Region): void {
  if (Token.isUnresolved(arn)) return;
  const match = ROLE_ARN.exec(arn);
  if (!match) throw new Error(`${path}: grantee principalId "${arn}" is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)`);
  if (match[1] !== region.partition) {
    throw new Error(`${path}: grantee ${arn} is in partition ${match[1]}; the store in ${region.code} is in ${region.partition}`);
  }
}
