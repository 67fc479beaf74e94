/**
 * Reads DNS from the synthesized stacks: Route 53 zones with their records and health checks, the
 * routing stack's geolocation records or Traffic Manager profiles, and each jurisdiction's failover
 * chain in the order the records (or priorities) give it.
 */
import { findRegion } from '../catalog';
import type { ChainLink, Component, DnsRecord, Gateway, HealthCheck, TrafficManagerChild, Zone } from './model';
import { operatorOfPartition } from './operators';
import { awsRegionOf, block, follow, literal, referencesTo, resourcesOf, type SynthResource, type SynthStack } from './synth-output';
import { originOf } from './cross-stack';

/** Route 53 of the zone's partition: `route53`, or `route53-eusc` for the European Sovereign Cloud. */
function route53Component(r: SynthResource, label: string): Component {
  const region = awsRegionOf(r.stack, r.attrs);
  const operator = operatorOfPartition(findRegion('aws', region ?? '')?.partition ?? 'aws');
  return { kind: 'dns', label, address: `${originOf(r.stack, r.type, r.name)}/${r.type}.${r.name}`, operator, dnsProvider: operator === 'aws-eusc' ? 'route53-eusc' : 'route53' };
}

function readHealthChecks(stack: SynthStack): Map<string, HealthCheck> {
  const checks = new Map<string, HealthCheck>();
  for (const c of resourcesOf(stack, 'aws_route53_health_check')) {
    const fqdn = String(c.attrs.fqdn ?? c.attrs.ip_address ?? '?');
    checks.set(c.name, { component: route53Component(c, `Route 53 health check ${fqdn}`), fqdn, inverted: c.attrs.invert_healthcheck === true, endpointName: c.attrs.tags?.Name });
  }
  return checks;
}

/**
 * Every Route 53 zone of a stack with its records: zones the stack creates, and zones it only looks up
 * by name (`data.aws_route53_zone`, a zone another stack owns; `lookup: true`), each with the records
 * this stack puts in it. Alias records to API Gateway domains point at the gateway.
 */
export function readZones(stack: SynthStack, gatewayDomains: ReadonlyMap<string, Gateway>): Zone[] {
  const checks = readHealthChecks(stack);
  const records = resourcesOf(stack, 'aws_route53_record').filter((r) => !r.attrs.for_each);
  const owned = resourcesOf(stack, 'aws_route53_zone').map((z) => ({ zone: z, type: 'aws_route53_zone', lookup: false }));
  const looked = Object.entries(stack.json.data?.aws_route53_zone ?? {})
    .filter(([, attrs]) => literal(attrs.name))
    .map(([name, attrs]) => ({ zone: { stack, type: 'data.aws_route53_zone', name, attrs } as SynthResource, type: 'data.aws_route53_zone', lookup: true }));
  return [...owned, ...looked].map(({ zone: z, type, lookup }) => ({
    name: String(z.attrs.name),
    stack: stack.name,
    lookup,
    component: route53Component(z, `Route 53 zone ${z.attrs.name}`),
    records: records
      .filter((r) => referencesTo(r.attrs.zone_id, type).includes(z.name))
      .map((r): DnsRecord => {
        const alias = block(r.attrs.alias) as { name?: string; evaluate_target_health?: boolean } | undefined;
        const domain = alias ? follow(stack, alias.name, 'aws_api_gateway_domain_name') : undefined;
        const check = follow(stack, r.attrs.health_check_id, 'aws_route53_health_check');
        return {
          name: String(r.attrs.name),
          type: String(r.attrs.type),
          failover: block(r.attrs.failover_routing_policy)?.type,
          setIdentifier: r.attrs.set_identifier,
          healthCheck: check ? checks.get(check.name) : undefined,
          targets: Array.isArray(r.attrs.records) ? r.attrs.records.filter((t: unknown) => typeof t === 'string') : [],
          aliasName: alias ? literal(alias.name) : undefined,
          evaluateTargetHealth: alias?.evaluate_target_health,
          aliasGateway: domain ? gatewayDomains.get(domain.name) : undefined,
          geoCountry: block(r.attrs.geolocation_routing_policy)?.country,
        };
      }),
  }));
}

/**
 * One zone per name across the app: a zone created in one stack (the DNS stack) and looked up by
 * name in others carries every stack's records, and the creating stack's component.
 */
