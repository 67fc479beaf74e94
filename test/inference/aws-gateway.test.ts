import { jurisdiction } from '../../lib/catalog';
import { allowedActions } from '../../lib/inference/aws-common';
import { regionalGatewayHostname, type RegionalInferenceGatewayProps } from '../../lib/inference/aws-gateway';
import { all, buildGateway, EU, KEY, one, SM_ARN } from '../support/aws-gateway';
import { placements } from '../support/residency';
import { resourcesOf } from '../support/synth';

const IN = jurisdiction('in', { preset: 'IN' });
const SM_URI = 'arn:aws:apigateway:eu-central-1:runtime.sagemaker:path//endpoints/llama-3-8b/invocations';

const build = buildGateway;
const ref = (type: string) => new RegExp(`^\\$\\{${type}\\.[\\w-]+\\.`);

describe('RegionalInferenceGateway', () => {
  const { json, gateway } = build();

  test('exposes the regional host name, health URL and the API Gateway targets for DNS', () => {
    expect(gateway.gatewayHostname).toBe('eu-central-1.eu.ai.example.com');
    expect(regionalGatewayHostname('eu-central-1', 'eu', 'ai.example.com')).toBe(gateway.gatewayHostname);
    expect(gateway.serviceHostnames).toEqual(['api.eu.ai.example.com']);
    expect(gateway.healthUrl).toBe('https://eu-central-1.eu.ai.example.com/health');
    expect(gateway.chatCompletionsUrl).toBe('https://eu-central-1.eu.ai.example.com/v1/chat/completions');
    expect(gateway.modelsUrl).toBe('https://eu-central-1.eu.ai.example.com/v1/models');
    expect(gateway.regionalDomainName).toMatch(/TfToken/);
    expect(gateway.regionalZoneId).toMatch(/TfToken/);
  });

  test('REST API, regional endpoint type, default execute-api hostname disabled', () => {
    expect(one(json, 'aws_api_gateway_rest_api')).toMatchObject({
      provider: 'aws.eu-central-1',
      endpoint_configuration: { types: ['REGIONAL'] },
      disable_execute_api_endpoint: true,
    });
  });

  test('one regional ACM certificate for the regional and service names, DNS-validated in the jurisdiction zone', () => {
    expect(one(json, 'aws_acm_certificate')).toMatchObject({
      provider: 'aws.eu-central-1',
      domain_name: 'eu-central-1.eu.ai.example.com',
      subject_alternative_names: ['api.eu.ai.example.com'],
      validation_method: 'DNS',
    });
    const validationRecord = one(json, 'aws_route53_record', (r) => r.for_each !== undefined);
    expect(validationRecord).toMatchObject({
      zone_id: '${{"eu-central-1.eu.ai.example.com" = "Z0JURISDICTION", "api.eu.ai.example.com" = "Z0JURISDICTION"}[each.key]}',
      name: '${each.value.resource_record_name}',
      type: '${each.value.resource_record_type}',
      records: ['${each.value.resource_record_value}'],
      allow_overwrite: true,
    });
    // Over the set itself, never tolist() of it (unknown at a first plan): test/terraform/acm-validation-for-each.test.ts.
    expect(validationRecord.for_each).toMatch(/^\$\{\{ for key, val in aws_acm_certificate\.[\w-]+\.domain_validation_options: val\.domain_name => val \}\}$/);
    const validation = one(json, 'aws_acm_certificate_validation');
    expect(validation.certificate_arn).toMatch(ref('aws_acm_certificate'));
    expect(validation.validation_record_fqdns).toMatch(/^\$\{\[ for key, val in aws_route53_record\.[\w-]+: val\.fqdn\]\}$/);
  });

  test.each(['eu-central-1.eu.ai.example.com', 'api.eu.ai.example.com'])('custom domain %s: regional, TLS 1.2, validated certificate, mapped to the stage', (name) => {
    const domains = all(json, 'aws_api_gateway_domain_name');
    const domain = domains.find((d) => d.domain_name === name);
    expect(domain).toMatchObject({
      provider: 'aws.eu-central-1',
      endpoint_configuration: { types: ['REGIONAL'] },
      security_policy: 'TLS_1_2',
      regional_certificate_arn: expect.stringMatching(/^\$\{aws_acm_certificate_validation\.[\w-]+\.certificate_arn\}$/),
    });
    expect(domains).toHaveLength(2);
    const mappings = all(json, 'aws_api_gateway_base_path_mapping');
    expect(mappings).toHaveLength(2);
    for (const m of mappings) expect(m.stage_name).toMatch(ref('aws_api_gateway_stage'));
  });

  test('the regional host name is an A alias of its custom domain in the jurisdiction zone', () => {
    expect(one(json, 'aws_route53_record', (r) => r.type === 'A')).toMatchObject({
      zone_id: 'Z0JURISDICTION',
      name: 'eu-central-1.eu.ai.example.com',
      alias: { name: expect.stringMatching(/\.regional_domain_name\}$/), zone_id: expect.stringMatching(/\.regional_zone_id\}$/), evaluate_target_health: false },
    });
  });

  test('POST /v1/chat/completions: IAM authorization (no clientJwt), AWS integration to InvokeEndpoint of this region, JSON body passed through', () => {
    const method = one(json, 'aws_api_gateway_method', (m) => m.http_method === 'POST');
    expect(method.authorization).toBe('AWS_IAM');
    const integration = one(json, 'aws_api_gateway_integration', (i) => i.uri === SM_URI && i.http_method.includes('chat-method'));
    expect(integration).toMatchObject({
      type: 'AWS',
      integration_http_method: 'POST',
      credentials: expect.stringMatching(/^\$\{aws_iam_role\.gateway_integration-role_[\w]+\.arn\}$/),
      passthrough_behavior: 'NEVER',
      request_templates: { 'application/json': '$input.body' },
      request_parameters: { 'integration.request.header.Content-Type': "'application/json'", 'integration.request.header.Accept': "'application/json'" },
      timeout_milliseconds: 29000,
    });
    const patterns = all(json, 'aws_api_gateway_integration_response').filter((r) => r.http_method.includes('chat-method')).map((r) => r.selection_pattern ?? 'default');
    expect(patterns.sort()).toEqual(['4(?:[0-1]\\d|2[0-8]|[3-9]\\d)', '429', '5\\d{2}', 'default'].sort());
    expect(gateway.invokeExecuteApiArn).toMatch(/\/v1\/\*\/v1\/\*$/);
  });

  test('the integration role may only invoke that one endpoint', () => {
    const policies = all(json, 'aws_iam_role_policy');
    const invoke = policies.find((p) => p.name === 'invoke-sagemaker-endpoint');
    expect(JSON.parse(invoke.policy).Statement).toEqual([{ Sid: 'InvokeOneEndpoint', Effect: 'Allow', Action: ['sagemaker:InvokeEndpoint'], Resource: [SM_ARN] }]);
    for (const p of policies) expect(allowedActions(p.policy).filter((a) => a.includes('*'))).toEqual([]);
  });

  test('GET /health: unauthenticated mock answering 200 by default', () => {
    expect(one(json, 'aws_api_gateway_method', (m) => m.http_method === 'GET' && m.resource_id.includes('health')).authorization).toBe('NONE');
    expect(one(json, 'aws_api_gateway_integration', (i) => i.type === 'MOCK' && i.http_method.includes('health'))).toMatchObject({ request_templates: { 'application/json': '{"statusCode": 200}' } });
    expect(one(json, 'aws_api_gateway_resource', (r) => r.path_part === 'health')).toBeDefined();
  });

  test('stage: access logs to a KMS-encrypted group kept 365 days, X-Ray on, redeployed when routes change', () => {
    const stage = one(json, 'aws_api_gateway_stage');
    expect(stage).toMatchObject({ stage_name: 'v1', xray_tracing_enabled: true, access_log_settings: { destination_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.gateway_access-logs_\w+\.arn\}$/) } });
    expect(Object.keys(JSON.parse(stage.access_log_settings.format))).toEqual(expect.arrayContaining(['requestId', 'requestTime', 'sourceIp', 'userArn', 'status']));
    const groups = all(json, 'aws_cloudwatch_log_group');
    expect(groups.map((g) => g.name).sort()).toEqual(['/aws/apigateway/eu-eu-central-1-inference/access', expect.stringMatching(/^API-Gateway-Execution-Logs_\$\{aws_api_gateway_rest_api\.[\w-]+\.id\}\/v1$/)].sort());
    for (const g of groups) expect(g).toMatchObject({ kms_key_id: KEY, retention_in_days: 365, provider: 'aws.eu-central-1' });
    const deployment = one(json, 'aws_api_gateway_deployment');
    expect(deployment.triggers.redeployment).toMatch(/^\$\{substr\(sha1\(join\("\|", \["[0-9a-f]{40}", aws_iam_role\./);
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
  });

  test('method settings: metrics, ERROR logging without payloads, stage throttling, tighter throttling on /health', () => {
    const settings = Object.fromEntries(all(json, 'aws_api_gateway_method_settings').map((s) => [s.method_path, s.settings]));
    expect(settings['*/*']).toEqual({ metrics_enabled: true, logging_level: 'ERROR', data_trace_enabled: false, throttling_rate_limit: 50, throttling_burst_limit: 100 });
    expect(settings['health/GET']).toMatchObject({ throttling_rate_limit: 5, throttling_burst_limit: 10, data_trace_enabled: false });
  });

  test('the account-wide API Gateway logging role has AmazonAPIGatewayPushToCloudWatchLogs\' actions on this region\'s log groups', () => {
    expect(one(json, 'aws_api_gateway_account').cloudwatch_role_arn).toMatch(ref('aws_iam_role'));
    const policy = JSON.parse(all(json, 'aws_iam_role_policy').find((p) => p.name === 'push-to-cloudwatch-logs').policy);
    // AWS managed policy reference, AmazonAPIGatewayPushToCloudWatchLogs v1: these seven actions, CreateLogGroup included.
    expect(policy.Statement[0].Action.sort()).toEqual(
      ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams', 'logs:FilterLogEvents', 'logs:GetLogEvents', 'logs:PutLogEvents'],
    );
    expect(policy.Statement[0].Resource).toEqual([
      expect.stringMatching(/^arn:aws:logs:eu-central-1:\$\{data\.aws_caller_identity\.[^}]+\}:log-group:\*$/),
      expect.stringMatching(/^arn:aws:logs:eu-central-1:.+:log-group:\*:log-stream:\*$/),
    ]);
  });

  test('every resource is placed in the gateway region (Route 53 records through the same provider)', () => {
    for (const { address, placement } of placements(json)) expect({ address, region: placement?.region }).toEqual({ address, region: 'eu-central-1' });
  });
});

