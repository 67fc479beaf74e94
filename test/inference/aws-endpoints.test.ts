import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { AwsNetworkBaseline } from '../../lib/network/aws';
import { allowedActions, interfaceEndpointServiceName } from '../../lib/inference/aws-common';
import { InferenceVpcEndpoints, type InferenceVpcEndpointsProps } from '../../lib/inference/aws-endpoints';
import { resourcesOf, synthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const SM_ARN = 'arn:aws:sagemaker:eu-central-1:123456789012:endpoint/llama-3-8b';
const CLAUDE = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const BEDROCK = [
  'arn:aws:bedrock:eu-central-1:123456789012:application-inference-profile/abcd1234',
  `arn:aws:bedrock:eu-central-1::foundation-model/${CLAUDE}`,
  `arn:aws:bedrock:eu-west-3::foundation-model/${CLAUDE}`,
];

function build(overrides: Partial<InferenceVpcEndpointsProps> = {}, regionCode = 'eu-central-1', j: Jurisdiction = EU) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'aws', { region: regionCode, alias: regionCode });
  const network = new AwsNetworkBaseline(stack, 'network', { provider, namePrefix: `sovereign-${j.id}` });
  new InferenceVpcEndpoints(stack, 'endpoints', {
    provider,
    region: findRegion('aws', regionCode)!,
    jurisdiction: j,
    vpcId: network.vpcId,
    subnetIds: network.privateSubnetIds,
    securityGroupIds: [network.endpointSecurityGroupId],
    sagemakerEndpointArns: [SM_ARN],
    bedrockResourceArns: BEDROCK,
    ...overrides,
  });
  return synthJson(stack);
}

describe('InferenceVpcEndpoints', () => {
  const json = build();
  const interfaceEndpoints = (j: ReturnType<typeof synthJson>) => resourcesOf(j, 'aws_vpc_endpoint').filter(([, r]) => r.vpc_endpoint_type === 'Interface');
  const byService = Object.fromEntries(interfaceEndpoints(json).map(([, r]) => [r.service_name, r]));

  test.each([
    ['com.amazonaws.eu-central-1.sagemaker.runtime', ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'], [SM_ARN]],
    ['com.amazonaws.eu-central-1.bedrock-runtime', ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'], BEDROCK],
  ])('%s: interface endpoint with private DNS in the baseline subnets, policy limited to the account and listed ARNs', (service, actions, resources) => {
    const endpoint = byService[service];
    expect(endpoint).toMatchObject({
      provider: 'aws.eu-central-1',
      vpc_endpoint_type: 'Interface',
      private_dns_enabled: true,
      vpc_id: expect.stringMatching(/^\$\{aws_vpc\.network_vpc_/),
      subnet_ids: [expect.stringMatching(/^\$\{aws_subnet\.network_private-0_/), expect.stringMatching(/^\$\{aws_subnet\.network_private-1_/)],
      security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\.network_endpoints-sg_/)],
    });
    const [statement, ...rest] = JSON.parse(endpoint.policy).Statement;
    expect(rest).toEqual([]);
    expect(statement).toMatchObject({ Effect: 'Allow', Principal: '*', Action: actions, Resource: resources });
    expect(statement.Condition.StringEquals['aws:PrincipalAccount']).toEqual([expect.stringMatching(/^\$\{data\.aws_caller_identity\./)]);
    expect(allowedActions(endpoint.policy).some((a) => a.includes('*'))).toBe(false);
  });

  test('only the endpoints with ARNs are created; named accounts replace the caller account', () => {
    const sagemakerOnly = build({ bedrockResourceArns: undefined, principalAccountIds: ['123456789012', '210987654321'] });
    const endpoints = interfaceEndpoints(sagemakerOnly);
    expect(endpoints.map(([, r]) => r.service_name)).toEqual(['com.amazonaws.eu-central-1.sagemaker.runtime']);
    expect(JSON.parse(endpoints[0][1].policy).Statement[0].Condition.StringEquals['aws:PrincipalAccount']).toEqual(['123456789012', '210987654321']);
  });

  test.each([
    ['aws', 'eu-central-1', 'sagemaker.runtime', 'com.amazonaws.eu-central-1.sagemaker.runtime'],
    ['aws', 'ap-south-1', 'bedrock-runtime', 'com.amazonaws.ap-south-1.bedrock-runtime'],
    ['aws-us-gov', 'us-gov-west-1', 'sagemaker.runtime', 'com.amazonaws.us-gov-west-1.sagemaker.runtime'],
    ['aws-eusc', 'eusc-de-east-1', 'sagemaker.runtime', 'com.amazonaws.eusc-de-east-1.sagemaker.runtime'],
    ['aws-eusc', 'eusc-de-east-1', 'execute-api', 'eu.amazonaws.eusc-de-east-1.execute-api'],
    ['aws-eusc', 'eusc-de-east-1', 'ecr.dkr', 'eu.amazonaws.eusc-de-east-1.ecr.dkr'],
  ])('service name in partition %s, %s, %s = %s', (_partition, regionCode, service, expected) => {
    expect(interfaceEndpointServiceName(findRegion('aws', regionCode)!, service)).toBe(expected);
  });

  test.each<[string, Partial<InferenceVpcEndpointsProps>, string]>([
    ['no ARN is given', { sagemakerEndpointArns: [], bedrockResourceArns: [] }, 'neither sagemakerEndpointArns nor bedrockResourceArns'],
    ['a SageMaker endpoint of another region is listed', { sagemakerEndpointArns: ['arn:aws:sagemaker:eu-west-3:123456789012:endpoint/x'] }, 'not the endpoint region eu-central-1'],
    [
      'a foundation model in London is listed',
      { bedrockResourceArns: [`arn:aws:bedrock:eu-west-2::foundation-model/${CLAUDE}`] },
      'is in eu-west-2 (London, GB (United Kingdom)), outside jurisdiction "eu"',
    ],
    ['a foundation model in a region outside the catalog is listed', { bedrockResourceArns: [`arn:aws:bedrock:ap-northeast-1::foundation-model/${CLAUDE}`] }, 'is in ap-northeast-1, outside jurisdiction "eu"'],
    ['an ARN of another partition is listed', { sagemakerEndpointArns: ['arn:aws-us-gov:sagemaker:eu-central-1:123456789012:endpoint/x'] }, 'is not a sagemaker ARN of partition aws'],
    ['a Bedrock list holds a SageMaker ARN', { bedrockResourceArns: [SM_ARN] }, 'is not a bedrock ARN of partition aws'],
  ])('fails when %s', (_name, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('fails when the region is outside the jurisdiction', () => {
    expect(() => build({ sagemakerEndpointArns: ['arn:aws:sagemaker:eu-central-2:123456789012:endpoint/x'], bedrockResourceArns: [] }, 'eu-central-2')).toThrow(
      'VPC endpoints region eu-central-2 (Zurich, CH (Switzerland)) is outside jurisdiction "eu"',
    );
  });
});
