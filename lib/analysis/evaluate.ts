/**
 * One jurisdiction under one scenario: does inference answer its clients, is its data readable, can
 * its state be managed. Inference follows the real records: the routing layer's answer for the
 * jurisdiction's client countries, the delegation, then the failover sets, where the first record
 * whose health check passes wins (Route 53 answers the PRIMARY when every check fails), down to the
 * gateway, its model and the model's key.
 */
import { CONTRACT_BROKEN, contractBreaks, declaredContract, type Credential, type ExpectedContract, type TierContract } from './contract';
import type { DeclaredEndpoint, DeclaredExternalDns } from './declarations';
import { dedupeHops, hopOf, withHop, type Hop } from './hops';
import type { ChainLink, Component, DnsRecord, Gateway, JurisdictionTopology, Topology, Zone } from './model';
import { lossOf, operatorNote, type Scenario } from './scenarios';
import { failoverSet, zoneFor } from './topology-dns';
import { declaredEndpointComponent } from './topology';
import { domainLoss, powerDnsPath } from './domain-path';

export interface Verdict {
  readonly ok: boolean;
  /** Who answers and how, or what is left. */
  readonly summary: string;
  /** Each link that breaks, in words. */
  readonly broken: readonly string[];
  /** Inference that answers: the path from the clients to the tier, hop by hop (operator and country of each). */
  readonly hops?: readonly Hop[];
}

interface Ctx {
  readonly topo: Topology;
  readonly scenario: Scenario;
  /** The jurisdiction's client contract: a tier that breaks it does not answer (absent: not judged, e.g. health checks). */
  readonly expect?: ExpectedContract;
  /** Without a jurisdiction JWT: the credential of the chain's first tier, which its clients hold. */
  readonly fallback?: Credential;
}

/** Why the client cannot use a tier (as one line), or undefined. */
function contractProblem(contract: TierContract | undefined, what: string, ctx: Ctx): string | undefined {
  if (!ctx.expect) return undefined;
  const breaks = contractBreaks(contract, ctx.expect, ctx.fallback);
  return breaks.length ? `${what} ${CONTRACT_BROKEN}: it ${breaks.join('; it ')}` : undefined;
}

interface Answer {
  readonly ok: boolean;
  readonly by?: string;
  readonly path: readonly string[];
  readonly why: readonly string[];
  /** The path broke at DNS (a zone or provider that does not answer), not at a gateway. */
  readonly dnsFailed?: boolean;
  /** When ok: who answers, hop by hop, after the clients. */
  readonly hops?: readonly Hop[];
}

interface Loss {
  readonly subject: string;
  readonly loss: string;
}

const MAX_HOPS = 16;

function lost(c: Component, ctx: Ctx): string | undefined {
  return lossOf(c, ctx.scenario, ctx.topo.operators);
}

function who(c: Component, ctx: Ctx): string {
  return `${c.label} (${operatorNote(c, ctx.topo.operators)})`;
}

/** "a (…) and b (…) are cut off; c is down with region x" */
export function joinLosses(items: readonly Loss[]): string {
  const groups = new Map<string, string[]>();
  for (const { subject, loss } of items) groups.set(loss, [...(groups.get(loss) ?? []), subject]);
  return [...groups].map(([loss, subjects]) => {
    if (subjects.length === 1) return `${subjects[0]} ${loss}`;
    const list = `${subjects.slice(0, -1).join(', ')} and ${subjects[subjects.length - 1]}`;
    return `${list} ${loss.replace(/^is /, 'are ').replace(/^does not /, 'do not ')}`;
  }).join('; ');
}

function fail(path: readonly string[], why: string, dnsFailed = false): Answer {
  return { ok: false, path, why: [why], dnsFailed };
}

/** The gateway, its model and the model's keys: the first one lost, as a Loss about `name`. */
function gatewayLoss(g: Gateway, name: string, ctx: Ctx): Loss | undefined {
  const own = lost(g.component, ctx);
  if (own) return { subject: `${name} (${operatorNote(g.component, ctx.topo.operators)})`, loss: own };
  if (!g.model) return { subject: name, loss: `has no model behind ${g.component.label}` };
  for (const c of [g.model.component, ...g.model.keys]) {
    const l = lost(c, ctx);
    if (l) return { subject: `${name}'s ${c.kind} ${who(c, ctx)}`, loss: l };
  }
  return undefined;
}

