import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing, Token } from 'cdktn';
import { jurisdiction } from '../../lib/catalog';
import { JurisdictionZone, type JurisdictionZoneProps } from '../../lib/dns/aws';
import type { FailoverEndpoint } from '../../lib/dns/chain';
import { resourcesOf, synthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const CHAIN: FailoverEndpoint[] = [
  { name: 'aws-eu-central-1', hostname: 'gw-fra.example.net', country: 'DE', operator: 'aws' },
  { name: 'azure-swedencentral', hostname: 'gw-sec.example.net', country: 'SE', operator: 'azure' },
  { name: 'national-cloud', hostname: 'gw.national.example.eu', country: 'FR', operator: 'ovh', healthCheckPath: '/healthz', port: 8443 },
];

function build(props: Partial<JurisdictionZoneProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'sovereign-eu');
  const provider = new AwsProvider(stack, 'aws-eu-central-1', { region: 'eu-central-1', alias: 'eu-central-1' });
  const zone = new JurisdictionZone(stack, 'dns', { provider, jurisdiction: EU, domain: 'ai.example.com', chain: CHAIN, ...props });
  const json = synthJson(stack);
  const records = resourcesOf(json, 'aws_route53_record').map(([, r]) => r);
  const checks = resourcesOf(json, 'aws_route53_health_check').map(([, c]) => c);
  const checkRef = (endpoint: string) => {
    const [logicalId] = resourcesOf(json, 'aws_route53_health_check').find(([, c]) => c.tags.Name === endpoint)!;
    return `\${aws_route53_health_check.${logicalId}.id}`;
  };
  return { stack, zone, json, records, checks, checkRef };
}

