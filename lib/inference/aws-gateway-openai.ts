/**
 * The client contract on the AWS gateway: OpenAI-compatible `POST /v1/chat/completions` (forwarded to
 * SageMaker InvokeEndpoint, body unchanged) and `GET /v1/models` (a MOCK integration listing the
 * policy's one model name), with a request model that admits only that name and no streaming.
 *
 * Sources:
 * - The TGI container answers the OpenAI Messages API on SageMaker's `/invocations`: its router
 *   deserialises the body untagged as a generate, chat or completion request
 *   (huggingface/text-generation-inference router/src/sagemaker.rs, `SagemakerRequest`), and the TGI
 *   HTTP API reference ("Amazon SageMaker natively supports the message API",
 *   https://huggingface.co/docs/text-generation-inference/reference/api_reference). Older TGI routers
 *   send `/invocations` to chat only with `MESSAGES_API_ENABLED=true` (router/src/server.rs), which
 *   SovereignSageMakerEndpoint sets for TGI images.
 * - Streaming: API Gateway streams a response only for `HTTP_PROXY` and `AWS_PROXY` integrations
 *   (https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html,
 *   "Considerations"); this route is an `AWS` (non-proxy) integration to InvokeEndpoint, which
 *   buffers, so `stream: true` is refused by the request model with 400 instead of hanging or
 *   returning a body a streaming client cannot parse.
 * - Request validation: models are JSON Schema draft 4; a body that fails its model gets the
 *   `BAD_REQUEST_BODY` gateway response, 400 (API Gateway developer guide, "Request validation for
 *   REST APIs" and "Gateway response types").
 * - Integration timeout: 50–29000 ms by default; for Regional and private REST APIs a Service Quotas
 *   increase raises it up to 300000 ms, possibly lowering the account's throttle quota
 *   (https://aws.amazon.com/about-aws/whats-new/2024/06/amazon-api-gateway-integration-timeout-limit-29-seconds/,
 *   API Gateway quotas "Maximum integration timeout in milliseconds").
 */
import { ApiGatewayGatewayResponse } from '@cdktn/provider-aws/lib/api-gateway-gateway-response';
import { ApiGatewayIntegration } from '@cdktn/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktn/provider-aws/lib/api-gateway-method';
import { ApiGatewayModel } from '@cdktn/provider-aws/lib/api-gateway-model';
import { ApiGatewayRequestValidator } from '@cdktn/provider-aws/lib/api-gateway-request-validator';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import type { TerraformResource } from 'cdktn';
import type { Construct } from 'constructs';
import { responses, type Response, type Route, type RouteAuth, type RouteInput } from './aws-gateway-routes';

/** Integration timeout without a quota increase (ms). */
export const DEFAULT_INTEGRATION_TIMEOUT_MS = 29000;
/** The most a Regional REST API allows after a Service Quotas increase (ms). */
export const MAX_REGIONAL_INTEGRATION_TIMEOUT_MS = 300000;

/** The request model `POST /v1/chat/completions` must match: the one model name, messages, no streaming. */
export function chatRequestSchema(model: string): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: 'ChatCompletionRequest',
    type: 'object',
    required: ['model', 'messages'],
    properties: {
      model: { type: 'string', enum: [model] },
      messages: {
        type: 'array',
        minItems: 1,
        items: { type: 'object', required: ['role'], properties: { role: { type: 'string' } } },
      },
      stream: { type: 'boolean', enum: [false] },
    },
  };
}

/** `GET /v1/models`: the OpenAI list with the policy's one model, owned by the jurisdiction. */
export function modelList(model: string, jurisdictionId: string): string {
  return JSON.stringify({ object: 'list', data: [{ id: model, object: 'model', owned_by: jurisdictionId }] });
}

/** An OpenAI-shaped error body (`{"error":{"message","type","code"}}`), which OpenAI clients surface. */
export function openAiError(message: string, type: string, code: string): string {
  return JSON.stringify({ error: { message, type, code } });
}

/** The model's failures in the OpenAI error shape: throttling stays 429, other client errors 400, back-end failures 502. */
export const CHAT_RESPONSES: readonly Response[] = [
  { statusCode: '200' },
  { statusCode: '429', selectionPattern: '429', template: openAiError('The model is busy; retry later', 'rate_limit_error', 'model_busy') },
  { statusCode: '400', selectionPattern: '4(?:[0-1]\\d|2[0-8]|[3-9]\\d)', template: openAiError('The model refused the request', 'invalid_request_error', 'model_error') },
  { statusCode: '502', selectionPattern: '5\\d{2}', template: openAiError('The model did not answer', 'api_error', 'model_unavailable') },
];

function authArgs(auth: RouteAuth | undefined) {
  const a = auth ?? { authorization: 'AWS_IAM' as const };
  return a.authorization === 'CUSTOM' ? { authorization: 'CUSTOM', authorizerId: a.authorizerId } : { authorization: 'AWS_IAM' };
}

