import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { AwsNetworkBaseline } from '../lib/network';
import { loadPolicy } from '../lib/policy';
import { configureStateBackend } from '../lib/state';
import { JurisdictionStack } from '../stacks/jurisdiction-stack';
import { synthJson } from './support/synth';

const POLICY = `version: 1
name: options-test
domain: ai.example.org
routing: { default: none }
jurisdictions:
  - id: eu
    preset: EU
    aws:
      primary: eu-central-1
      secondary: eu-north-1
      accountId: "111122223333"
      roleArn: arn:aws:iam::111122223333:role/sovereign-deploy
    azure:
      primary: francecentral
      subscriptionId: 00000000-0000-0000-0000-000000000001
      tenantId: 00000000-0000-0000-0000-000000000002
    state:
      aws: { bucket: opts-eu-tfstate, region: eu-central-1, kmsKeyId: "arn:aws:kms:eu-central-1:111122223333:alias/tfstate", roleArn: "arn:aws:iam::111122223333:role/tfstate" }
  - id: sov
    countries: [DE]
    clientCountries: []
    aws: { primary: eusc-de-east-1 }
    azure: { primary: germanywestcentral }
    state:
      aws: { bucket: opts-sov-tfstate, region: eusc-de-east-1 }
`;

const { policy, problems } = loadPolicy(POLICY, 'options.yaml');

test('the fixture is valid', () => {
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
});

describe('per-jurisdiction accounts and subscriptions', () => {
  const json = synthJson(new JurisdictionStack(Testing.app(), policy!.jurisdictions[0]));

  test('AWS providers are pinned to the account and assume the jurisdiction role', () => {
    for (const p of json.provider!.aws) {
      expect(p.allowed_account_ids).toEqual(['111122223333']);
      expect(p.assume_role).toEqual([{ role_arn: 'arn:aws:iam::111122223333:role/sovereign-deploy', session_name: 'cdktf-sovereign-ai-eu' }]);
    }
  });

  test('the azurerm provider targets the jurisdiction subscription and tenant', () => {
    expect(json.provider!.azurerm).toEqual([
      expect.objectContaining({ subscription_id: '00000000-0000-0000-0000-000000000001', tenant_id: '00000000-0000-0000-0000-000000000002', storage_use_azuread: true }),
    ]);
  });

  test('the S3 backend encrypts with the given key and assumes the state role', () => {
    expect(json.terraform!.backend.s3).toMatchObject({
      kms_key_id: 'arn:aws:kms:eu-central-1:111122223333:alias/tfstate',
      assume_role: { role_arn: 'arn:aws:iam::111122223333:role/tfstate', session_name: 'cdktf-sovereign-ai-state' },
      use_lockfile: true,
    });
  });

  test('a cloud without a secondary gets one network, not two', () => {
    expect(Object.keys(json.resource!.azurerm_virtual_network)).toHaveLength(1);
    expect(Object.keys(json.resource!.aws_vpc)).toHaveLength(2);
  });
});

test('a jurisdiction in the AWS European Sovereign Cloud requires Terraform >= 1.14 (S3 backend support)', () => {
  const json = synthJson(new JurisdictionStack(Testing.app(), policy!.jurisdictions[1]));
  expect(json.terraform!.required_version).toBe('>= 1.14.0');
  expect(json.provider!.aws.map((p) => p.region)).toEqual(['eusc-de-east-1']);
});

describe('configureStateBackend', () => {
  test('fails when a backend setting is a token', () => {
    const stack = new TerraformStack(Testing.app(), 'tokens');
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    const network = new AwsNetworkBaseline(stack, 'net', { provider, namePrefix: 'x' });
    expect(() => configureStateBackend(stack, { kind: 's3', bucket: network.vpcId, key: 'k', region: 'eu-central-1' })).toThrow(
      /tokens: state backend setting "bucket" is a token \(\$\{TfToken\[TOKEN\.\d+\]\}\); backends accept literal values only/,
    );
  });
});

describe('AwsNetworkBaseline', () => {
  test.each([1, 7, 2.5])('fails when availabilityZoneCount is %p', (n) => {
    const stack = new TerraformStack(Testing.app(), 'azs');
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    expect(() => new AwsNetworkBaseline(stack, 'net', { provider, namePrefix: 'x', availabilityZoneCount: n })).toThrow(
      `azs/net: availabilityZoneCount must be an integer from 2 to 6, got ${n}`,
    );
  });

  test('three zones give three private subnets with distinct /20 ranges', () => {
    const stack = new TerraformStack(Testing.app(), 'three');
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    new AwsNetworkBaseline(stack, 'net', { provider, namePrefix: 'x', availabilityZoneCount: 3, cidrBlock: '10.50.0.0/16' });
    const subnets = Object.values(synthJson(stack).resource!.aws_subnet);
    expect(subnets.map((s) => s.cidr_block)).toEqual([0, 1, 2].map((i) => `\${cidrsubnet("10.50.0.0/16", 4, ${i})}`));
  });
});
