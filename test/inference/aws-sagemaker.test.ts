import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { AwsNetworkBaseline } from '../../lib/network/aws';
import { allowedActions, settingsHash } from '../../lib/inference/aws-common';
import { SovereignSageMakerEndpoint, type SovereignSageMakerEndpointProps } from '../../lib/inference/aws-sagemaker';
import { instanceHasLocalStorage } from '../../lib/inference/aws-sagemaker-policy';
import { placements } from '../support/residency';
import { resourcesOf, synthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const KEY = 'arn:aws:kms:eu-central-1:123456789012:key/1111';
const IMAGE = '123456789012.dkr.ecr.eu-central-1.amazonaws.com/tgi-inference:3.0.1';

function build(
  overrides: Partial<SovereignSageMakerEndpointProps> | ((stack: TerraformStack) => Partial<SovereignSageMakerEndpointProps>) = {},
  regionCode = 'eu-central-1',
  j: Jurisdiction = EU,
  providerRegion = regionCode,
) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'aws', { region: providerRegion, alias: providerRegion });
  const network = new AwsNetworkBaseline(stack, 'network', { provider, namePrefix: `sovereign-${j.id}` });
  const endpoint = new SovereignSageMakerEndpoint(stack, 'llm', {
    provider,
    region: findRegion('aws', regionCode)!,
    jurisdiction: j,
    name: 'llama-3-8b',
    image: IMAGE,
    modelDataUrl: 's3://acme-eu-models/llama-3-8b/model.tar.gz',
    kmsKeyArn: KEY,
    vpcId: network.vpcId,
    vpcCidrBlock: network.cidrBlock,
    subnetIds: network.privateSubnetIds,
    instanceType: 'ml.inf2.xlarge',
    targetInvocationsPerInstance: 30,
    ...(typeof overrides === 'function' ? overrides(stack) : overrides),
  });
  return { stack, endpoint, json: synthJson(stack) };
}

const only = (json: ReturnType<typeof synthJson>, type: string) => {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0][1];
};

