import { BedrockInferenceProfile } from '@cdktn/provider-aws/lib/bedrock-inference-profile';
import { BedrockModelInvocationLoggingConfiguration } from '@cdktn/provider-aws/lib/bedrock-model-invocation-logging-configuration';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Annotations } from 'cdktn';
import { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import {
  foundationModelArn,
  resolveBedrockInvocation,
  systemInferenceProfileArn,
  type BedrockInvocationPlan,
} from '../catalog/bedrock';
import {
  assertNoWildcardActions,
  assertProviderRegion,
  assertRegionInJurisdiction,
  policyJson,
  serviceTrustPolicy,
  type Statement,
} from './aws-common';
import { assertLogRetention, DEFAULT_LOG_RETENTION_DAYS, encryptedLogGroup, logGroupArn, minimumLogRetentionDays } from './aws-logs';

/** One model made available in the region. */
export interface BedrockModelAccessSpec {
  /** Short name, used in the application inference profile name `<namePrefix>-<name>` and its tags: `claude`, `nova-pro`. */
  readonly name: string;
  /** Foundation model id (`anthropic.claude-sonnet-4-5-20250929-v1:0`), or a geography-prefixed profile id (`us.anthropic...`). */
  readonly modelId: string;
  /**
   * Route through the region's geographic system profile, when every region it may use is in the jurisdiction.
   * @default false - in-region invocation only
   */
  readonly crossRegion?: boolean;
  /**
   * Opt-in for `eu.` profiles: the model's documented `eu.` destination regions (see resolveBedrockInvocation).
   * @default - `eu.` refused
   */
  readonly euProfileDestinations?: readonly string[];
}

export interface BedrockAccessProps {
  /** The AWS provider of `region`; every resource is created through it. */
  readonly provider: AwsProvider;
  /** An AWS region whose country is in the jurisdiction: the source region of every call. */
  readonly region: Region;
  readonly jurisdiction: Jurisdiction;
  /** Prefix of names, 2–36 lower-case letters, digits and hyphens: `sovereign-eu`. */
  readonly namePrefix: string;
  readonly models: readonly BedrockModelAccessSpec[];
  /** KMS key of `region` for the invocation log group (its policy must admit CloudWatch Logs). */
  readonly kmsKeyArn: string;
  /** @default 365 */
  readonly logRetentionInDays?: number;
  /** @default - the jurisdiction's legal minimum (180 where India is in it, per CERT-In), else 1 */
  readonly minimumLogRetentionInDays?: number;
  /**
   * Put prompts, completions, images and embeddings in the invocation logs. Without it the logs
   * hold metadata only: caller, model, token counts, and the region that served the request.
   * @default false
   */
  readonly logInputOutputData?: boolean;
  /**
   * Residency bucket of `region` that also receives the invocation logs (and, with
   * logInputOutputData, payloads over 100 KB). Its policy must admit Bedrock: see
   * bedrockInvocationLogBucketStatement.
   * @default - CloudWatch Logs only
   */
  readonly logS3BucketName?: string;
  /** @default "bedrock-invocation-logs/" */
  readonly logS3KeyPrefix?: string;
}

/** What a caller (or a VPC endpoint policy) must be allowed to invoke for one model. */
export interface BedrockModelAccess {
  readonly plan: BedrockInvocationPlan;
  /** ARN of the application inference profile: invoke this, it carries the cost tags. */
  readonly inferenceProfileArn: string;
  /** The profile ARN plus the foundation-model (and system profile) ARNs Bedrock authorizes the call against. */
  readonly invokeResourceArns: readonly string[];
}

const PREFIX = /^[a-z0-9][a-z0-9-]{0,34}[a-z0-9]$/;
const MODEL_NAME = /^[a-z0-9]([_-]?[a-z0-9])*$/;

/**
 * Bedrock in one region of a jurisdiction: for each model, an application inference profile
 * (`model_source.copy_from` = the in-region foundation model, or the geographic system profile
 * only when every region it may use is in the jurisdiction; `global.` never), and the region's
 * model invocation logging to a KMS-encrypted log group in the same region.
 *
 * Model invocation logging is one setting per account and region: create one BedrockAccess per
 * region and list every model there.
 */
export class BedrockAccess extends Construct {
  public readonly models: Readonly<Record<string, BedrockModelAccess>>;
  /** Every ARN of every model; feed it to InferenceVpcEndpoints and to callers' IAM policies. */
  public readonly invokeResourceArns: readonly string[];
  public readonly logGroupName: string;
  public readonly loggingRoleArn: string;

  constructor(scope: Construct, id: string, props: BedrockAccessProps) {
    super(scope, id);
    const path = this.node.path;
    const { provider, region, jurisdiction: j } = props;
    assertRegionInJurisdiction(path, 'Bedrock access', region, j);
    assertProviderRegion(path, provider, region);
    if (!PREFIX.test(props.namePrefix)) throw new Error(`${path}: namePrefix "${props.namePrefix}" must be 2-36 lower-case letters, digits and inner hyphens`);
    if (props.models.length === 0) throw new Error(`${path}: models is empty; list at least one model`);
    const retention = props.logRetentionInDays ?? DEFAULT_LOG_RETENTION_DAYS;
    assertLogRetention(path, retention, props.minimumLogRetentionInDays ?? minimumLogRetentionDays(j), j);
    if (region.partition === 'aws-eusc') {
      Annotations.of(this).addWarning(`Bedrock runtime and its model catalogue in ${region.code} (AWS European Sovereign Cloud) are not verified`);
    }

    const account = new DataAwsCallerIdentity(this, 'account', { provider });
    const models: Record<string, BedrockModelAccess> = {};
    for (const spec of props.models) {
      if (!MODEL_NAME.test(spec.name) || spec.name.length > 64 - props.namePrefix.length - 1) {
        throw new Error(`${path}: model name "${spec.name}" must be lower-case letters and digits with single - or _ between, and fit <namePrefix>-<name> in 64 characters`);
      }
      if (Object.hasOwn(models, spec.name)) throw new Error(`${path}: model name "${spec.name}" is listed twice`);
      const plan = resolveBedrockInvocation({
        modelId: spec.modelId,
        sourceRegion: region,
        jurisdiction: j,
        crossRegion: spec.crossRegion,
        euProfileDestinations: spec.euProfileDestinations,
      });
      const modelArns = plan.destinationRegions.map((r) => foundationModelArn(region.partition, r, plan.foundationModelId));
      const copyFrom = plan.mode === 'in-region' ? modelArns[0] : systemInferenceProfileArn(region.partition, region.code, account.accountId, plan.profileId);
      const profile = new BedrockInferenceProfile(this, `profile-${spec.name}`, {
        provider,
        name: `${props.namePrefix}-${spec.name}`,
        description: `${plan.mode === 'in-region' ? 'In-region' : `Geographic (${plan.profileId})`} access to ${plan.foundationModelId} from ${region.code}, served in ${plan.destinationRegions.join(', ')}`,
        modelSource: [{ copyFrom }],
        tags: { model: spec.name, 'inference-mode': plan.mode },
      });
      models[spec.name] = {
        plan,
        inferenceProfileArn: profile.arn,
        invokeResourceArns: [profile.arn, ...(plan.mode === 'geographic' ? [copyFrom] : []), ...modelArns],
      };
    }
    this.models = Object.freeze(models);
    this.invokeResourceArns = Object.freeze([...new Set(Object.values(models).flatMap((m) => m.invokeResourceArns))]);

    const logName = `/aws/bedrock/${props.namePrefix}/model-invocations`;
    const logs = encryptedLogGroup(this, 'logs', { provider, name: logName, kmsKeyArn: props.kmsKeyArn, retentionInDays: retention });
    const io = props.logInputOutputData ?? false;
    const bucket = props.logS3BucketName;
    const keyPrefix = props.logS3KeyPrefix ?? 'bedrock-invocation-logs/';
    const role = new IamRole(this, 'logging-role', {
      provider,
      name: `${props.namePrefix}-bedrock-logs-${region.code}`,
      description: `Bedrock model invocation logging of ${region.code} (jurisdiction ${j.id})`,
      assumeRolePolicy: serviceTrustPolicy('bedrock.amazonaws.com', account.accountId, `arn:${region.partition}:bedrock:${region.code}:${account.accountId}:*`),
    });
    const statements: Statement[] = [
      {
        Sid: 'WriteInvocationLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: [`${logGroupArn(region, account.accountId, logName)}:log-stream:aws/bedrock/modelinvocations`],
      },
    ];
    if (io && bucket) {
      statements.push({ Sid: 'WriteLargePayloads', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`arn:${region.partition}:s3:::${bucket}/${keyPrefix}large-data/*`] });
    }
    const policy = policyJson(statements);
    assertNoWildcardActions(path, 'the logging role policy', policy);
    const rolePolicy = new IamRolePolicy(this, 'logging-policy', { provider, role: role.id, name: 'bedrock-invocation-logging', policy });

    new BedrockModelInvocationLoggingConfiguration(this, 'invocation-logging', {
      provider,
      loggingConfig: [
        {
          textDataDeliveryEnabled: io,
          imageDataDeliveryEnabled: io,
          embeddingDataDeliveryEnabled: io,
          videoDataDeliveryEnabled: io,
          cloudwatchConfig: [
            {
              logGroupName: logs.name,
              roleArn: role.arn,
              largeDataDeliveryS3Config: io && bucket ? [{ bucketName: bucket, keyPrefix: `${keyPrefix}large-data/` }] : undefined,
            },
          ],
          s3Config: bucket ? [{ bucketName: bucket, keyPrefix }] : undefined,
        },
      ],
      dependsOn: [rolePolicy, logs],
    });
    this.logGroupName = logs.name;
    this.loggingRoleArn = role.arn;
  }
}

/**
 * Bucket-policy statement that lets Bedrock of one region of this account deliver invocation logs
 * under `keyPrefix` (Bedrock user guide, "Model invocation logging", S3 destination). The bucket
 * policy belongs to the storage construct: add this statement there. With SSE-KMS, the key policy
 * must also let `bedrock.amazonaws.com` call `kms:GenerateDataKey`.
 */
export function bedrockInvocationLogBucketStatement(region: Region, accountId: string, bucketArn: string, keyPrefix = 'bedrock-invocation-logs/'): Statement {
  return {
    Sid: `BedrockInvocationLogs${region.code.replace(/-/g, '')}`,
    Effect: 'Allow',
    Principal: { Service: 'bedrock.amazonaws.com' },
    Action: 's3:PutObject',
    Resource: `${bucketArn}/${keyPrefix}*`,
    Condition: {
      StringEquals: { 'aws:SourceAccount': accountId },
      ArnLike: { 'aws:SourceArn': `arn:${region.partition}:bedrock:${region.code}:${accountId}:*` },
    },
  };
}
