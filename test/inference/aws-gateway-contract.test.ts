/**
 * The client contract on the AWS gateway (aws-gateway-openai.ts, aws-gateway-authorizer.ts): OpenAI
 * routes, the request model, the MOCK model list, the JWT authorizer on every route but /health.
 */
import { allowedActions } from '../../lib/inference/aws-common';
import type { RegionalInferenceGatewayProps } from '../../lib/inference/aws-gateway';
import { all, buildGateway, KEY, one } from '../support/aws-gateway';
import { BEARER_JWT_PATTERN } from '../../lib/inference/aws-gateway-authorizer';
import { chatRequestSchema } from '../../lib/inference/aws-gateway-openai';
import { withMessagesApi } from '../../lib/inference/aws-sagemaker';
import { placements } from '../support/residency';
import { resourcesOf, type SynthJson } from '../support/synth';

const JWT = { issuer: 'https://id.eu.ai.example.com/realms/sovereign-ai', audience: 'sovereign-ai-eu' };

const build = (overrides: Partial<RegionalInferenceGatewayProps> = {}) => buildGateway({ clientJwt: JWT, ...overrides });
/** `METHOD /path` of every method, from the resource tree (path_part and parent_id references). */
function routes(json: SynthJson): Record<string, any> {
  const resources = Object.fromEntries(resourcesOf(json, 'aws_api_gateway_resource').map(([key, r]) => [key, r]));
  const pathOf = (ref: string): string => {
    const key = /aws_api_gateway_resource\.([\w-]+)\.id/.exec(ref)?.[1];
    if (!key) return '';
    return `${pathOf(resources[key].parent_id)}/${resources[key].path_part}`;
  };
  return Object.fromEntries(all(json, 'aws_api_gateway_method').map((m) => [`${m.http_method} ${pathOf(m.resource_id)}`, m]));
}

describe('AWS gateway with the jurisdiction JWT', () => {
  const { json, gateway } = build();
  const byRoute = routes(json);

  test('exactly the contract routes: POST /v1/chat/completions, GET /v1/models, GET /health (no /invoke)', () => {
    expect(Object.keys(byRoute).sort()).toEqual(['GET /health', 'GET /v1/models', 'POST /v1/chat/completions']);
  });

  test('every route but /health requires the JWT authorizer; /health is the only unauthenticated route', () => {
    const authorizer = one(json, 'aws_api_gateway_authorizer');
    for (const [route, m] of Object.entries(byRoute)) {
      if (route === 'GET /health') expect(m).toMatchObject({ authorization: 'NONE' });
      else expect({ route, authorization: m.authorization, authorizer_id: m.authorizer_id }).toEqual({ route, authorization: 'CUSTOM', authorizer_id: expect.stringMatching(/^\$\{aws_api_gateway_authorizer\.gateway_client-jwt_authorizer_\w+\.id\}$/) });
    }
    expect(authorizer).toMatchObject({
      type: 'TOKEN',
      identity_source: 'method.request.header.Authorization',
      identity_validation_expression: BEARER_JWT_PATTERN,
      authorizer_result_ttl_in_seconds: 300,
      authorizer_uri: expect.stringMatching(/^\$\{aws_lambda_function\.[\w-]+\.invoke_arn\}$/),
    });
    expect(new RegExp(BEARER_JWT_PATTERN).test('Bearer eyJ.eyJ.sig')).toBe(true);
    expect(new RegExp(BEARER_JWT_PATTERN).test('AWS4-HMAC-SHA256 Credential=x')).toBe(false);
  });

  test('the authorizer Lambda: Node.js 22, the repo code as a zip asset, issuer and audience from the policy, KMS-encrypted log group', () => {
    const fn = one(json, 'aws_lambda_function');
    expect(fn).toMatchObject({
      provider: 'aws.eu-central-1',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      filename: expect.stringMatching(/^assets\/.+\.zip$/),
      environment: { variables: { ISSUER: JWT.issuer, AUDIENCE: JWT.audience, LEEWAY_SECONDS: '60' } },
      logging_config: { log_format: 'JSON', log_group: expect.stringMatching(/aws_cloudwatch_log_group\.gateway_client-jwt_logs_\w+\.name/) },
    });
    expect(fn.environment.variables.AUTHORIZER_TEST_ALLOW_LOOPBACK).toBeUndefined();
    expect(fn.vpc_config).toBeUndefined();
    expect(one(json, 'aws_cloudwatch_log_group', (g) => g.name === '/aws/lambda/eu-eu-central-1-client-jwt')).toMatchObject({ kms_key_id: KEY, retention_in_days: 365, skip_destroy: true });
    expect(gateway.authorizer?.functionName).toBe('eu-eu-central-1-client-jwt');
  });

  test('least privilege: the function role writes its own log group only; API Gateway may invoke it only as this API\'s authorizer', () => {
    const policy = JSON.parse(one(json, 'aws_iam_role_policy', (p) => p.name === 'write-own-log-group').policy);
    expect(policy.Statement).toEqual([{ Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.gateway_client-jwt_logs_\w+\.arn\}:\*$/)] }]);
    expect(allowedActions(JSON.stringify(policy))).not.toContain('logs:CreateLogGroup');
    expect(one(json, 'aws_lambda_permission')).toMatchObject({
      action: 'lambda:InvokeFunction',
      principal: 'apigateway.amazonaws.com',
      source_arn: expect.stringMatching(/^\$\{aws_api_gateway_rest_api\.[\w-]+\.execution_arn\}\/authorizers\/\$\{aws_api_gateway_authorizer\.[\w-]+\.id\}$/),
    });
  });

  test('the request model admits only the policy model name, a messages array, no streaming; the validator checks the body', () => {
    const chat = byRoute['POST /v1/chat/completions'];
    const model = one(json, 'aws_api_gateway_model');
    expect(chat.request_models).toEqual({ 'application/json': expect.stringMatching(/aws_api_gateway_model\.[\w-]+\.name/) });
    expect(chat.request_validator_id).toMatch(/aws_api_gateway_request_validator/);
    expect(one(json, 'aws_api_gateway_request_validator')).toMatchObject({ validate_request_body: true });
    const schema = JSON.parse(model.schema);
    expect(schema).toEqual(chatRequestSchema('chat'));
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.required).toEqual(['model', 'messages']);
    expect(schema.properties.model.enum).toEqual(['chat']);
    expect(schema.properties.stream.enum).toEqual([false]);
    expect(schema.properties.messages).toMatchObject({ type: 'array', minItems: 1 });
  });

  test('a body the model refuses gets 400 in the OpenAI error shape, naming what is allowed; 401 says Bearer', () => {
    const bad = one(json, 'aws_api_gateway_gateway_response', (r) => r.response_type === 'BAD_REQUEST_BODY');
    expect(bad.status_code).toBe('400');
    const body = JSON.parse(bad.response_templates['application/json']);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_request_body' });
    expect(body.error.message).toContain('model must be "chat"');
    expect(body.error.message).toContain('does not stream');
    const unauthorized = one(json, 'aws_api_gateway_gateway_response', (r) => r.response_type === 'UNAUTHORIZED');
    expect(unauthorized).toMatchObject({ status_code: '401', response_parameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" } });
    expect(JSON.parse(unauthorized.response_templates['application/json']).error.code).toBe('invalid_api_key');
  });

  test('GET /v1/models: a MOCK integration answering the OpenAI list with the one model, owned by the jurisdiction', () => {
    const integration = one(json, 'aws_api_gateway_integration', (i) => i.http_method.includes('models-method'));
    expect(integration).toMatchObject({ type: 'MOCK', request_templates: { 'application/json': '{"statusCode": 200}' } });
    const response = one(json, 'aws_api_gateway_integration_response', (r) => r.http_method.includes('models-method'));
    expect(JSON.parse(response.response_templates['application/json'])).toEqual({ object: 'list', data: [{ id: 'chat', object: 'model', owned_by: 'eu' }] });
  });

  test('the deployment waits for and is redeployed by the contract (routes, model, gateway responses)', () => {
    const deployment = one(json, 'aws_api_gateway_deployment');
    for (const t of ['aws_api_gateway_model', 'aws_api_gateway_gateway_response', 'aws_api_gateway_integration_response']) {
      expect(deployment.depends_on.some((d: string) => d.startsWith(`${t}.`))).toBe(true);
    }
    const other = build({ clientModel: 'llama' }).json;
    expect(one(other, 'aws_api_gateway_deployment').triggers.redeployment).not.toBe(deployment.triggers.redeployment);
  });

  test('every resource, the authorizer Lambda included, is in the gateway region', () => {
    for (const { address, placement } of placements(json)) expect({ address, region: placement?.region }).toEqual({ address, region: 'eu-central-1' });
  });
});

