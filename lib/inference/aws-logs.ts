/**
 * KMS-encrypted CloudWatch log groups with a retention the API accepts and the jurisdiction needs.
 *
 * Sources:
 * - Retention values: CloudWatch Logs `PutRetentionPolicy` (security-rules.md §5.10). The provider
 *   also accepts 0 ("never expire"); it is refused here so logs of prompts and callers do not live forever.
 * - India: CERT-In Directions No. 20(3)/2022-CERT-In (28 Apr 2022): ICT logs kept 180 days within
 *   Indian jurisdiction (regions-services-law.md §5).
 * - Key policy for CloudWatch Logs: AWS CloudWatch Logs user guide, "Encrypt log data in CloudWatch
 *   Logs using AWS KMS" (service principal `logs.<region>.amazonaws.com`, encryption context
 *   `kms:EncryptionContext:aws:logs:arn`). The principal in `aws-eusc` is not verified here.
 */
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import type { Statement } from './aws-common';

/** Values `retention_in_days` may take (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS: readonly number[] = Object.freeze([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

/** Retention used when none is given: one year (checkov CKV_AWS_338 asks for at least 365). */
export const DEFAULT_LOG_RETENTION_DAYS = 365;

/** Legal minimum retention of ICT logs per country, in days. */
export const LOG_RETENTION_MINIMUM_BY_COUNTRY: Readonly<Record<string, number>> = Object.freeze({
  IN: 180, // CERT-In Directions 28 Apr 2022, §(iv): 180 days, within Indian jurisdiction
});

/** The largest legal minimum among the jurisdiction's countries, or 1 where none is recorded. */
export function minimumLogRetentionDays(j: Pick<Jurisdiction, 'countries'>): number {
  return Math.max(1, ...j.countries.map((c) => LOG_RETENTION_MINIMUM_BY_COUNTRY[c] ?? 1));
}

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

/**
 * The key-policy statement that lets CloudWatch Logs of one region use a key for this account's
 * log groups. A KMS key policy is owned by whoever creates the key: add this statement to it, or
 * creating an encrypted log group fails with AccessDeniedException.
 */
export function cloudWatchLogsKeyPolicyStatement(region: Region, accountId: string): Statement {
  return {
    Sid: `CloudWatchLogs${region.code.replace(/-/g, '')}`,
    Effect: 'Allow',
    Principal: { Service: `logs.${region.code}.amazonaws.com` },
    Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext', 'kms:DescribeKey'],
    Resource: '*',
    Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${region.partition}:logs:${region.code}:${accountId}:log-group:*` } },
  };
}

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
