/** Deployability rules: what synth accepts and `terraform plan`/apply or the cloud API would refuse. */
import { CloudwatchLogGroup } from '@cdktn/provider-aws/lib/cloudwatch-log-group';
import { KmsAlias } from '@cdktn/provider-aws/lib/kms-alias';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { SagemakerEndpoint } from '@cdktn/provider-aws/lib/sagemaker-endpoint';
import { CognitiveAccount } from '@cdktn/provider-azurerm/lib/cognitive-account';
import { KeyVault } from '@cdktn/provider-azurerm/lib/key-vault';
import { StorageAccount } from '@cdktn/provider-azurerm/lib/storage-account';
import { TrafficManagerExternalEndpoint } from '@cdktn/provider-azurerm/lib/traffic-manager-external-endpoint';
import { TrafficManagerProfile } from '@cdktn/provider-azurerm/lib/traffic-manager-profile';
import { DEPLOYABILITY_RULES } from '../../lib/checks';
import { s3BucketNameProblems } from '../../lib/checks/rules/deployability/S3BucketName';
import { addressOf, describeRules, Fixture } from './harness';

const bucket = (f: Fixture, name: string) => new S3Bucket(f.stack, 'data', { provider: f.aws(), bucket: name });
const storage = (f: Fixture, name: string) =>
  new StorageAccount(f.stack, 'account', { provider: f.azure(), name, location: 'germanywestcentral', resourceGroupName: f.group().name, accountTier: 'Standard', accountReplicationType: 'GZRS' });
const vault = (f: Fixture, name: string) =>
  new KeyVault(f.stack, 'vault', { provider: f.azure(), name, location: 'germanywestcentral', resourceGroupName: f.group().name, tenantId: 't', skuName: 'premium' });
const openAi = (f: Fixture, customSubdomainName?: string) =>
  new CognitiveAccount(f.stack, 'openai', {
    provider: f.azure(),
    name: 'oai-eu',
    kind: 'OpenAI',
    skuName: 'S0',
    location: 'germanywestcentral',
    resourceGroupName: f.group().name,
    customSubdomainName,
    networkAcls: { defaultAction: 'Deny' },
  });

function geoRecord(f: Fixture, id: string, geo: { continent?: string; country?: string; subdivision?: string }, setIdentifier: string | null = id) {
  return new Route53Record(f.stack, id, {
    provider: f.aws(),
    zoneId: 'Z123',
    name: 'api.example.com',
    type: 'CNAME',
    ttl: 300,
    records: ['api.eu.example.com'],
    setIdentifier: setIdentifier ?? undefined,
    geolocationRoutingPolicy: geo,
  });
}

function trafficManager(f: Fixture, routing = 'Geographic') {
  return new TrafficManagerProfile(f.stack, 'profile', {
    provider: f.azure(),
    name: 'tm-test',
    resourceGroupName: f.group().name,
    trafficRoutingMethod: routing,
    dnsConfig: { relativeName: 'tm-test', ttl: 60 },
    monitorConfig: { protocol: 'HTTPS', port: 443, path: '/health' },
  });
}

const tmEndpoint = (f: Fixture, id: string, geoMappings: string[], profile = trafficManager(f)) =>
  new TrafficManagerExternalEndpoint(f.stack, id, { provider: f.azure(), name: id, profileId: profile.id, target: `${id}.example.com`, geoMappings });

const logs = (f: Fixture, retentionInDays: number) => new CloudwatchLogGroup(f.stack, 'logs', { provider: f.aws(), name: 'logs', retentionInDays, kmsKeyId: 'k' });

describeRules(DEPLOYABILITY_RULES, {
  'Sovereign-S3BucketName': { violating: (f) => bucket(f, 'sovai.eu.data'), compliant: (f) => bucket(f, 'sovai-eu-data'), message: /bucket name "sovai.eu.data": it has a "\."/ },
  'Sovereign-StorageAccountName': { violating: (f) => storage(f, 'st-eu-data'), compliant: (f) => storage(f, 'steudata'), message: /must be 3-24 lower-case letters and digits/ },
  'Sovereign-KeyVaultName': { violating: (f) => vault(f, 'kv--eu-data'), compliant: (f) => vault(f, 'kv-eu-data'), message: /consecutive hyphens/ },
  'Sovereign-CognitiveSubdomain': { violating: (f) => openAi(f, 'oai-eu-'), compliant: (f) => openAi(f, 'oai-eu'), message: /custom_subdomain_name "oai-eu-"/ },
  'Sovereign-SageMakerName': {
    violating: (f) => new SagemakerEndpoint(f.stack, 'endpoint', { provider: f.aws(), name: 'sovai-eu-llm-', endpointConfigName: 'c' }),
    compliant: (f) => new SagemakerEndpoint(f.stack, 'endpoint', { provider: f.aws(), name: 'sovai-eu-llm', endpointConfigName: 'c' }),
    message: /no leading or trailing hyphen/,
  },
  'Sovereign-KmsAliasName': {
    violating: (f) => new KmsAlias(f.stack, 'alias', { provider: f.aws(), name: 'alias/aws/sovereign', targetKeyId: 'k' }),
    compliant: (f) => new KmsAlias(f.stack, 'alias', { provider: f.aws(), name: 'alias/sovereign-eu-data', targetKeyId: 'k' }),
    message: /reserved for AWS managed keys/,
  },
  'Sovereign-Route53GeoLocation': {
    jurisdiction: null,
    violating: (f) => geoRecord(f, 'de', { continent: 'EU', country: 'DE' }),
    compliant: (f) => geoRecord(f, 'de', { country: 'DE' }),
    message: /continent and country are both set/,
  },
  'Sovereign-TrafficManagerGeoCodes': {
    jurisdiction: null,
    violating: (f) => tmEndpoint(f, 'gb', ['UK']),
    compliant: (f) => tmEndpoint(f, 'gb', ['GB']),
    message: /the United Kingdom is "GB"/,
  },
  'Sovereign-LogRetentionValue': { violating: (f) => logs(f, 366), compliant: (f) => logs(f, 365), message: /retention_in_days 366 is not a CloudWatch value \(the next one up is 400\)/ },
});