/** What serves `host` (following records, ignoring the scenario) and whether it is lost. */
function endpointLoss(host: string, name: string, ctx: Ctx, hops = 0): Loss | undefined {
  const zone = zoneFor(ctx.topo.zones, host);
  const rec = zone?.records.find((r) => r.name === host && !r.failover && !r.geoCountry && r.type !== 'NS');
  if (rec?.aliasGateway) return gatewayLoss(rec.aliasGateway, name, ctx);
  const next = rec?.aliasName ?? rec?.targets[0];
  if (next && hops < MAX_HOPS) return endpointLoss(next, name, ctx, hops + 1);
  const g = ctx.topo.gatewaysByHost.get(host);
  if (g) return gatewayLoss(g, name, ctx);
  const e = ctx.topo.declaredByHost.get(host);
  if (e) {
    const c = declaredEndpointComponent(e);
    const l = lost(c, ctx);
    return l ? { subject: `${name} (${operatorNote(c, ctx.topo.operators)})`, loss: l } : undefined;
  }
  return { subject: `${name} (${host})`, loss: 'is served by no zone synthesized here and by no declared endpoint' };
}

/** Why a zone does not answer: its provider is lost, or the parent zone that delegates to it. */
function zoneDown(zone: Zone, ctx: Ctx): string | undefined {
  const parent = ctx.topo.zones.filter((z) => z !== zone && zone.name.endsWith(`.${z.name}`)).sort((a, b) => b.name.length - a.name.length)[0];
  for (const z of parent ? [parent, zone] : [zone]) {
    const l = lost(z.component, ctx);
    if (l) return `DNS: ${z.component.dnsProvider} (${operatorNote(z.component, ctx.topo.operators)}) ${l}: ${z.name} does not resolve`;
  }
  if (parent && !parent.records.some((r) => r.type === 'NS' && r.name === zone.name)) return `DNS: ${zone.name} is not delegated from ${parent.name}`;
  return undefined;
}

/** resolveHost, with the zone that answers for `host` as a hop of the path. */
function resolve(host: string, ctx: Ctx, name = host, hops = 0): Answer {
  const a = resolveHost(host, ctx, name, hops);
  const zone = a.ok ? zoneFor(ctx.topo.zones, host) : undefined;
  return zone ? withHop(hopOf(zone.component, 'dns'), a) : a;
}

function resolveHost(host: string, ctx: Ctx, name = host, hops = 0): Answer {
  if (hops > MAX_HOPS) return fail([host], `${host}: more than ${MAX_HOPS} CNAME or alias hops`);
  const zone = zoneFor(ctx.topo.zones, host);
  if (zone) {
    const down = zoneDown(zone, ctx);
    if (down) return fail([host], down, true);
    const set = failoverSet(zone, host);
    if (set.length) return viaFailover(set, ctx, hops);
    const rec = zone.records.find((r) => r.name === host && !r.geoCountry && r.type !== 'NS');
    if (rec?.aliasGateway) return gatewayAnswer(rec.aliasGateway, host, name, ctx);
    const next = rec?.aliasName ?? rec?.targets[0];
    if (!next) return fail([host], `${host} has no record in zone ${zone.name}${ctx.topo.declaredByHost.has(host) ? ' (a declared endpoint: nothing synthesized here points its name anywhere)' : ''}`);
    const a = resolve(next, ctx, name, hops + 1);
    return { ...a, path: [host, ...a.path] };
  }
  const g = ctx.topo.gatewaysByHost.get(host);
  if (g) return gatewayAnswer(g, host, name, ctx);
  const e = ctx.topo.declaredByHost.get(host);
  if (e) return declaredAnswer(e, host, name, ctx);
  return fail([host], `${host} is served by no zone synthesized here and by no declared endpoint`);
}

function declaredAnswer(e: DeclaredEndpoint, host: string, name: string, ctx: Ctx): Answer {
  const c = declaredEndpointComponent(e);
  const l = lost(c, ctx);
  if (l) return fail([host], `${name} (${operatorNote(c, ctx.topo.operators)}) ${l}`);
  const broken = contractProblem(declaredContract(e.contract), `${name} (${e.hostname}, declared)`, ctx);
  return broken ? fail([host], broken) : { ok: true, by: `${name} (${e.hostname}, ${operatorNote(c, ctx.topo.operators)}, runs in ${e.country})`, path: [host], why: [], hops: [hopOf(c)] };
}

/**
 * The tier a chain link's host name leads to, following the zones' records as their copy on another
 * server (PowerDNS) serves them: whichever provider is down, without failover sets (the link names one tier).
 */
