/** Security rules on AWS resources: a violating and a compliant construct each, then finer cases. */
import { ApiGatewayDomainName } from '@cdktn/provider-aws/lib/api-gateway-domain-name';
import { ApiGatewayIntegration } from '@cdktn/provider-aws/lib/api-gateway-integration';
import { ApiGatewayMethod } from '@cdktn/provider-aws/lib/api-gateway-method';
import { ApiGatewayStage } from '@cdktn/provider-aws/lib/api-gateway-stage';
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { Route53HealthCheck } from '@cdktn/provider-aws/lib/route53-health-check';
import { Route53HostedZoneDnssec } from '@cdktn/provider-aws/lib/route53-hosted-zone-dnssec';
import { Route53KeySigningKey } from '@cdktn/provider-aws/lib/route53-key-signing-key';
import { Route53QueryLog } from '@cdktn/provider-aws/lib/route53-query-log';
import { Route53Zone } from '@cdktn/provider-aws/lib/route53-zone';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktn/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktn/provider-aws/lib/s3-bucket-logging';
import { S3BucketOwnershipControls } from '@cdktn/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktn/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktn/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktn/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { SagemakerEndpointConfiguration } from '@cdktn/provider-aws/lib/sagemaker-endpoint-configuration';
import { SagemakerModel } from '@cdktn/provider-aws/lib/sagemaker-model';
import { VpcEndpoint } from '@cdktn/provider-aws/lib/vpc-endpoint';
import { S3AccessLogging, S3Replication, SECURITY_RULES } from '../../lib/checks';
import { addressOf, describeRules, Fixture, IN } from './harness';

const ACCOUNT = '123456789012';
const AWS_RULES = SECURITY_RULES.filter((r) => r.appliesTo.some((t) => t.startsWith('aws_')));
const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

const SM_URI = 'arn:aws:apigateway:eu-central-1:runtime.sagemaker:path//endpoints/m/invocations';
/** An unauthenticated method and its integration; returns the method (what the rule judges). */
function anonymous(f: Fixture, integration: Partial<ConstructorParameters<typeof ApiGatewayIntegration>[2]>, authorization = 'NONE') {
  const method = new ApiGatewayMethod(f.stack, 'method', { provider: f.aws(), restApiId: 'api', resourceId: 'res', httpMethod: 'GET', authorization });
  new ApiGatewayIntegration(f.stack, 'integration', { provider: f.aws(), restApiId: 'api', resourceId: 'res', httpMethod: method.httpMethod, type: 'MOCK', ...integration });
  return method;
}
const bucket = (f: Fixture, id = 'data') => new S3Bucket(f.stack, id, { provider: f.aws(), bucket: `sovai-${id}` });
const key = (f: Fixture, props: Partial<ConstructorParameters<typeof KmsKey>[2]> = {}) =>
  new KmsKey(f.stack, 'key', { provider: f.aws(), enableKeyRotation: true, policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }), ...props });

function encrypted(f: Fixture, algorithm: string, withKey: boolean, id = 'data') {
  const b = bucket(f, id);
  new S3BucketServerSideEncryptionConfigurationA(f.stack, `${id}-sse`, {
    provider: f.aws(),
    bucket: b.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: algorithm, kmsMasterKeyId: withKey ? key(f).arn : undefined } }],
  });
  return b;
}

