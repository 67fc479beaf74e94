/** The gate's pure parts: what it removes from a stack, how it finds drift, what it mocks (no terraform needed). */
import { stripDrift } from '../support/terraform-gate';
import { awsMockProvider, awsOnlyCopy, testFileFor } from '../support/terraform-mocks';

const mixed = {
  terraform: {
    backend: { s3: { bucket: 'state', key: 'eu.tfstate', region: 'eu-central-1' } },
    required_providers: { aws: { source: 'hashicorp/aws', version: '6.66.0' }, azurerm: { source: 'azurerm', version: '4.73.0' } },
  },
  provider: { aws: [{ alias: 'eu-central-1', region: 'eu-central-1' }], azurerm: [{ features: [{}] }] },
  data: { azurerm_client_config: { current: {} } },
  resource: {
    azurerm_key_vault: { vault: { tenant_id: '${data.azurerm_client_config.current.tenant_id}' } },
    aws_s3_bucket: { plain: { bucket: 'b' }, reads: { bucket: '${local.vault_uri_upper}' } },
  },
  locals: { vault_uri: '${azurerm_key_vault.vault.vault_uri}', vault_uri_upper: '${upper(local.vault_uri)}', region: 'eu' },
  output: { vault: { value: '${azurerm_key_vault.vault.id}' }, bucket: { value: '${aws_s3_bucket.plain.arn}' } },
};

describe('awsOnlyCopy', () => {
  const { json, removed, problems } = awsOnlyCopy(mixed, '5.100.0');

  test('drops the backend and every other provider, pins aws to the mirror version', () => {
    expect(json.terraform).toEqual({ required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } });
    expect(Object.keys(json.provider)).toEqual(['aws']);
    expect(json.data).toBeUndefined();
    expect(Object.keys(json.resource)).toEqual(['aws_s3_bucket']);
  });

  test('drops the outputs and locals that read removed blocks, also through another local', () => {
    expect(removed).toEqual(['azurerm_key_vault.vault', 'data.azurerm_client_config.current', 'output.vault', 'local.vault_uri', 'local.vault_uri_upper']);
    expect(json.locals).toEqual({ region: 'eu' });
    expect(Object.keys(json.output)).toEqual(['bucket']);
  });

  test('reports a kept AWS block that reads a removed one instead of substituting a value', () => {
    expect(problems).toEqual(['aws_s3_bucket.reads reads a block of a provider the gate does not plan (azurerm)']);
  });

  test('leaves the synthesized stack untouched', () => {
    expect(mixed.terraform.backend).toBeDefined();
    expect(mixed.resource.azurerm_key_vault).toBeDefined();
  });
});

describe('stripDrift', () => {
  // The shape of `terraform providers schema -json` for the blocks involved (aws 5.100.0 has no blocked_encryption_types).
  const schema = {
    resource_schemas: {
      aws_s3_bucket_server_side_encryption_configuration: {
        block: {
          attributes: { bucket: {}, id: {} },
          block_types: { rule: { block: { attributes: { bucket_key_enabled: {} }, block_types: { apply_server_side_encryption_by_default: { block: { attributes: { sse_algorithm: {} } } } } } } },
        },
      },
    },
  };
  const stack = () => ({
    resource: {
      aws_s3_bucket_server_side_encryption_configuration: {
        enc: {
          '//': {},
          provider: 'aws.eu-central-1',
          bucket: 'b',
          rule: [{ bucket_key_enabled: true, blocked_encryption_types: ['SSE-C'], apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } }],
        },
      },
    },
  });

  test('removes an argument the pinned 6.x bindings emit but the mirror schema lacks, and counts it', () => {
    const json = stack();
    expect(stripDrift(json, schema)).toEqual([{ address: 'resource.aws_s3_bucket_server_side_encryption_configuration.enc.rule[0]', argument: 'blocked_encryption_types' }]);
    expect(json.resource.aws_s3_bucket_server_side_encryption_configuration.enc.rule[0]).toEqual({ bucket_key_enabled: true, apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms' } });
  });

  test('leaves an argument that neither knows, for Terraform to refuse', () => {
    const json: any = stack();
    json.resource.aws_s3_bucket_server_side_encryption_configuration.enc.rule[0].not_an_argument = true;
    expect(stripDrift(json, schema).map((d) => d.argument)).toEqual(['blocked_encryption_types']);
    expect(json.resource.aws_s3_bucket_server_side_encryption_configuration.enc.rule[0].not_an_argument).toBe(true);
  });
});

describe('mocks', () => {
  test('one mock provider per alias, with the region\'s zones and partition', () => {
    const eu = awsMockProvider('eu-central-1', 'eu-central-1');
    expect(eu).toContain('alias = "eu-central-1"\n  override_during = plan');
    expect(eu).toContain('"names":["eu-central-1a","eu-central-1b","eu-central-1c"],"zone_ids":["euc1-az1","euc1-az2","euc1-az3"]');
    expect(awsMockProvider('ap-southeast-2', 'ap-southeast-2')).toContain('"zone_ids":["apse2-az1"');
    expect(awsMockProvider(undefined, 'us-east-1')).not.toContain('alias');
  });

  test('a remote state is mocked with the outputs the stack reads, shaped by the producer\'s expressions', () => {
    const consumer = {
      provider: { aws: [{ alias: 'eu-central-1', region: 'eu-central-1' }] },
      data: { terraform_remote_state: { base: { backend: 's3', config: { bucket: 'st', key: 'base.tfstate' } } } },
      resource: { aws_s3_bucket: { b: { provider: 'aws.eu-central-1', bucket: 'x', tags: { k: '${data.terraform_remote_state.base.outputs.cross-stack-output-aws_kms_keykeyarn}' } } } },
    };
    const producer = { 'cross-stack-output-aws_kms_keykeyarn': { value: '${aws_kms_key.key.arn}' } };
    const lookups: unknown[] = [];
    const { text } = testFileFor(consumer, './stacks/s1', (backend, config) => (lookups.push([backend, config]), producer));
    expect(lookups).toEqual([['s3', { bucket: 'st', key: 'base.tfstate' }]]);
    expect(text).toContain('mock_provider "terraform" {\n  override_during = plan\n}');
    expect(text).toContain(
      'target = data.terraform_remote_state.base\n    override_during = plan\n    values = {"outputs":{"cross-stack-output-aws_kms_keykeyarn":"arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-4000-8000-000000000001"}}',
    );
  });
});