export function mergeZonesByName(zones: readonly Zone[]): Map<string, Zone> {
  const byName = new Map<string, Zone>();
  const owner = (z: Zone) => !z.lookup;
  for (const z of [...zones.filter(owner), ...zones.filter((x) => !owner(x))]) {
    const seen = byName.get(z.name);
    byName.set(z.name, seen ? { ...seen, records: [...seen.records, ...z.records] } : { ...z, records: [...z.records] });
  }
  return byName;
}

/** Traffic Manager: the Geographic parent and, per nested endpoint (named by jurisdiction id), its Priority child's endpoints. */
export function readTrafficManager(stack: SynthStack): { component: Component; children: TrafficManagerChild[] } | undefined {
  const parent = resourcesOf(stack, 'azurerm_traffic_manager_profile').find((p) => p.attrs.traffic_routing_method === 'Geographic');
  if (!parent) return undefined;
  const external = resourcesOf(stack, 'azurerm_traffic_manager_external_endpoint');
  const children = resourcesOf(stack, 'azurerm_traffic_manager_nested_endpoint').map((n) => {
    const child = follow(stack, n.attrs.target_resource_id, 'azurerm_traffic_manager_profile');
    const endpoints = external
      .filter((e) => child && follow(stack, e.attrs.profile_id, 'azurerm_traffic_manager_profile')?.name === child.name)
      .map((e) => ({ name: String(e.attrs.name), target: String(e.attrs.target), priority: Number(e.attrs.priority ?? 1), enabled: e.attrs.enabled !== false }))
      .sort((a, b) => a.priority - b.priority);
    return { jurisdiction: String(n.attrs.name), countries: (n.attrs.geo_mappings ?? []) as string[], endpoints };
  });
  const component: Component = { kind: 'dns', label: `Traffic Manager profile ${parent.attrs.name}`, address: `${stack.name}/${parent.type}.${parent.name}`, operator: 'azure', dnsProvider: 'traffic-manager' };
  return { component, children };
}

/** The zone that serves `name`: the longest zone name it ends with. */
export function zoneFor(zones: readonly Zone[], name: string): Zone | undefined {
  return zones.filter((z) => name === z.name || name.endsWith(`.${z.name}`)).sort((a, b) => b.name.length - a.name.length)[0];
}

/** Failover records at `name` (PRIMARY first). */
export function failoverSet(zone: Zone, name: string): DnsRecord[] {
  const rank = (r: DnsRecord) => (r.failover === 'PRIMARY' ? 0 : 1);
  return zone.records.filter((r) => r.name === name && r.failover).sort((a, b) => rank(a) - rank(b));
}

/**
 * The failover set no other set aliases to: the jurisdiction's service name. A zone may hold a second one,
 * the country-routed chain (`<service>-country.<id>.<domain>`, the geolocation records' `countryTarget`),
 * which is not the service name unless it is the only one.
 */
export function serviceNameOf(zone: Zone, countryTarget?: string): string | undefined {
  const aliased = new Set(zone.records.map((r) => r.aliasName).filter((n): n is string => !!n));
  const heads = [...new Set(zone.records.filter((r) => r.failover && !aliased.has(r.name)).map((r) => r.name))];
  return heads.find((n) => n !== countryTarget) ?? heads[0];
}

/** A chain of one: the endpoint a plain CNAME at `name` points to (the country-routed name where one tier serves it). */
export function singleLinkChain(zone: Zone, name: string): ChainLink[] {
  const rec = zone.records.find((r) => r.name === name && !r.failover && r.type === 'CNAME' && r.targets[0]);
  return rec ? [{ position: 1, name: rec.targets[0], hostname: rec.targets[0], via: `${name} CNAME` }] : [];
}

/** Walks the nested failover sets from `start`: PRIMARY leaf, then the SECONDARY (a leaf, or an alias to the next tier). */
export function route53Chain(zone: Zone, start: string): ChainLink[] {
  const links: ChainLink[] = [];
  const seen = new Set<string>();
  let name: string | undefined = start;
  while (name && !seen.has(name)) {
    seen.add(name);
    const set = failoverSet(zone, name);
    name = undefined;
    for (const r of set) {
      if (r.targets[0]) links.push({ position: links.length + 1, name: r.healthCheck?.endpointName ?? r.targets[0], hostname: r.targets[0], via: `${r.name} ${r.failover}` });
      else if (r.aliasName) name = r.aliasName;
    }
  }
  return links;
}

export function trafficManagerChain(child: TrafficManagerChild): ChainLink[] {
  return child.endpoints.map((e, i) => ({ position: i + 1, name: e.name, hostname: e.target, via: `Traffic Manager priority ${e.priority}${e.enabled ? '' : ' (disabled: drill)'}` }));
}
