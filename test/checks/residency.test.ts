/**
 * Residency rules: one violating and one compliant construct each, then the finer cases
 * (escape hatches, references, pseudo-resources, unresolved values).
 */
import { BedrockInferenceProfile } from '@cdktn/provider-aws/lib/bedrock-inference-profile';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketReplicationConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-replication-configuration';
import { SagemakerModel } from '@cdktn/provider-aws/lib/sagemaker-model';
import { CognitiveAccount } from '@cdktn/provider-azurerm/lib/cognitive-account';
import { CognitiveDeployment } from '@cdktn/provider-azurerm/lib/cognitive-deployment';
import { StorageAccount } from '@cdktn/provider-azurerm/lib/storage-account';
import { StorageObjectReplication } from '@cdktn/provider-azurerm/lib/storage-object-replication';
import { Subnet } from '@cdktn/provider-azurerm/lib/subnet';
import { VirtualNetwork } from '@cdktn/provider-azurerm/lib/virtual-network';
import { RemoteBackend, S3Backend, TerraformVariable } from 'cdktn';
import { jurisdiction } from '../../lib/catalog';
import { RESIDENCY_RULES } from '../../lib/checks';
import { ResidencyStateBackend } from '../../lib/checks/rules/residency/ResidencyStateBackend';
import { configureStateEncryption } from '../../lib/state';
import { addressOf, DE, describeRules, EU, Fixture, IN } from './harness';

const US = jurisdiction('us', { preset: 'US' });
const NL = jurisdiction('nl', { countries: ['NL'] });
const ACCOUNT = '123456789012';

const bucket = (f: Fixture, id: string, region: string) => new S3Bucket(f.stack, id, { provider: f.aws(region), bucket: `sovai-${id}-${region}` });

function replication(f: Fixture, destination: string) {
  const source = bucket(f, 'source', 'eu-central-1');
  return new S3BucketReplicationConfigurationA(f.stack, 'replication', {
    provider: f.aws('eu-central-1'),
    bucket: source.id,
    role: `arn:aws:iam::${ACCOUNT}:role/replication`,
    rule: [{ id: 'copy', status: 'Enabled', filter: {}, deleteMarkerReplication: { status: 'Enabled' }, destination: { bucket: destination } }],
  });
}

function storage(f: Fixture, id: string, location: string, replicationType = 'ZRS') {
  return new StorageAccount(f.stack, id, {
    provider: f.azure(),
    name: `st${id}${location.slice(0, 6)}`,
    resourceGroupName: f.group(location).name,
    location,
    accountTier: 'Standard',
    accountReplicationType: replicationType,
  });
}

function objectReplication(f: Fixture, targetLocation: string) {
  const source = storage(f, 'source', 'germanywestcentral');
  const target = storage(f, 'target', targetLocation);
  return new StorageObjectReplication(f.stack, 'object-replication', {
    provider: f.azure(),
    sourceStorageAccountId: source.id,
    destinationStorageAccountId: target.id,
    rules: [{ sourceContainerName: 'data', destinationContainerName: 'data' }],
  });
}

const profile = (f: Fixture, copyFrom: string, region = 'eu-central-1') =>
  new BedrockInferenceProfile(f.stack, 'profile', { provider: f.aws(region), name: 'sovereign-model', modelSource: [{ copyFrom }] });

function openAi(f: Fixture, sku: string, location = 'germanywestcentral') {
  const account = new CognitiveAccount(f.stack, 'account', {
    provider: f.azure(),
    name: 'oai-test',
    kind: 'OpenAI',
    skuName: 'S0',
    location,
    resourceGroupName: f.group(location).name,
  });
  return new CognitiveDeployment(f.stack, 'deployment', {
    provider: f.azure(),
    name: 'gpt-4o',
    cognitiveAccountId: account.id,
    model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' },
    sku: { name: sku, capacity: 10 },
  });
}

