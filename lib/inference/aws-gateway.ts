import { ApiGatewayDeployment } from '@cdktn/provider-aws/lib/api-gateway-deployment';
import { ApiGatewayMethodSettings } from '@cdktn/provider-aws/lib/api-gateway-method-settings';
import { ApiGatewayResource } from '@cdktn/provider-aws/lib/api-gateway-resource';
import { ApiGatewayRestApi } from '@cdktn/provider-aws/lib/api-gateway-rest-api';
import { ApiGatewayStage } from '@cdktn/provider-aws/lib/api-gateway-stage';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import type { ITerraformDependable } from 'cdktn';
import { Construct } from 'constructs';
import { regionalGatewayHostname, type Jurisdiction, type Region } from '../catalog';
import { assertIntegerInRange, assertNoWildcardActions, assertProviderRegion, assertRegionInJurisdiction, policyJson, settingsHash } from './aws-common';
import { ApiGatewayAccountLogging } from './aws-gateway-account';
import { GatewayDomains, type DomainTarget, type ServiceHostname } from './aws-gateway-domain';
import { JwtAuthorizer, type ClientJwt } from './aws-gateway-authorizer';
import { chatRoute, DEFAULT_INTEGRATION_TIMEOUT_MS, gatewayResponses, MAX_REGIONAL_INTEGRATION_TIMEOUT_MS, modelsRoute } from './aws-gateway-openai';
import { healthRoute, type HealthProbe, type RouteAuth } from './aws-gateway-routes';
import { assertLogRetention, DEFAULT_LOG_RETENTION_DAYS, encryptedLogGroup, minimumLogRetentionDays } from './aws-logs';

export type { HealthProbe } from './aws-gateway-routes';
export type { ClientJwt } from './aws-gateway-authorizer';
export type { DomainTarget, ServiceHostname } from './aws-gateway-domain';

export interface RegionalInferenceGatewayProps {
  /** The AWS provider of `region`; every regional resource is created through it. */
  readonly provider: AwsProvider;
  /** An AWS region whose country is in the jurisdiction. */
  readonly region: Region;
  readonly jurisdiction: Jurisdiction;
  /** Public DNS domain of the policy (`ai.example.com`); the gateway serves `<region>.<jurisdiction>.<domain>`. */
  readonly domain: string;
  /** Route 53 public hosted zone of `<jurisdiction>.<domain>`: the gateway's records and ACM validation records go there. */
  readonly hostedZoneId: string;
  /**
   * Provider for the Route 53 records (a global service; AWS European Sovereign Cloud has no public Route 53).
   * @default - provider
   */
  readonly dnsProvider?: AwsProvider;
  /**
   * Names clients use, which DNS moves between the jurisdiction's regions (a CNAME does not change
   * the name TLS is asked for): every region's gateway serves each with its own certificate. Add
   * the global name (`api.<domain>`) with the parent zone as its validationZoneId where clients use it.
   * @default - [{ hostname: "api.<jurisdiction>.<domain>" }] (the DNS constructs' default service name), validated in hostedZoneId
   */
  readonly serviceHostnames?: readonly ServiceHostname[];
  /** Name of the SageMaker endpoint of `region` that `POST /v1/chat/completions` forwards to. */
  readonly sagemakerEndpointName: string;
  /** Its ARN: the only resource the integration role may invoke. */
  readonly sagemakerEndpointArn: string;
  /** KMS key of `region` for the access and execution log groups (its policy must admit CloudWatch Logs). */
  readonly kmsKeyArn: string;
  /** @default 365 */
  readonly logRetentionInDays?: number;
  /** @default - the jurisdiction's legal minimum (180 where India is in it, per CERT-In), else 1 */
  readonly minimumLogRetentionInDays?: number;
  /** Steady-state requests per second for the whole stage. @default 50 */
  readonly throttlingRateLimit?: number;
  /** @default 100 */
  readonly throttlingBurstLimit?: number;
  /**
   * A small request `GET /health` sends to the model (InvokeEndpoint), so health checks fail over
   * when the model does not answer, not only when the gateway is down. Body: no `$` or `#` (VTL).
   * @default - `/health` is a mock integration answering 200 while the gateway (DNS, certificate, API) is up
   */
  readonly healthProbe?: HealthProbe;
  /**
   * Integration timeout of `POST /v1/chat/completions` (and of the health probe), 50–300000 ms. Above
   * 29000 the account needs the Service Quotas increase "Maximum integration timeout in milliseconds"
   * for API Gateway in this region (Regional REST APIs allow up to 300000; the increase may lower the
   * account's throttle quota), or the apply is refused.
   * @default 29000 (API Gateway's limit without a quota increase)
   */
  readonly integrationTimeoutMilliseconds?: number;
  /**
   * The model name clients send and `GET /v1/models` lists (policy `clients.model`).
   * @default "chat"
   */
  readonly clientModel?: string;
  /**
   * The jurisdiction's client JWT (policy `clients.issuer`/`audience`): every route but `/health`
   * then requires `Authorization: Bearer <JWT>`, checked by a Lambda authorizer in this region.
   * @default - IAM authorization (SigV4 of this account's principals allowed `invokeExecuteApiArn`)
   */
  readonly clientJwt?: ClientJwt;
  /**
   * How long API Gateway caches the authorizer's decision for a token (0–3600 s): the longest a
   * revoked or just-expired token is still accepted. Only with clientJwt.
   * @default 300
   */
  readonly authorizerResultTtlInSeconds?: number;
  /** @default "v1" */
  readonly stageName?: string;
  /** X-Ray tracing of the stage (traces stay in the region). @default true */
  readonly tracingEnabled?: boolean;
  /**
   * Set the region's account-wide API Gateway CloudWatch Logs role here (an `ApiGatewayAccountLogging`,
   * one per account and region), without which a stage with logging is refused. Set false where it is
   * managed once for the account and region elsewhere (the jurisdiction's base stack does that): two
   * gateways of one account and region must not both manage it.
   * @default true
   */
  readonly manageAccountCloudWatchRole?: boolean;
  /**
   * ARN of a validated ACM certificate of `region` for gatewayHostname and every service hostname
   * (a `GatewayCertificate` deployed in an earlier phase, so this apply never waits on DNS validation).
   * @default - a certificate is created and DNS-validated with the gateway (hostedZoneId must already be delegated)
   */
  readonly certificateArn?: string;
}

