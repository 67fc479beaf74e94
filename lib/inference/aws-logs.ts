/**
 * KMS-encrypted CloudWatch log groups with a retention the API accepts and the jurisdiction needs.
 *
 * Sources:
 * - Retention values: CloudWatch Logs `PutRetentionPolicy` (docs/facts/security-rules.md §5.10). The provider
 *   also accepts 0 ("never expire"); it is refused here so logs of prompts and callers do not live forever.
 * - India: CERT-In Directions No. 20(3)/2022-CERT-In (28 Apr 2022): ICT logs kept 180 days within
 *   Indian jurisdiction (docs/facts/regions-services-law.md §5).
 * - Key policy for CloudWatch Logs: AWS CloudWatch Logs user guide, "Encrypt log data in CloudWatch
 *   Logs using AWS KMS" (service principal `logs.<region>.amazonaws.com`, encryption context
 *   `kms:EncryptionContext:aws:logs:arn`). The principal in `aws-eusc` is not verified here.
 */
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { LOG_RETENTION_DAYS } from '../catalog';
import type { Jurisdiction, Region } from '../catalog';

/** Values `retention_in_days` may take, and legal minimums: facts kept in lib/catalog. */
export { LOG_RETENTION_DAYS, LOG_RETENTION_MINIMUM_BY_COUNTRY, minimumLogRetentionDays } from '../catalog';

/** Retention used when none is given: one year (checkov CKV_AWS_338 asks for at least 365). */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/**
 * Throws unless `days` is a value the API accepts and at least `minimumDays`. The message names
 * the allowed values (from the minimum up) so the fix is one look away.
 */
export function assertLogRetention(path: string, days: number, minimumDays: number, j?: Pick<Jurisdiction, 'id'>): void {
  const allowed = LOG_RETENTION_DAYS.filter((d) => d >= minimumDays);
  if (!LOG_RETENTION_DAYS.includes(days)) {
    throw new Error(`${path}: log retention ${days} days is not a value CloudWatch Logs accepts; use one of ${allowed.join(', ')}`);
  }
  if (days < minimumDays) {
    const whose = j ? ` of jurisdiction "${j.id}"` : '';
    throw new Error(`${path}: log retention ${days} days is below the minimum${whose} of ${minimumDays} days; use one of ${allowed.join(', ')}`);
  }
}

/** ARN of a log group (without the `:*` suffix). */
export function logGroupArn(region: Region, accountId: string, name: string): string {
  return `arn:${region.partition}:logs:${region.code}:${accountId}:log-group:${name}`;
}

/** Lives with the key it is part of (lib/storage); re-exported for log-group users. */
export { cloudWatchLogsKeyPolicyStatement } from '../storage/aws-key';

export interface EncryptedLogGroupProps {
  readonly provider: AwsProvider;
  readonly name: string;
  /** ARN of a KMS key in the log group's region whose policy admits CloudWatch Logs (see cloudWatchLogsKeyPolicyStatement). */
  readonly kmsKeyArn: string;
  /** Already validated with assertLogRetention. */
  readonly retentionInDays: number;
}

/**
 * A log group created before the service writes to it, so that it is encrypted with the
 * jurisdiction's key and expires, instead of the unencrypted, never-expiring group services create.
 * `skip_destroy` keeps the logs (and their legal retention) when the stack is destroyed; a
 * re-deployment then imports or renames the group.
 */
export function encryptedLogGroup(scope: Construct, id: string, props: EncryptedLogGroupProps): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    provider: props.provider,
    name: props.name,
    kmsKeyId: props.kmsKeyArn,
    retentionInDays: props.retentionInDays,
    skipDestroy: true,
  });
}