describeRules(RESIDENCY_RULES, {
  'Sovereign-ResidencyRegion': {
    violating: (f) => bucket(f, 'data', 'eu-west-2'),
    compliant: (f) => bucket(f, 'data', 'eu-central-1'),
    message: /eu-west-2 \(London, GB \(United Kingdom\)\), outside jurisdiction "eu"/,
  },
  'Sovereign-ResidencyArnRegion': {
    violating: (f) => new CloudwatchLogGroup(f.stack, 'logs', { provider: f.aws(), name: 'logs', kmsKeyId: `arn:aws:kms:eu-west-2:${ACCOUNT}:key/abc` }),
    compliant: (f) => new CloudwatchLogGroup(f.stack, 'logs', { provider: f.aws(), name: 'logs', kmsKeyId: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/abc` }),
    message: /kms_key_id names eu-west-2 \(London/,
  },
  'Sovereign-ResidencyStateBackend': {
    violating: (f) => (new S3Backend(f.stack, { bucket: 'state', key: 'test.tfstate', region: 'eu-west-2' }), 'terraform.backend.s3'),
    compliant: (f) => (new S3Backend(f.stack, { bucket: 'state', key: 'test.tfstate', region: 'eu-central-1', encrypt: true }), 'terraform.backend.s3'),
    message: /the state bucket is in eu-west-2/,
  },
  'Sovereign-ResidencyS3Replication': {
    violating: (f) => replication(f, bucket(f, 'replica', 'eu-west-2').arn),
    compliant: (f) => replication(f, bucket(f, 'replica', 'eu-west-3').arn),
    message: /replicates to aws_s3_bucket\.replica, which is in eu-west-2/,
  },
  'Sovereign-ResidencyObjectReplication': {
    violating: (f) => objectReplication(f, 'uksouth'),
    compliant: (f) => objectReplication(f, 'swedencentral'),
    message: /destination_storage_account_id azurerm_storage_account\.target is in uksouth/,
  },
  'Sovereign-ResidencyBedrockProfile': {
    violating: (f) => profile(f, `arn:aws:bedrock:eu-central-1:${ACCOUNT}:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0`),
    compliant: (f) => profile(f, 'arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0'),
    message: /"global\." profile, which routes requests to any commercial AWS region worldwide/,
  },
  'Sovereign-ResidencyOpenAiDeployment': {
    violating: (f) => openAi(f, 'GlobalStandard'),
    compliant: (f) => openAi(f, 'DataZoneStandard'),
    message: /processes prompts in any Azure region worldwide/,
  },
  'Sovereign-ResidencyGeoRedundancy': {
    jurisdiction: NL,
    violating: (f) => storage(f, 'data', 'westeurope', 'GZRS'),
    compliant: (f) => storage(f, 'data', 'westeurope', 'ZRS'),
    message: /copies data to northeurope \(Dublin, IE \(Ireland\)\), the pair of westeurope/,
  },
});

describe('Sovereign-ResidencyRegion, finer cases', () => {
  const ID = 'Sovereign-ResidencyRegion';

  test('catches an Azure location changed through an escape hatch, and what inherits it through references', () => {
    const f = new Fixture(EU);
    const rg = f.group('germanywestcentral');
    const vnet = new VirtualNetwork(f.stack, 'vnet', { provider: f.azure(), name: 'vnet', location: rg.location, resourceGroupName: rg.name, addressSpace: ['10.20.0.0/16'] });
    const subnet = new Subnet(f.stack, 'subnet', { provider: f.azure(), name: 'snet', resourceGroupName: rg.name, virtualNetworkName: vnet.name, addressPrefixes: ['10.20.0.0/24'] });
    expect(f.findings(ID)).toEqual([]);
    rg.addOverride('location', 'uksouth');
    const flagged = f.findings(ID).map((x) => x.resource);
    expect(flagged).toEqual(expect.arrayContaining([addressOf(rg), addressOf(vnet), addressOf(subnet)]));
    expect(f.findings(ID).find((x) => x.resource === addressOf(subnet))!.message).toMatch(/placed by the location of the resources it refers to/);
  });

  test('catches a per-resource region argument (provider 6) added through an escape hatch', () => {
    const f = new Fixture(EU);
    const b = bucket(f, 'data', 'eu-central-1');
    b.addOverride('region', 'eu-central-2');
    expect(f.findings(ID).map((x) => [x.resource, x.message])).toEqual([[addressOf(b), expect.stringMatching(/placed by its region argument\) is in eu-central-2 \(Zurich, CH/)]]);
  });

  test('flags an AWS provider abroad even with no resource on it; global services (IAM) are not regional', () => {
    const f = new Fixture(EU);
    f.aws('us-east-1');
    const role = new IamRole(f.stack, 'role', { provider: f.aws('us-east-1'), name: 'r', assumeRolePolicy: '{}' });
    const flagged = f.findings(ID).map((x) => x.resource);
    expect(flagged).toEqual(['provider.aws.us-east-1']);
    expect(flagged).not.toContain(addressOf(role));
  });

  test('does not judge a region synth cannot know', () => {
    const f = new Fixture(EU);
    const region = new TerraformVariable(f.stack, 'region', { type: 'string' });
    const b = new S3Bucket(f.stack, 'data', { provider: f.aws(), bucket: 'sovai-data' });
    b.addOverride('region', region.stringValue);
    expect(f.findings(ID)).toEqual([]);
  });

  test('runs only where the stack has a jurisdiction', () => {
    const f = new Fixture(null);
    bucket(f, 'data', 'eu-west-2');
    expect(f.findings(ID)).toEqual([]);
  });
});

describe('other residency rules, finer cases', () => {
  test('ResidencyArnRegion reads endpoints too: a SageMaker image from a registry abroad', () => {
    const f = new Fixture(IN);
    const model = new SagemakerModel(f.stack, 'model', {
      provider: f.aws('ap-south-1'),
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/x`,
      primaryContainer: { image: '763104351884.dkr.ecr.ap-northeast-1.amazonaws.com/llm:1' },
    });
    expect(f.findings('Sovereign-ResidencyArnRegion').map((x) => [x.resource, x.message])).toEqual([
      [addressOf(model), expect.stringMatching(/primary_container names ap-northeast-1 \(Tokyo, JP\): outside jurisdiction "in"/)],
    ]);
  });

  test('ResidencyStateBackend refuses a remote backend (HCP Terraform)', () => {
    const f = new Fixture(EU);
    new RemoteBackend(f.stack, { organization: 'org', workspaces: { name: 'eu' } });
    expect(f.findings('Sovereign-ResidencyStateBackend').map((x) => x.resource)).toEqual(['terraform.backend.remote']);
  });

  describe('ResidencyStateBackend covers the OpenTofu state encryption key', () => {
    const withKey = (f: Fixture, kms: Record<string, unknown>, provider = 'aws_kms') => {
      new S3Backend(f.stack, { bucket: 'state', key: 'test.tfstate', region: 'eu-central-1', encrypt: true });
      configureStateEncryption(f.stack, { keyProvider: 'aws_kms', kmsKeyArn: `arn:aws:kms:eu-central-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, region: 'eu-central-1' });
      f.stack.addOverride(`terraform.encryption.key_provider.${provider}.jurisdiction`, kms); // replaces the key provider's settings
    };
    const keyAddress = 'terraform.encryption.key_provider.aws_kms.jurisdiction';

    test('a key ARN in the jurisdiction is compliant', () => {
      const f = new Fixture(EU);
      withKey(f, { kms_key_id: `arn:aws:kms:eu-west-3:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, region: 'eu-west-3', key_spec: 'AES_256' });
      expect(f.result(ResidencyStateBackend, keyAddress)).toEqual({ status: 'compliant' });
    });

    test('fails when the key ARN or its region is abroad', () => {
      const f = new Fixture(EU);
      withKey(f, { kms_key_id: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, region: 'us-east-1', key_spec: 'AES_256' });
      expect(f.findings('Sovereign-ResidencyStateBackend')).toEqual([
        expect.objectContaining({ resource: keyAddress, message: expect.stringMatching(/the state encryption key is in us-east-1 .*outside jurisdiction "eu"/) }),
      ]);
    });

    test('fails when the key names no region (AWS_REGION would decide at init)', () => {
      const f = new Fixture(EU);
      withKey(f, { kms_key_id: 'alias/tofu-state', key_spec: 'AES_256' });
      expect(f.findings('Sovereign-ResidencyStateBackend').map((x) => x.message)).toEqual([expect.stringMatching(/names no region and no key ARN/)]);
    });

    test('an azure_vault key is not applicable (its vault URI has no location; the policy checks it)', () => {
      const f = new Fixture(EU);
      f.stack.addOverride('terraform.encryption.key_provider.azure_vault.jurisdiction', { vault_uri: 'https://kv-x.vault.azure.net', vault_key_name: 'k', key_length: 32 });
      expect(f.result(ResidencyStateBackend, 'terraform.encryption.key_provider.azure_vault.jurisdiction')).toEqual({ status: 'not-applicable' });
    });
  });

  test('ResidencyS3Replication refuses a destination given by literal ARN (its region cannot be read) and a replica key abroad', () => {
    const f = new Fixture(EU);
    const literal = replication(f, 'arn:aws:s3:::somebody-elses-bucket');
    expect(f.findings('Sovereign-ResidencyS3Replication')[0]).toMatchObject({ resource: addressOf(literal), message: expect.stringMatching(/outside this stack whose region cannot be checked/) });

    const g = new Fixture(EU);
    const key = new KmsKey(g.stack, 'key', { provider: g.aws('eu-west-2') });
    const config = replication(g, bucket(g, 'replica', 'eu-west-3').arn);
    config.addOverride('rule.0.destination.encryption_configuration', { replica_kms_key_id: key.arn });
    expect(g.findings('Sovereign-ResidencyS3Replication')[0].message).toMatch(/encrypts replicas with aws_kms_key\.key, which is in eu-west-2/);
  });

  test.each([
    ['apac. for India', IN, 'ap-south-1', 'apac.anthropic.claude-3-haiku-20240307-v1:0', /may serve requests in ap-northeast-1 \(Tokyo/],
    ['eu. for the EU (London, Zurich may be included)', EU, 'eu-central-1', 'eu.anthropic.claude-sonnet-4-5-20250929-v1:0', /eu-west-2 \(London.*eu-central-2 \(Zurich.*suppress this finding naming the destination regions/],
    ['an in-region model of another region', EU, 'eu-central-1', 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0', /model source .* is in us-east-1/],
  ])('ResidencyBedrockProfile refuses %s', (_, j, region, source, message) => {
    const f = new Fixture(j);
    const copyFrom = source.startsWith('arn:') ? source : `arn:aws:bedrock:${region}:${ACCOUNT}:inference-profile/${source}`;
    const p = profile(f, copyFrom, region);
    expect(f.findings('Sovereign-ResidencyBedrockProfile')).toEqual([expect.objectContaining({ resource: addressOf(p), message: expect.stringMatching(message) })]);
  });

  test('ResidencyBedrockProfile accepts us. for the US (every destination in the US)', () => {
    const f = new Fixture(US);
    profile(f, `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.amazon.nova-pro-v1:0`, 'us-east-1');
    expect(f.findings('Sovereign-ResidencyBedrockProfile')).toEqual([]);
  });

  test('ResidencyOpenAiDeployment refuses DataZoneStandard for a one-country jurisdiction (the EU zone spans 27)', () => {
    const f = new Fixture(DE);
    const d = openAi(f, 'DataZoneStandard');
    expect(f.findings('Sovereign-ResidencyOpenAiDeployment')).toEqual([expect.objectContaining({ resource: addressOf(d), message: expect.stringMatching(/EU data zone of germanywestcentral, including AT \(Austria\)/) })]);
  });

  test('ResidencyGeoRedundancy refuses geo-redundancy in a region without a pair', () => {
    const f = new Fixture(EU);
    const s = storage(f, 'data', 'italynorth', 'GRS');
    expect(f.findings('Sovereign-ResidencyGeoRedundancy')).toEqual([expect.objectContaining({ resource: addressOf(s), message: expect.stringMatching(/italynorth \(Milan, IT \(Italy\)\) has none/) })]);
  });
});