describe('JurisdictionZone', () => {
  test('the zone is eu.<domain>, without force_destroy, through the given provider', () => {
    const { json, zone } = build();
    const zones = resourcesOf(json, 'aws_route53_zone').map(([, z]) => z);
    expect(zones).toHaveLength(1);
    expect(zones[0]).toMatchObject({ name: 'eu.ai.example.com', provider: 'aws.eu-central-1' });
    expect(zones[0].force_destroy).toBeUndefined();
    expect(zone.zoneName).toBe('eu.ai.example.com');
    expect(zone.serviceFqdn).toBe('api.eu.ai.example.com');
  });

  test('one HTTPS health check per endpoint, with the attributes that decide failover', () => {
    const { checks } = build({ measureLatency: true });
    expect(checks).toHaveLength(3);
    expect(checks.find((c) => c.tags.Name === 'national-cloud')).toEqual({
      provider: 'aws.eu-central-1',
      type: 'HTTPS',
      fqdn: 'gw.national.example.eu',
      port: 8443,
      resource_path: '/healthz',
      request_interval: 30,
      failure_threshold: 3,
      enable_sni: true,
      measure_latency: true,
      invert_healthcheck: false,
      tags: { Name: 'national-cloud', operator: 'ovh', 'endpoint-country': 'FR' },
    });
    expect(checks.find((c) => c.tags.Name === 'aws-eu-central-1')).toMatchObject({ port: 443, resource_path: '/health' });
  });

  test('latency measurement is off by default', () => {
    expect(build().checks.map((c) => c.measure_latency)).toEqual([false, false, false]);
  });

  test('a chain of 3 nests: tier 1 PRIMARY e1, SECONDARY alias to tier2; tier 2 PRIMARY e2, SECONDARY e3', () => {
    const { records, zone, checkRef } = build();
    const zoneRef = expect.stringMatching(/^\$\{aws_route53_zone\.[\w-]+\.zone_id\}$/);
    expect(records).toHaveLength(4);
    const byId = Object.fromEntries(records.map((r) => [`${r.name} ${r.set_identifier}`, r]));
    expect(byId['api.eu.ai.example.com tier1-primary']).toMatchObject({
      zone_id: zoneRef, type: 'CNAME', ttl: 60, records: ['gw-fra.example.net'],
      health_check_id: checkRef('aws-eu-central-1'), failover_routing_policy: { type: 'PRIMARY' },
    });
    const alias = byId['api.eu.ai.example.com tier1-secondary'];
    expect(alias).toMatchObject({
      type: 'CNAME', failover_routing_policy: { type: 'SECONDARY' },
      alias: { name: 'tier2.api.eu.ai.example.com', zone_id: zoneRef, evaluate_target_health: true },
    });
    expect(alias.ttl).toBeUndefined();
    expect(alias.records).toBeUndefined();
    expect(alias.depends_on).toHaveLength(2); // the alias target must exist first
    expect(byId['tier2.api.eu.ai.example.com tier2-primary']).toMatchObject({
      type: 'CNAME', ttl: 60, records: ['gw-sec.example.net'], health_check_id: checkRef('azure-swedencentral'), failover_routing_policy: { type: 'PRIMARY' },
    });
    expect(byId['tier2.api.eu.ai.example.com tier2-secondary']).toMatchObject({
      type: 'CNAME', ttl: 60, records: ['gw.national.example.eu'], health_check_id: checkRef('national-cloud'), failover_routing_policy: { type: 'SECONDARY' },
    });
    expect(Object.keys(zone.healthCheckIds)).toEqual(['aws-eu-central-1', 'azure-swedencentral', 'national-cloud']);
  });

  test('every PRIMARY has a health check, every routing record a set identifier, every leaf a TTL of 60', () => {
    const { records } = build();
    for (const r of records) {
      expect(r.set_identifier).toEqual(expect.any(String));
      if (r.failover_routing_policy.type === 'PRIMARY') expect(r.health_check_id).toMatch(/^\$\{aws_route53_health_check\./);
      if (!r.alias) expect(r.ttl).toBe(60);
    }
  });

  test('a chain of 2 has one tier and no alias', () => {
    const { records } = build({ chain: CHAIN.slice(0, 2) });
    expect(records.map((r) => [r.name, r.set_identifier, r.failover_routing_policy.type, r.records])).toEqual([
      ['api.eu.ai.example.com', 'tier1-primary', 'PRIMARY', ['gw-fra.example.net']],
      ['api.eu.ai.example.com', 'tier1-secondary', 'SECONDARY', ['gw-sec.example.net']],
    ]);
  });

  test('replacing an endpoint keeps the record addresses and set identifiers (an in-place update)', () => {
    const before = build().json.resource!.aws_route53_record;
    const after = build({ chain: [{ ...CHAIN[0], name: 'aws-eu-west-3', hostname: 'gw-par.example.net', country: 'FR' }, ...CHAIN.slice(1)] }).json.resource!.aws_route53_record;
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Object.values(after).map((r: any) => r.set_identifier)).toEqual(Object.values(before).map((r: any) => r.set_identifier));
  });

  test.each<[string[] | undefined, string[]]>([
    [undefined, []],
    [['primary'], ['aws-eu-central-1']],
    [['national-cloud'], ['national-cloud']],
    [['primary', 'secondary'], ['aws-eu-central-1', 'azure-swedencentral']],
  ])('drill %j inverts exactly the checks of %j', (fail, inverted) => {
    const { checks } = build({ drill: fail ? { fail } : undefined });
    expect(checks.filter((c) => c.invert_healthcheck === true).map((c) => c.tags.Name)).toEqual(inverted);
    expect(checks.filter((c) => c.invert_healthcheck === false)).toHaveLength(3 - inverted.length);
  });

  test('serviceName changes the failover names', () => {
    const { records, zone } = build({ serviceName: 'inference', chain: CHAIN.slice(0, 2) });
    expect(zone.serviceFqdn).toBe('inference.eu.ai.example.com');
    expect(new Set(records.map((r) => r.name))).toEqual(new Set(['inference.eu.ai.example.com']));
  });

  test('DNSSEC and query logging are opt-in, with us-east-1 resources', () => {
    const plain = build().json;
    expect(plain.resource!.aws_route53_key_signing_key).toBeUndefined();
    expect(plain.resource!.aws_route53_query_log).toBeUndefined();
    const { json, zone } = build({
      dnssecKmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      queryLogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/eu.ai.example.com',
    });
    expect(resourcesOf(json, 'aws_route53_key_signing_key')).toHaveLength(1);
    expect(resourcesOf(json, 'aws_route53_hosted_zone_dnssec')).toHaveLength(1);
    expect(resourcesOf(json, 'aws_route53_query_log')[0][1]).toMatchObject({ cloudwatch_log_group_arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/route53/eu.ai.example.com' });
    expect(Token.isUnresolved(zone.dsRecord)).toBe(true);
  });

  test.each<[string, Partial<JurisdictionZoneProps>, string]>([
    ['an endpoint is outside the jurisdiction', { chain: [CHAIN[0], { ...CHAIN[1], country: 'GB' }] }, 'endpoint "azure-swedencentral" runs in GB (United Kingdom), outside jurisdiction "eu"'],
    ['the chain has one endpoint', { chain: [CHAIN[0]] }, 'a chain needs at least 2'],
    ['the drill names an unknown endpoint', { drill: { fail: ['aws-eu-west-1'] } }, '"aws-eu-west-1" is neither an endpoint name'],
    ['the drill fails every endpoint', { chain: CHAIN.slice(0, 2), drill: { fail: ['primary', 'secondary'] } }, 'it fails every endpoint'],
    ['an endpoint host name is the service name itself', { chain: [CHAIN[0], { ...CHAIN[1], hostname: 'api.eu.ai.example.com' }] }, 'a CNAME loop'],
    ['the domain has upper case', { domain: 'AI.example.com' }, 'domain "AI.example.com" is not a DNS name'],
    ['the service name is a tier label', { serviceName: 'tier2' }, 'serviceName "tier2" is reserved'],
    ['the DNSSEC key is not in us-east-1', { dnssecKmsKeyArn: 'arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' }, 'is in eu-central-1; Route 53 accepts only a KMS key in us-east-1'],
    ['the query log group is not an ARN', { queryLogGroupArn: '/aws/route53/eu' }, 'queryLogGroupArn "/aws/route53/eu" is not a CloudWatch Logs log group ARN'],
  ])('fails when %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('errors name the construct path', () => {
    expect(() => build({ chain: [CHAIN[0]] })).toThrow(/^sovereign-eu\/dns: failover chain eu \[aws-eu-central-1\]/);
  });
});