describe('RegionalInferenceGateway options', () => {
  test('a health probe invokes the model and maps any error to 503 with a fixed body', () => {
    const { json } = build({ healthProbe: { contentType: 'application/json', body: '{"inputs":"ping","parameters":{"max_new_tokens":1}}' } });
    const health = one(json, 'aws_api_gateway_integration', (i) => i.http_method.includes('health-method'));
    expect(health).toMatchObject({
      type: 'AWS',
      uri: SM_URI,
      passthrough_behavior: 'NEVER',
      request_parameters: { 'integration.request.header.Content-Type': "'application/json'" },
      request_templates: { 'application/json': '{"inputs":"ping","parameters":{"max_new_tokens":1}}' },
    });
    const responses = all(json, 'aws_api_gateway_integration_response').filter((r) => r.http_method.includes('health-method'));
    const byStatus = Object.fromEntries(responses.map((r) => [r.status_code.includes('503') ? '503' : '200', r]));
    expect(byStatus['200'].selection_pattern).toBeUndefined();
    expect(JSON.parse(byStatus['200'].response_templates['application/json'])).toEqual({ status: 'ok', region: 'eu-central-1' });
    expect(byStatus['503'].selection_pattern).toBe('[45]\\d{2}');
    expect(JSON.parse(byStatus['503'].response_templates['application/json'])).toEqual({ status: 'unavailable', region: 'eu-central-1' });
  });

  test('extra service host names get their own custom domain and are validated in their own zone', () => {
    const { json, gateway } = build({ serviceHostnames: [{ hostname: 'api.eu.ai.example.com' }, { hostname: 'api.ai.example.com', validationZoneId: 'Z0PARENT' }] });
    expect(one(json, 'aws_acm_certificate').subject_alternative_names).toEqual(['api.eu.ai.example.com', 'api.ai.example.com']);
    expect(one(json, 'aws_route53_record', (r) => r.for_each !== undefined).zone_id).toContain('"api.ai.example.com" = "Z0PARENT"');
    expect(all(json, 'aws_api_gateway_domain_name').map((d) => d.domain_name).sort()).toEqual(['api.ai.example.com', 'api.eu.ai.example.com', 'eu-central-1.eu.ai.example.com']);
    expect(Object.keys(gateway.serviceTargets)).toEqual(['api.eu.ai.example.com', 'api.ai.example.com']);
  });

  test('India: 180-day logs accepted; no account logging role when another stack manages it', () => {
    const { json } = build(
      { sagemakerEndpointArn: 'arn:aws:sagemaker:ap-south-1:123456789012:endpoint/llama-3-8b', kmsKeyArn: 'arn:aws:kms:ap-south-1:123456789012:key/2', logRetentionInDays: 180, manageAccountCloudWatchRole: false },
      'ap-south-1',
      IN,
    );
    for (const g of all(json, 'aws_cloudwatch_log_group')) expect(g.retention_in_days).toBe(180);
    expect(resourcesOf(json, 'aws_api_gateway_account')).toEqual([]);
    expect(one(json, 'aws_acm_certificate').domain_name).toBe('ap-south-1.in.ai.example.com');
  });

  test.each<[string, Partial<RegionalInferenceGatewayProps>, string]>([
    ['log retention is 366 days', { logRetentionInDays: 366 }, 'log retention 366 days is not a value CloudWatch Logs accepts; use one of 1, 3, 5'],
    ['log retention is 400 but the minimum is raised to 731', { logRetentionInDays: 400, minimumLogRetentionInDays: 731 }, 'below the minimum of jurisdiction "eu" of 731 days'],
    ['the regional host name exceeds the 64-character certificate limit', { domain: `${'a'.repeat(40)}.example.com` }, "ACM limits the certificate's first name to 64"],
    ['the domain is not a DNS name', { domain: 'AI_Example.com' }, 'is not a valid lower-case DNS name'],
    ['a service host name repeats the regional one', { serviceHostnames: [{ hostname: 'eu-central-1.eu.ai.example.com' }] }, 'is listed twice'],
    ['no service host name is given', { serviceHostnames: [] }, 'serviceHostnames is empty'],
    ['the health probe body holds VTL syntax', { healthProbe: { contentType: 'application/json', body: '{"inputs":"$input.body"}' } }, 'must not contain $ or #'],
    ['the integration timeout exceeds the regional maximum of 300 s', { integrationTimeoutMilliseconds: 300001 }, 'integrationTimeoutMilliseconds must be an integer from 50 to 300000'],
    ['the client model name is not a model name', { clientModel: 'Chat GPT' }, 'clientModel "Chat GPT" must be'],
    ['an authorizer cache TTL is given without a client JWT', { authorizerResultTtlInSeconds: 60 }, 'authorizerResultTtlInSeconds needs clientJwt'],
    ['the client JWT issuer is not https', { clientJwt: { issuer: 'http://id.example.gov', audience: 'a' } }, 'must be an https URL'],
    ['the authorizer cache TTL exceeds an hour', { clientJwt: { issuer: 'https://id.example.gov', audience: 'a' }, authorizerResultTtlInSeconds: 3601 }, 'resultTtlInSeconds must be an integer from 0 to 3600'],
  ])('fails when %s', (_name, overrides, message) => {
    expect(() => build(overrides)).toThrow(message);
  });

  test('fails when log retention is 90 days in India (CERT-In: 180)', () => {
    expect(() => build({ logRetentionInDays: 90 }, 'ap-south-1', IN)).toThrow('log retention 90 days is below the minimum of jurisdiction "in" of 180 days');
  });

  test('fails when the gateway region is outside the jurisdiction', () => {
    expect(() => build({}, 'eu-west-2', EU)).toThrow('inference gateway region eu-west-2 (London, GB (United Kingdom)) is outside jurisdiction "eu"');
  });
});