describe('SovereignSageMakerEndpoint', () => {
  const { json, endpoint } = build();

  test('model: network isolation, in-region image, artifacts from the residency bucket, private subnets and its own security group', () => {
    const model = only(json, 'aws_sagemaker_model');
    expect(model).toMatchObject({
      provider: 'aws.eu-central-1',
      enable_network_isolation: true,
      primary_container: { image: IMAGE, model_data_url: 's3://acme-eu-models/llama-3-8b/model.tar.gz', mode: 'SingleModel' },
      vpc_config: {
        subnets: [expect.stringMatching(/^\$\{aws_subnet\.network_private-0_/), expect.stringMatching(/^\$\{aws_subnet\.network_private-1_/)],
        security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\.llm_model-sg_/)],
      },
    });
    // A literal image is checked at synth (see "fails when" below); a precondition on a literal refers to
    // no object, which terraform init refuses (issue 10), so there is none.
    expect(model.lifecycle).toEqual({ create_before_destroy: true });
  });

  test('a token image (an ECR repository URL) gets a plan-time precondition that refers to it through a local', () => {
    const { json } = build((stack) => ({ image: `${new TerraformVariable(stack, 'image', { type: 'string' }).stringValue}:3.0.1` }));
    const model = only(json, 'aws_sagemaker_model');
    const [local] = Object.keys((json as any).locals).filter((k) => k.startsWith('llm_image-uri'));
    expect((json as any).locals[local]).toBe('${var.image}:3.0.1');
    expect(model.lifecycle.precondition).toEqual([
      {
        condition: `\${can(regex("^[0-9]{12}[.]dkr[.]ecr[.]eu-central-1[.]amazonaws[.]com/[a-z0-9]", local.${local}))}`,
        error_message: 'The model image must be an ECR image of eu-central-1 (aws); data and code stay in the jurisdiction.',
      },
    ]);
  });

  test('the model security group admits nothing and sends HTTPS only to the VPC range and to S3 of its region', () => {
    const sg = resourcesOf(json, 'aws_security_group').find(([id]) => id.startsWith('llm_'))![1];
    expect(sg.ingress).toEqual([]);
    expect(sg.egress).toEqual([
      expect.objectContaining({ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: ['10.10.0.0/16'], prefix_list_ids: null }),
      expect.objectContaining({ protocol: 'tcp', from_port: 443, to_port: 443, cidr_blocks: null, prefix_list_ids: [expect.stringMatching(/^\$\{data\.aws_prefix_list\.llm_s3-prefix-list_/)] }),
    ]);
    expect(Object.values(json.data!.aws_prefix_list)).toEqual([{ name: 'com.amazonaws.eu-central-1.s3', provider: 'aws.eu-central-1' }]);
  });

  test('endpoint configuration: KMS on the volume, variant from props, create_before_destroy, name = <name>-<hash>', () => {
    const config = only(json, 'aws_sagemaker_endpoint_configuration');
    expect(config).toMatchObject({
      kms_key_arn: KEY,
      lifecycle: { create_before_destroy: true },
      production_variants: [{ variant_name: 'primary', instance_type: 'ml.inf2.xlarge', initial_instance_count: 1, model_name: expect.stringMatching(/^\$\{aws_sagemaker_model\./) }],
    });
    expect(config.data_capture_config).toBeUndefined();
    expect(config.name).toMatch(/^llama-3-8b-\$\{substr\(sha1\(join\("\|", \["[0-9a-f]{40}", aws_sagemaker_model\.[\w-]+\.name\]\)\), 0, 8\)\}$/);
    expect(only(json, 'aws_sagemaker_model').name).toMatch(/^llama-3-8b-\$\{substr\(sha1\(join\("\|", \["[0-9a-f]{40}", /);
  });

  test('endpoint is named exactly, waits for its role policy and log group, and exposes name and ARN', () => {
    const ep = only(json, 'aws_sagemaker_endpoint');
    expect(ep.name).toBe('llama-3-8b');
    expect(ep.depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy\./), expect.stringMatching(/^aws_cloudwatch_log_group\./)]);
    expect(endpoint.endpointArn).toMatch(/TfToken/);
  });

  test('auto scaling: variant desired count, target tracking on invocations per instance', () => {
    expect(only(json, 'aws_appautoscaling_target')).toMatchObject({
      service_namespace: 'sagemaker',
      resource_id: expect.stringMatching(/^endpoint\/\$\{aws_sagemaker_endpoint\.[\w-]+\.name\}\/variant\/primary$/),
      scalable_dimension: 'sagemaker:variant:DesiredInstanceCount',
      min_capacity: 1,
      max_capacity: 2,
    });
    expect(only(json, 'aws_appautoscaling_policy')).toMatchObject({
      policy_type: 'TargetTrackingScaling',
      target_tracking_scaling_policy_configuration: { predefined_metric_specification: { predefined_metric_type: 'SageMakerVariantInvocationsPerInstance' }, target_value: 30 },
    });
  });

  test('endpoint log group: /aws/sagemaker/Endpoints/<name>, KMS-encrypted, 365 days, kept on destroy', () => {
    expect(only(json, 'aws_cloudwatch_log_group')).toMatchObject({ name: '/aws/sagemaker/Endpoints/llama-3-8b', kms_key_id: KEY, retention_in_days: 365, skip_destroy: true });
  });

  test('execution role: trusted by SageMaker on behalf of this account only', () => {
    const trust = JSON.parse(only(json, 'aws_iam_role').assume_role_policy).Statement;
    expect(trust).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'sagemaker.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': expect.stringMatching(/^\$\{data\.aws_caller_identity\.llm_account_\w+\.account_id\}$/) } },
      },
    ]);
    expect(only(json, 'aws_iam_role').name).toBe('llama-3-8b-eu-central-1');
  });

  test('execution policy: exact actions on exact resources; * only where AWS has no resource-level permission', () => {
    const policy = only(json, 'aws_iam_role_policy').policy;
    expect(allowedActions(policy).filter((a) => a.includes('*'))).toEqual([]);
    const bySid = Object.fromEntries(JSON.parse(policy).Statement.map((s: any) => [s.Sid, s]));
    expect(bySid.ReadModelArtifacts.Resource).toEqual(['arn:aws:s3:::acme-eu-models/llama-3-8b/model.tar.gz']);
    expect(bySid.DecryptModelArtifacts).toMatchObject({ Resource: [KEY], Condition: { StringEquals: { 'kms:ViaService': 's3.eu-central-1.amazonaws.com' } } });
    expect(bySid.PullModelImage.Resource).toEqual(['arn:aws:ecr:eu-central-1:123456789012:repository/tgi-inference']);
    expect(bySid.WriteEndpointLogs.Resource[0]).toMatch(/^arn:aws:logs:eu-central-1:.+:log-group:\/aws\/sagemaker\/Endpoints\/llama-3-8b$/);
    expect(bySid.ManageEndpointNetworkInterfaces.Condition.ArnEquals['ec2:Vpc']).toMatch(/^arn:aws:ec2:eu-central-1:.+:vpc\/\$\{aws_vpc\./);
    const starResources = JSON.parse(policy).Statement.filter((s: any) => s.Resource === '*').flatMap((s: any) => s.Action);
    expect(starResources.sort()).toEqual(
      [
        'cloudwatch:PutMetricData',
        'ec2:CreateNetworkInterface',
        'ec2:CreateNetworkInterfacePermission',
        'ec2:DeleteNetworkInterface',
        'ec2:DeleteNetworkInterfacePermission',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcEndpoints', // SageMaker developer guide, host-vpc
        'ec2:DescribeVpcs',
        'ecr:GetAuthorizationToken',
      ].sort(),
    );
  });

  test('every resource is placed in the endpoint region, inside the jurisdiction', () => {
    for (const { address, placement } of placements(json)) expect({ address, region: placement?.region }).toEqual({ address, region: 'eu-central-1' });
  });
});

describe('SovereignSageMakerEndpoint options', () => {
  test('instance types with local NVMe storage get no KMS key on the endpoint configuration (CreateEndpointConfig refuses one)', () => {
    const { json, stack } = build({ instanceType: 'ml.g5.2xlarge' });
    expect(only(json, 'aws_sagemaker_endpoint_configuration').kms_key_arn).toBeUndefined();
    const info = stack.node.findAll().flatMap((c) => c.node.metadata).map((m) => String(m.data));
    expect(info.some((m) => m.includes('ml.g5.2xlarge has local NVMe storage'))).toBe(true);
  });

  test('data capture: to the residency bucket prefix, encrypted with the key; role may write there only', () => {
    const { json } = build({ dataCaptureS3Uri: 's3://acme-eu-models/capture/llama', dataCaptureSamplingPercentage: 20 });
    expect(only(json, 'aws_sagemaker_endpoint_configuration').data_capture_config).toEqual({
      enable_capture: true,
      initial_sampling_percentage: 20,
      destination_s3_uri: 's3://acme-eu-models/capture/llama',
      kms_key_id: KEY,
      capture_options: [{ capture_mode: 'Input' }, { capture_mode: 'Output' }],
    });
    const statements = JSON.parse(only(json, 'aws_iam_role_policy').policy).Statement;
    expect(statements.find((s: any) => s.Sid === 'WriteDataCapture').Resource).toEqual(['arn:aws:s3:::acme-eu-models/capture/llama/*']);
  });

  test('scaling bounds and prefix-list egress come from props; ENI condition can be turned off', () => {
    const { json } = build({ initialInstanceCount: 2, minInstanceCount: 1, maxInstanceCount: 6, egressPrefixListIds: ['pl-6ea54007'], scopeNetworkInterfacesToVpc: false });
    expect(only(json, 'aws_appautoscaling_target')).toMatchObject({ min_capacity: 1, max_capacity: 6 });
    const sg = resourcesOf(json, 'aws_security_group').find(([id]) => id.startsWith('llm_'))![1];
    expect(sg.egress[1]).toMatchObject({ prefix_list_ids: ['pl-6ea54007'], from_port: 443 });
    expect(sg.egress).toHaveLength(2);
    expect(json.data!.aws_prefix_list).toBeUndefined();
    const eni = JSON.parse(only(json, 'aws_iam_role_policy').policy).Statement.find((s: any) => s.Sid === 'ManageEndpointNetworkInterfaces');
    expect(eni.Condition).toBeUndefined();
  });

  test('India: Mumbai endpoint with 180-day logs is accepted', () => {
    const image = '123456789012.dkr.ecr.ap-south-1.amazonaws.com/tgi-inference:3.0.1';
    const { json } = build({ image, modelDataUrl: 's3://acme-in-models/m.tar.gz', kmsKeyArn: 'arn:aws:kms:ap-south-1:123456789012:key/2', logRetentionInDays: 180 }, 'ap-south-1', IN);
    expect(only(json, 'aws_cloudwatch_log_group').retention_in_days).toBe(180);
  });

  test('names are deterministic: the same props give the same names; another image gives another', () => {
    const name = (o: Partial<SovereignSageMakerEndpointProps> = {}) => only(build(o).json, 'aws_sagemaker_model').name;
    expect(name()).toBe(name());
    expect(name({ image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/tgi-inference:3.0.2' })).not.toBe(name());
    expect(settingsHash({ a: 'x' })).toBe(settingsHash({ a: 'x' }));
    expect(settingsHash({ a: 'x' })).toMatch(/^[0-9a-f]{8}$/);
  });

  test.each<[string, Partial<SovereignSageMakerEndpointProps>, string]>([
    ['the image is in another region', { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/tgi-inference:3.0.1' }, 'is in ECR region eu-west-1, not the endpoint region eu-central-1'],
    ['the image is in a region outside the jurisdiction', { image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/tgi:1' }, 'is in ECR region us-east-1'],
    ['the image is on a public registry', { image: 'ghcr.io/huggingface/text-generation-inference:3.0.1' }, 'is not an ECR image URI'],
    ['the image uses another partition suffix', { image: '123456789012.dkr.ecr.eu-central-1.amazonaws.eu/tgi:1' }, 'uses DNS suffix amazonaws.eu; partition aws uses amazonaws.com'],
    ['the name ends with a hyphen', { name: 'llama-' }, 'endpoint name "llama-" does not match'],
    ['the name starts with a hyphen', { name: '-llama' }, 'endpoint name "-llama" does not match'],
    ['the name has an underscore', { name: 'llama_3' }, 'endpoint name "llama_3" does not match'],
    ['the name is longer than 49 characters', { name: 'a'.repeat(50) }, 'is 50 characters, more than 49'],
    ['the variant name ends with a hyphen', { variantName: 'blue-' }, 'variant name "blue-"'],
    ['log retention is 366 days', { logRetentionInDays: 366 }, 'log retention 366 days is not a value CloudWatch Logs accepts'],
    ['log retention is 0 (never expire)', { logRetentionInDays: 0 }, 'log retention 0 days is not a value'],
    ['minInstanceCount exceeds initialInstanceCount', { initialInstanceCount: 1, minInstanceCount: 2 }, 'minInstanceCount must be an integer from 1 to 1'],
    ['the model data URL is not an S3 URI', { modelDataUrl: 'https://example.com/model.tar.gz' }, 'is not an S3 URI'],
  ])('fails when %s', (_name, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('fails when log retention is 90 days in India (CERT-In: 180)', () => {
    const image = '123456789012.dkr.ecr.ap-south-1.amazonaws.com/tgi:1';
    expect(() => build({ image, logRetentionInDays: 90 }, 'ap-south-1', IN)).toThrow('log retention 90 days is below the minimum of jurisdiction "in" of 180 days; use one of 180, 365,');
  });

  test('fails when the endpoint region is outside the jurisdiction', () => {
    const image = '123456789012.dkr.ecr.eu-west-2.amazonaws.com/tgi:1';
    expect(() => build({ image }, 'eu-west-2', EU)).toThrow('SageMaker endpoint region eu-west-2 (London, GB (United Kingdom)) is outside jurisdiction "eu"');
  });

  test('fails when the provider is configured for another region', () => {
    expect(() => build({}, 'eu-central-1', EU, 'eu-west-3')).toThrow('is configured for eu-west-3, not eu-central-1');
  });
});

describe('instanceHasLocalStorage', () => {
  test.each([
    ['ml.g5.2xlarge', true],
    ['ml.g6e.12xlarge', true],
    ['ml.p4d.24xlarge', true],
    ['ml.p5.48xlarge', true],
    ['ml.m5d.large', true],
    ['ml.g4dn.xlarge', true],
    ['ml.inf2.xlarge', false],
    ['ml.m5.xlarge', false],
    ['ml.c7i.large', false],
    ['ml.p3.2xlarge', false],
  ])('%s → %s', (type, expected) => {
    expect(instanceHasLocalStorage(type)).toBe(expected);
  });
});
