import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { TerraformStack, Testing, Token } from 'cdktn';
import { EU_MEMBER_STATES, jurisdiction } from '../../lib/catalog';
import { TrafficManagerGeoRouting, trafficManagerProfileNameProblem, type TrafficManagerGeoRoutingProps, type TrafficManagerJurisdiction } from '../../lib/dns/azure';
import type { FailoverEndpoint } from '../../lib/dns/chain';
import { resourcesOf, synthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const US = jurisdiction('us', { preset: 'US' });
const endpoint = (name: string, country: string, operator = 'azure'): FailoverEndpoint => ({ name, hostname: `${name}.gw.example.net`, country, operator });
const EU_CHAIN = [endpoint('azure-germanywestcentral', 'DE'), endpoint('azure-swedencentral', 'SE'), endpoint('national-cloud', 'FR', 'ovh')];
const ROUTED: TrafficManagerJurisdiction[] = [
  { jurisdiction: EU, chain: EU_CHAIN },
  { jurisdiction: IN, chain: [endpoint('azure-southindia', 'IN'), endpoint('aws-ap-south-1', 'IN', 'aws')] },
  { jurisdiction: US, chain: [endpoint('azure-eastus', 'US'), endpoint('aws-us-east-1', 'US', 'aws')] },
];

function build(props: Partial<TrafficManagerGeoRoutingProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'sovereign-routing');
  const provider = new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const routing = new TrafficManagerGeoRouting(stack, 'tm', {
    provider, resourceGroupName: 'rg-sovereign-routing', profileName: 'sovereign-ai-api', jurisdictions: ROUTED, defaultJurisdiction: null, ...props,
  });
  const json = synthJson(stack);
  const profiles = Object.fromEntries(resourcesOf(json, 'azurerm_traffic_manager_profile').map(([id, p]) => [p.name, { id, ...p }]));
  const nested = resourcesOf(json, 'azurerm_traffic_manager_nested_endpoint').map(([, e]) => e);
  // synthesized JSON is keyed by logical id; order endpoints as Traffic Manager does, by priority
  const external = resourcesOf(json, 'azurerm_traffic_manager_external_endpoint').map(([, e]) => e)
    .sort((a, b) => a.profile_id.localeCompare(b.profile_id) || a.priority - b.priority);
  return { routing, json, profiles, nested, external };
}

const MONITOR = { protocol: 'HTTPS', port: 443, path: '/health', interval_in_seconds: 30, timeout_in_seconds: 10, tolerated_number_of_failures: 3 };

