/**
 * The country-routed name `<service>.<domain>` goes only to tiers that serve it (a certificate for it,
 * accepted as Host): JurisdictionZone's second failover set `<service>-country.<id>.<domain>` with the
 * same health checks, and GlobalGeoRouting's records pointing there, or nowhere (never at another
 * jurisdiction). Unchanged records when every tier serves it.
 */
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { jurisdiction } from '../../lib/catalog';
import { GlobalGeoRouting, JurisdictionZone, type GeoRoutedJurisdiction, type JurisdictionZoneProps } from '../../lib/dns/aws';
import type { FailoverEndpoint } from '../../lib/dns/chain';
import { countryTargetFor } from '../../lib/dns/names';
import { resourcesOf, synthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const CHAIN: FailoverEndpoint[] = [
  { name: 'aws-eu-central-1', hostname: 'eu-central-1.eu.ai.example.com', country: 'DE', operator: 'aws' },
  { name: 'azure-swedencentral', hostname: 'swedencentral.eu.ai.example.com', country: 'SE', operator: 'azure' },
  { name: 'aws-eu-west-3', hostname: 'eu-west-3.eu.ai.example.com', country: 'FR', operator: 'aws' },
  { name: 'natcloud', hostname: 'ai.natcloud.example.fr', country: 'FR', operator: 'natcloud-fr' },
];

function zone(props: Partial<JurisdictionZoneProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'sovereign-eu-inference');
  const provider = new AwsProvider(stack, 'aws-eu-central-1', { region: 'eu-central-1', alias: 'eu-central-1' });
  const z = new JurisdictionZone(stack, 'dns', { provider, jurisdiction: EU, domain: 'ai.example.com', chain: CHAIN, hostedZoneId: 'Z123', ...props });
  const json = synthJson(stack);
  const records = resourcesOf(json, 'aws_route53_record').map(([id, r]) => ({ id, ...r }));
  const checkOf = Object.fromEntries(resourcesOf(json, 'aws_route53_health_check').map(([id, c]) => [`\${aws_route53_health_check.${id}.id}`, c.tags.Name]));
  return { zone: z, json, records, checkOf, checks: resourcesOf(json, 'aws_route53_health_check') };
}

