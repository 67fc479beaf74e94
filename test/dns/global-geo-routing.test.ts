import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { EU_MEMBER_STATES, jurisdiction } from '../../lib/catalog';
import { GlobalGeoRouting, JurisdictionZone, type GeoRoutedJurisdiction, type GlobalGeoRoutingProps } from '../../lib/dns/aws';
import { resourcesOf, synthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const US = jurisdiction('us', { preset: 'US' });
const ns = (id: string) => [1, 2, 3, 4].map((n) => `ns-${n}${id.length}.awsdns-${n}.example-${id}.net`);
const ROUTED: GeoRoutedJurisdiction[] = [EU, IN, US].map((j) => ({ jurisdiction: j, nameServers: ns(j.id) }));

function build(props: Partial<GlobalGeoRoutingProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'sovereign-routing');
  const provider = new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
  const routing = new GlobalGeoRouting(stack, 'routing', { provider, domain: 'ai.example.com', jurisdictions: ROUTED, defaultJurisdiction: null, ...props });
  const json = synthJson(stack);
  const records = resourcesOf(json, 'aws_route53_record').map(([, r]) => r);
  const geo = records.filter((r) => r.geolocation_routing_policy);
  return { routing, json, records, geo };
}

describe('GlobalGeoRouting', () => {
  test('one geolocation CNAME per client country: the 27 member states, IN, US, and the default *', () => {
    const { geo } = build();
    const countries = geo.map((r) => r.geolocation_routing_policy.country).sort();
    expect(countries).toEqual([...EU_MEMBER_STATES, 'IN', 'US', '*'].sort());
    expect(geo).toHaveLength(30);
  });

  test('no record uses a continent (continent EU includes GB, CH, NO)', () => {
    const { geo } = build();
    expect(geo.filter((r) => 'continent' in r.geolocation_routing_policy)).toEqual([]);
  });

  test.each([
    ['DE', 'eu', 'api.eu.ai.example.com'],
    ['SE', 'eu', 'api.eu.ai.example.com'],
    ['IN', 'in', 'api.in.ai.example.com'],
    ['US', 'us', 'api.us.ai.example.com'],
  ])('clients in %s are sent to jurisdiction %s (%s), set identifier <id>-<CC>', (country, id, target) => {
    const { geo } = build();
    expect(geo.find((r) => r.geolocation_routing_policy.country === country)).toMatchObject({
      name: 'api.ai.example.com',
      type: 'CNAME',
      ttl: 300,
      records: [target],
      set_identifier: `${id}-${country}`,
      zone_id: expect.stringMatching(/^\$\{aws_route53_zone\.[\w-]+\.zone_id\}$/),
    });
  });

  test('with no default jurisdiction, * points to unrouted.<domain>, a name nothing creates', () => {
    const { geo, records, routing } = build();
    expect(geo.find((r) => r.geolocation_routing_policy.country === '*')).toMatchObject({ set_identifier: 'default', records: ['unrouted.ai.example.com'], type: 'CNAME' });
    expect(records.filter((r) => r.name === 'unrouted.ai.example.com')).toEqual([]);
    expect(routing.defaultTarget).toBe('unrouted.ai.example.com');
  });

  test('with a default jurisdiction, * points to its service name', () => {
    const { geo } = build({ defaultJurisdiction: 'us' });
    expect(geo.find((r) => r.geolocation_routing_policy.country === '*')).toMatchObject({ set_identifier: 'default', records: ['api.us.ai.example.com'] });
  });

  test('each jurisdiction zone is delegated by NS records with a one-hour TTL', () => {
    const { records } = build();
    const delegations = records.filter((r) => r.type === 'NS');
    expect(delegations.map((r) => [r.name, r.ttl, r.records])).toEqual([
      ['eu.ai.example.com', 3600, ns('eu')],
      ['in.ai.example.com', 3600, ns('in')],
      ['us.ai.example.com', 3600, ns('us')],
    ]);
    for (const d of delegations) expect(d.set_identifier).toBeUndefined();
  });

  test('the parent zone is <domain>, without force_destroy', () => {
    const { json, routing } = build();
    const [[, zone]] = resourcesOf(json, 'aws_route53_zone');
    expect(zone.name).toBe('ai.example.com');
    expect(zone.force_destroy).toBeUndefined();
    expect(routing.serviceFqdn).toBe('api.ai.example.com');
  });

  test('clientCountries narrow or widen what a jurisdiction serves', () => {
    const { geo, routing } = build({ jurisdictions: [{ ...ROUTED[0], clientCountries: [...EU_MEMBER_STATES, 'NO', 'IS', 'LI'] }, ROUTED[1]] });
    expect(geo.find((r) => r.geolocation_routing_policy.country === 'NO')).toMatchObject({ records: ['api.eu.ai.example.com'], set_identifier: 'eu-NO' });
    expect(routing.countryTargets.IS).toBe('api.eu.ai.example.com');
    expect(geo.find((r) => r.geolocation_routing_policy.country === 'US')).toBeUndefined();
  });

  test('TTLs are props', () => {
    const { records } = build({ delegationTtlSeconds: 172800, recordTtlSeconds: 60 });
    expect(records.find((r) => r.type === 'NS').ttl).toBe(172800);
    expect(records.find((r) => r.geolocation_routing_policy).ttl).toBe(60);
  });

  test('a DS record is published next to the delegation of a signed jurisdiction zone', () => {
    const { records } = build({ jurisdictions: [{ ...ROUTED[0], dsRecord: '12345 13 2 ABCDEF0123' }] });
    expect(records.filter((r) => r.type === 'DS')).toEqual([expect.objectContaining({ name: 'eu.ai.example.com', ttl: 3600, records: ['12345 13 2 ABCDEF0123'] })]);
  });

  test('takes the name servers of a JurisdictionZone as a token', () => {
    const stack = new TerraformStack(Testing.app(), 'one-stack');
    const provider = new AwsProvider(stack, 'aws', { region: 'eu-central-1' });
    const zone = new JurisdictionZone(stack, 'eu', {
      provider, jurisdiction: EU, domain: 'ai.example.com',
      chain: [
        { name: 'a', hostname: 'a.example.net', country: 'DE', operator: 'aws' },
        { name: 'b', hostname: 'b.example.net', country: 'FR', operator: 'aws' },
      ],
    });
    new GlobalGeoRouting(stack, 'routing', { provider, domain: 'ai.example.com', defaultJurisdiction: 'eu', jurisdictions: [{ jurisdiction: EU, nameServers: zone.nameServers }] });
    const ns = resourcesOf(synthJson(stack), 'aws_route53_record').map(([, r]) => r).find((r) => r.type === 'NS');
    expect(ns.records).toMatch(/^\$\{aws_route53_zone\.[\w-]+\.name_servers\}$/);
  });

  test.each<[string, Partial<GlobalGeoRoutingProps>, string]>([
    ['a client country is UK', { jurisdictions: [{ ...ROUTED[0], clientCountries: ['DE', 'UK'] }] }, 'jurisdiction "eu" client country "UK" is not a Route 53 country code: the United Kingdom is "GB"'],
    ['a client country is the continent EU', { jurisdictions: [{ ...ROUTED[0], clientCountries: ['EU'] }] }, '"EU" is not a country; the European Union is its 27 member states'],
    ['a client country is a continent', { jurisdictions: [{ ...ROUTED[0], clientCountries: ['OC'] }] }, 'it is the Route 53 continent Oceania'],
    ['a client country is *', { jurisdictions: [{ ...ROUTED[0], clientCountries: ['*'] }] }, '"*" is the default record'],
    ['a country is claimed twice', { jurisdictions: [ROUTED[0], { ...ROUTED[1], clientCountries: ['IN', 'DE'] }] }, 'client country DE is claimed by jurisdictions "eu" and "in"'],
    ['a jurisdiction is listed twice', { jurisdictions: [ROUTED[1], { ...ROUTED[1], clientCountries: [] }] }, 'jurisdiction "in" is listed twice'],
    ['the default is not routed', { defaultJurisdiction: 'gb' }, 'defaultJurisdiction "gb" is not one of the routed jurisdictions (eu, in, us); use null for no answer'],
    ['name servers are missing', { jurisdictions: [{ ...ROUTED[0], nameServers: [] }] }, 'jurisdiction "eu" has no name servers'],
    ['a name server is not a DNS name', { jurisdictions: [{ ...ROUTED[0], nameServers: ['ns-1.awsdns-1.net.'] }] }, 'it ends with a dot'],
    ['a jurisdiction id collides with the service name', { serviceName: 'eu' }, 'jurisdiction id "eu" collides with the name "eu.ai.example.com"'],
    ['a jurisdiction is called unrouted', { jurisdictions: [{ jurisdiction: { id: 'unrouted', countries: ['DE'] }, nameServers: ns('x') }] }, 'jurisdiction id "unrouted" collides'],
    ['the delegation TTL is too short', { delegationTtlSeconds: 30 }, 'delegationTtlSeconds 30 must be an integer from 60 to 172800 seconds'],
    ['no jurisdiction is routed', { jurisdictions: [] }, 'jurisdictions is empty'],
  ])('fails when %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });
});
