/**
 * Zone files for a DNS path the jurisdiction runs: PowerDNS (open source, Authoritative Server 4.7+,
 * bind backend) serving the same zones as Route 53 from the same failover chain
 * (lib/policy `policyFailoverChain`), and the plain RFC 1035 form of them for any other server.
 *
 * PowerDNS facts these rely on (source tag auth-4.7.3, https://github.com/PowerDNS/pdns; docs
 * https://doc.powerdns.com/authoritative/lua-records/functions.html):
 * - `ifurlextup({{[ip]=url}, {[ip]=url}, ...}, options)` (pdns/lua-record.cc): checks each URL over
 *   HTTP(S); the first group with a URL up answers its addresses; with every URL down, the
 *   `backupSelector` picks among all of them (`all`: every one, in group order). The checks run in a
 *   background thread every `lua-health-checks-interval` seconds (default 5); a URL is down after one
 *   failed check and up after one good one; it counts as down until its first check has run.
 * - A check fails on a connection error, a timeout (`timeout` option, default 2 s) or an HTTP status
 *   >= 400 (`CURLOPT_FAILONERROR`, pdns/minicurl.cc); it follows redirects and does not verify the
 *   certificate (`verify` defaults to false in 4.7 MiniCurl::getURL), as Route 53's HTTPS checks do not.
 * - `country({...})` needs the GeoIP backend (`launch=bind,geoip` and a country database); without
 *   it, pdns logs "backend not launched" and every `country()` test is false.
 *
 * A tier's gateway is a host name (API Gateway regional domain, API Management, an ingress), and
 * the URL checks take their answers as IP addresses, so the service name is a `LUA CNAME` record:
 * each tier is keyed by a placeholder address from 192.0.2.0/24 (TEST-NET-1, RFC 5737, never
 * answered to clients) whose URL is the tier's `https://<hostname>:<port><healthCheckPath>`, the
 * same URL Route 53 checks; the record answers the host name of the first tier up, and the first
 * tier when none is (Route 53 answers the PRIMARY when every check fails).
 */
import type { CountryCode } from '../catalog';
import { dnsNameProblem, UNROUTED_LABEL } from './names';

/** A tier of the chain as the zone needs it (a `ResolvedFailoverEndpoint` fits). */
export interface ZoneTier {
  readonly name: string;
  /** The gateway's public host name: what the service name answers, and the host of the health URL. */
  readonly hostname: string;
  readonly healthCheckPath: string;
  readonly port: number;
}

/** Where a tier host name inside the zone points: the gateway's target name, or its IPv4 addresses. */
export type TierTarget = { readonly cname: string } | { readonly addresses: readonly string[] };

/** TTL of the service name's answer: Route 53's failover records use 60 s (lib/dns/aws.ts FAILOVER_RECORD_TTL_SECONDS). */
export const POWERDNS_ANSWER_TTL_SECONDS = 60;
/** Health check timeout: Route 53 HTTPS checks allow 4 s to connect and 2 s more for the response. */
export const POWERDNS_HEALTH_TIMEOUT_SECONDS = 6;
/** `lua-health-checks-interval` to set: PowerDNS cannot set intervals per check; 10 s is Route 53's fast interval. */
export const POWERDNS_HEALTH_CHECK_INTERVAL_SECONDS = 10;

export interface JurisdictionZoneFileProps {
  /** `eu.ai.example.com` */
  readonly zone: string;
  /** The name clients resolve: `api.eu.ai.example.com`. */
  readonly serviceName: string;
  /** The failover chain, in order (at least 2). */
  readonly chain: readonly ZoneTier[];
  /**
   * Records for tier host names inside the zone (`eu-central-1.eu.ai.example.com`), by tier name:
   * known after the inference stacks are deployed (the gateways' target names).
   * @default - none: every tier host name must lie outside the zone
   */
  readonly targets?: Readonly<Record<string, TierTarget>>;
  /** The zone's own name servers (the apex NS set), at least 2: the jurisdiction's and, with multi-provider DNS, Route 53's. */
  readonly nameServers: readonly string[];
  /**
   * The country-routed name's own chain, when only some tiers serve `<service>.<domain>` (lib/policy
   * `countryChainOf`): `<service>-country.<id>.<domain>` answers the first healthy tier of it, as
   * Route 53's second failover set does (a plain CNAME when one tier serves it).
   * @default - none: every tier serves the country-routed name, which goes to `serviceName`
   */
  readonly countryRoute?: { readonly name: string; readonly chain: readonly ZoneTier[] };
  /**
   * SOA serial.
   * @default 1
   */
  readonly serial?: number;
}