function tierAnswer(host: string, ctx: Ctx, name: string, hops = 0): Answer {
  const rec = zoneFor(ctx.topo.zones, host)?.records.find((r) => r.name === host && !r.failover && !r.geoCountry && r.type !== 'NS');
  if (rec?.aliasGateway) return gatewayAnswer(rec.aliasGateway, host, name, ctx);
  const next = rec?.aliasName ?? rec?.targets[0];
  if (next && hops < MAX_HOPS) {
    const a = tierAnswer(next, ctx, name, hops + 1);
    return { ...a, path: [host, ...a.path] };
  }
  const g = ctx.topo.gatewaysByHost.get(host);
  if (g) return gatewayAnswer(g, host, name, ctx);
  const e = ctx.topo.declaredByHost.get(host);
  return e ? declaredAnswer(e, host, name, ctx) : fail([host], `${host} is served by no zone synthesized here and by no declared endpoint`);
}

function gatewayAnswer(g: Gateway, host: string, name: string, ctx: Ctx): Answer {
  const l = gatewayLoss(g, name, ctx);
  if (l) return fail([host], joinLosses([l]));
  const broken = contractProblem(g.contract, `${name} (${g.component.label})`, ctx);
  if (broken) return fail([host], broken);
  const hops = [hopOf(g.component), ...(g.model ? [hopOf(g.model.component, 'model', g.model.detail)] : [])];
  return { ok: true, by: `${name} (${g.component.label} in ${g.component.region}, ${g.model?.detail ?? 'no model'})`, path: [host], why: [], hops };
}

/** Route 53 failover: the first record whose health is good answers; with none healthy, the PRIMARY. */
function viaFailover(set: readonly DnsRecord[], ctx: Ctx, hops: number): Answer {
  // Health is what Route 53 sees (/health answers), not the client contract: a healthy tier that breaks it still gets the clients.
  const health: Ctx = { topo: ctx.topo, scenario: ctx.scenario };
  const healthy = (r: DnsRecord): boolean => {
    if (r.healthCheck) return resolve(r.healthCheck.fqdn, health, r.healthCheck.endpointName, hops + 1).ok !== r.healthCheck.inverted;
    if (r.aliasName && r.evaluateTargetHealth) return resolve(r.aliasName, health, r.aliasName, hops + 1).ok;
    return true;
  };
  const found = set.find(healthy);
  const chosen = found ?? set[0];
  const next = chosen.targets[0] ?? chosen.aliasName;
  const label = `${chosen.name} ${chosen.failover}`;
  if (!next) return fail([label], `${label} has no target`);
  const a = resolve(next, ctx, chosen.healthCheck?.endpointName ?? next, hops + 1);
  // Every check failed: Route 53 answers the PRIMARY. Name the drills that made a live endpoint look failed.
  const drills = found ? [] : set.filter((r) => r.healthCheck?.inverted).map((r) => `${r.healthCheck!.endpointName ?? r.healthCheck!.fqdn}: its health check is inverted by a drill (failover.drill), so Route 53 sees it failed`);
  return { ...a, path: [label, ...a.path], why: [...a.why, ...drills] };
}

/** The path clients of the jurisdiction take: the routing layer, then the jurisdiction's own names. */
function clientPath(j: JurisdictionTopology, ctx: Ctx): Answer {
  const routing = ctx.topo.routing;
  const tm = routing?.trafficManager;
  if (tm) {
    const l = lost(tm.component, ctx);
    if (l) return fail([tm.component.label], `DNS: traffic-manager (${operatorNote(tm.component, ctx.topo.operators)}) ${l}`, true);
    const endpoints = tm.children.find((c) => c.jurisdiction === j.id)?.endpoints.filter((e) => e.enabled) ?? [];
    if (!endpoints.length) return fail([tm.component.label], `Traffic Manager has no enabled endpoint for ${j.id}`);
    const answers = endpoints.map((e) => ({ e, a: resolve(e.target, ctx, e.name) }));
    const { e, a } = answers.find((x) => x.a.ok) ?? answers[0];
    return withHop(hopOf(tm.component, 'dns'), { ...a, path: [`Traffic Manager priority ${e.priority}`, ...a.path] });
  }
  // Clients dial the contract name (policy clients.hostname): their own jurisdiction's name is resolved as they would,
  // through its delegation, not through the country-routed name (whose records may hold fewer tiers).
  if (j.serviceName && ctx.expect?.hostname === j.serviceName) return resolve(j.serviceName, ctx);
  const parent = routing?.parentZone;
  const country = j.clientCountries[0];
  const geo = parent?.records.find((r) => r.geoCountry === country);
  if (parent && geo?.targets[0]) {
    const down = zoneDown(parent, ctx);
    if (down) return fail([geo.name], down, true);
    // One tier serves the country-routed name: its record is a plain CNAME, the tier named by the chain it belongs to.
    const single = j.countryRoute?.target === geo.targets[0] && j.countryRoute.chain.length === 1 ? j.countryRoute.chain[0].name : geo.targets[0];
    const a = resolve(geo.targets[0], ctx, single);
    return withHop(hopOf(parent.component, 'dns'), { ...a, path: [`${geo.name} (geolocation ${country})`, ...a.path] });
  }
  if (j.serviceName) return resolve(j.serviceName, ctx);
  return fail([], `no DNS name routes clients to ${j.id} (the policy has no dns section, or no client country)`);
}

