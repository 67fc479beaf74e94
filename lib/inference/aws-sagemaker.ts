import { AppautoscalingPolicy } from '@cdktn/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktn/provider-aws/lib/appautoscaling-target';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPrefixList } from '@cdktn/provider-aws/lib/data-aws-prefix-list';
import { DataAwsS3Object } from '@cdktn/provider-aws/lib/data-aws-s3-object';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { SagemakerEndpoint } from '@cdktn/provider-aws/lib/sagemaker-endpoint';
import { SagemakerEndpointConfiguration } from '@cdktn/provider-aws/lib/sagemaker-endpoint-configuration';
import { SagemakerModel } from '@cdktn/provider-aws/lib/sagemaker-model';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { Annotations, Fn, TerraformLocal, Token, type Precondition } from 'cdktn';
import { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import {
  assertIntegerInRange,
  assertNoWildcardActions,
  assertProviderRegion,
  assertRegionInJurisdiction,
  assertSageMakerName,
  dnsSuffixOf,
  interfaceEndpointServiceName,
  parseInRegionEcrImage,
  parseS3Uri,
  serviceTrustPolicy,
  settingsHash,
} from './aws-common';
import { assertLogRetention, DEFAULT_LOG_RETENTION_DAYS, encryptedLogGroup, logGroupArn, minimumLogRetentionDays } from './aws-logs';
import { instanceHasLocalStorage, sageMakerExecutionPolicy } from './aws-sagemaker-policy';
import type { Grantee } from '../storage/attributes';

export interface SovereignSageMakerEndpointProps {
  /** The AWS provider of `region`; every resource is created through it. */
  readonly provider: AwsProvider;
  /** An AWS region whose country is in the jurisdiction. */
  readonly region: Region;
  readonly jurisdiction: Jurisdiction;
  /**
   * Endpoint name, 1–49 letters, digits and inner hyphens. The model and endpoint configuration are
   * named `<name>-<8 hex of their settings>` (a changed setting gives a new name, which
   * `create_before_destroy` needs); the execution role `<name>-<region>` (IAM names are account-wide).
   */
  readonly name: string;
  /** Container image in a private ECR registry of `region`: `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:<tag>`. */
  readonly image: string;
  /** S3 URI of the model artifacts (`model.tar.gz`) in the jurisdiction's residency bucket of `region`. */
  readonly modelDataUrl: string;
  /**
   * Container environment (for example `HF_MODEL_ID`, `SM_NUM_GPUS`). Never put secrets here.
   * For a Hugging Face TGI image (repository name containing `tgi`), `MESSAGES_API_ENABLED=true` is
   * added unless given: older TGI routers send `/invocations` to chat completions only with it (and to
   * the generate API only without it: router/src/server.rs, "Conditional AWS Sagemaker route"); newer
   * ones accept generate, chat and completion requests there either way (router/src/sagemaker.rs,
   * untagged `SagemakerRequest`). The gateway's `POST /v1/chat/completions` forwards OpenAI chat
   * requests. On an older TGI the policy's default health probe (generate format) is then refused:
   * give `selfHosted.healthProbe` in the chat format there.
   * @default - none (plus `MESSAGES_API_ENABLED=true` for TGI images)
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** KMS key of `region` for the ML volume, data capture and the endpoint's log group (its policy must admit CloudWatch Logs). */
  readonly kmsKeyArn: string;
  /**
   * KMS key that encrypts the model artifacts in S3.
   * @default - kmsKeyArn
   */
  readonly modelDataKmsKeyArn?: string;
  readonly vpcId: string;
  /** The VPC's IPv4 range: the model's security group sends HTTPS only there (interface endpoints). */
  readonly vpcCidrBlock: string;
  /** Private subnets of the VPC, in two or more availability zones. */
  readonly subnetIds: readonly string[];
  /**
   * Prefix lists the model may also reach on 443. In a VPC without internet access SageMaker
   * downloads the artifacts through an S3 gateway endpoint (AwsNetworkBaseline has one).
   * @default - the region's S3 prefix list (`com.amazonaws.<region>.s3`, looked up by name)
   */
  readonly egressPrefixListIds?: readonly string[];
  /** `ml.g5.2xlarge`, `ml.inf2.xlarge`, ... (availability per region is not checked here). */
  readonly instanceType: string;
  /** @default 1 */
  readonly initialInstanceCount?: number;
  /** @default - initialInstanceCount */
  readonly minInstanceCount?: number;
  /** @default - twice initialInstanceCount */
  readonly maxInstanceCount?: number;
  /** Target of the `SageMakerVariantInvocationsPerInstance` policy: invocations per instance per minute. */
  readonly targetInvocationsPerInstance: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
  /** @default "primary" */
  readonly variantName?: string;
  /**
   * Whether the instance type has local NVMe storage; such types must not name a KMS key (their
   * local volume is encrypted by the instance's hardware module) or CreateEndpointConfig fails.
   * @default - inferred from the instance family (g4dn, g5, g6, p4d, p5, trn1, `d` families, ...)
   */
  readonly instanceHasLocalStorage?: boolean;
  /** @default - SageMaker's default */
  readonly containerStartupHealthCheckTimeoutInSeconds?: number;
  /** @default - SageMaker's default */
  readonly modelDataDownloadTimeoutInSeconds?: number;
  /**
   * `s3://<bucket>/<prefix>` in the residency bucket where request and response payloads are captured,
   * encrypted with kmsKeyArn. Payloads hold prompts and answers: enable only with a legal basis.
   * @default - no data capture
   */
  readonly dataCaptureS3Uri?: string;
  /** @default 100 */
  readonly dataCaptureSamplingPercentage?: number;
  /** @default 365 */
  readonly logRetentionInDays?: number;
  /** @default - the jurisdiction's legal minimum (180 where India is in it, per CERT-In), else 1 */
  readonly minimumLogRetentionInDays?: number;
  /**
   * Condition the execution role's ENI actions on `ec2:Vpc` = this VPC. AWS documents that for
   * processing jobs such conditions make SageMaker's VPC validation fail; if CreateModel fails
   * that way, set false (the actions stay exact; their resource is `*` either way).
   * @default true
   */
  readonly scopeNetworkInterfacesToVpc?: boolean;
  /**
   * Read the artifact object (`data.aws_s3_object`: HeadObject, which needs `s3:GetObject` and no KMS
   * permission, then GetObjectTagging for its computed `tags`, which needs `s3:GetObjectTagging`; the body
   * is downloaded only for text content types, never for a `.tar.gz`; provider
   * internal/service/s3/object_data_source.go and the tags interceptor) before the model is created, so a
   * missing upload fails the plan with "NotFound" naming the object instead of an endpoint that
   * fails after minutes. This also means the bucket must exist before this construct is planned:
   * deploy the bucket in an earlier phase (stack) and upload, then deploy the model.
   * @default true (for an object key; a prefix ending in `/` is not checked)
   */
  readonly checkArtifactExists?: boolean;
}

/**
 * An open-weight model served by a SageMaker real-time endpoint pinned to one region: network
 * isolation on (the container makes no network calls), attached to the jurisdiction's private
 * subnets with a security group of its own, image and artifacts from the same region, volume and
 * data capture encrypted with the jurisdiction's key, logs in a KMS-encrypted log group that expires,
 * and target-tracking auto scaling.
 */
export class SovereignSageMakerEndpoint extends Construct implements Grantee {
  public readonly endpointName: string;
  public readonly endpointArn: string;
  public readonly variantName: string;
  public readonly modelName: string;
  public readonly endpointConfigurationName: string;
  public readonly executionRoleArn: string;
  public readonly securityGroupId: string;
  public readonly logGroupName: string;
  public readonly region: Region;

  constructor(scope: Construct, id: string, props: SovereignSageMakerEndpointProps) {
    super(scope, id);
    const path = this.node.path;
    const { provider, region, jurisdiction: j, name } = props;
    assertRegionInJurisdiction(path, 'SageMaker endpoint', region, j);
    assertProviderRegion(path, provider, region);
    assertSageMakerName(path, 'endpoint name', name, 49);
    const variantName = props.variantName ?? 'primary';
    assertSageMakerName(path, 'variant name', variantName);
    const initial = props.initialInstanceCount ?? 1;
    const min = props.minInstanceCount ?? initial;
    const max = props.maxInstanceCount ?? initial * 2;
    assertIntegerInRange(path, 'initialInstanceCount', initial, 1, 1000);
    assertIntegerInRange(path, 'minInstanceCount', min, 1, initial);
    assertIntegerInRange(path, 'maxInstanceCount', max, initial, 1000);
    if (!(props.targetInvocationsPerInstance > 0)) throw new Error(`${path}: targetInvocationsPerInstance must be positive, got ${props.targetInvocationsPerInstance}`);
    if (props.subnetIds.length < 1 || props.subnetIds.length > 16) throw new Error(`${path}: subnetIds must hold 1 to 16 subnets, got ${props.subnetIds.length}`);
    const retention = props.logRetentionInDays ?? DEFAULT_LOG_RETENTION_DAYS;
    assertLogRetention(path, retention, props.minimumLogRetentionInDays ?? minimumLogRetentionDays(j), j);
    const modelData = parseS3Uri(path, 'modelDataUrl', props.modelDataUrl);
    const capture = props.dataCaptureS3Uri ? parseS3Uri(path, 'dataCaptureS3Uri', props.dataCaptureS3Uri) : undefined;
    const sampling = props.dataCaptureSamplingPercentage ?? 100;
    assertIntegerInRange(path, 'dataCaptureSamplingPercentage', sampling, 1, 100);

    const account = new DataAwsCallerIdentity(this, 'account', { provider });
    const image = this.imageRepository(props.image, region);

    const prefixLists = props.egressPrefixListIds
      ? [...props.egressPrefixListIds]
      : [new DataAwsPrefixList(this, 's3-prefix-list', { provider, name: interfaceEndpointServiceName(region, 's3') }).id];
    const sg = new SecurityGroup(this, 'model-sg', {
      provider,
      vpcId: props.vpcId,
      name: `${name}-model`,
      description: `SageMaker model ${name}: no inbound; HTTPS out to the VPC and in-region S3 only`,
      ingress: [],
      egress: [
        { description: 'HTTPS to interface endpoints in the VPC', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [props.vpcCidrBlock] },
        ...prefixLists.map((pl) => ({ description: 'HTTPS to a gateway endpoint (S3 in this region)', protocol: 'tcp', fromPort: 443, toPort: 443, prefixListIds: [pl] })),
      ],
      tags: { Name: `${name}-model` },
    });
    const logs = encryptedLogGroup(this, 'logs', { provider, name: `/aws/sagemaker/Endpoints/${name}`, kmsKeyArn: props.kmsKeyArn, retentionInDays: retention });

    const role = new IamRole(this, 'execution-role', {
      provider,
      name: `${name}-${region.code}`,
      description: `SageMaker execution role of endpoint ${name} in ${region.code} (jurisdiction ${j.id})`,
      // aws:SourceAccount only: whether SageMaker hosting sets aws:SourceArn when it assumes the role is not verified.
      assumeRolePolicy: serviceTrustPolicy('sagemaker.amazonaws.com', account.accountId),
    });
    const policy = sageMakerExecutionPolicy({
      region,
      accountId: account.accountId,
      modelData,
      modelDataKmsKeyArn: props.modelDataKmsKeyArn ?? props.kmsKeyArn,
      ecrRepositoryArn: image.repositoryArn,
      logGroupArn: logGroupArn(region, account.accountId, `/aws/sagemaker/Endpoints/${name}`),
      vpcId: props.vpcId,
      scopeNetworkInterfacesToVpc: props.scopeNetworkInterfacesToVpc ?? true,
      dataCapture: capture ? { location: capture, kmsKeyArn: props.kmsKeyArn } : undefined,
    });
    assertNoWildcardActions(path, 'the execution role policy', policy);
    const rolePolicy = new IamRolePolicy(this, 'execution-policy', { provider, role: role.id, name: 'sagemaker-model-execution', policy });

    const artifact = (props.checkArtifactExists ?? true) && !modelData.key.endsWith('/') // a prefix (uncompressed model) has no object to read
      ? new DataAwsS3Object(this, 'artifact', { provider, bucket: modelData.bucket, key: modelData.key })
      : undefined;
    const container = { image: props.image, modelDataUrl: props.modelDataUrl, mode: 'SingleModel', environment: withMessagesApi(props.image, props.environment) };
    const vpcConfig = { subnets: [...props.subnetIds], securityGroupIds: [sg.id] };
    const model = new SagemakerModel(this, 'model', {
      provider,
      name: `${name}-${settingsHash({ container, vpcConfig, role: role.arn, isolation: true })}`,
      executionRoleArn: role.arn,
      enableNetworkIsolation: true,
      primaryContainer: container,
      vpcConfig,
      dependsOn: artifact ? [rolePolicy, artifact] : [rolePolicy],
      lifecycle: { createBeforeDestroy: true, ...(image.precondition ? { precondition: [image.precondition] } : {}) },
    });

    const hasLocalStorage = props.instanceHasLocalStorage ?? instanceHasLocalStorage(props.instanceType);
    if (hasLocalStorage) {
      Annotations.of(this).addInfo(
        `${props.instanceType} has local NVMe storage: the endpoint configuration names no KMS key (CreateEndpointConfig refuses one); ` +
          'the local volume is encrypted by the instance hardware, data capture and logs still use kmsKeyArn',
      );
    }
    const variant = {
      variantName,
      modelName: model.name,
      instanceType: props.instanceType,
      initialInstanceCount: initial,
      containerStartupHealthCheckTimeoutInSeconds: props.containerStartupHealthCheckTimeoutInSeconds,
      modelDataDownloadTimeoutInSeconds: props.modelDataDownloadTimeoutInSeconds,
    };
    const dataCaptureConfig = capture
      ? {
          enableCapture: true,
          initialSamplingPercentage: sampling,
          destinationS3Uri: props.dataCaptureS3Uri!,
          kmsKeyId: props.kmsKeyArn,
          captureOptions: [{ captureMode: 'Input' }, { captureMode: 'Output' }],
        }
      : undefined;
    const kmsKeyArn = hasLocalStorage ? undefined : props.kmsKeyArn;
    const config = new SagemakerEndpointConfiguration(this, 'config', {
      provider,
      name: `${name}-${settingsHash({ variant, kmsKeyArn: kmsKeyArn ?? '', dataCaptureConfig: dataCaptureConfig ?? {} })}`,
      kmsKeyArn,
      productionVariants: [variant],
      dataCaptureConfig,
      lifecycle: { createBeforeDestroy: true },
    });
    const endpoint = new SagemakerEndpoint(this, 'endpoint', {
      provider,
      name,
      endpointConfigName: config.name,
      dependsOn: [rolePolicy, logs],
    });

    const target = new AppautoscalingTarget(this, 'scaling-target', {
      provider,
      serviceNamespace: 'sagemaker',
      resourceId: `endpoint/${endpoint.name}/variant/${variantName}`,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      minCapacity: min,
      maxCapacity: max,
    });
    new AppautoscalingPolicy(this, 'scaling-policy', {
      provider,
      name: `${name}-invocations-per-instance`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        targetValue: props.targetInvocationsPerInstance,
        scaleInCooldown: props.scaleInCooldownSeconds ?? 300,
        scaleOutCooldown: props.scaleOutCooldownSeconds ?? 60,
      },
    });

    this.endpointName = endpoint.name;
    this.endpointArn = endpoint.arn;
    this.variantName = variantName;
    this.modelName = model.name;
    this.endpointConfigurationName = config.name;
    this.executionRoleArn = role.arn;
    this.securityGroupId = sg.id;
    this.logGroupName = logs.name;
    this.region = region;
  }

  /**
   * The ECR repository ARN of the image, and, for a token URI only, a plan-time precondition that the
   * image is in this region. A literal URI is checked here, at synth, and refused with a construct error
   * when it is not an ECR image of this region and partition. Terraform and OpenTofu reject a condition
   * that refers to no object ("Invalid precondition expression ... must refer to at least one object",
   * terraform `internal/configs/checks.go`, opentofu the same file), so a precondition on a literal would
   * make `terraform init` refuse the whole stack.
   */
  private imageRepository(image: string, region: Region): { repositoryArn: string; precondition?: Precondition } {
    if (!Token.isUnresolved(image)) {
      const parsed = parseInRegionEcrImage(this.node.path, image, region);
      return { repositoryArn: `arn:${region.partition}:ecr:${region.code}:${parsed.accountId}:repository/${parsed.repository}` };
    }
    // A token URI (e.g. an `aws_ecr_repository` URL) goes through a local, so functions get a plain
    // reference (no `${` nested in their string arguments) and the policy document stays parseable JSON.
    const subject = new TerraformLocal(this, 'image-uri', image).asString;
    // `[.]` rather than a backslash escape: HCL strings do not accept `\.`.
    const suffix = dnsSuffixOf(region).replace(/\./g, '[.]');
    const precondition = {
      condition: Fn.can(Fn.regex(`^[0-9]{12}[.]dkr[.]ecr[.]${region.code}[.]${suffix}/[a-z0-9]`, subject)),
      errorMessage: `The model image must be an ECR image of ${region.code} (${region.partition}); data and code stay in the jurisdiction.`,
    };
    const parts = Fn.regex('^([0-9]{12})[.]dkr[.]ecr[.][a-z0-9-]+[.][a-z.]+/([^:@]+)', subject);
    const arn = new TerraformLocal(this, 'ecr-repository-arn', `arn:${region.partition}:ecr:${region.code}:${Fn.element(parts, 0)}:repository/${Fn.element(parts, 1)}`);
    return { repositoryArn: arn.asString, precondition };
  }


  /** Shared vocabulary (`ResidencyResource`, lib/storage/attributes.ts): endpointArn. */
  public get resourceId(): string {
    return this.endpointArn;
  }

  /** Shared vocabulary (`ResidencyResource`): endpointName. */
  public get resourceName(): string {
    return this.endpointName;
  }

  /** The execution role's ARN: pass the endpoint itself to a store's `grantRead` (`Grantee`). */
  public get principalId(): string {
    return this.executionRoleArn;
  }
}

/**
 * The container environment, with `MESSAGES_API_ENABLED=true` for a Hugging Face TGI image (its
 * repository name contains `tgi`, as the AWS DLC `huggingface-pytorch-tgi-inference` does) unless
 * the environment sets it. TGI Messages API: https://huggingface.co/docs/text-generation-inference/messages_api
 */
export function withMessagesApi(image: string, environment?: Readonly<Record<string, string>>): Record<string, string> {
  const env = { ...(environment ?? {}) };
  const repository = Token.isUnresolved(image) ? '' : (image.split('/').pop() ?? '').split(/[:@]/)[0];
  if (/(^|[-_])tgi($|[-_])/.test(repository) && env.MESSAGES_API_ENABLED === undefined) env.MESSAGES_API_ENABLED = 'true';
  return env;
}
