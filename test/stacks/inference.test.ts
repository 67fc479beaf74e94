/** Inference composed from the default policy, and the policy's refusals of what would leave a jurisdiction. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../../lib/policy';
import { inlineRemoteState } from '../../lib/state/cross-stack';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { resourcesOf, type SynthJson } from '../support/synth';

const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
const outdir = mkdtempSync(join(tmpdir(), 'inference-'));
const built = buildApp(policy!, { outdir });
built.app.synth();
const read = (name: string): SynthJson => JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));

const EXPECTED = {
  us: { aws: 'us-east-1', azure: 'eastus2', sku: 'DataZoneStandard' },
  eu: { aws: 'eu-central-1', azure: 'swedencentral', sku: 'DataZoneStandard' },
  // Standard in southindia offers only retired chat models (matrix 04/30/2026): provisioned is the current in-country option
  in: { aws: 'ap-south-1', azure: 'southindia', sku: 'ProvisionedManaged' },
} as const;

describe.each(Object.entries(EXPECTED))('jurisdiction %s', (id, want) => {
  // The inference stack, its cross-stack reads of the base stack (bucket, subnets, keys) inlined.
  const json = inlineRemoteState(read(`sovereign-${id}-inference`), read(`sovereign-${id}`)).json as SynthJson;
  const providerRegion = (attrs: any) => json.provider!.aws.find((p) => `aws.${p.alias}` === attrs.provider).region;

  test('a network-isolated SageMaker model in the AWS primary region, in the jurisdiction VPC, with artifacts from the residency bucket', () => {
    const [[, model], ...more] = resourcesOf(json, 'aws_sagemaker_model');
    expect(more).toEqual([]);
    expect(providerRegion(model)).toBe(want.aws);
    expect(model.enable_network_isolation).toBe(true);
    expect(model.vpc_config.subnets).toEqual([expect.stringMatching(/^\$\{aws_subnet\.network-aws-.*private-0/), expect.stringMatching(/private-1/)]);
    expect(model.primary_container.image).toBe(`763104351884.dkr.ecr.${want.aws}.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0`);
    expect(model.primary_container.model_data_url).toMatch(/^s3:\/\/\$\{aws_s3_bucket\.store-models-aws_primary_bucket_[0-9A-F]+\.bucket\}\/llm\/model\.tar\.gz$/);
  });

  test('the SageMaker runtime is reached through an interface endpoint with private DNS and a policy', () => {
    const runtime = resourcesOf(json, 'aws_vpc_endpoint').map(([, e]) => e).filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(runtime.map((e) => e.service_name)).toEqual([`com.amazonaws.${want.aws}.sagemaker.runtime`]);
    expect(runtime[0].private_dns_enabled).toBe(true);
    expect(JSON.parse(runtime[0].policy).Statement.length).toBeGreaterThan(0);
  });

  test('Azure OpenAI: local auth and public access off, network Deny, customer-managed key, a deployment type that stays in the jurisdiction', () => {
    const [[, account]] = resourcesOf(json, 'azurerm_cognitive_account');
    expect(account).toMatchObject({ kind: 'OpenAI', location: want.azure, local_auth_enabled: false, public_network_access_enabled: false, outbound_network_access_restricted: true });
    expect(account.network_acls.default_action).toBe('Deny');
    expect(resourcesOf(json, 'azurerm_cognitive_account_customer_managed_key')).toHaveLength(1);
    const deployments = resourcesOf(json, 'azurerm_cognitive_deployment').map(([, d]) => [d.model.name, d.sku.name]);
    expect(deployments).toEqual([['gpt-5.1', want.sku]]);
    const endpoints = resourcesOf(json, 'azurerm_private_endpoint').map(([, e]) => e.private_service_connection.subresource_names[0]);
    expect(endpoints).toContain('account');
  });

  test('each model sits behind a gateway with a /health route, and DNS fails over from the AWS gateway to the Azure one', () => {
    const domains = resourcesOf(json, 'aws_api_gateway_domain_name').map(([, d]) => [d.domain_name, d.security_policy]);
    expect(domains.sort()).toEqual([[`${want.aws}.${id}.ai.example.com`, 'TLS_1_2'], [`api.${id}.ai.example.com`, 'TLS_1_2'], ['api.ai.example.com', 'TLS_1_2']].sort());
    expect(resourcesOf(json, 'aws_api_gateway_resource').map(([, r]) => r.path_part).sort()).toEqual(['chat', 'completions', 'health', 'models', 'v1']);
    expect(resourcesOf(json, 'azurerm_api_management')).toHaveLength(1);
    const records = resourcesOf(json, 'aws_route53_record').map(([, r]) => r);
    const primary = records.find((r) => r.name === `api.${id}.ai.example.com` && r.failover_routing_policy?.type === 'PRIMARY');
    expect(primary.records).toEqual([`${want.aws}.${id}.ai.example.com`]);
    const tier2 = records.find((r) => r.name === `tier2.api.${id}.ai.example.com` && r.failover_routing_policy?.type === 'PRIMARY');
    expect(tier2).toBeUndefined(); // two endpoints: PRIMARY and SECONDARY in one set
    const secondary = records.find((r) => r.name === `api.${id}.ai.example.com` && r.failover_routing_policy?.type === 'SECONDARY');
    expect(secondary.records).toEqual([`${want.azure}.${id}.ai.example.com`]);
    const azureName = records.find((r) => r.name === `${want.azure}.${id}.ai.example.com`);
    expect(azureName).toMatchObject({ type: 'CNAME' });
    const checks = resourcesOf(json, 'aws_route53_health_check').map(([, c]) => [c.fqdn, c.resource_path]);
    expect(checks).toEqual([[`${want.aws}.${id}.ai.example.com`, '/health'], [`${want.azure}.${id}.ai.example.com`, '/health']]);
  });

  test('GET /health asks the model: an AWS integration to the same SageMaker endpoint as chat completions, any 4xx/5xx answered 503, not a mock', () => {
    const integrations = resourcesOf(json, 'aws_api_gateway_integration').map(([, i]) => i);
    // The only MOCK is the model list (GET /v1/models), which never calls the model.
    expect(integrations.filter((i) => i.type === 'MOCK').map((i) => i.http_method)).toEqual([expect.stringContaining('models-method')]);
    const health = integrations.find((i) => i.http_method.includes('health-method'))!;
    const invoke = integrations.find((i) => i.http_method.includes('chat-method'))!;
    expect(health).toMatchObject({ type: 'AWS', integration_http_method: 'POST', uri: invoke.uri, credentials: invoke.credentials, passthrough_behavior: 'NEVER' });
    expect(health.uri).toMatch(new RegExp(`^arn:aws:apigateway:${want.aws}:runtime\\.sagemaker:path//endpoints/\\$\\{aws_sagemaker_endpoint\\.[\\w-]+\\.name\\}/invocations$`));
    // One new token: the model must generate, not just accept the connection (Hugging Face TGI request format).
    expect(JSON.parse(health.request_templates['application/json'])).toEqual({ inputs: 'ping', parameters: { max_new_tokens: 1 } });
    const responses = resourcesOf(json, 'aws_api_gateway_integration_response').map(([, r]) => r).filter((r) => r.http_method.includes('health-method'));
    const failed = responses.find((r) => r.selection_pattern !== undefined)!;
    expect(failed.selection_pattern).toBe('[45]\\d{2}');
    expect(failed.status_code).toMatch(/503/);
    // Route 53 checks that path on the regional name: a failing model fails the check, DNS moves on.
    const checks = resourcesOf(json, 'aws_route53_health_check').map(([, c]) => c);
    expect(checks.find((c) => c.fqdn === `${want.aws}.${id}.ai.example.com`)).toMatchObject({ type: 'HTTPS', resource_path: '/health' });
  });

  test('gateway, model and invocation logs are KMS-encrypted and kept long enough', () => {
    for (const [, g] of resourcesOf(json, 'aws_cloudwatch_log_group')) {
      expect(g.kms_key_id).toMatch(/^\$\{aws_kms_key\./);
      expect(g.retention_in_days).toBe(365);
    }
  });
});

describe('the policy refuses inference that leaves the jurisdiction', () => {
  const edit = (from: string, to: string) => {
    expect(DEFAULT_POLICY_YAML).toContain(from);
    return loadPolicy(DEFAULT_POLICY_YAML.replace(from, to), DEFAULT_POLICY_FILE).problems.filter((p) => p.severity === 'error');
  };
  const IN_AZURE = '        deployments: [{ model: gpt-5.1, deploymentType: ProvisionedManaged, capacity: 50 }]';
  const IN_SELF = '      logRetentionDays: 365   # CERT-In: at least 180 days in India\n';

  test.each([
    ['GlobalStandard anywhere', IN_AZURE, IN_AZURE.replace('ProvisionedManaged', 'GlobalStandard'), 'jurisdictions[2].inference.azureOpenAi.deployments[0]', /GlobalStandard processes prompts in any Azure region worldwide/],
    ['DataZone for India', IN_AZURE, IN_AZURE.replace('ProvisionedManaged', 'DataZoneStandard'), 'jurisdictions[2].inference.azureOpenAi.deployments[0]', /DataZoneStandard needs a data zone, and southindia is in none/],
    ['a model not offered in the region', IN_AZURE, IN_AZURE.replace('gpt-5.1', 'o3'), 'jurisdictions[2].inference.azureOpenAi.deployments[0]', /o3/],
    ['Standard in southindia, where only retired chat models are offered', IN_AZURE, IN_AZURE.replace(', deploymentType: ProvisionedManaged', ''), 'jurisdictions[2].inference.azureOpenAi.deployments[0]', /Standard is not offered for gpt-5\.1 in southindia; types offered for gpt-5\.1 in southindia: ProvisionedManaged/],
    ['India log retention under 180 days', IN_SELF, IN_SELF.replace('365', '90'), 'jurisdictions[2].inference.logRetentionDays', /90 days is below the 180 days jurisdiction "in" requires/],
    ['the global. Bedrock profile', IN_SELF, `${IN_SELF}      bedrock: { models: [{ name: claude, modelId: global.anthropic.claude-sonnet-4-5-20250929-v1:0 }] }\n`, 'jurisdictions[2].inference.bedrock.models[0].modelId', /global\.".* never allowed/],
    ['the apac. profile for India', IN_SELF, `${IN_SELF}      bedrock: { models: [{ name: claude, modelId: anthropic.claude-sonnet-4-5-20250929-v1:0, crossRegion: true }] }\n`, 'jurisdictions[2].inference.bedrock.models[0].modelId', /apac\..*no India-only profile/],
  ])('fails on %s', (_what, from, to, path, message) => {
    const errs = edit(from, to);
    expect(errs.map((e) => e.path)).toEqual([path]);
    expect(errs[0].message).toMatch(message);
  });

  test('fails when the model server image is pulled from another region', () => {
    const source = DEFAULT_POLICY_YAML.split('image: 763104351884.dkr.ecr.{region}').join('image: 763104351884.dkr.ecr.us-east-1');
    const errs = loadPolicy(source, DEFAULT_POLICY_FILE).problems.filter((p) => p.severity === 'error');
    expect(errs.map((e) => e.path)).toEqual(['jurisdictions[1].inference.selfHosted.image', 'jurisdictions[2].inference.selfHosted.image']);
    expect(errs[0].message).toMatch(/^image "763104351884\.dkr\.ecr\.us-east-1\.amazonaws\.com\/.*" is in us-east-1, not eu-central-1/);
  });
});

test('the AWS European Sovereign Cloud: its amazonaws.eu image registry is accepted; Route 53, not listed there, is warned about', () => {
  const source = `version: 1
name: eusc-test
domain: ai.example.eu
routing: { default: none }
dns:
  state: { aws: { bucket: eusc-routing-tfstate, region: eu-central-1 } }
jurisdictions:
  - id: sov
    countries: [DE]
    aws: { primary: eusc-de-east-1 }
    azure: { primary: germanywestcentral, deployer: { ipRanges: [203.0.113.10/32] } }
    state: { aws: { bucket: eusc-sov-tfstate, region: eusc-de-east-1 } }
    failover:
      external: [{ name: natcloud, hostname: ai.natcloud.example.de, operator: natcloud-de, country: DE }]
    inference:
      selfHosted:
        image: 123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu/llm-server:1.0
        modelData: { store: models, key: llm/model.tar.gz }
        instanceType: ml.g5.2xlarge
dataStores:
  - { name: models, jurisdiction: sov, replication: false }
`;
  const { policy: eusc, problems } = loadPolicy(source, 'eusc.yaml');
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(problems.filter((p) => p.path === 'jurisdictions[0].aws.primary').map((p) => [p.severity, p.message])).toEqual([['warning', expect.stringMatching(/public Route 53 is not listed for the AWS European Sovereign Cloud \(eusc-de-east-1\)/)]]);
  const app = buildApp(eusc!, { outdir: mkdtempSync(join(tmpdir(), 'eusc-')) });
  const [[, model]] = resourcesOf(app.inferenceStacks['sovereign-sov'].toTerraform() as SynthJson, 'aws_sagemaker_model');
  expect(model.primary_container.image).toBe('123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu/llm-server:1.0');
  // The DNS account's provider (the country-routed name's validation record): a commercial region inside the
  // jurisdiction, since a sovereign-partition region has no public Route 53 and Route 53 answers in every commercial region.
  const base = app.stacks.find((st) => st.node.id === 'sovereign-sov')!.toTerraform() as SynthJson;
  const providers = ([] as any[]).concat((base as any).provider.aws);
  expect(providers.find((pr) => pr.alias === 'dns')).toMatchObject({ region: 'eu-central-1' });
  const wrongSuffix = loadPolicy(source.replace('eusc-de-east-1.amazonaws.eu', 'eu-central-1.amazonaws.com'), 'eusc.yaml').problems.filter((p) => p.severity === 'error');
  expect(wrongSuffix.map((e) => [e.path, e.message])).toEqual([['jurisdictions[0].inference.selfHosted.image', expect.stringMatching(/is in eu-central-1, not eusc-de-east-1/)]]);
});

test('fails when a jurisdiction with DNS has a single failover endpoint', () => {
  const from = '      azureOpenAi:         # managed model; DataZoneStandard keeps processing in the US data zone\n        deployments: [{ model: gpt-5.1, capacity: 10 }]   # GA until 2027-05-15 (gpt-4o retired 2026-10-01)\n';
  expect(DEFAULT_POLICY_YAML).toContain(from);
  const source = DEFAULT_POLICY_YAML.replace(from, '');
  const errs = loadPolicy(source, DEFAULT_POLICY_FILE).problems.filter((p) => p.severity === 'error');
  expect(errs.map((e) => [e.path, e.message])).toEqual([['jurisdictions[0]', expect.stringMatching(/^the failover chain of jurisdiction "us" has 1 endpoint\(s\) \(aws-us-east-1\); DNS failover needs at least two/)]]);
});

describe('selfHosted.healthProbe: the request /health sends, matched to the container', () => {
  const PROBE = '        environment: { HF_MODEL_ID: /opt/ml/model, HF_HUB_OFFLINE: "1", SM_NUM_GPUS: "1" }';

  test('a policy\'s probe reaches the gateway (e.g. an OpenAI-style container)', () => {
    const body = '{"model":"llm","messages":[{"role":"user","content":"ping"}],"max_tokens":1}';
    const source = DEFAULT_POLICY_YAML.replace(PROBE, `${PROBE}\n        healthProbe: { body: '${body}' }`);
    const { policy: custom, problems } = loadPolicy(source, DEFAULT_POLICY_FILE);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const app = buildApp(custom!, { outdir: mkdtempSync(join(tmpdir(), 'probe-')) });
    const json = app.inferenceStacks['sovereign-us'].toTerraform() as SynthJson;
    const health = resourcesOf(json, 'aws_api_gateway_integration').map(([, i]) => i).find((i) => i.http_method.includes('health-method'))!;
    expect(health.request_templates).toEqual({ 'application/json': body });
    expect(health.request_parameters).toEqual({ 'integration.request.header.Content-Type': "'application/json'" });
  });

  test('fails with the path when the body holds Velocity syntax', () => {
    const source = DEFAULT_POLICY_YAML.replace(PROBE, `${PROBE}\n        healthProbe: { body: '{"inputs":"$input"}' }`);
    const errs = loadPolicy(source, DEFAULT_POLICY_FILE).problems.filter((p) => p.severity === 'error');
    // The default policy shares the block by YAML alias: each jurisdiction that uses it is named.
    expect(errs.map((e) => [e.path, e.message])).toEqual([0, 1, 2].map((i) => [`jurisdictions[${i}].inference.selfHosted.healthProbe.body`, expect.stringMatching(/must not contain \$ or #/)]));
    expect(errs[0].line).toBeGreaterThan(20);
  });
});