/** The gateway's own name, `<region>.<id>.<domain>` (lib/catalog: one rule for both clouds and the policy). */
export { regionalGatewayHostname };

/** Health checks need no more than a few requests per second; the limit bounds unauthenticated load. */
const HEALTH_RATE_LIMIT = 5;
const HEALTH_BURST_LIMIT = 10;

/**
 * An API Gateway REST API (regional endpoint type) in front of the region's SageMaker endpoint.
 *
 * Why REST: only REST APIs have AWS-service integrations that call SageMaker Runtime
 * `InvokeEndpoint` with SigV4 credentials of an IAM role (HTTP APIs have no SageMaker integration;
 * an ALB would need compute in between). Why a gateway at all: DNS failover can only move clients
 * between endpoints that answer for the same name with a valid certificate, which SageMaker's own
 * hostnames cannot.
 *
 * Routes (the client contract, aws-gateway-openai.ts): `POST /v1/chat/completions` (OpenAI chat
 * completions, validated, forwarded to InvokeEndpoint; no streaming) and `GET /v1/models` (the one
 * model name). With clientJwt both require the jurisdiction's JWT (a Lambda TOKEN authorizer in this
 * region); without it they require IAM authorization (SigV4 from callers allowed `execute-api:Invoke`
 * on `invokeExecuteApiArn`; principals of other accounts are refused, as the API has no resource
 * policy). `GET /health` is unauthenticated because Route 53 health checkers cannot sign; it is
 * throttled to a few requests per second. The default `execute-api` hostname is disabled, so the
 * TLS 1.2 custom domains are the only way in. Access logs (JSON, no bodies) go to a KMS-encrypted
 * log group; execution logging is ERROR level and never logs payloads.
 */
export class RegionalInferenceGateway extends Construct {
  /** `<region>.<jurisdiction>.<domain>`: the failover chain's endpoint host name and health-check host. */
  public readonly gatewayHostname: string;
  /** The service host names this gateway also answers for. */
  public readonly serviceHostnames: readonly string[];
  /** `https://<gatewayHostname>/health` */
  public readonly healthUrl: string;
  /** `https://<gatewayHostname>/v1/chat/completions` */
  public readonly chatCompletionsUrl: string;
  /** `https://<gatewayHostname>/v1/models` */
  public readonly modelsUrl: string;
  /** The JWT authorizer, when clientJwt is set. */
  public readonly authorizer?: JwtAuthorizer;
  /** API Gateway target of the first service hostname in this region (Route 53 alias or CNAME target). */
  public readonly regionalDomainName: string;
  public readonly regionalZoneId: string;
  /** API Gateway target of every service hostname. */
  public readonly serviceTargets: Readonly<Record<string, DomainTarget>>;
  /** API Gateway target of gatewayHostname (its A alias record is created here). */
  public readonly gatewayTarget: DomainTarget;
  public readonly restApiId: string;
  public readonly stageName: string;
  /** Resource for callers' `execute-api:Invoke` permission (IAM mode): every method under `/v1/`. */
  public readonly invokeExecuteApiArn: string;
  public readonly accessLogGroupName: string;