describe('deployability rules, finer cases', () => {
  test.each([
    ['ab', /3-63/],
    ['Sovai-Data', /only lower-case letters/],
    ['-sovai', /begin and end with a letter or digit/],
    ['192.168.5.4', /IP address/],
    ['xn--sovai', /reserved prefix/],
    ['sovai-data-s3alias', /reserved suffix/],
  ])('S3 bucket name %s is refused', (name, problem) => {
    expect(s3BucketNameProblems(name).join('; ')).toMatch(problem);
  });

  test('names holding an unresolved ${...} are skipped, as the scanners do', () => {
    const f = new Fixture();
    new S3Bucket(f.stack, 'data', { provider: f.aws(), bucket: 'Sovai.${data.aws_caller_identity.x.account_id}' });
    expect(f.findings('Sovereign-S3BucketName')).toEqual([]);
  });

  test('CognitiveSubdomain: network ACLs need a custom subdomain', () => {
    const f = new Fixture();
    const a = openAi(f);
    expect(f.findings('Sovereign-CognitiveSubdomain')).toEqual([expect.objectContaining({ resource: addressOf(a), message: expect.stringMatching(/network_acls need custom_subdomain_name/) })]);
  });

  test('Route53GeoLocation: country codes, `*`, subdivisions, set_identifier, one record per location', () => {
    const f = new Fixture(null);
    geoRecord(f, 'default', { country: '*' });
    geoRecord(f, 'california', { country: 'US', subdivision: 'CA' });
    const uk = geoRecord(f, 'uk', { country: 'UK' });
    const bavaria = geoRecord(f, 'bavaria', { country: 'DE', subdivision: 'BY' });
    const anonymous = geoRecord(f, 'fr', { country: 'FR' }, null);
    const twin = geoRecord(f, 'default-again', { country: '*' });
    const messages = Object.fromEntries(f.findings('Sovereign-Route53GeoLocation').map((x) => [x.resource, x.message]));
    expect(Object.keys(messages).sort()).toEqual([addressOf(anonymous), addressOf(bavaria), `aws_route53_record.default`, addressOf(twin), addressOf(uk)].sort());
    expect(messages[addressOf(uk)]).toMatch(/the United Kingdom is "GB"/);
    expect(messages[addressOf(bavaria)]).toMatch(/needs country US/);
    expect(messages[addressOf(anonymous)]).toMatch(/no set_identifier/);
    expect(messages[addressOf(twin)]).toMatch(/aws_route53_record\.default already routes api\.example\.com CNAME for the same location/);
  });

  test('TrafficManagerGeoCodes: a location maps to one endpoint of a profile, in a Geographic profile', () => {
    const f = new Fixture(null);
    const profile = trafficManager(f);
    tmEndpoint(f, 'eu', ['DE', 'WORLD', 'GEO-AS'], profile);
    const other = tmEndpoint(f, 'in', ['IN', 'DE'], profile);
    expect(f.findings('Sovereign-TrafficManagerGeoCodes').map((x) => x.message)).toEqual([
      expect.stringMatching(/"DE" is already mapped to another endpoint/),
      expect.stringMatching(/"DE" is already mapped to another endpoint/),
    ]);
    expect(f.findings('Sovereign-TrafficManagerGeoCodes').map((x) => x.resource)).toContain(addressOf(other));

    const g = new Fixture(null);
    const priority = trafficManager(g, 'Priority');
    tmEndpoint(g, 'eu', ['DE'], priority);
    expect(g.findings('Sovereign-TrafficManagerGeoCodes')[0].message).toMatch(/only work in a Geographic profile; azurerm_traffic_manager_profile\.profile routes by Priority/);
  });
});
