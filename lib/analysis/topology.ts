/**
 * Builds the topology of a synthesized app: per jurisdiction stack (found by its `jurisdiction`
 * tag) its gateways, models, stores, keys, state and DNS; the routing stack (the stack without one);
 * and what the policy declares that Terraform cannot show.
 */
import { JURISDICTION_PRESETS, type CountryCode } from '../catalog';
import type { DeclaredEndpoint, DeclaredJurisdiction, SovereigntyDeclarations } from './declarations';
import type { ChainLink, Component, Gateway, JurisdictionTopology, Routing, Topology, Zone } from './model';
import { operatorTable } from './operators';
import { foldCrossStackReferences } from './cross-stack';
import { failoverSet, mergeZonesByName, readTrafficManager, readZones, route53Chain, serviceNameOf, singleLinkChain, trafficManagerChain, zoneFor } from './topology-dns';
import { readStackResources, readStateBackend, readStateKey, type StackResources } from './topology-resources';
import { awsDefaultTags, type SynthOutput, type SynthStack } from './synth-output';
import { withSovereignTiers } from './topology-sovereign';

const NOTHING_DECLARED: DeclaredJurisdiction = Object.freeze({ survives: [], allowCrossBorder: false, endpoints: [] });

/** `EU` → the 27 member states; `DE+AT` → [DE, AT]. */
export function residencyCountries(residency: string): readonly CountryCode[] {
  return Object.hasOwn(JURISDICTION_PRESETS, residency) ? JURISDICTION_PRESETS[residency as keyof typeof JURISDICTION_PRESETS].countries : residency.split('+');
}

/** The `jurisdiction` and `data-residency` tags of a stack (AWS provider default tags, else any azurerm resource's tags). */
function residencyTagsOf(stack: SynthStack): { jurisdiction?: string; residency?: string } {
  const aws = awsDefaultTags(stack);
  if (aws.jurisdiction) return { jurisdiction: aws.jurisdiction, residency: aws['data-residency'] };
  for (const byName of Object.values(stack.json.resource ?? {})) {
    for (const attrs of Object.values(byName)) {
      if (attrs.tags?.jurisdiction) return { jurisdiction: attrs.tags.jurisdiction, residency: attrs.tags['data-residency'] };
    }
  }
  return {};
}

export function declaredEndpointComponent(e: DeclaredEndpoint): Component {
  return { kind: 'endpoint', label: `endpoint ${e.name} (${e.hostname}, declared)`, address: `declared:${e.name}`, operator: e.operator, country: e.country, declared: true };
}

interface StackView {
  readonly stack: SynthStack;
  readonly jurisdiction?: string;
  readonly residency?: string;
  readonly resources: StackResources;
  readonly zones: Zone[];
}

function readRouting(view: StackView | undefined, declarations: SovereigntyDeclarations, zonesByName: ReadonlyMap<string, Zone>): Routing | undefined {
  if (!view) return undefined;
  const parent = view.zones.find((z) => z.records.some((r) => r.geoCountry));
  return {
    stack: view.stack.name,
    parentZone: parent ? zonesByName.get(parent.name) ?? parent : undefined,
    trafficManager: readTrafficManager(view.stack),
    state: readStateBackend(view.stack, declarations.routingStateLocation, declarations.routingStateOperator),
    stateKey: readStateKey(view.stack, declarations.routingStateKeyLocation),
  };
}

/** The tiers the country-routed name reaches: the jurisdiction's chain, a second failover set or one CNAME in its zone, or none. */
function countryChainOf(zone: Zone | undefined, target: string, serviceName: string | undefined, chain: readonly ChainLink[]): readonly ChainLink[] {
  if (target === serviceName) return chain;
  if (!zone || !(target === zone.name || target.endsWith(`.${zone.name}`))) return [];
  const links = failoverSet(zone, target).length ? route53Chain(zone, target) : singleLinkChain(zone, target);
  return links.map((l) => ({ ...l, name: chain.find((c) => c.hostname === l.hostname)?.name ?? l.name }));
}