  constructor(scope: Construct, id: string, props: RegionalInferenceGatewayProps) {
    super(scope, id);
    const path = this.node.path;
    const { provider, region, jurisdiction: j } = props;
    assertRegionInJurisdiction(path, 'inference gateway', region, j);
    assertProviderRegion(path, provider, region);
    const retention = props.logRetentionInDays ?? DEFAULT_LOG_RETENTION_DAYS;
    assertLogRetention(path, retention, props.minimumLogRetentionInDays ?? minimumLogRetentionDays(j), j);
    const rate = props.throttlingRateLimit ?? 50;
    const burst = props.throttlingBurstLimit ?? 100;
    assertIntegerInRange(path, 'throttlingRateLimit', rate, 1, 10000);
    assertIntegerInRange(path, 'throttlingBurstLimit', burst, 1, 5000);
    const timeout = props.integrationTimeoutMilliseconds ?? DEFAULT_INTEGRATION_TIMEOUT_MS;
    assertIntegerInRange(path, 'integrationTimeoutMilliseconds', timeout, 50, MAX_REGIONAL_INTEGRATION_TIMEOUT_MS);
    const clientModel = props.clientModel ?? 'chat';
    if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(clientModel)) throw new Error(`${path}: clientModel "${clientModel}" must be 1-63 lower-case letters, digits, dots, hyphens and underscores`);
    const stageName = props.stageName ?? 'v1';
    if (!/^[a-zA-Z0-9_-]{1,128}$/.test(stageName)) throw new Error(`${path}: stageName "${stageName}" may hold only letters, digits, - and _`);
    const names = `${j.id}-${region.code}`;
    this.gatewayHostname = regionalGatewayHostname(region.code, j.id, props.domain);
    const serviceHostnames = props.serviceHostnames ?? [{ hostname: `api.${j.id}.${props.domain}` }];
    this.serviceHostnames = serviceHostnames.map((s) => s.hostname);

    const api = new ApiGatewayRestApi(this, 'api', {
      provider,
      name: `${names}-inference`,
      description: `Inference gateway of jurisdiction ${j.id} in ${region.code}, forwarding to SageMaker endpoint ${props.sagemakerEndpointName}`,
      endpointConfiguration: { types: ['REGIONAL'] },
      disableExecuteApiEndpoint: true,
    });