export interface ParentZoneFileProps {
  /** `ai.example.com` */
  readonly domain: string;
  /** `api.ai.example.com` answers per client country, as Route 53's geolocation records do. */
  readonly serviceName: string;
  /**
   * Per jurisdiction: where its clients' country-routed name goes (its service name, its country chain's
   * name, or null when no tier of its chain serves the country name: its clients get no answer, as
   * Route 53's `unrouted` target), the client countries routed to it and its delegation.
   */
  readonly jurisdictions: readonly { readonly id: string; readonly serviceName: string | null; readonly countries: readonly CountryCode[]; readonly nameServers: readonly string[] }[];
  /** Jurisdiction id for clients no jurisdiction claims, or null: `unrouted.<domain>` (no such name), as Route 53 answers. */
  readonly defaultJurisdiction: string | null;
  /** The domain's apex NS set, at least 2 (every provider the registrar lists). */
  readonly nameServers: readonly string[];
  /** @default 1 */
  readonly serial?: number;
}

const abs = (name: string) => (name.endsWith('.') ? name : `${name}.`);
const LUA_UNSAFE = /["'\\\s]/;

function check(problems: string[]): void {
  if (problems.length) throw new Error(problems.join('\n'));
}

function nameProblems(what: string, names: readonly string[]): string[] {
  return names.map((n, i) => dnsNameProblem(`${what}[${i}]`, n.replace(/\.$/, ''))).filter((p): p is string => !!p);
}

function head(zone: string, nameServers: readonly string[], serial: number): string[] {
  return [
    `$ORIGIN ${abs(zone)}`,
    `$TTL ${POWERDNS_ANSWER_TTL_SECONDS}`,
    // RFC 1035 §3.3.13 SOA: primary name server, responsible mailbox, serial, refresh, retry, expire, minimum (negative TTL, RFC 2308).
    `@ 3600 IN SOA ${abs(nameServers[0])} hostmaster.${abs(zone)} ${serial} 3600 600 1209600 60`,
    ...nameServers.map((ns) => `@ 3600 IN NS ${abs(ns)}`),
  ];
}

function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

function relative(name: string, zone: string): string {
  return name === zone ? '@' : name.slice(0, -(zone.length + 1));
}

function jurisdictionProblems(p: JurisdictionZoneFileProps): string[] {
  const problems = [...nameProblems('nameServers', p.nameServers), ...nameProblems('zone', [p.zone]), ...nameProblems('serviceName', [p.serviceName])];
  if (p.nameServers.length < 2) problems.push(`nameServers: ${p.nameServers.length} given; a zone needs at least 2 (RFC 1034 §4.1)`);
  if (p.chain.length < 2) problems.push(`chain: ${p.chain.length} tier(s); a failover chain needs at least 2`);
  if (!inZone(p.serviceName, p.zone)) problems.push(`serviceName "${p.serviceName}" is not inside zone "${p.zone}"`);
  if (p.chain.length > 254) problems.push('chain: more than 254 tiers');
  for (const t of p.chain) {
    const at = `tier "${t.name}"`;
    const host = dnsNameProblem(`${at} hostname`, t.hostname);
    if (host) problems.push(host);
    if (LUA_UNSAFE.test(t.healthCheckPath)) problems.push(`${at} healthCheckPath "${t.healthCheckPath}": quotes, backslashes and spaces cannot go into a LUA record`);
    if (!Number.isInteger(t.port) || t.port < 1 || t.port > 65535) problems.push(`${at} port ${t.port} must be an integer from 1 to 65535`);
    if (t.hostname === p.serviceName) problems.push(`${at} hostname "${t.hostname}" is the service name itself (a CNAME loop)`);
    const target = p.targets?.[t.name];
    if (inZone(t.hostname, p.zone) && !target) problems.push(`${at} hostname "${t.hostname}" is inside zone "${p.zone}": give its target (the gateway's target name or addresses, known after deploy)`);
    if (target && 'addresses' in target) {
      if (!target.addresses.length) problems.push(`${at} target: no addresses`);
      for (const a of target.addresses) if (!/^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(a)) problems.push(`${at} target address "${a}" is not an IPv4 address`);
    }
    if (target && 'cname' in target) {
      const c = dnsNameProblem(`${at} target cname`, target.cname.replace(/\.$/, ''));
      if (c) problems.push(c);
    }
  }
  for (const name of Object.keys(p.targets ?? {})) if (!p.chain.some((t) => t.name === name)) problems.push(`targets: "${name}" is not a tier of the chain (${p.chain.map((t) => t.name).join(', ')})`);
  return problems;
}

function tierRecords(p: JurisdictionZoneFileProps): string[] {
  return p.chain.flatMap((t) => {
    const target = p.targets?.[t.name];
    if (!target || !inZone(t.hostname, p.zone)) return [];
    const name = relative(t.hostname, p.zone);
    return 'cname' in target ? [`${name} ${POWERDNS_ANSWER_TTL_SECONDS} IN CNAME ${abs(target.cname)}`] : target.addresses.map((a) => `${name} ${POWERDNS_ANSWER_TTL_SECONDS} IN A ${a}`);
  });
}

/** The health URL of a tier: what Route 53 checks (HTTPS, the tier's host name, port and path). */
export function tierHealthUrl(t: ZoneTier): string {
  return `https://${t.hostname}${t.port === 443 ? '' : `:${t.port}`}${t.healthCheckPath}`;
}

/** The Lua of the service name's `LUA CNAME` record: the first tier whose health URL is up, else the first tier. */
export function failoverLua(chain: readonly ZoneTier[]): string {
  const key = (i: number) => `['192.0.2.${i + 1}']`;
  const names = chain.map((t, i) => `${key(i)}='${abs(t.hostname)}'`).join(',');
  const groups = chain.map((t, i) => `{${key(i)}='${tierHealthUrl(t)}'}`).join(',');
  return `;local tier={${names}} local up=ifurlextup({${groups}},{selector='all',backupSelector='all',timeout='${POWERDNS_HEALTH_TIMEOUT_SECONDS}'}) return tier[up[1]]`;
}

/**
 * PowerDNS zone `<id>.<domain>` (bind backend, `enable-lua-records=yes`): the service name answers
 * the first healthy tier of the chain, health-checked at the URL Route 53 checks. Throws with every problem.
 */
export function powerDnsJurisdictionZone(p: JurisdictionZoneFileProps): string {
  check(jurisdictionProblems(p));
  return [
    `; PowerDNS zone ${p.zone}: ${p.serviceName} answers the first tier whose health URL answers (LUA records, enable-lua-records=yes).`,
    `; Chain: ${p.chain.map((t) => `${t.name} ${tierHealthUrl(t)}`).join(' -> ')}`,
    ...head(p.zone, p.nameServers, p.serial ?? 1),
    `${relative(p.serviceName, p.zone)} ${POWERDNS_ANSWER_TTL_SECONDS} IN LUA CNAME "${failoverLua(p.chain)}"`,
    ...(p.countryRoute
      ? [
          p.countryRoute.chain.length > 1
            ? `${relative(p.countryRoute.name, p.zone)} ${POWERDNS_ANSWER_TTL_SECONDS} IN LUA CNAME "${failoverLua(p.countryRoute.chain)}"`
            : `${relative(p.countryRoute.name, p.zone)} ${POWERDNS_ANSWER_TTL_SECONDS} IN CNAME ${abs(p.countryRoute.chain[0].hostname)}`,
        ]
      : []),
    ...tierRecords(p),
    '',
  ].join('\n');
}

/**
 * The same zone in plain RFC 1035 form for any authoritative server: no health checks, so the
 * service name always answers the first tier (the PRIMARY), which is what Route 53 answers while it is healthy.
 */
export function plainJurisdictionZone(p: JurisdictionZoneFileProps): string {
  check(jurisdictionProblems(p));
  return [
    `; Zone ${p.zone} (RFC 1035). No health checks: ${p.serviceName} always answers the first tier, ${p.chain[0].name}; edit it by hand to fail over.`,
    ...head(p.zone, p.nameServers, p.serial ?? 1),
    `${relative(p.serviceName, p.zone)} ${POWERDNS_ANSWER_TTL_SECONDS} IN CNAME ${abs(p.chain[0].hostname)}`,
    ...(p.countryRoute ? [`${relative(p.countryRoute.name, p.zone)} ${POWERDNS_ANSWER_TTL_SECONDS} IN CNAME ${abs(p.countryRoute.chain[0].hostname)}`] : []),
    ...tierRecords(p),
    '',
  ].join('\n');
}

function parentProblems(p: ParentZoneFileProps): string[] {
  const problems = [...nameProblems('nameServers', p.nameServers), ...nameProblems('domain', [p.domain])];
  if (p.nameServers.length < 2) problems.push(`nameServers: ${p.nameServers.length} given; a zone needs at least 2 (RFC 1034 §4.1)`);
  if (p.defaultJurisdiction !== null && !p.jurisdictions.some((j) => j.id === p.defaultJurisdiction)) problems.push(`defaultJurisdiction "${p.defaultJurisdiction}" is not one of ${p.jurisdictions.map((j) => j.id).join(', ')}`);
  for (const j of p.jurisdictions) {
    problems.push(...nameProblems(`jurisdiction ${j.id} nameServers`, j.nameServers));
    if (j.nameServers.length < 2) problems.push(`jurisdiction ${j.id}: its delegation needs at least 2 name servers`);
    for (const c of j.countries) if (!/^[A-Z]{2}$/.test(c)) problems.push(`jurisdiction ${j.id}: country "${c}" is not an ISO 3166-1 alpha-2 code`);
  }
  return problems;
}

function delegations(p: ParentZoneFileProps): string[] {
  return p.jurisdictions.flatMap((j) => j.nameServers.map((ns) => `${j.id} 3600 IN NS ${abs(ns)}`));
}

function defaultTarget(p: ParentZoneFileProps): string {
  const j = p.jurisdictions.find((x) => x.id === p.defaultJurisdiction);
  return j?.serviceName ? abs(j.serviceName) : `${UNROUTED_LABEL}.${abs(p.domain)}`;
}

/**
 * PowerDNS parent zone `<domain>`: delegations of the jurisdiction zones and `<service>.<domain>`
 * answered by client country with `country()`, the mapping of Route 53's geolocation records. Needs
 * the GeoIP backend; without it every client gets the default jurisdiction's name.
 */
export function powerDnsParentZone(p: ParentZoneFileProps): string {
  check(parentProblems(p));
  const tests = p.jurisdictions.filter((j) => j.countries.length).map((j) => `if country({${j.countries.map((c) => `'${c}'`).join(',')}}) then return '${j.serviceName ? abs(j.serviceName) : `${UNROUTED_LABEL}.${abs(p.domain)}`}' end`);
  return [
    `; PowerDNS zone ${p.domain}: ${p.serviceName} by client country (country() needs launch=bind,geoip and a country database; without it every client gets ${defaultTarget(p)}).`,
    ...head(p.domain, p.nameServers, p.serial ?? 1),
    ...delegations(p),
    `${relative(p.serviceName, p.domain)} 300 IN LUA CNAME ";${tests.join(' ')} return '${defaultTarget(p)}'"`,
    '',
  ].join('\n');
}

/** The parent zone in plain RFC 1035 form: no country routing, so every client gets the default jurisdiction's name. */
export function plainParentZone(p: ParentZoneFileProps): string {
  check(parentProblems(p));
  return [
    `; Zone ${p.domain} (RFC 1035). No country routing: ${p.serviceName} answers ${defaultTarget(p)} to every client.`,
    ...head(p.domain, p.nameServers, p.serial ?? 1),
    ...delegations(p),
    `${relative(p.serviceName, p.domain)} 300 IN CNAME ${defaultTarget(p)}`,
    '',
  ].join('\n');
}