export interface ChatRouteInput extends RouteInput {
  /** The policy's model name (`clients.model`). */
  readonly model: string;
}

/** `POST /v1/chat/completions`: validated against the request model, body forwarded unchanged to InvokeEndpoint. */
export function chatRoute(input: ChatRouteInput): Route {
  const { scope, provider, restApiId } = input;
  const schema = chatRequestSchema(input.model);
  const model = new ApiGatewayModel(scope, 'chat-request-model', {
    provider,
    restApiId,
    name: 'ChatCompletionRequest',
    description: `OpenAI chat completion request for model "${input.model}" (stream false or absent)`,
    contentType: 'application/json',
    schema: JSON.stringify(schema),
  });
  const validator = new ApiGatewayRequestValidator(scope, 'chat-validator', { provider, restApiId, name: 'body', validateRequestBody: true, validateRequestParameters: false });
  const method = new ApiGatewayMethod(scope, 'chat-method', {
    provider,
    restApiId,
    resourceId: input.resourceId,
    httpMethod: 'POST',
    ...authArgs(input.auth),
    requestValidatorId: validator.id,
    requestModels: { 'application/json': model.name },
  });
  const integration = new ApiGatewayIntegration(scope, 'chat-integration', {
    provider,
    restApiId,
    resourceId: input.resourceId,
    httpMethod: method.httpMethod,
    type: 'AWS',
    integrationHttpMethod: 'POST',
    uri: input.uri,
    credentials: input.credentials,
    // Only JSON reaches the model (another content type gets 415); the body is passed through unchanged.
    passthroughBehavior: 'NEVER',
    requestTemplates: { 'application/json': '$input.body' },
    requestParameters: { 'integration.request.header.Content-Type': "'application/json'", 'integration.request.header.Accept': "'application/json'" },
    timeoutMilliseconds: input.timeoutMilliseconds,
  });
  return {
    resources: [model, validator, method, integration, ...responses(input, 'chat-response', method, integration, CHAT_RESPONSES)],
    fingerprint: { auth: authArgs(input.auth), schema, uri: input.uri, credentials: input.credentials, timeout: input.timeoutMilliseconds, responses: CHAT_RESPONSES },
  };
}

export interface ModelsRouteInput extends Omit<RouteInput, 'uri' | 'credentials' | 'timeoutMilliseconds'> {
  readonly model: string;
  readonly jurisdictionId: string;
}

/** `GET /v1/models`: authenticated like chat; a MOCK integration answers the fixed list (the model is not called). */
export function modelsRoute(input: ModelsRouteInput): Route {
  const body = modelList(input.model, input.jurisdictionId);
  if (/[$#]/.test(body)) throw new Error(`model list ${body} must not contain $ or # (Velocity template syntax)`);
  const common = { provider: input.provider, restApiId: input.restApiId, resourceId: input.resourceId };
  const method = new ApiGatewayMethod(input.scope, 'models-method', { ...common, httpMethod: 'GET', ...authArgs(input.auth) });
  const integration = new ApiGatewayIntegration(input.scope, 'models-integration', {
    ...common,
    httpMethod: method.httpMethod,
    type: 'MOCK',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
  });
  const list: Response[] = [{ statusCode: '200', template: body }];
  return {
    resources: [method, integration, ...responses({ ...input, uri: 'mock', credentials: '', timeoutMilliseconds: 0 }, 'models-response', method, integration, list)],
    fingerprint: { auth: authArgs(input.auth), body },
  };
}

/**
 * Errors API Gateway itself answers, in the OpenAI error shape: a body that fails the request model
 * (400, with what is allowed), a missing or refused credential (401/403). `$context.error.messageString`
 * is already a quoted JSON string.
 */
export function gatewayResponses(scope: Construct, provider: AwsProvider, restApiId: string, model: string): TerraformResource[] {
  const allowed = `model must be "${model}", messages a non-empty array of objects with a role, and stream false or absent (this gateway does not stream)`;
  const respond = (key: string, responseType: string, statusCode: string, body: string, headers?: Record<string, string>) =>
    new ApiGatewayGatewayResponse(scope, key, { provider, restApiId, responseType, statusCode, responseTemplates: { 'application/json': body }, responseParameters: headers });
  return [
    respond('response-bad-body', 'BAD_REQUEST_BODY', '400', openAiError(`Invalid request body: ${allowed}`, 'invalid_request_error', 'invalid_request_body')),
    respond('response-unauthorized', 'UNAUTHORIZED', '401', openAiError("A bearer JWT of the jurisdiction's issuer is required", 'invalid_request_error', 'invalid_api_key'), {
      'gatewayresponse.header.WWW-Authenticate': "'Bearer'",
    }),
    respond('response-access-denied', 'ACCESS_DENIED', '403', '{"error":{"message":$context.error.messageString,"type":"invalid_request_error","code":"access_denied"}}'),
  ];
}