describe('TrafficManagerGeoRouting', () => {
  test('the parent profile routes by geography and monitors HTTPS /health every 30 s', () => {
    const { profiles, routing } = build();
    expect(profiles['sovereign-ai-api']).toMatchObject({
      traffic_routing_method: 'Geographic',
      resource_group_name: 'rg-sovereign-routing',
      profile_status: 'Enabled',
      traffic_view_enabled: false,
      dns_config: { relative_name: 'sovereign-ai-api', ttl: 60 },
      monitor_config: MONITOR,
    });
    expect(Token.isUnresolved(routing.parentFqdn)).toBe(true);
  });

  test.each(['eu', 'in', 'us'])('jurisdiction %s gets a Priority child profile <parent>-<id> with the same monitor', (id) => {
    const { profiles } = build();
    expect(profiles[`sovereign-ai-api-${id}`]).toMatchObject({
      traffic_routing_method: 'Priority',
      dns_config: { relative_name: `sovereign-ai-api-${id}`, ttl: 60 },
      monitor_config: MONITOR,
    });
  });

  test('the child profile lists the chain as external endpoints, priority 1, 2, 3, all enabled', () => {
    const { external, profiles } = build();
    const child = `\${azurerm_traffic_manager_profile.${profiles['sovereign-ai-api-eu'].id}.id}`;
    expect(external.filter((e) => e.profile_id === child).map((e) => [e.name, e.target, e.priority, e.enabled])).toEqual([
      ['azure-germanywestcentral', 'azure-germanywestcentral.gw.example.net', 1, true],
      ['azure-swedencentral', 'azure-swedencentral.gw.example.net', 2, true],
      ['national-cloud', 'national-cloud.gw.example.net', 3, true],
    ]);
    expect(external).toHaveLength(7);
  });

  test('nested endpoints link parent to children with the client countries and minimum_child_endpoints = 1', () => {
    const { nested, profiles } = build();
    const parent = `\${azurerm_traffic_manager_profile.${profiles['sovereign-ai-api'].id}.id}`;
    expect(nested.map((e) => [e.name, e.profile_id, e.target_resource_id, e.minimum_child_endpoints, e.geo_mappings])).toEqual([
      ['eu', parent, `\${azurerm_traffic_manager_profile.${profiles['sovereign-ai-api-eu'].id}.id}`, 1, [...EU_MEMBER_STATES]],
      ['in', parent, `\${azurerm_traffic_manager_profile.${profiles['sovereign-ai-api-in'].id}.id}`, 1, ['IN']],
      ['us', parent, `\${azurerm_traffic_manager_profile.${profiles['sovereign-ai-api-us'].id}.id}`, 1, ['US']],
    ]);
  });

  test('each country appears in one nested endpoint only, GB never as UK, WORLD nowhere without a default', () => {
    const { nested } = build();
    const all = nested.flatMap((e) => e.geo_mappings as string[]);
    expect(all.length).toBe(new Set(all).size);
    expect(all).not.toContain('UK');
    expect(all).not.toContain('WORLD');
  });

  test('the default jurisdiction, and only it, also gets WORLD', () => {
    const { nested, routing } = build({ defaultJurisdiction: 'us' });
    expect(nested.filter((e) => e.geo_mappings.includes('WORLD')).map((e) => e.name)).toEqual(['us']);
    expect(routing.geoMappings.us).toEqual(['US', 'WORLD']);
  });

  test('clientCountries may add GB (never UK) to a jurisdiction', () => {
    const { nested } = build({ jurisdictions: [{ ...ROUTED[0], clientCountries: [...EU_MEMBER_STATES, 'GB'] }] });
    expect(nested[0].geo_mappings).toContain('GB');
  });

  test.each<[string[] | undefined, string[]]>([
    [undefined, []],
    [['primary'], ['azure-germanywestcentral']],
    [['secondary', 'national-cloud'], ['azure-swedencentral', 'national-cloud']],
  ])('drill %j disables exactly the endpoints %j, never a nested endpoint', (fail, disabled) => {
    const { external, nested } = build({ jurisdictions: [{ ...ROUTED[0], drill: fail ? { fail } : undefined }, ROUTED[1]] });
    expect(external.filter((e) => e.enabled === false).map((e) => e.name)).toEqual(disabled);
    expect(external.filter((e) => e.enabled === true)).toHaveLength(5 - disabled.length);
    for (const e of nested) expect(e.enabled).toBeUndefined();
  });

  test('a chain with its own health check path monitors that path', () => {
    const chain = EU_CHAIN.map((e) => ({ ...e, healthCheckPath: '/ready', port: 8443 }));
    const { profiles } = build({ jurisdictions: [{ ...ROUTED[0], chain }] });
    expect(profiles['sovereign-ai-api-eu'].monitor_config).toMatchObject({ path: '/ready', port: 8443 });
  });

  test.each([
    ['sovereign-ai-api', undefined],
    ['a', undefined],
    ['tm.sovereign-ai', undefined],
    ['-tm', 'it does not start and end with a letter or digit'],
    ['tm_sovereign', 'it has characters other than letters, digits, hyphens and periods'],
    ['x'.repeat(64), 'it has 64 characters'],
  ])('profile name %s: %s', (name, why) => {
    const problem = trafficManagerProfileNameProblem(name);
    if (why === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(why);
  });

  test.each<[string, Partial<TrafficManagerGeoRoutingProps>, string]>([
    ['a client country is UK', { jurisdictions: [{ ...ROUTED[0], clientCountries: ['DE', 'UK'] }] }, 'jurisdiction "eu" client country "UK" is not a Traffic Manager country code: the United Kingdom is "GB"'],
    ['a client country is GEO-EU', { jurisdictions: [{ ...ROUTED[0], clientCountries: ['GEO-EU'] }] }, 'it is the regional grouping Europe (geographic'],
    ['a client country is WORLD', { jurisdictions: [{ ...ROUTED[0], clientCountries: ['WORLD'] }] }, 'WORLD is the catch-all, mapped only to the default jurisdiction'],
    ['a country is claimed twice', { jurisdictions: [ROUTED[0], { ...ROUTED[1], clientCountries: ['IN', 'FR'] }] }, 'client country FR is claimed by jurisdictions "eu" and "in"'],
    ['a chain leaves the jurisdiction', { jurisdictions: [{ ...ROUTED[1], chain: [endpoint('azure-southindia', 'IN'), endpoint('aws-eu-central-1', 'DE', 'aws')] }] }, 'endpoint "aws-eu-central-1" runs in DE (Germany), outside jurisdiction "in" (countries: IN)'],
    ['the chain endpoints differ in health check', { jurisdictions: [{ ...ROUTED[0], chain: [EU_CHAIN[0], { ...EU_CHAIN[1], port: 8443 }] }] }, 'endpoints differ in health check (/health on port 443 / /health on port 8443)'],
    ['the drill fails every endpoint', { jurisdictions: [{ ...ROUTED[1], drill: { fail: ['primary', 'secondary'] } }] }, 'it fails every endpoint'],
    ['the parent name is not a profile name', { profileName: 'sovereign_ai' }, 'Traffic Manager profile name "sovereign_ai" is invalid'],
    ['a child name is too long', { profileName: 'p'.repeat(62) }, `child profile of "eu": Traffic Manager profile name "${'p'.repeat(62)}-eu" is invalid: it has 65 characters`],
    ['the default is not routed', { defaultJurisdiction: 'gb' }, 'defaultJurisdiction "gb" is not one of the routed jurisdictions (eu, in, us)'],
    ['a jurisdiction has no client countries and is not the default', { jurisdictions: [{ ...ROUTED[1], clientCountries: [] }] }, 'its nested endpoint would never be chosen'],
    ['the TTL is negative', { ttlSeconds: -1 }, 'ttlSeconds -1 must be an integer from 0 to 86400'],
  ])('fails when %s', (_, props, message) => {
    expect(() => build(props)).toThrow(message);
  });

  test('reports every problem at once', () => {
    expect(() => build({ profileName: 'bad_name', jurisdictions: [{ ...ROUTED[0], clientCountries: ['UK', 'GEO-EU'] }] })).toThrow(
      /profile name "bad_name" is invalid[\s\S]*client country "UK"[\s\S]*client country "GEO-EU"/,
    );
  });

  test('a cross-border chain is accepted with allowCrossBorder', () => {
    const { external } = build({ jurisdictions: [{ ...ROUTED[1], allowCrossBorder: true, chain: [endpoint('azure-southindia', 'IN'), endpoint('aws-eu-central-1', 'DE', 'aws')] }] });
    expect(external.map((e) => e.name)).toEqual(['azure-southindia', 'aws-eu-central-1']);
  });
});
