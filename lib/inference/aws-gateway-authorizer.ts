/**
 * The jurisdiction's client credential on the AWS gateway: a Lambda TOKEN authorizer that accepts
 * only a JWT of the jurisdiction's OIDC issuer (policy `clients.issuer`/`clients.audience`); the
 * handler is plain JS in ./authorizer (no npm dependencies), packaged with a TerraformAsset (ARCHIVE).
 *
 * Sources:
 * - TOKEN authorizer, `identity_source = "method.request.header.Authorization"`, the identity
 *   validation expression checked before the Lambda is called (no match → 401 without invocation),
 *   result cache TTL 0–3600 s (default 300): API Gateway developer guide, "Use API Gateway Lambda
 *   authorizers" / "Configure a Lambda authorizer"; provider docs `aws_api_gateway_authorizer`.
 * - API Gateway calls the function as `apigateway.amazonaws.com`, which needs a Lambda permission
 *   whose source ARN is `arn:aws:execute-api:<region>:<account>:<api-id>/authorizers/<authorizer-id>`
 *   (API Gateway developer guide, https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html;
 *   the same form for REST API authorizers); `aws_api_gateway_rest_api.execution_arn` is its prefix.
 * - Node.js 22 runtime identifier `nodejs22.x`: Lambda developer guide, "Lambda runtimes".
 * - `logging_config.log_group`: a function writes to the named group (Lambda developer guide,
 *   "Configuring CloudWatch log groups"), so it is the KMS-encrypted one created here.
 */
import { ApiGatewayAuthorizer } from '@cdktn/provider-aws/lib/api-gateway-authorizer';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktn/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktn/provider-aws/lib/lambda-permission';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { AssetType, TerraformAsset } from 'cdktn';
import { Construct } from 'constructs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertIntegerInRange, assertNoWildcardActions, policyJson } from './aws-common';
import { encryptedLogGroup } from './aws-logs';

/** The client JWT a gateway accepts (policy `clients.issuer`/`clients.audience`). */
export interface ClientJwt {
  /** `https://…` OIDC issuer; its `/.well-known/openid-configuration` names the JWKS. */
  readonly issuer: string;
  /** The `aud` a client token must carry. */
  readonly audience: string;
}

export interface JwtAuthorizerProps {
  /** Provider of the gateway's region: the function runs where the gateway is. */
  readonly provider: AwsProvider;
  readonly restApiId: string;
  /** `aws_api_gateway_rest_api.execution_arn`. */
  readonly restApiExecutionArn: string;
  /** Resource name prefix, `<jurisdiction>-<region>`. */
  readonly namePrefix: string;
  readonly jwt: ClientJwt;
  /** KMS key of the region for the function's log group. */
  readonly kmsKeyArn: string;
  /** Already validated with assertLogRetention. */
  readonly logRetentionInDays: number;
  /**
   * How long API Gateway caches an allowed (or refused) token: a revoked or expired token keeps its
   * decision at most this long. 0–3600.
   * @default 300
   */
  readonly resultTtlInSeconds?: number;
  /** Clock skew allowed on `exp` and `nbf`. 0–300. @default 60 */
  readonly leewaySeconds?: number;
}

/** Where the handler's source is, from lib/inference (ts-jest) or dist/lib/inference (the transpiled app). */
export function authorizerCodeDir(): string {
  const candidates = [join(__dirname, 'authorizer'), join(__dirname, '..', '..', '..', 'lib', 'inference', 'authorizer')];
  const found = candidates.find((c) => existsSync(join(c, 'index.js')));
  if (!found) throw new Error(`the JWT authorizer code is missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** Clock skew the authorizer allows on `exp` and `nbf` unless `leewaySeconds` says otherwise. */
export const DEFAULT_JWT_LEEWAY_SECONDS = 60;

/** A bearer JWT: three base64url parts (the signature may be empty; the handler refuses `alg: none`). */
export const BEARER_JWT_PATTERN = '^Bearer [-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]*$';

export class JwtAuthorizer extends Construct {
  /** The `aws_api_gateway_authorizer` id, for `authorizer_id` of every method but `/health`. */
  public readonly authorizerId: string;
  public readonly functionName: string;
  public readonly logGroupName: string;
  /** What a redeployment must notice when it changes. */
  public readonly fingerprint: unknown;

  constructor(scope: Construct, id: string, props: JwtAuthorizerProps) {
    super(scope, id);
    const path = this.node.path;
    const { provider } = props;
    const ttl = props.resultTtlInSeconds ?? 300;
    assertIntegerInRange(path, 'resultTtlInSeconds', ttl, 0, 3600);
    const leeway = props.leewaySeconds ?? DEFAULT_JWT_LEEWAY_SECONDS;
    assertIntegerInRange(path, 'leewaySeconds', leeway, 0, 300);
    if (!/^https:\/\//.test(props.jwt.issuer)) throw new Error(`${path}: the client JWT issuer "${props.jwt.issuer}" must be an https URL`);
    const functionName = `${props.namePrefix}-client-jwt`;

    const logs = encryptedLogGroup(this, 'logs', { provider, name: `/aws/lambda/${functionName}`, kmsKeyArn: props.kmsKeyArn, retentionInDays: props.logRetentionInDays });
    const role = new IamRole(this, 'role', {
      provider,
      name: `${functionName}-authorizer`,
      description: `JWT authorizer of the ${props.namePrefix} inference gateway: writes its own log group, nothing else`,
      assumeRolePolicy: policyJson([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    });
    // Least privilege: write to its one log group (created above, so no logs:CreateLogGroup); no VPC, no other service.
    const policy = policyJson([{ Sid: 'WriteOwnLogs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: [`${logs.arn}:*`] }]);
    assertNoWildcardActions(path, 'the authorizer role policy', policy);
    const rolePolicy = new IamRolePolicy(this, 'policy', { provider, role: role.id, name: 'write-own-log-group', policy });

    const code = new TerraformAsset(this, 'code', { path: authorizerCodeDir(), type: AssetType.ARCHIVE });
    const fn = new LambdaFunction(this, 'function', {
      provider,
      functionName,
      description: `Checks client JWTs of ${props.jwt.issuer} for audience ${props.jwt.audience}`,
      role: role.arn,
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: code.assetHash,
      memorySize: 128,
      timeout: 10, // discovery and JWKS fetches are bounded at 3 s each; keys are cached between invocations
      environment: { variables: { ISSUER: props.jwt.issuer, AUDIENCE: props.jwt.audience, LEEWAY_SECONDS: String(leeway) } },
      loggingConfig: { logFormat: 'JSON', logGroup: logs.name, applicationLogLevel: 'INFO', systemLogLevel: 'WARN' },
      dependsOn: [rolePolicy, logs],
    });
    const authorizer = new ApiGatewayAuthorizer(this, 'authorizer', {
      provider,
      restApiId: props.restApiId,
      name: 'client-jwt',
      type: 'TOKEN',
      authorizerUri: fn.invokeArn,
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: BEARER_JWT_PATTERN,
      authorizerResultTtlInSeconds: ttl,
    });
    new LambdaPermission(this, 'invoke-permission', {
      provider,
      statementId: 'api-gateway-authorizer',
      action: 'lambda:InvokeFunction',
      functionName: fn.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${props.restApiExecutionArn}/authorizers/${authorizer.id}`,
    });
    this.authorizerId = authorizer.id;
    this.functionName = functionName;
    this.logGroupName = logs.name;
    this.fingerprint = { issuer: props.jwt.issuer, audience: props.jwt.audience, ttl, pattern: BEARER_JWT_PATTERN };
  }
}