function externalDnsComponent(d: DeclaredExternalDns): Component {
  return { kind: 'dns', label: `declared DNS provider ${d.name}`, address: `declared:dns:${d.name}`, operator: d.operator, dnsProvider: d.name, declared: true };
}

/** A declared DNS provider answering the jurisdiction's clients with one endpoint of its chain. */
function externalPath(d: DeclaredExternalDns, j: JurisdictionTopology, ctx: Ctx): Answer {
  const c = externalDnsComponent(d);
  const l = lost(c, ctx);
  if (l) return fail([c.label], `DNS: ${d.name} (${operatorNote(c, ctx.topo.operators)}) ${l}`, true);
  const name = d.answers[j.id];
  const host = j.chain.find((link) => link.name === name)?.hostname ?? j.declared.endpoints.find((e) => e.name === name)?.hostname;
  if (!host) return fail([c.label], `${d.name} answers with "${name}", which is not in ${j.id}'s chain`);
  const a = resolve(host, ctx, name);
  return withHop(hopOf(c, 'dns'), { ...a, path: [`${c.label} (${operatorNote(c, ctx.topo.operators)})`, ...a.path] });
}

/**
 * The PowerDNS path: its LUA records pick the first tier whose /health answers (health, not the
 * contract, as Route 53 does); clients then get that tier, which must honour their contract, and the
 * hops are the servers' and the tier's.
 */
function nationalPath(j: JurisdictionTopology, ctx: Ctx): Answer | undefined {
  const p = powerDnsPath(j, ctx.topo, ctx.scenario, (host, name) => (endpointLoss(host, name, ctx) ? 'lost' : undefined));
  if (!p?.ok || !p.answered) return p;
  const a = tierAnswer(p.answered.link.hostname, ctx, p.answered.link.name);
  if (!a.ok) return { ...a, path: [...p.path.slice(0, -1), ...a.path], dnsFailed: false };
  return withHop(hopOf(p.answered.dns, 'dns'), { ok: true, by: p.by, path: p.path, why: [], hops: a.hops });
}

/** The contract of the tier a host leads to (following records, ignoring any scenario), if it is one this analysis knows. */
export function tierContractAt(host: string, topo: Topology, hops = 0): { readonly contract?: TierContract; readonly known: boolean } {
  const zone = zoneFor(topo.zones, host);
  const rec = zone?.records.find((r) => r.name === host && !r.failover && !r.geoCountry && r.type !== 'NS');
  if (rec?.aliasGateway) return { contract: rec.aliasGateway.contract, known: true };
  const next = rec?.aliasName ?? rec?.targets[0];
  if (next && hops < MAX_HOPS) return tierContractAt(next, topo, hops + 1);
  const g = topo.gatewaysByHost.get(host);
  if (g) return { contract: g.contract, known: true };
  const e = topo.declaredByHost.get(host);
  return e ? { contract: declaredContract(e.contract), known: true } : { known: false };
}

/** The jurisdiction's contract and, without a JWT, the credential of its first tier. */
export function expectedContractOf(j: JurisdictionTopology, topo: Topology): Pick<Ctx, 'expect' | 'fallback'> {
  const expect = j.declared.clients;
  if (!expect) return {};
  return { expect, fallback: expect.jwt || !j.chain.length ? undefined : tierContractAt(j.chain[0].hostname, topo).contract?.credential };
}

/** Inference for the jurisdiction's clients: the chain through the DNS paths, below a root and TLD that still delegate the domain. */
export function inferenceVerdict(j: JurisdictionTopology, topo: Topology, scenario: Scenario): Verdict {
  const v = chainVerdict(j, topo, scenario);
  const domain = domainLoss(topo, scenario); // root or TLD lost: no provider of the zone is reached, whoever runs it
  return domain ? { ok: false, summary: v.ok ? 'the domain does not resolve' : v.summary, broken: [domain, ...v.broken] } : v;
}

