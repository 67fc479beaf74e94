/**
 * `GET /health` of the regional inference gateway, and what every route shares (the OpenAI-compatible
 * routes are in aws-gateway-openai.ts). Integration facts:
 * - SageMaker Runtime from API Gateway: AWS integration, `integration_http_method = "POST"`, URI
 *   `arn:<partition>:apigateway:<region>:runtime.sagemaker:path//endpoints/<name>/invocations`,
 *   credentials = an IAM role allowed `sagemaker:InvokeEndpoint` (widely used form; the double
 *   slash is part of it).
 * - For AWS (non-proxy) integrations, `selection_pattern` is a regular expression matched against
 *   the back end's HTTP status code; the response without a pattern is the default (200).
 * - Mapping templates are Velocity (VTL): `$` and `#` start VTL syntax.
 */
import { ApiGatewayIntegration } from '@cdktn/provider-aws/lib/api-gateway-integration';
import { ApiGatewayIntegrationResponse } from '@cdktn/provider-aws/lib/api-gateway-integration-response';
import { ApiGatewayMethod } from '@cdktn/provider-aws/lib/api-gateway-method';
import { ApiGatewayMethodResponse } from '@cdktn/provider-aws/lib/api-gateway-method-response';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import type { TerraformResource } from 'cdktn';
import type { Construct } from 'constructs';

/** What `GET /health` sends to the model, and as what content type. */
export interface HealthProbe {
  /** `application/json` */
  readonly contentType: string;
  /** A request the container answers quickly and cheaply: `{"inputs":"ping","parameters":{"max_new_tokens":1}}`. */
  readonly body: string;
}

/** `AWS_IAM`, or `CUSTOM` with the JWT authorizer's id. */
export type RouteAuth = { readonly authorization: 'AWS_IAM' } | { readonly authorization: 'CUSTOM'; readonly authorizerId: string };

export interface RouteInput {
  readonly scope: Construct;
  readonly provider: AwsProvider;
  readonly restApiId: string;
  readonly resourceId: string;
  /** SageMaker Runtime integration URI. */
  readonly uri: string;
  /** Integration role ARN. */
  readonly credentials: string;
  /** How clients authenticate on this route: IAM (SigV4) or the jurisdiction's JWT authorizer. */
  readonly auth?: RouteAuth;
  readonly timeoutMilliseconds: number;
}

/** The route's resources, and what a redeployment must notice when it changes. */
export interface Route {
  readonly resources: readonly TerraformResource[];
  readonly fingerprint: unknown;
}

export interface Response {
  readonly statusCode: string;
  /** @default - the default response (no pattern) */
  readonly selectionPattern?: string;
  /** @default - the back end's body passes through */
  readonly template?: string;
}

export function responses(input: RouteInput, key: string, method: ApiGatewayMethod, integration: ApiGatewayIntegration, list: readonly Response[]): TerraformResource[] {
  const out: TerraformResource[] = [];
  for (const r of list) {
    const methodResponse = new ApiGatewayMethodResponse(input.scope, `${key}-${r.statusCode}`, {
      provider: input.provider,
      restApiId: input.restApiId,
      resourceId: input.resourceId,
      httpMethod: method.httpMethod,
      statusCode: r.statusCode,
    });
    out.push(
      methodResponse,
      new ApiGatewayIntegrationResponse(input.scope, `${key}-${r.statusCode}-integration`, {
        provider: input.provider,
        restApiId: input.restApiId,
        resourceId: input.resourceId,
        httpMethod: method.httpMethod,
        statusCode: methodResponse.statusCode,
        selectionPattern: r.selectionPattern,
        responseTemplates: r.template === undefined ? undefined : { 'application/json': r.template },
        dependsOn: [integration],
      }),
    );
  }
  return out;
}

export interface HealthRouteInput extends RouteInput {
  readonly regionCode: string;
  /** @default - a mock integration answering 200 */
  readonly probe?: HealthProbe;
  /** Construct path, for error messages. */
  readonly path: string;
}

/**
 * `GET /health`, unauthenticated (Route 53 health checkers cannot sign requests). With a probe,
 * the model answers a fixed request and any error becomes 503; the body returned is always the
 * fixed status document, never the model's output. Without a probe, a mock integration answers 200.
 */
export function healthRoute(input: HealthRouteInput): Route {
  const ok = JSON.stringify({ status: 'ok', region: input.regionCode });
  const method = new ApiGatewayMethod(input.scope, 'health-method', {
    provider: input.provider,
    restApiId: input.restApiId,
    resourceId: input.resourceId,
    httpMethod: 'GET',
    authorization: 'NONE',
  });
  const probe = input.probe;
  if (probe) {
    if (/[$#]/.test(probe.body)) throw new Error(`${input.path}: healthProbe.body must not contain $ or # (they are Velocity template syntax)`);
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(probe.contentType)) throw new Error(`${input.path}: healthProbe.contentType "${probe.contentType}" is not a media type`);
  }
  const common = { provider: input.provider, restApiId: input.restApiId, resourceId: input.resourceId, httpMethod: method.httpMethod };
  const integration = probe
    ? new ApiGatewayIntegration(input.scope, 'health-integration', {
        ...common,
        type: 'AWS',
        integrationHttpMethod: 'POST',
        uri: input.uri,
        credentials: input.credentials,
        passthroughBehavior: 'NEVER',
        requestParameters: { 'integration.request.header.Content-Type': `'${probe.contentType}'` },
        // A GET has no content type; API Gateway then selects the application/json template.
        requestTemplates: { 'application/json': probe.body },
        timeoutMilliseconds: input.timeoutMilliseconds,
      })
    : new ApiGatewayIntegration(input.scope, 'health-integration', {
        ...common,
        type: 'MOCK',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
      });
  const list: Response[] = probe
    ? [
        { statusCode: '200', template: ok },
        { statusCode: '503', selectionPattern: '[45]\\d{2}', template: JSON.stringify({ status: 'unavailable', region: input.regionCode }) },
      ]
    : [{ statusCode: '200', template: ok }];
  return {
    resources: [method, integration, ...responses(input, 'health-response', method, integration, list)],
    fingerprint: { auth: 'NONE', probe: probe ?? 'mock', uri: probe ? input.uri : 'mock', responses: list },
  };
}
