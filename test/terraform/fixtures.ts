/**
 * Small stacks that show what the Terraform gate catches and what it lets through, synthesized as one
 * app (cross-stack references need one app) next to the shipped policies, so they cost no extra
 * terraform run.
 */
import { DataAwsAvailabilityZones } from '@cdktn/provider-aws/lib/data-aws-availability-zones';
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { App, Fn, S3Backend, TerraformStack } from 'cdktn';
import { findRegion, jurisdiction } from '../../lib/catalog';
import { SovereignSageMakerEndpoint } from '../../lib/inference/aws-sagemaker';
import { AwsNetworkBaseline } from '../../lib/network/aws';
import type { GateSource } from '../support/terraform-gate';

const REGION = 'eu-central-1';

function stack(app: App, name: string): { stack: TerraformStack; provider: AwsProvider } {
  const s = new TerraformStack(app, name);
  new S3Backend(s, { bucket: 'gate-fixtures-tfstate', key: `${name}.tfstate`, region: REGION, encrypt: true, useLockfile: true });
  return { stack: s, provider: new AwsProvider(s, 'aws', { region: REGION, alias: REGION }) };
}

export function synthFixtures(outdir: string): GateSource {
  const app = new App({ outdir, skipValidation: true });

  // A precondition on a literal refers to no object: terraform init refuses the configuration.
  const broken = stack(app, 'broken-precondition');
  new S3Bucket(broken.stack, 'bucket', {
    provider: broken.provider,
    bucket: 'gate-broken',
    lifecycle: { precondition: [{ condition: Fn.can(Fn.regex('^[0-9]{12}$', '123456789012')), errorMessage: 'never evaluated' }] },
  });

  // blocked_encryption_types exists in aws 6.x (the pin) only: drift against an older mirror, not an error.
  const drift = stack(app, 'drift');
  const bucket = new S3Bucket(drift.stack, 'bucket', { provider: drift.provider, bucket: 'gate-drift' });
  new S3BucketServerSideEncryptionConfigurationA(drift.stack, 'encryption', {
    provider: drift.provider,
    bucket: bucket.bucket,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms' }, bucketKeyEnabled: true, blockedEncryptionTypes: ['SSE-C'] }],
  });

  // An argument no aws provider has: an error.
  const unknown = stack(app, 'unknown-argument');
  new S3Bucket(unknown.stack, 'bucket', { provider: unknown.provider, bucket: 'gate-unknown' }).addOverride('not_an_argument', true);

  // A precondition that the mocked values fail (the mock has 3 availability zones).
  const failing = stack(app, 'failing-precondition');
  const zones = new DataAwsAvailabilityZones(failing.stack, 'zones', { provider: failing.provider, state: 'available' });
  new S3Bucket(failing.stack, 'bucket', {
    provider: failing.provider,
    bucket: 'gate-failing',
    lifecycle: { precondition: [{ condition: `\${length(${zones.fqn}.names) > 5}`, errorMessage: 'needs more than 5 availability zones' }] },
  });

  // A SageMaker model whose image is a token (an ECR repository URL): its precondition refers to it.
  // The stack is also the producer of a cross-stack reference (a KMS key the consumer reads).
  const token = stack(app, 'token-image');
  const key = new KmsKey(token.stack, 'key', { provider: token.provider, description: 'gate fixture', enableKeyRotation: true, deletionWindowInDays: 30 });
  const repo = new EcrRepository(token.stack, 'repo', { provider: token.provider, name: 'tgi', imageTagMutability: 'IMMUTABLE' });
  const network = new AwsNetworkBaseline(token.stack, 'network', { provider: token.provider, namePrefix: 'gate' });
  new SovereignSageMakerEndpoint(token.stack, 'llm', {
    provider: token.provider,
    region: findRegion('aws', REGION)!,
    jurisdiction: jurisdiction('eu', { preset: 'EU' }),
    name: 'gate-llm',
    image: `${repo.repositoryUrl}:3.0.1`,
    modelDataUrl: 's3://gate-models/llm/model.tar.gz',
    kmsKeyArn: key.arn,
    vpcId: network.vpcId,
    vpcCidrBlock: network.cidrBlock,
    subnetIds: network.privateSubnetIds,
    instanceType: 'ml.inf2.xlarge',
    targetInvocationsPerInstance: 30,
  });

  // A cross-stack reference: cdktn writes an output in the producer and a terraform_remote_state in the consumer.
  const consumer = stack(app, 'consumer');
  new S3Bucket(consumer.stack, 'bucket', { provider: consumer.provider, bucket: 'gate-consumer', tags: { key: key.arn } });

  app.synth();
  return { label: 'fixtures', outdir };
}