function chainVerdict(j: JurisdictionTopology, topo: Topology, scenario: Scenario): Verdict {
  const ctx: Ctx = { topo, scenario, ...expectedContractOf(j, topo) };
  if (!j.chain.length) return { ok: false, summary: 'no failover chain', broken: [`${j.id} has no failover chain (no dns section or no gateways)`] };
  const status = j.chain.map((link: ChainLink) => ({ link, loss: endpointLoss(link.hostname, link.name, ctx) }));
  const tried: Answer[] = [clientPath(j, ctx)];
  if (tried[0].dnsFailed) for (const d of topo.externalDns.filter((x) => x.answers[j.id])) tried.push(externalPath(d, j, ctx));
  const national = tried[0].dnsFailed ? nationalPath(j, ctx) : undefined;
  if (national) tried.push(national);
  const answered = tried.find((a) => a.ok);
  if (answered) {
    const clients: Hop = { role: 'clients', name: `clients of ${j.id} in ${j.clientCountries.length} countr${j.clientCountries.length === 1 ? 'y' : 'ies'} (${j.clientCountries.slice(0, 6).join(' ')}${j.clientCountries.length > 6 ? ' ...' : ''})` };
    return { ok: true, summary: `${answered.by} via ${answered.path.join(' → ')}`, broken: [], hops: dedupeHops([clients, ...(answered.hops ?? [])]) };
  }
  const alive = status.filter((s) => !s.loss).map((s) => s.link.name);
  const repeats = new Set(alive.length ? [] : status.map((s) => joinLosses([s.loss!])));
  const broken = [
    ...(alive.length ? [] : [`no gateway left: ${joinLosses(status.map((s) => s.loss!))}`]),
    ...new Set(tried.flatMap((a) => a.why).filter((w) => !repeats.has(w))),
    ...(alive.length && tried.every((a) => a.dnsFailed) ? [`still serving but unreachable: ${alive.join(', ')}`] : []),
  ];
  if (tried.some((a) => a.why.some((w) => w.includes(CONTRACT_BROKEN)))) return { ok: false, summary: 'the tier DNS answers with breaks the client contract: clients get no usable answer', broken };
  return { ok: false, summary: alive.length ? `gateways left (${alive.join(', ')}) but no DNS path reaches them` : 'no gateway left', broken };
}

export function dataVerdict(j: JurisdictionTopology, topo: Topology, scenario: Scenario): Verdict {
  const ctx: Ctx = { topo, scenario };
  if (!j.stores.length) return { ok: true, summary: 'no data stores', broken: [] };
  const readable: string[] = [];
  const broken: string[] = [];
  for (const s of j.stores) {
    const copy = s.copies.find((c) => !lost(c.component, ctx) && !(c.key && lost(c.key, ctx)));
    if (copy) readable.push(`${s.name} (${s.cloud}) in ${copy.component.region}${copy.note ? `, ${copy.note}` : ''}`);
    else {
      const losses = s.copies.map((c): Loss => {
        const l = lost(c.component, ctx);
        return l ? { subject: who(c.component, ctx), loss: l } : { subject: `the key of ${c.component.label}, ${who(c.key!, ctx)}`, loss: lost(c.key!, ctx)! };
      });
      broken.push(`store ${s.name} (${s.cloud}): no readable copy: ${joinLosses(losses)}`);
    }
  }
  return { ok: broken.length === 0, summary: readable.length ? `readable: ${readable.join('; ')}` : 'nothing readable', broken };
}

/** The state is manageable when its backend answers and, with OpenTofu, its key does: without the key it cannot be decrypted. */
export function stateVerdict(j: JurisdictionTopology, topo: Topology, scenario: Scenario): Verdict {
  const l = lossOf(j.state, scenario, topo.operators);
  const k = j.stateKey ? lossOf(j.stateKey, scenario, topo.operators) : undefined;
  const where = j.state.region ? '' : ' (region not known: only operator-wide scenarios reach it)';
  if (!l && !k) return { ok: true, summary: `${j.state.label}${where}${j.stateKey ? `, encrypted with ${j.stateKey.label}` : ''}`, broken: [] };
  const broken = [
    ...(l ? [`state: ${who(j.state, { topo, scenario })} ${l}`] : []),
    ...(k ? [`state key: ${who(j.stateKey!, { topo, scenario })} ${k}: the state cannot be decrypted`] : []),
  ];
  return { ok: false, summary: `${j.stack} cannot be planned or applied`, broken };
}
