import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktn/provider-aws/lib/data-aws-partition';
import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Token } from 'cdktn';
import { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import {
  assertIntegerInRange,
  assertKmsAliasName,
  assertNamePart,
  assertProviderRegion,
  assertRegionInJurisdiction,
} from './private/aws-names';
import { keyPolicy } from './private/aws-policies';
import type { ResidencyResource } from './attributes';

export interface JurisdictionKeyProps {
  readonly jurisdiction: Jurisdiction;
  /** The AWS provider of `region`; the key, its alias and the lookups are created through it. */
  readonly provider: AwsProvider;
  /** Where the key lives: an AWS region whose country is in the jurisdiction. */
  readonly region: Region;
  /** What the key protects, used in the alias `alias/sovereign-<jurisdiction>-<purpose>`: `data`, `models`. */
  readonly purpose: string;
  /**
   * Waiting period between `ScheduleKeyDeletion` and the deletion (7–30 days).
   * @default 30 (the longest: the most time to notice and cancel a deletion)
   */
  readonly deletionWindowInDays?: number;
  /**
   * Automatic rotation period of the key material (90–2560 days); rotation is always on.
   * @default 365 (the KMS default period)
   */
  readonly rotationPeriodInDays?: number;
  /**
   * IAM role ARNs that administer the key (policy, rotation, tags, deletion) but cannot use it.
   * @default - no extra administrators: the account administers the key through IAM policies
   */
  readonly adminRoleArns?: readonly string[];
  /**
   * IAM role ARNs allowed to use the key, and only through S3 in the key's region (`kms:ViaService`).
   * @default - no role is named: use is granted only by IAM policies of this account
   */
  readonly userRoleArns?: readonly string[];
  /**
   * Let CloudWatch Logs encrypt this account's log groups of the key's region with the key (a key
   * policy statement for the `logs.<region>` service principal, limited by encryption context).
   * @default false
   */
  readonly allowCloudWatchLogs?: boolean;
  /**
   * Key description shown by KMS.
   * @default "<purpose> key of jurisdiction <id> (<residency>) in <region>"
   */
  readonly description?: string;
}

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-eusc):iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/**
 * A customer-managed KMS key for one region of a jurisdiction: single-region (a multi-Region key
 * would copy key material to other regions), symmetric, rotated, protected from `terraform destroy`,
 * with a key policy built for the partition it is deployed in (`arn:aws`, `arn:aws-us-gov`,
 * `arn:aws-eusc`). Create one per region: an S3 bucket can use only a key of its own region.
 */
export class JurisdictionKey extends Construct implements ResidencyResource {
  public readonly keyArn: string;
  public readonly keyId: string;
  /** `alias/sovereign-<jurisdiction>-<purpose>` (aliases are per region, so each region's key has the same alias). */
  public readonly aliasName: string;
  public readonly region: Region;
  public readonly jurisdictionId: string;

  constructor(scope: Construct, id: string, props: JurisdictionKeyProps) {
    super(scope, id);
    const path = this.node.path;
    const { provider, region, jurisdiction: j } = props;
    assertRegionInJurisdiction(path, 'key', region, j);
    assertProviderRegion(path, provider, region);
    assertNamePart(path, 'jurisdiction id', j.id, 20);
    assertNamePart(path, 'purpose', props.purpose, 32);
    const deletionWindowInDays = props.deletionWindowInDays ?? 30;
    assertIntegerInRange(path, 'deletionWindowInDays', deletionWindowInDays, 7, 30);
    const rotationPeriodInDays = props.rotationPeriodInDays ?? 365;
    assertIntegerInRange(path, 'rotationPeriodInDays', rotationPeriodInDays, 90, 2560);
    const adminRoleArns = [...(props.adminRoleArns ?? [])];
    const userRoleArns = [...(props.userRoleArns ?? [])];
    for (const arn of [...adminRoleArns, ...userRoleArns]) assertRoleArn(path, arn, region);
    this.aliasName = `alias/sovereign-${j.id}-${props.purpose}`;
    assertKmsAliasName(path, this.aliasName);

    const account = new DataAwsCallerIdentity(this, 'account', { provider });
    const partition = new DataAwsPartition(this, 'partition', { provider });
    const key = new KmsKey(this, 'key', {
      provider,
      description: props.description ?? `${props.purpose} key of jurisdiction ${j.id} (${j.residency}) in ${region.code}`,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      isEnabled: true,
      enableKeyRotation: true,
      rotationPeriodInDays,
      deletionWindowInDays,
      multiRegion: false,
      bypassPolicyLockoutSafetyCheck: false,
      policy: keyPolicy({
        partition: partition.partition,
        accountId: account.accountId,
        regionCode: region.code,
        dnsSuffix: partition.dnsSuffix,
        adminRoleArns,
        userRoleArns,
        allowCloudWatchLogs: props.allowCloudWatchLogs ?? false,
      }),
      tags: { purpose: props.purpose },
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, 'alias', { provider, name: this.aliasName, targetKeyId: key.keyId });

    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.region = region;
    this.jurisdictionId = j.id;
  }

  /** Shared vocabulary (`ResidencyResource`, lib/storage/attributes.ts): keyArn. */
  public get resourceId(): string {
    return this.keyArn;
  }

  /** Shared vocabulary (`ResidencyResource`): aliasName. */
  public get resourceName(): string {
    return this.aliasName;
  }
}

function assertRoleArn(path: string, arn: string, region: Region): void {
  if (Token.isUnresolved(arn)) return;
  const match = ROLE_ARN.exec(arn);
  if (!match) {
    throw new Error(`${path}: "${arn}" is not an IAM role ARN (arn:<partition>:iam::<12-digit account>:role/<name>)`);
  }
  if (match[1] !== region.partition) {
    throw new Error(`${path}: role ${arn} is in partition ${match[1]}, the key's region ${region.code} in ${region.partition}`);
  }
}

export { cloudWatchLogsKeyPolicyStatement } from './private/aws-policies';
