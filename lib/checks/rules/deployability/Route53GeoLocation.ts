import { isRoute53CountryCode, ROUTE53_CONTINENTS, ROUTE53_DEFAULT_LOCATION, route53CountryProblem, TRAFFIC_MANAGER_SUBDIVISIONS } from '../../../catalog';
import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { block, isUnresolved } from '../support';

const US_STATES = new Set(TRAFFIC_MANAGER_SUBDIVISIONS.filter((s) => s.startsWith('US-')).map((s) => s.slice(3)));

function locationOf(geo: Record<string, any>): string {
  return ['continent', 'country', 'subdivision'].map((k) => geo[k] ?? '').join('/');
}

/** Sovereign-Route53GeoLocation: what the Route 53 API (not the provider) refuses in geolocation records. */
export const Route53GeoLocation = defineRule(
  {
    id: 'Sovereign-Route53GeoLocation',
    level: 'error',
    family: 'deployability',
    description:
      'An `aws_route53_record` with `geolocation_routing_policy` names either a continent (AF AN AS EU NA OC SA) or a country (ISO 3166-1 alpha-2, or `*` for the default record), never both; a subdivision only with country US (a US state); has a `set_identifier`; and no other record of the zone has the same name, type and location.',
    appliesTo: ['aws_route53_record'],
  },
  function Route53GeoLocation(record, ctx) {
    const geo = block(record.attrs.geolocation_routing_policy);
    if (!geo) return NOT_APPLICABLE;
    if (Object.values(geo).some(isUnresolved)) return NOT_APPLICABLE;
    const { continent, country, subdivision } = geo;
    const twins = ctx
      .resourcesOfType('aws_route53_record')
      .filter((r) => r !== record && r.attrs.zone_id === record.attrs.zone_id && r.attrs.name === record.attrs.name && r.attrs.type === record.attrs.type)
      .filter((r) => { const g = block(r.attrs.geolocation_routing_policy); return !!g && locationOf(g) === locationOf(geo); });
    return verdict([
      continent !== undefined && country !== undefined && 'continent and country are both set (the API refuses InvalidInput); give one',
      continent === undefined && country === undefined && 'neither continent nor country is set',
      continent !== undefined && !(continent in ROUTE53_CONTINENTS) && `continent "${continent}" is not one of ${Object.keys(ROUTE53_CONTINENTS).join(', ')}`,
      country !== undefined && country !== ROUTE53_DEFAULT_LOCATION && !isRoute53CountryCode(country) && route53CountryProblem(country),
      subdivision !== undefined && country !== 'US' && `subdivision "${subdivision}" needs country US (Route 53 subdivisions are US states)`,
      subdivision !== undefined && country === 'US' && !US_STATES.has(subdivision) && `subdivision "${subdivision}" is not a US state code`,
      !record.attrs.set_identifier && 'no set_identifier (every routing-policy record needs one)',
      twins.length > 0 && `${twins.map((t) => t.address).join(', ')} already routes ${record.attrs.name} ${record.attrs.type} for the same location`,
    ]);
  },
);
