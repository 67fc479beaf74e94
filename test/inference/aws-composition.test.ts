/**
 * The AWS inference constructs wired the way a jurisdiction stack would wire them, per region:
 * network baseline → SageMaker endpoint + Bedrock access → VPC endpoints → gateway.
 */
import { EcrRepository } from '@cdktn/provider-aws/lib/ecr-repository';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { AwsNetworkBaseline } from '../../lib/network/aws';
import { allowedActions } from '../../lib/inference/aws-common';
import { BedrockAccess } from '../../lib/inference/aws-bedrock';
import { InferenceVpcEndpoints } from '../../lib/inference/aws-endpoints';
import { RegionalInferenceGateway } from '../../lib/inference/aws-gateway';
import { SovereignSageMakerEndpoint } from '../../lib/inference/aws-sagemaker';
import { placements } from '../support/residency';
import { resourcesOf, synthJson } from '../support/synth';

function jurisdictionStack(j: Jurisdiction, regionCodes: string[], modelId: string, retention?: number) {
  const stack = new TerraformStack(Testing.app(), `sovereign-${j.id}`);
  regionCodes.forEach((code, i) => {
    const region = findRegion('aws', code)!;
    const provider = new AwsProvider(stack, `aws-${code}`, { region: code, alias: code });
    const network = new AwsNetworkBaseline(stack, `network-${code}`, { provider, namePrefix: `sovereign-${j.id}`, cidrBlock: `10.1${i}.0.0/16` });
    const key = `arn:aws:kms:${code}:123456789012:key/${code}`;
    const repo = new EcrRepository(stack, `repo-${code}`, { provider, name: 'tgi-inference' });
    const model = new SovereignSageMakerEndpoint(stack, `llm-${code}`, {
      provider,
      region,
      jurisdiction: j,
      name: 'llama-3-8b',
      image: `${repo.repositoryUrl}:3.0.1`,
      modelDataUrl: `s3://acme-${j.id}-${code}-models/llama-3-8b/model.tar.gz`,
      kmsKeyArn: key,
      vpcId: network.vpcId,
      vpcCidrBlock: network.cidrBlock,
      subnetIds: network.privateSubnetIds,
      instanceType: 'ml.g5.2xlarge',
      targetInvocationsPerInstance: 20,
      logRetentionInDays: retention,
    });
    const bedrock = new BedrockAccess(stack, `bedrock-${code}`, {
      provider,
      region,
      jurisdiction: j,
      namePrefix: `sovereign-${j.id}`,
      kmsKeyArn: key,
      models: [{ name: 'default', modelId }],
      logRetentionInDays: retention,
    });
    new InferenceVpcEndpoints(stack, `endpoints-${code}`, {
      provider,
      region,
      jurisdiction: j,
      vpcId: network.vpcId,
      subnetIds: network.privateSubnetIds,
      securityGroupIds: [network.endpointSecurityGroupId],
      sagemakerEndpointArns: [model.endpointArn],
      bedrockResourceArns: bedrock.invokeResourceArns,
    });
    new RegionalInferenceGateway(stack, `gateway-${code}`, {
      provider,
      region,
      jurisdiction: j,
      domain: 'ai.example.com',
      hostedZoneId: `Z0${j.id.toUpperCase()}`,
      sagemakerEndpointName: 'llama-3-8b',
      sagemakerEndpointArn: model.endpointArn,
      kmsKeyArn: key,
      logRetentionInDays: retention,
      manageAccountCloudWatchRole: true,
    });
  });
  return synthJson(stack);
}

describe.each([
  ['eu', jurisdiction('eu', { preset: 'EU' }), ['eu-central-1', 'eu-west-3'], 'amazon.nova-pro-v1:0', undefined],
  ['in', jurisdiction('in', { preset: 'IN' }), ['ap-south-1', 'ap-south-2'], 'anthropic.claude-sonnet-4-5-20250929-v1:0', 180],
])('jurisdiction %s, two regions', (_id, j, regions, modelId, retention) => {
  const json = jurisdictionStack(j, regions, modelId, retention);

  test('every resource and data source is placed in one of the two regions, inside the jurisdiction', () => {
    const all = placements(json);
    expect(all.length).toBeGreaterThan(100);
    for (const { address, placement } of all) expect({ address, inside: regions.includes(placement?.region ?? '') }).toEqual({ address, inside: true });
  });

  test('no IAM policy or VPC endpoint policy allows a wildcard action', () => {
    const policies = [...resourcesOf(json, 'aws_iam_role_policy'), ...resourcesOf(json, 'aws_vpc_endpoint').filter(([, r]) => r.policy)];
    expect(policies.length).toBeGreaterThanOrEqual(10);
    for (const [address, r] of policies) expect({ address, wild: allowedActions(r.policy).filter((a) => a.includes('*')) }).toEqual({ address, wild: [] });
  });

  test('every log group is KMS-encrypted, expires, and keeps at least the jurisdiction minimum', () => {
    const groups = resourcesOf(json, 'aws_cloudwatch_log_group');
    expect(groups).toHaveLength(regions.length * 4);
    for (const [, g] of groups) {
      expect(g.kms_key_id).toMatch(/^arn:aws:kms:/);
      expect(g.retention_in_days).toBe(retention ?? 365);
    }
  });

  test('IAM role names are unique across the regions (IAM is account-wide)', () => {
    const names = resourcesOf(json, 'aws_iam_role').map(([, r]) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });

  test('a token image is checked by a plan-time precondition for its own region, and its repository ARN derived by Terraform', () => {
    for (const [, model] of resourcesOf(json, 'aws_sagemaker_model')) {
      const region = model.provider.replace('aws.', '');
      expect(model.lifecycle.precondition[0].condition).toMatch(new RegExp(`^\\$\\{can\\(regex\\("\\^\\[0-9\\]\\{12\\}\\[\\.\\]dkr\\[\\.\\]ecr\\[\\.\\]${region}\\[\\.\\]amazonaws`));
      expect(model.lifecycle.precondition[0].condition).toMatch(/", local\.[\w-]+\)\)\}$/);
    }
    const locals = Object.entries((json as any).locals as Record<string, string>);
    expect(locals).toHaveLength(regions.length * 2);
    for (const [name, value] of locals.filter(([n]) => n.includes('image-uri'))) expect({ name, value }).toEqual({ name, value: expect.stringMatching(/^\$\{aws_ecr_repository\.repo-[\w-]+\.repository_url\}:3\.0\.1$/) });
    for (const [, policy] of resourcesOf(json, 'aws_iam_role_policy').filter(([, p]) => p.name === 'sagemaker-model-execution')) {
      const pull = JSON.parse(policy.policy).Statement.find((s: any) => s.Sid === 'PullModelImage');
      const local = /^\$\{local\.([\w-]+)\}$/.exec(pull.Resource[0])![1];
      expect((json as any).locals[local]).toMatch(/^arn:aws:ecr:[a-z0-9-]+:\$\{element\(regex\(.+\), 0\)\}:repository\/\$\{element\(regex\(.+\), 1\)\}$/);
    }
  });
});