describe('JurisdictionZone: the country-routed chain', () => {
  test('every tier serves it: no second set, the same JSON as without countryChain; the geolocation target is the service name', () => {
    const all = zone({ countryChain: CHAIN.map((e) => e.name) });
    expect(all.json).toEqual(zone().json);
    expect(all.records.some((r) => r.name.includes('-country.'))).toBe(false);
    expect(all.zone.countryTarget).toBe('api.eu.ai.example.com');
  });

  test('some tiers serve it: a second nested failover set of those tiers, in chain order, with the same health checks (none added)', () => {
    const { zone: z, records, checkOf, checks } = zone({ countryChain: ['natcloud', 'aws-eu-central-1', 'aws-eu-west-3'] });
    expect(checks).toHaveLength(CHAIN.length);
    expect(z.countryTarget).toBe('api-country.eu.ai.example.com');
    const country = records.filter((r) => r.name.endsWith('api-country.eu.ai.example.com'));
    const view = country.map((r) => [r.name, r.failover_routing_policy.type, r.records?.[0] ?? `alias ${r.alias.name}`, checkOf[r.health_check_id] ?? '-', r.set_identifier]);
    expect(view.sort()).toEqual([
      ['api-country.eu.ai.example.com', 'PRIMARY', 'eu-central-1.eu.ai.example.com', 'aws-eu-central-1', 'country-tier1-primary'],
      ['api-country.eu.ai.example.com', 'SECONDARY', 'alias tier2.api-country.eu.ai.example.com', '-', 'country-tier1-secondary'],
      ['tier2.api-country.eu.ai.example.com', 'PRIMARY', 'eu-west-3.eu.ai.example.com', 'aws-eu-west-3', 'country-tier2-primary'],
      ['tier2.api-country.eu.ai.example.com', 'SECONDARY', 'ai.natcloud.example.fr', 'natcloud', 'country-tier2-secondary'],
    ].sort());
    expect(country.find((r) => r.alias)!.alias.evaluate_target_health).toBe(true);
    expect(records.filter((r) => r.name === 'api.eu.ai.example.com').map((r) => r.records?.[0] ?? r.alias.name)).toEqual(['eu-central-1.eu.ai.example.com', 'tier2.api.eu.ai.example.com']);
    expect(country.every((r) => !['azure-swedencentral'].includes(checkOf[r.health_check_id]))).toBe(true);
  });

  test('one tier serves it: a plain CNAME (nothing to fail over to)', () => {
    const { zone: z, records } = zone({ countryChain: ['aws-eu-central-1'] });
    expect(z.countryTarget).toBe('api-country.eu.ai.example.com');
    expect(records.filter((r) => r.name.includes('-country.'))).toEqual([
      expect.objectContaining({ name: 'api-country.eu.ai.example.com', type: 'CNAME', ttl: 60, records: ['eu-central-1.eu.ai.example.com'] }),
    ]);
    expect(records.find((r) => r.name === 'api-country.eu.ai.example.com')!.failover_routing_policy).toBeUndefined();
  });

  test('no tier serves it: no record, no target', () => {
    const { zone: z, records } = zone({ countryChain: [] });
    expect(z.countryTarget).toBeUndefined();
    expect(records.some((r) => r.name.includes('-country.'))).toBe(false);
  });

  test('a name that is not in the chain is refused', () => {
    expect(() => zone({ countryChain: ['aws-eu-central-1', 'ovh'] })).toThrow(/countryChain names ovh, not in the chain \(aws-eu-central-1, azure-swedencentral, aws-eu-west-3, natcloud\)/);
  });

  test('countryTargetFor gives what JurisdictionZone gives for the same counts', () => {
    expect(countryTargetFor(4, 4, 'api', 'eu', 'ai.example.com')).toBeUndefined();
    expect(countryTargetFor(4, 1, 'api', 'eu', 'ai.example.com')).toBe(zone({ countryChain: ['aws-eu-central-1'] }).zone.countryTarget);
    expect(countryTargetFor(4, 0, 'api', 'eu', 'ai.example.com')).toBeNull();
  });
});

describe('GlobalGeoRouting: country records go only where the name is served', () => {
  function routing(eu: Partial<GeoRoutedJurisdiction>, defaultJurisdiction: string | null = 'eu') {
    const stack = new TerraformStack(Testing.app(), 'sovereign-routing');
    const provider = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    new GlobalGeoRouting(stack, 'geo', { provider, domain: 'ai.example.com', hostedZoneId: 'Z1', defaultJurisdiction, jurisdictions: [{ jurisdiction: EU, ...eu }, { jurisdiction: IN }] });
    const geo = resourcesOf(synthJson(stack), 'aws_route53_record').map(([, r]) => r);
    return (country: string) => geo.find((r) => r.geolocation_routing_policy.country === country)!.records[0];
  }

  test('a country target in the zone: the jurisdiction\'s countries and the default point there; others unchanged', () => {
    const target = routing({ countryTarget: 'api-country.eu.ai.example.com' });
    expect([target('DE'), target('*'), target('IN')]).toEqual(['api-country.eu.ai.example.com', 'api-country.eu.ai.example.com', 'api.in.ai.example.com']);
  });

  test('null (no tier serves it): its countries, and the default when it is the default, resolve nowhere, never to another jurisdiction', () => {
    const target = routing({ countryTarget: null });
    expect([target('DE'), target('FR'), target('*')]).toEqual(['unrouted.ai.example.com', 'unrouted.ai.example.com', 'unrouted.ai.example.com']);
    expect(target('IN')).toBe('api.in.ai.example.com');
  });

  test('a target outside the jurisdiction zone is refused', () => {
    expect(() => routing({ countryTarget: 'api.in.ai.example.com' })).toThrow(/countryTarget "api\.in\.ai\.example\.com" of jurisdiction "eu" is not in its zone eu\.ai\.example\.com: its clients would leave the jurisdiction/);
  });
});
