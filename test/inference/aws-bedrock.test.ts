import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction, type Region } from '../../lib/catalog';
import {
  BEDROCK_GEOGRAPHIES,
  BedrockResidencyError,
  geographyOfModelId,
  resolveBedrockInvocation,
  type BedrockInvocationRequest,
} from '../../lib/catalog/bedrock';
import { allowedActions } from '../../lib/inference/aws-common';
import { BedrockAccess, bedrockInvocationLogBucketStatement, type BedrockAccessProps } from '../../lib/inference/aws-bedrock';
import { resourcesOf, synthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const US = jurisdiction('us', { preset: 'US' });
const IN = jurisdiction('in', { preset: 'IN' });
const DE = jurisdiction('de', { countries: ['DE'] });
const aws = (code: string): Region => findRegion('aws', code)!;
const CLAUDE = 'anthropic.claude-sonnet-4-5-20250929-v1:0';
const EU_MEMBER_DESTINATIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2'];

describe('Bedrock geographies (lib/catalog/bedrock)', () => {
  test('eu. may include London (GB) and Zurich (CH); apac. includes India and other countries; global. is unbounded', () => {
    const countries = (g: keyof typeof BEDROCK_GEOGRAPHIES) => new Set(BEDROCK_GEOGRAPHIES[g].destinations!.map((d) => d.country));
    expect([...countries('eu')].sort()).toEqual(['CH', 'DE', 'ES', 'FR', 'GB', 'IE', 'IT', 'SE']);
    expect([...countries('apac')]).toEqual(expect.arrayContaining(['IN', 'JP', 'KR', 'SG', 'AU', 'AE']));
    expect([...countries('us')]).toEqual(['US']);
    expect(BEDROCK_GEOGRAPHIES.global.destinations).toBeNull();
    expect(Object.keys(BEDROCK_GEOGRAPHIES)).not.toContain('in');
  });

  test.each([
    ['us-gov.anthropic.x-v1:0', 'us-gov'],
    ['us.anthropic.x-v1:0', 'us'],
    ['eu.amazon.nova-pro-v1:0', 'eu'],
    ['apac.amazon.nova-pro-v1:0', 'apac'],
    ['global.anthropic.x-v1:0', 'global'],
    ['amazon.nova-pro-v1:0', undefined],
  ])('geographyOfModelId(%s) = %s', (id, geography) => {
    expect(geographyOfModelId(id)).toBe(geography);
  });
});

describe('resolveBedrockInvocation', () => {
  test.each<[string, BedrockInvocationRequest, { mode: string; destinationRegions: string[]; profileId?: string }]>([
    ['in-region by default (EU, Frankfurt)', { modelId: 'amazon.nova-pro-v1:0', sourceRegion: aws('eu-central-1'), jurisdiction: EU }, { mode: 'in-region', destinationRegions: ['eu-central-1'] }],
    ['in-region in Mumbai for India', { modelId: CLAUDE, sourceRegion: aws('ap-south-1'), jurisdiction: IN }, { mode: 'in-region', destinationRegions: ['ap-south-1'] }],
    [
      'us. when crossRegion is asked from a US region',
      { modelId: CLAUDE, sourceRegion: aws('us-east-1'), jurisdiction: US, crossRegion: true },
      { mode: 'geographic', profileId: `us.${CLAUDE}`, destinationRegions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'] },
    ],
    [
      'a us.-prefixed id implies the profile',
      { modelId: `us.${CLAUDE}`, sourceRegion: aws('us-west-2'), jurisdiction: US },
      { mode: 'geographic', profileId: `us.${CLAUDE}`, destinationRegions: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'] },
    ],
    [
      'us-gov. from GovCloud for the US',
      { modelId: `us-gov.${CLAUDE}`, sourceRegion: aws('us-gov-west-1'), jurisdiction: US },
      { mode: 'geographic', profileId: `us-gov.${CLAUDE}`, destinationRegions: ['us-gov-east-1', 'us-gov-west-1'] },
    ],
    [
      'eu. with the opt-in listing the six EU-member destinations',
      { modelId: CLAUDE, sourceRegion: aws('eu-central-1'), jurisdiction: EU, crossRegion: true, euProfileDestinations: EU_MEMBER_DESTINATIONS },
      { mode: 'geographic', profileId: `eu.${CLAUDE}`, destinationRegions: EU_MEMBER_DESTINATIONS },
    ],
  ])('allows %s', (_name, request, expected) => {
    expect(resolveBedrockInvocation(request)).toMatchObject(expected);
  });

  test.each<[string, BedrockInvocationRequest, (string | RegExp)[]]>([
    ['a global. profile is asked (EU)', { modelId: `global.${CLAUDE}`, sourceRegion: aws('eu-central-1'), jurisdiction: EU }, ['global.', 'never allowed', CLAUDE]],
    ['a global. profile is asked (US)', { modelId: `global.${CLAUDE}`, sourceRegion: aws('us-east-1'), jurisdiction: US }, ['global.', 'any commercial region worldwide']],
    [
      'apac. is asked for India (crossRegion)',
      { modelId: CLAUDE, sourceRegion: aws('ap-south-1'), jurisdiction: IN, crossRegion: true },
      ['"apac."', CLAUDE, 'ap-northeast-1 (Tokyo, JP)', 'ap-southeast-1 (Singapore, SG)', 'me-central-1 (UAE, AE)', 'no India-only profile'],
    ],
    ['apac. is asked for India (prefixed id)', { modelId: `apac.${CLAUDE}`, sourceRegion: aws('ap-south-2'), jurisdiction: IN }, ['"apac."', 'ap-northeast-2 (Seoul, KR)']],
    [
      'eu. is asked without the opt-in',
      { modelId: CLAUDE, sourceRegion: aws('eu-central-1'), jurisdiction: EU, crossRegion: true },
      ['"eu."', 'euProfileDestinations', 'eu-west-2 (London, GB (United Kingdom))', 'eu-central-2 (Zurich, CH (Switzerland))'],
    ],
    [
      'the eu. opt-in lists London',
      { modelId: `eu.${CLAUDE}`, sourceRegion: aws('eu-west-1'), jurisdiction: EU, euProfileDestinations: [...EU_MEMBER_DESTINATIONS, 'eu-west-2'] },
      ['eu-west-2 (London, GB (United Kingdom))', 'outside the jurisdiction'],
    ],
    [
      'the eu. opt-in spans member states outside a Germany-only jurisdiction',
      { modelId: CLAUDE, sourceRegion: aws('eu-central-1'), jurisdiction: DE, crossRegion: true, euProfileDestinations: EU_MEMBER_DESTINATIONS },
      ['eu-west-1 (Dublin, IE (Ireland))', 'eu-west-3 (Paris, FR (France))'],
    ],
    [
      'the eu. opt-in names a region that is not an eu. region',
      { modelId: CLAUDE, sourceRegion: aws('eu-central-1'), jurisdiction: EU, crossRegion: true, euProfileDestinations: ['eu-central-1', 'us-east-1'] },
      ['us-east-1 are not regions of profile prefix "eu."'],
    ],
    ['the source region is outside the jurisdiction', { modelId: CLAUDE, sourceRegion: aws('eu-west-2'), jurisdiction: EU }, ['eu-west-2', 'GB (United Kingdom)', 'outside the jurisdiction']],
    ['the source region has no geography (EUSC)', { modelId: CLAUDE, sourceRegion: aws('eusc-de-east-1'), jurisdiction: EU, crossRegion: true }, ['no cross-region inference geography']],
    ['a us. profile is called from Frankfurt', { modelId: `us.${CLAUDE}`, sourceRegion: aws('eu-central-1'), jurisdiction: EU }, ['"us." cannot be called from eu-central-1']],
    ['the model id is malformed', { modelId: 'Anthropic Claude', sourceRegion: aws('us-east-1'), jurisdiction: US }, ['is not a Bedrock model id']],
  ])('fails when %s', (_name, request, fragments) => {
    let message = '';
    try {
      resolveBedrockInvocation(request);
    } catch (e) {
      expect(e).toBeInstanceOf(BedrockResidencyError);
      message = (e as Error).message;
    }
    expect(message).not.toBe('');
    for (const f of fragments) expect(message).toContain(f);
  });
});

function build(overrides: Partial<BedrockAccessProps> = {}, regionCode = 'eu-central-1', j: Jurisdiction = EU) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'aws', { region: regionCode, alias: regionCode });
  const access = new BedrockAccess(stack, 'bedrock', {
    provider,
    region: aws(regionCode),
    jurisdiction: j,
    namePrefix: `sovereign-${j.id}`,
    kmsKeyArn: `arn:aws:kms:${regionCode}:123456789012:key/1111`,
    models: [
      { name: 'nova', modelId: 'amazon.nova-pro-v1:0' },
      { name: 'claude', modelId: CLAUDE, crossRegion: true, euProfileDestinations: EU_MEMBER_DESTINATIONS },
    ],
    ...overrides,
  });
  return { stack, access, json: synthJson(stack) };
}

describe('BedrockAccess', () => {
  test('application inference profiles copy the in-region model, or the eu. system profile when allowed', () => {
    const { json } = build();
    const profiles = Object.fromEntries(resourcesOf(json, 'aws_bedrock_inference_profile').map(([, r]) => [r.name, r]));
    expect(profiles['sovereign-eu-nova']).toMatchObject({
      provider: 'aws.eu-central-1',
      model_source: [{ copy_from: 'arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-pro-v1:0' }],
      tags: { 'inference-mode': 'in-region', model: 'nova' },
    });
    expect(profiles['sovereign-eu-claude'].model_source[0].copy_from).toMatch(
      new RegExp(`^arn:aws:bedrock:eu-central-1:\\$\\{data\\.aws_caller_identity\\.[\\w-]+\\.account_id\\}:inference-profile/eu\\.${CLAUDE.replace(/[.:]/g, '\\$&')}$`),
    );
  });

  test('invokeResourceArns name the profiles and the foundation model in every destination region, none outside the EU', () => {
    const { access } = build();
    const models = access.invokeResourceArns.filter((a) => a.includes(':foundation-model/'));
    expect(models.map((a) => a.split(':')[3]).sort()).toEqual(['eu-central-1', 'eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-3']);
    expect(access.invokeResourceArns.some((a) => /eu-west-2|eu-central-2/.test(a))).toBe(false);
    expect(access.models.claude.plan.mode).toBe('geographic');
  });

  test('invocation logging goes to a KMS-encrypted log group in the same region, metadata only by default', () => {
    const { json } = build();
    const [[, group]] = resourcesOf(json, 'aws_cloudwatch_log_group');
    expect(group).toMatchObject({ name: '/aws/bedrock/sovereign-eu/model-invocations', kms_key_id: 'arn:aws:kms:eu-central-1:123456789012:key/1111', retention_in_days: 365, provider: 'aws.eu-central-1' });
    const [[, logging]] = resourcesOf(json, 'aws_bedrock_model_invocation_logging_configuration');
    expect(logging.provider).toBe('aws.eu-central-1');
    expect(logging.logging_config[0]).toMatchObject({
      text_data_delivery_enabled: false,
      image_data_delivery_enabled: false,
      embedding_data_delivery_enabled: false,
      video_data_delivery_enabled: false,
      cloudwatch_config: [{ log_group_name: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..+\.name\}$/) }],
    });
    expect(logging.logging_config[0].s3_config).toBeUndefined();
  });

  test('with logInputOutputData and a bucket: payloads logged, S3 copy and large-data prefix in the bucket', () => {
    const { json } = build({ logInputOutputData: true, logS3BucketName: 'acme-eu-logs' });
    const [[, logging]] = resourcesOf(json, 'aws_bedrock_model_invocation_logging_configuration');
    expect(logging.logging_config[0]).toMatchObject({
      text_data_delivery_enabled: true,
      s3_config: [{ bucket_name: 'acme-eu-logs', key_prefix: 'bedrock-invocation-logs/' }],
      cloudwatch_config: [{ large_data_delivery_s3_config: [{ bucket_name: 'acme-eu-logs', key_prefix: 'bedrock-invocation-logs/large-data/' }] }],
    });
  });

  test('logging role: Bedrock of this account and region only; exact actions on the log stream', () => {
    const { json } = build();
    const [[, role]] = resourcesOf(json, 'aws_iam_role');
    const trust = JSON.parse(role.assume_role_policy);
    expect(trust.Statement[0]).toMatchObject({ Principal: { Service: 'bedrock.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': expect.any(String) } } });
    expect(trust.Statement[0].Condition.ArnLike['aws:SourceArn']).toMatch(/^arn:aws:bedrock:eu-central-1:/);
    const [[, policy]] = resourcesOf(json, 'aws_iam_role_policy');
    expect(allowedActions(policy.policy)).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(JSON.parse(policy.policy).Statement[0].Resource[0]).toMatch(/:log-group:\/aws\/bedrock\/sovereign-eu\/model-invocations:log-stream:aws\/bedrock\/modelinvocations$/);
  });

  test('India: in-region profile in Mumbai, log retention at least 180 days accepted', () => {
    const { json } = build({ models: [{ name: 'claude', modelId: CLAUDE }], logRetentionInDays: 180 }, 'ap-south-1', IN);
    expect(resourcesOf(json, 'aws_bedrock_inference_profile')[0][1].model_source[0].copy_from).toBe(`arn:aws:bedrock:ap-south-1::foundation-model/${CLAUDE}`);
    expect(resourcesOf(json, 'aws_cloudwatch_log_group')[0][1].retention_in_days).toBe(180);
  });

  test.each<[string, Partial<BedrockAccessProps>, string, Jurisdiction, string]>([
    ['a model asks for global.', { models: [{ name: 'claude', modelId: `global.${CLAUDE}` }] }, 'eu-central-1', EU, 'global.'],
    ['a model asks for apac. in India', { models: [{ name: 'claude', modelId: CLAUDE, crossRegion: true }] }, 'ap-south-1', IN, 'no India-only profile'],
    ['a model asks for eu. without opt-in', { models: [{ name: 'claude', modelId: `eu.${CLAUDE}` }] }, 'eu-central-1', EU, 'needs the opt-in euProfileDestinations'],
    ['log retention is 366 days', { logRetentionInDays: 366 }, 'eu-central-1', EU, 'log retention 366 days is not a value CloudWatch Logs accepts'],
    ['log retention is 90 days in India', { models: [{ name: 'nova', modelId: 'amazon.nova-pro-v1:0' }], logRetentionInDays: 90 }, 'ap-south-1', IN, 'below the minimum of jurisdiction "in" of 180 days'],
    ['two models share a name', { models: [{ name: 'nova', modelId: 'amazon.nova-pro-v1:0' }, { name: 'nova', modelId: 'amazon.nova-lite-v1:0' }] }, 'eu-central-1', EU, 'listed twice'],
    ['the region is outside the jurisdiction', {}, 'eu-west-2', EU, 'eu-west-2 (London, GB (United Kingdom)) is outside jurisdiction "eu"'],
    ['the name prefix has upper case', { namePrefix: 'Sovereign' }, 'eu-central-1', EU, 'namePrefix "Sovereign"'],
  ])('fails when %s', (_name, overrides, regionCode, j, message) => {
    expect(() => build(overrides, regionCode, j)).toThrow(message);
  });

  test('bucket statement for S3 delivery: Bedrock principal, this account and region, the prefix only', () => {
    const statement = bedrockInvocationLogBucketStatement(aws('ap-south-1'), '123456789012', 'arn:aws:s3:::acme-in-logs');
    expect(statement).toMatchObject({
      Principal: { Service: 'bedrock.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: 'arn:aws:s3:::acme-in-logs/bedrock-invocation-logs/*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' }, ArnLike: { 'aws:SourceArn': 'arn:aws:bedrock:ap-south-1:123456789012:*' } },
    });
  });
});