function jurisdictionOf(view: StackView, all: { zones: readonly Zone[]; zonesByName: ReadonlyMap<string, Zone>; routing?: Routing; declarations: SovereigntyDeclarations }): JurisdictionTopology {
  const id = view.jurisdiction!;
  const declared = all.declarations.jurisdictions[id] ?? NOTHING_DECLARED;
  // The zone its records go into (created here, or by the DNS stack and looked up by name), with every stack's records.
  const own = view.zones.find((z) => z.records.some((r) => r.failover)) ?? view.zones[0];
  const zone = own ? all.zonesByName.get(own.name) ?? own : undefined;
  const parent = all.routing?.parentZone;
  // The jurisdiction's geolocation records: set identifier `<id>-<country>` (GlobalGeoRouting), or a target in its zone.
  const geo = (parent?.records ?? []).filter((r) => r.geoCountry && r.geoCountry !== '*' && (r.setIdentifier === `${id}-${r.geoCountry}` || (zone && r.targets[0] && zoneFor(all.zones, r.targets[0]) === zone)));
  const tm = all.routing?.trafficManager?.children.find((c) => c.jurisdiction === id);
  const countryTarget = geo[0]?.targets[0];
  const serviceName = zone ? serviceNameOf(zone, countryTarget) : countryTarget;
  const chain = tm ? trafficManagerChain(tm) : zone && serviceName ? route53Chain(zone, serviceName) : [];
  const countryRoute = !tm && geo[0] && countryTarget ? { name: geo[0].name, target: countryTarget, chain: countryChainOf(zone, countryTarget, serviceName, chain) } : undefined;
  const r = view.resources;
  const state = readStateBackend(view.stack, declared.stateLocation, declared.stateOperator);
  const stateKey = readStateKey(view.stack, declared.stateKeyLocation);
  const checks = (zone?.records ?? []).map((rec) => rec.healthCheck?.component).filter((c): c is Component => !!c);
  const components = [
    ...r.gateways.map((g) => g.component),
    ...r.models.map((m) => m.component),
    ...r.stores.flatMap((s) => s.copies.map((c) => c.component)),
    ...r.keys.values(),
    state,
    ...(stateKey ? [stateKey] : []),
    ...(zone ? [zone.component] : []),
    ...new Set(checks),
    ...declared.endpoints.map(declaredEndpointComponent),
  ];
  return {
    id,
    stack: view.stack.name,
    residency: view.residency ?? id,
    countries: residencyCountries(view.residency ?? ''),
    clientCountries: tm ? tm.countries.filter((c) => c !== 'WORLD') : geo.map((g) => g.geoCountry!),
    gateways: r.gateways,
    models: r.models,
    stores: r.stores,
    keys: [...r.keys.values()],
    state,
    stateKey,
    zone,
    serviceName: tm ? undefined : serviceName,
    chain,
    countryRoute,
    declared,
    components,
  };
}

export function buildTopology(synthesized: SynthOutput, declarations: SovereigntyDeclarations): Topology {
  // A jurisdiction's inference stack reads its base stack by cross-stack references: analyze them as one.
  const synth = foldCrossStackReferences(synthesized);
  const views: StackView[] = synth.stacks.map((stack) => {
    const resources = readStackResources(stack);
    return { stack, ...residencyTagsOf(stack), resources, zones: readZones(stack, resources.gatewayDomains) };
  });
  const zonesByName = mergeZonesByName(views.flatMap((v) => v.zones));
  const zones = [...zonesByName.values()];
  const isRouting = (v: StackView) => !v.jurisdiction && (v.zones.some((z) => z.records.some((r) => r.geoCountry)) || !!readTrafficManager(v.stack));
  const routingView = views.find(isRouting);
  // One stack per jurisdiction carries its gateways, stores and zone; others with the same tag (e.g. guardrails) are listed, not analyzed.
  const weight = (v: StackView) => v.resources.gateways.length + v.resources.stores.length + v.resources.models.length + v.zones.length + v.resources.keys.size;
  const main = new Map<string, StackView>();
  for (const v of views.filter((x) => x.jurisdiction)) if (!main.has(v.jurisdiction!) || weight(v) > weight(main.get(v.jurisdiction!)!)) main.set(v.jurisdiction!, v);
  const analyzed = new Set([...main.values(), ...(routingView ? [routingView] : [])]);
  // The stack that creates the zones the analyzed stacks put their records in (the DNS stack) is read too.
  const zoneOwners = new Set([...zonesByName.values()].filter((z) => !z.lookup && [...analyzed].some((v) => v.zones.some((own) => own.name === z.name))).map((z) => z.stack));
  for (const v of views) if (zoneOwners.has(v.stack.name)) analyzed.add(v);
  const routing = readRouting(routingView, declarations, zonesByName);
  const gatewaysByHost = new Map<string, Gateway>();
  for (const g of views.flatMap((v) => v.resources.gateways)) for (const h of g.hostnames) gatewaysByHost.set(h, g);
  const declaredByHost = new Map<string, DeclaredEndpoint>();
  for (const j of Object.values(declarations.jurisdictions)) for (const e of j.endpoints) declaredByHost.set(e.hostname, e);
  return withSovereignTiers({
    outdir: synth.outdir,
    jurisdictions: views.filter((v) => analyzed.has(v) && v.jurisdiction).map((v) => jurisdictionOf(v, { zones, zonesByName, routing, declarations })),
    analyzedStacks: views.filter((v) => analyzed.has(v)).flatMap((v) => v.stack.parts ?? [v.stack.name]).sort(),
    otherStacks: views.filter((v) => !analyzed.has(v)).map((v) => v.stack.name),
    zones,
    routing,
    gatewaysByHost,
    declaredByHost,
    externalDns: declarations.externalDns,
    operators: operatorTable(declarations.operators),
    declarations,
  }, synth);
}