function withPolicy(f: Fixture, ...statements: ((arn: string) => object)[]) {
  const b = bucket(f);
  new S3BucketPolicy(f.stack, 'policy', { provider: f.aws(), bucket: b.id, policy: doc(...statements.map((s) => s(b.arn))) });
  return b;
}
const denyInsecure = (arn: string) => ({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
const publicRead = (condition?: object) => (arn: string) => ({ Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${arn}/*`, ...(condition ? { Condition: condition } : {}) });

function logged(f: Fixture) {
  const b = bucket(f);
  const logs = bucket(f, 'logs');
  new S3BucketLoggingA(f.stack, 'logging', { provider: f.aws(), bucket: b.id, targetBucket: logs.id, targetPrefix: 'access-logs/' });
  return { b, logs };
}

function lifecycle(f: Fixture, filter: object) {
  const b = bucket(f);
  new S3BucketLifecycleConfiguration(f.stack, 'lifecycle', {
    provider: f.aws(),
    bucket: b.id,
    rule: [{ id: 'abort', status: 'Enabled', filter: [filter], abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }] }],
  });
  return b;
}

function replicated(f: Fixture) {
  const b = bucket(f);
  const replica = new S3Bucket(f.stack, 'replica', { provider: f.aws('eu-west-3'), bucket: 'sovai-replica' });
  new S3BucketReplicationConfigurationA(f.stack, 'replication', {
    provider: f.aws(),
    bucket: b.id,
    role: `arn:aws:iam::${ACCOUNT}:role/r`,
    rule: [{ id: 'copy', status: 'Enabled', filter: {}, deleteMarkerReplication: { status: 'Enabled' }, destination: { bucket: replica.arn } }],
  });
  return { b, replica };
}

const endpointConfig = (f: Fixture, instanceType: string, kms?: string) =>
  new SagemakerEndpointConfiguration(f.stack, 'config', {
    provider: f.aws(),
    name: 'llm-config',
    kmsKeyArn: kms,
    productionVariants: [{ variantName: 'primary', modelName: 'llm', instanceType, initialInstanceCount: 1 }],
  });

const rolePolicy = (f: Fixture, statement: object) => new IamRolePolicy(f.stack, 'policy', { provider: f.aws(), role: 'r', name: 'p', policy: doc(statement) });
const role = (f: Fixture, principal: object) =>
  new IamRole(f.stack, 'role', { provider: f.aws(), name: 'r', assumeRolePolicy: doc({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }) });
const zone = (f: Fixture) => new Route53Zone(f.stack, 'zone', { provider: f.aws(), name: 'eu.example.com' });

describeRules(AWS_RULES, {
  'Sovereign-S3Encryption': { violating: (f) => encrypted(f, 'AES256', false), compliant: (f) => encrypted(f, 'aws:kms', true), message: /AES256 without kms_master_key_id/ },
  'Sovereign-S3PublicAccessBlock': {
    violating: (f) => { const b = bucket(f); new S3BucketPublicAccessBlock(f.stack, 'pab', { provider: f.aws(), bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: false }); return b; },
    compliant: (f) => { const b = bucket(f); new S3BucketPublicAccessBlock(f.stack, 'pab', { provider: f.aws(), bucket: b.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }); return b; },
    message: /restrict_public_buckets is not true/,
  },
  'Sovereign-S3Tls': { violating: (f) => withPolicy(f, publicRead({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })), compliant: (f) => withPolicy(f, denyInsecure) },
  'Sovereign-S3NoPublicPolicy': { violating: (f) => withPolicy(f, denyInsecure, publicRead()), compliant: (f) => withPolicy(f, denyInsecure, publicRead({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })), message: /statement Read allows any principal/ },
  'Sovereign-S3AclsDisabled': {
    violating: (f) => { const b = bucket(f); new S3BucketOwnershipControls(f.stack, 'own', { provider: f.aws(), bucket: b.id, rule: { objectOwnership: 'ObjectWriter' } }); return b; },
    compliant: (f) => { const b = bucket(f); new S3BucketOwnershipControls(f.stack, 'own', { provider: f.aws(), bucket: b.id, rule: { objectOwnership: 'BucketOwnerEnforced' } }); return b; },
  },
  'Sovereign-S3AccessLogging': { violating: (f) => bucket(f), compliant: (f) => logged(f).b },
  'Sovereign-S3Lifecycle': { violating: (f) => lifecycle(f, { prefix: 'tmp/' }), compliant: (f) => lifecycle(f, {}), message: /no enabled whole-bucket lifecycle rule/ },
  'Sovereign-S3Replication': { violating: (f) => bucket(f), compliant: (f) => replicated(f).b },
  'Sovereign-KmsRotation': { violating: (f) => key(f, { enableKeyRotation: false }), compliant: (f) => key(f) },
  'Sovereign-KmsKeyPolicy': { violating: (f) => key(f, { policy: undefined }), compliant: (f) => key(f), message: /no key policy/ },
  'Sovereign-KmsSingleRegion': { violating: (f) => key(f, { multiRegion: true }), compliant: (f) => key(f, { multiRegion: false }) },
  'Sovereign-SageMakerNetworkIsolation': {
    violating: (f) => new SagemakerModel(f.stack, 'model', { provider: f.aws(), executionRoleArn: 'arn:aws:iam::1:role/x', primaryContainer: { image: 'img' } }),
    compliant: (f) => new SagemakerModel(f.stack, 'model', { provider: f.aws(), executionRoleArn: 'arn:aws:iam::1:role/x', primaryContainer: { image: 'img' }, enableNetworkIsolation: true, vpcConfig: { subnets: ['subnet-1'], securityGroupIds: ['sg-1'] } }),
  },
  'Sovereign-SageMakerEndpointKms': { violating: (f) => endpointConfig(f, 'ml.m5.xlarge'), compliant: (f) => endpointConfig(f, 'ml.m5.xlarge', key(f).arn), message: /no kms_key_arn: the ml\.m5\.xlarge storage volume/ },
  'Sovereign-ApiGatewayTls': {
    violating: (f) => new ApiGatewayDomainName(f.stack, 'domain', { provider: f.aws(), domainName: 'api.eu.example.com', securityPolicy: 'TLS_1_0' }),
    compliant: (f) => new ApiGatewayDomainName(f.stack, 'domain', { provider: f.aws(), domainName: 'api.eu.example.com', securityPolicy: 'TLS_1_2' }),
  },
  'Sovereign-ApiGatewayLogging': {
    violating: (f) => new ApiGatewayStage(f.stack, 'stage', { provider: f.aws(), restApiId: 'api', deploymentId: 'd', stageName: 'v1' }),
    compliant: (f) => new ApiGatewayStage(f.stack, 'stage', { provider: f.aws(), restApiId: 'api', deploymentId: 'd', stageName: 'v1', accessLogSettings: { destinationArn: 'arn:aws:logs:eu-central-1:1:log-group:x', format: '$context.requestId' } }),
  },
  'Sovereign-ApiGatewayAnonymousBackend': {
    violating: (f) => anonymous(f, { type: 'AWS', integrationHttpMethod: 'POST', uri: SM_URI, passthroughBehavior: 'WHEN_NO_MATCH' }),
    compliant: (f) => anonymous(f, { type: 'AWS', integrationHttpMethod: 'POST', uri: SM_URI, passthroughBehavior: 'NEVER', requestTemplates: { 'application/json': '{"inputs":"ping"}' } }),
    message: /passes the anonymous request through/,
  },
  'Sovereign-LogGroupEncryption': {
    violating: (f) => new CloudwatchLogGroup(f.stack, 'logs', { provider: f.aws(), name: 'logs', retentionInDays: 365 }),
    compliant: (f) => new CloudwatchLogGroup(f.stack, 'logs', { provider: f.aws(), name: 'logs', retentionInDays: 365, kmsKeyId: key(f).arn }),
  },
  'Sovereign-LogRetention': {
    violating: (f) => new CloudwatchLogGroup(f.stack, 'logs', { provider: f.aws(), name: 'logs' }),
    compliant: (f) => new CloudwatchLogGroup(f.stack, 'logs', { provider: f.aws(), name: 'logs', retentionInDays: 365 }),
    message: /kept forever/,
  },
  'Sovereign-HealthCheckHttps': {
    violating: (f) => new Route53HealthCheck(f.stack, 'check', { provider: f.aws(), type: 'HTTP', fqdn: 'eu.example.com', port: 80, resourcePath: '/health' }),
    compliant: (f) => new Route53HealthCheck(f.stack, 'check', { provider: f.aws(), type: 'HTTPS', fqdn: 'eu.example.com', port: 443, resourcePath: '/health', enableSni: true }),
  },
  'Sovereign-Route53Dnssec': {
    violating: (f) => zone(f),
    compliant: (f) => {
      const z = zone(f);
      const ksk = new Route53KeySigningKey(f.stack, 'ksk', { provider: f.aws(), hostedZoneId: z.id, keyManagementServiceArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k`, name: 'ksk1' });
      new Route53HostedZoneDnssec(f.stack, 'dnssec', { provider: f.aws(), hostedZoneId: ksk.hostedZoneId });
      return z;
    },
  },
  'Sovereign-Route53QueryLogging': {
    violating: (f) => zone(f),
    compliant: (f) => { const z = zone(f); new Route53QueryLog(f.stack, 'query-log', { provider: f.aws(), zoneId: z.zoneId, cloudwatchLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:q` }); return z; },
  },
  'Sovereign-VpcEndpointInterface': {
    violating: (f) => new VpcEndpoint(f.stack, 'endpoint', { provider: f.aws(), vpcId: 'vpc-1', serviceName: 'com.amazonaws.eu-central-1.sagemaker.runtime', vpcEndpointType: 'Interface' }),
    compliant: (f) =>
      new VpcEndpoint(f.stack, 'endpoint', {
        provider: f.aws(),
        vpcId: 'vpc-1',
        serviceName: 'com.amazonaws.eu-central-1.sagemaker.runtime',
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        securityGroupIds: ['sg-1'],
        policy: doc({ Effect: 'Allow', Principal: '*', Action: 'sagemaker:InvokeEndpoint', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': [ACCOUNT] } } }),
      }),
    message: /no endpoint policy/,
  },
  'Sovereign-IamNoWildcardActions': {
    violating: (f) => rolePolicy(f, { Effect: 'Allow', Action: ['s3:*'], Resource: 'arn:aws:s3:::b/*' }),
    compliant: (f) => rolePolicy(f, { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/*' }),
    message: /allows every action "s3:\*"/,
  },
  'Sovereign-IamNoWildcardResources': {
    violating: (f) => rolePolicy(f, { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }),
    compliant: (f) => rolePolicy(f, { Effect: 'Allow', Action: ['ecr:GetAuthorizationToken', 'ec2:DescribeSubnets'], Resource: '*' }),
    message: /statement Read allows s3:GetObject on every resource/,
  },
  'Sovereign-IamTrustPolicy': { violating: (f) => role(f, { AWS: '*' }), compliant: (f) => role(f, { Service: 'sagemaker.amazonaws.com' }), message: /lets any principal assume the role/ },
});

describe('AWS security rules, finer cases', () => {
  test('S3Encryption: a server access log bucket must use SSE-S3 (log delivery supports nothing else)', () => {
    const f = new Fixture();
    const { logs } = logged(f);
    new S3BucketServerSideEncryptionConfigurationA(f.stack, 'logs-sse', { provider: f.aws(), bucket: logs.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] });
    expect(f.findings('Sovereign-S3Encryption').map((x) => x.resource)).not.toContain(addressOf(logs));

    const g = new Fixture();
    const { logs: kmsLogs } = logged(g);
    new S3BucketServerSideEncryptionConfigurationA(g.stack, 'logs-sse', { provider: g.aws(), bucket: kmsLogs.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'k' } }] });
    expect(g.findings('Sovereign-S3Encryption').find((x) => x.resource === addressOf(kmsLogs))!.message).toMatch(/S3 delivers only to SSE-S3 buckets/);
  });

  test('S3AccessLogging: a log target does not log into itself; S3Replication: the replica counts as replicated', () => {
    const f = new Fixture();
    const { logs } = logged(f);
    expect(f.findings('Sovereign-S3AccessLogging').map((x) => x.resource)).toEqual([]);
    expect(f.result(S3AccessLogging, addressOf(logs))).toEqual({ status: 'compliant' });
    const g = new Fixture();
    const { replica } = replicated(g);
    expect(g.result(S3Replication, addressOf(replica))).toEqual({ status: 'compliant' });
  });

  test('SageMakerEndpointKms: instance types with local NVMe storage must not name a key (CreateEndpointConfig fails), and need none', () => {
    const f = new Fixture();
    const withKey = endpointConfig(f, 'ml.g5.2xlarge', 'arn:aws:kms:eu-central-1:1:key/k');
    expect(f.findings('Sovereign-SageMakerEndpointKms')).toEqual([expect.objectContaining({ resource: addressOf(withKey), message: expect.stringMatching(/local NVMe storage: CreateEndpointConfig fails/) })]);
    const g = new Fixture();
    endpointConfig(g, 'ml.g5.2xlarge');
    expect(g.findings('Sovereign-SageMakerEndpointKms')).toEqual([]);
  });

  test('KmsKeyPolicy refuses a wildcard principal without a condition', () => {
    const f = new Fixture();
    const k = key(f, { policy: doc({ Sid: 'Everyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' }) });
    expect(f.findings('Sovereign-KmsKeyPolicy')).toEqual([expect.objectContaining({ resource: addressOf(k), message: 'statement Everyone allows any principal without a condition' })]);
  });

  test('LogRetention: at least 180 days where India is in the jurisdiction (CERT-In), never 0', () => {
    const f = new Fixture(IN);
    const short = new CloudwatchLogGroup(f.stack, 'short', { provider: f.aws('ap-south-1'), name: 'a', retentionInDays: 90, kmsKeyId: 'k' });
    const forever = new CloudwatchLogGroup(f.stack, 'forever', { provider: f.aws('ap-south-1'), name: 'b', retentionInDays: 0, kmsKeyId: 'k' });
    new CloudwatchLogGroup(f.stack, 'enough', { provider: f.aws('ap-south-1'), name: 'c', retentionInDays: 180, kmsKeyId: 'k' });
    expect(f.findings('Sovereign-LogRetention').map((x) => [x.resource, x.message])).toEqual([
      [addressOf(short), 'retention_in_days 90 is below the 180 days jurisdiction "in" requires'],
      [addressOf(forever), expect.stringMatching(/never expire/)],
    ]);
  });

  test('IamTrustPolicy refuses trusting a whole account without a condition; policies synth cannot read are not judged', () => {
    const f = new Fixture();
    const r = role(f, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
    new IamRole(f.stack, 'encoded', { provider: f.aws(), name: 'e', assumeRolePolicy: '${jsonencode({})}' });
    expect(f.findings('Sovereign-IamTrustPolicy')).toEqual([expect.objectContaining({ resource: addressOf(r), message: expect.stringMatching(/trusts every principal of arn:aws:iam::123456789012:root/) })]);
  });
});

describe('Sovereign-ApiGatewayAnonymousBackend: finer cases', () => {
  test.each([
    ['a MOCK integration', { type: 'MOCK' }, 'NONE', []],
    ['a fixed request that forwards the client body', { type: 'AWS', integrationHttpMethod: 'POST', uri: SM_URI, passthroughBehavior: 'NEVER', requestTemplates: { 'application/json': '$input.body' } }, 'NONE', ['forwards the anonymous client body']],
    ['a fixed request that forwards a client header', { type: 'AWS', integrationHttpMethod: 'POST', uri: SM_URI, passthroughBehavior: 'NEVER', requestTemplates: { 'application/json': '{}' }, requestParameters: { 'integration.request.header.Accept': 'method.request.header.Accept' } }, 'NONE', ['method.request.*']],
    ['an authorized pass-through', { type: 'AWS', integrationHttpMethod: 'POST', uri: SM_URI, passthroughBehavior: 'WHEN_NO_MATCH' }, 'CUSTOM', []],
  ] as const)('%s', (_name, integration, authorization, problems) => {
    const f = new Fixture();
    anonymous(f, integration as any, authorization);
    const messages = f.findings('Sovereign-ApiGatewayAnonymousBackend').map((x) => x.message);
    expect(messages.length).toBe(problems.length ? 1 : 0);
    for (const p of problems) expect(messages[0]).toContain(p);
  });
});