    const invokeRole = new IamRole(this, 'integration-role', {
      provider,
      name: `${names}-gateway-invoke`,
      description: `API Gateway of ${j.id} in ${region.code} invokes SageMaker endpoint ${props.sagemakerEndpointName}`,
      // apigateway.amazonaws.com sets no documented aws:SourceArn for integration credentials; the
      // role can only be passed (iam:PassRole) by principals of this account.
      assumeRolePolicy: policyJson([{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    });
    const invokePolicy = policyJson([{ Sid: 'InvokeOneEndpoint', Effect: 'Allow', Action: ['sagemaker:InvokeEndpoint'], Resource: [props.sagemakerEndpointArn] }]);
    assertNoWildcardActions(path, 'the integration role policy', invokePolicy);
    new IamRolePolicy(this, 'integration-policy', { provider, role: invokeRole.id, name: 'invoke-sagemaker-endpoint', policy: invokePolicy });

    const uri = `arn:${region.partition}:apigateway:${region.code}:runtime.sagemaker:path//endpoints/${props.sagemakerEndpointName}/invocations`;
    const resource = (key: string, part: string, parentId: string = api.rootResourceId) => new ApiGatewayResource(this, `${key}-resource`, { provider, restApiId: api.id, parentId, pathPart: part });
    if (props.authorizerResultTtlInSeconds !== undefined && !props.clientJwt) throw new Error(`${path}: authorizerResultTtlInSeconds needs clientJwt`);
    this.authorizer = props.clientJwt
      ? new JwtAuthorizer(this, 'client-jwt', {
          provider,
          restApiId: api.id,
          restApiExecutionArn: api.executionArn,
          namePrefix: names,
          jwt: props.clientJwt,
          kmsKeyArn: props.kmsKeyArn,
          logRetentionInDays: retention,
          resultTtlInSeconds: props.authorizerResultTtlInSeconds,
        })
      : undefined;
    const auth: RouteAuth = this.authorizer ? { authorization: 'CUSTOM', authorizerId: this.authorizer.authorizerId } : { authorization: 'AWS_IAM' };
    const route = { scope: this, provider, restApiId: api.id, uri, credentials: invokeRole.arn, timeoutMilliseconds: timeout, auth };
    const v1 = resource('v1', 'v1');
    const chat = resource('v1-chat', 'chat', v1.id);
    const chatRoute_ = chatRoute({ ...route, resourceId: resource('v1-chat-completions', 'completions', chat.id).id, model: clientModel });
    const models = modelsRoute({ scope: this, provider, restApiId: api.id, resourceId: resource('v1-models', 'models', v1.id).id, auth, model: clientModel, jurisdictionId: j.id });
    const errors = gatewayResponses(this, provider, api.id, clientModel);
    const health = healthRoute({ ...route, auth: undefined, resourceId: resource('health', 'health').id, regionCode: region.code, probe: props.healthProbe, path });

    const accessLogs = encryptedLogGroup(this, 'access-logs', { provider, name: `/aws/apigateway/${names}-inference/access`, kmsKeyArn: props.kmsKeyArn, retentionInDays: retention });
    const executionLogName = `API-Gateway-Execution-Logs_${api.id}/${stageName}`;
    const executionLogs = encryptedLogGroup(this, 'execution-logs', { provider, name: executionLogName, kmsKeyArn: props.kmsKeyArn, retentionInDays: retention });
    const stageDeps: ITerraformDependable[] = [accessLogs, executionLogs];
    if (props.manageAccountCloudWatchRole ?? true) {
      stageDeps.push(new ApiGatewayAccountLogging(this, 'account-logging', { provider, region, roleName: `${names}-apigw-logs` }).account);
    }

    const deployment = new ApiGatewayDeployment(this, 'deployment', {
      provider,
      restApiId: api.id,
      description: 'Redeployed when a route changes (the trigger is a hash of the routes)',
      triggers: { redeployment: settingsHash([chatRoute_.fingerprint, models.fingerprint, health.fingerprint, this.authorizer?.fingerprint ?? 'iam', clientModel]) },
      dependsOn: [...chatRoute_.resources, ...models.resources, ...health.resources, ...errors],
      lifecycle: { createBeforeDestroy: true },
    });
    const stage = new ApiGatewayStage(this, 'stage', {
      provider,
      restApiId: api.id,
      deploymentId: deployment.id,
      stageName,
      xrayTracingEnabled: props.tracingEnabled ?? true,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      dependsOn: stageDeps,
    });
    const settings = (key: string, methodPath: string, rateLimit: number, burstLimit: number) =>
      new ApiGatewayMethodSettings(this, key, {
        provider,
        restApiId: api.id,
        stageName: stage.stageName,
        methodPath,
        settings: { metricsEnabled: true, loggingLevel: 'ERROR', dataTraceEnabled: false, throttlingRateLimit: rateLimit, throttlingBurstLimit: burstLimit },
      });
    settings('settings-all-methods', '*/*', rate, burst);
    settings('settings-health', 'health/GET', Math.min(HEALTH_RATE_LIMIT, rate), Math.min(HEALTH_BURST_LIMIT, burst));

    const domains = new GatewayDomains(this, 'domains', {
      provider,
      dnsProvider: props.dnsProvider ?? provider,
      hostedZoneId: props.hostedZoneId,
      regionalHostname: this.gatewayHostname,
      serviceHostnames,
      restApiId: api.id,
      stageName: stage.stageName,
      certificateArn: props.certificateArn,
    });

    this.healthUrl = `https://${this.gatewayHostname}/health`;
    this.chatCompletionsUrl = `https://${this.gatewayHostname}/v1/chat/completions`;
    this.modelsUrl = `https://${this.gatewayHostname}/v1/models`;
    this.serviceTargets = domains.services;
    this.regionalDomainName = domains.services[this.serviceHostnames[0]].regionalDomainName;
    this.regionalZoneId = domains.services[this.serviceHostnames[0]].regionalZoneId;
    this.gatewayTarget = domains.regional;
    this.restApiId = api.id;
    this.stageName = stage.stageName;
    this.invokeExecuteApiArn = `${api.executionArn}/${stageName}/*/v1/*`;
    this.accessLogGroupName = accessLogs.name;
  }
}

/** One JSON line per request: who, from where, what, outcome; never bodies or headers with credentials. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTime: '$context.requestTime',
  sourceIp: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  domainName: '$context.domainName',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  responseLatency: '$context.responseLatency',
  errorMessage: '$context.error.message',
});