describe('AWS gateway contract options', () => {
  test('the chat timeout is configurable up to the Regional REST maximum of 300 s; the health probe uses it too', () => {
    const { json } = build({ integrationTimeoutMilliseconds: 120000, healthProbe: { contentType: 'application/json', body: '{"inputs":"ping"}' } });
    for (const i of all(json, 'aws_api_gateway_integration').filter((x) => x.type === 'AWS')) expect(i.timeout_milliseconds).toBe(120000);
  });

  test('without clientJwt: no authorizer, no Lambda; the contract routes require IAM', () => {
    const { json } = build({ clientJwt: undefined });
    expect(all(json, 'aws_api_gateway_authorizer')).toEqual([]);
    expect(all(json, 'aws_lambda_function')).toEqual([]);
    const byRoute = routes(json);
    expect(byRoute['POST /v1/chat/completions'].authorization).toBe('AWS_IAM');
    expect(byRoute['GET /v1/models'].authorization).toBe('AWS_IAM');
  });

  test('another model name is the one the schema and the list carry', () => {
    const { json } = build({ clientModel: 'llama-3.1-8b' });
    expect(JSON.parse(one(json, 'aws_api_gateway_model').schema).properties.model.enum).toEqual(['llama-3.1-8b']);
    expect(one(json, 'aws_api_gateway_integration_response', (r) => r.http_method.includes('models-method')).response_templates['application/json']).toContain('"id":"llama-3.1-8b"');
  });
});

describe('TGI images get the Messages API switch', () => {
  test.each([
    ['763104351884.dkr.ecr.eu-central-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0', { MESSAGES_API_ENABLED: 'true' }],
    ['123456789012.dkr.ecr.eu-central-1.amazonaws.com/tgi:3.0.1', { MESSAGES_API_ENABLED: 'true' }],
    ['123456789012.dkr.ecr.eu-central-1.amazonaws.com/vllm:0.8.5', {}],
    ['123456789012.dkr.ecr.eu-central-1.amazonaws.com/stgi-model:1', {}],
  ])('%s', (image, want) => {
    expect(withMessagesApi(image, {})).toEqual(want);
  });
  test('an explicit setting is kept', () => {
    expect(withMessagesApi('123456789012.dkr.ecr.eu-central-1.amazonaws.com/tgi:3.0.1', { MESSAGES_API_ENABLED: 'false' })).toEqual({ MESSAGES_API_ENABLED: 'false' });
  });
});
