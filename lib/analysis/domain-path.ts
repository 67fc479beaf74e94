/**
 * The DNS above and beside the synthesized zones: root → TLD → the domain's zone → its DNS
 * providers (Route 53 or Traffic Manager from the synthesized stacks; PowerDNS servers the
 * jurisdiction runs, declared under `dns.powerdns`), each with its operator and home country.
 *
 * - The root survives a cut-off while one root server operator is outside it (lib/catalog
 *   dns-registries.ts says what that rests on).
 * - The TLD's registry (IANA "Sponsoring Organisation") is cut off with its home country: the
 *   domain is then no longer delegated, whichever provider serves its zone.
 * - A TLD the catalog does not know: under a cut-off the analysis says it cannot tell, and counts
 *   the domain as not resolving.
 * - PowerDNS answers the service names with the first tier of the chain whose health URL answers
 *   (lib/dns/powerdns.ts), so when Route 53 does not answer it is credited with the first tier
 *   that is not lost.
 */
import { rootOperatorsOutside, ROOT_SERVER_OPERATORS, tldOf, tldRegistryOf, type CountryCode } from '../catalog';
import type { DeclaredPowerDns } from './declarations';
import type { Component, JurisdictionTopology, Topology } from './model';
import { cutoffCountries, operatorNamed } from './operators';
import { lossOf, operatorNote, type Scenario } from './scenarios';

/** One hop of the DNS path, in the form the report renders: role, name, operator and its home country. */
export interface DnsHop {
  readonly role: 'root' | 'tld' | 'zone' | 'dns';
  readonly name: string;
  readonly operator: string;
  /** Home country of the operator; undefined when not known (several operators, or undeclared). */
  readonly country?: CountryCode;
  readonly note?: string;
}

/** The PowerDNS servers as a component of the model. */
export function powerDnsComponent(d: DeclaredPowerDns): Component {
  return { kind: 'dns', label: `PowerDNS ${d.name} (${d.nameServers.join(', ')})`, address: `declared:dns:${d.name}`, operator: d.operator, dnsProvider: d.name, declared: true };
}

/** Root, TLD, zone and providers of the policy's domain; empty when the declarations carry no domain. */
export function domainHops(topo: Topology): DnsHop[] {
  const domain = topo.declarations.domain;
  if (!domain) return [];
  const outsideUs = rootOperatorsOutside(['US']);
  const registry = tldRegistryOf(domain);
  const providers = [topo.routing?.parentZone?.component, topo.routing?.trafficManager?.component, topo.declarations.powerDns && powerDnsComponent(topo.declarations.powerDns)].filter((c): c is Component => !!c);
  return [
    {
      role: 'root',
      name: 'root zone',
      operator: `${ROOT_SERVER_OPERATORS.length} root server operators`,
      note: `${ROOT_SERVER_OPERATORS.length - outsideUs.length} in the US; outside it: ${outsideUs.map((o) => `${o.name} (${o.country})`).join(', ')}`,
    },
    registry
      ? { role: 'tld', name: `.${registry.tld}`, operator: registry.operator, country: registry.country, note: `${registry.registry}, ${registry.source}` }
      : { role: 'tld', name: `.${tldOf(domain)}`, operator: 'unknown', note: 'registry not in the catalog (lib/catalog/dns-registries.ts): cut-offs cannot be judged' },
    { role: 'zone', name: domain, operator: providers.map((c) => c.operator).join(' + ') || 'none synthesized' },
    ...providers.map((c): DnsHop => ({ role: 'dns', name: c.dnsProvider ?? c.label, operator: c.operator, country: operatorNamed(topo.operators, c.operator).home, note: c.label })),
  ];
}

/** Why the policy's domain does not resolve in `s` at the root or the TLD, or undefined when it does (or no domain is declared). */
export function domainLoss(topo: Topology, s: Scenario): string | undefined {
  const domain = topo.declarations.domain;
  if (!domain || s.kind !== 'cutoff') return undefined; // outages of a region, a cloud or a zone's provider leave the root and the TLDs alone
  const countries = cutoffCountries(s.target);
  if (!rootOperatorsOutside(countries).length) return `DNS: every root server operator is cut off: ${domain} does not resolve`;
  const registry = tldRegistryOf(domain);
  if (!registry) return `DNS: the registry of .${tldOf(domain)} is not in the catalog (lib/catalog/dns-registries.ts): the analysis cannot tell whether ${domain} still resolves under ${s.name}`;
  if (countries.includes(registry.country)) {
    return `DNS: the .${registry.tld} registry ${registry.registry} (operator ${registry.operator}, ${registry.country}) is cut off: ${domain} is no longer delegated to its name servers; use a domain under a TLD whose registry is outside ${s.target}`;
  }
  return undefined;
}

/** What a DNS path gives: the tier that answers, or why not (the same shape as evaluate.ts's answers). */
export interface DnsPathAnswer {
  readonly ok: boolean;
  readonly by?: string;
  readonly path: readonly string[];
  readonly why: readonly string[];
  readonly dnsFailed?: boolean;
  /** When ok: the PowerDNS servers and the link they answer with (the caller checks that link's contract and records its hops). */
  readonly answered?: { readonly dns: Component; readonly link: { readonly name: string; readonly hostname: string } };
}

/**
 * The PowerDNS path for a jurisdiction's clients: the servers answer unless their operator is lost;
 * then the first link of the chain that `linkLost` does not take away (its /health answers).
 */
export function powerDnsPath(j: JurisdictionTopology, topo: Topology, s: Scenario, linkLost: (hostname: string, name: string) => string | undefined): DnsPathAnswer | undefined {
  const d = topo.declarations.powerDns;
  if (!d) return undefined;
  const c = powerDnsComponent(d);
  const l = lossOf(c, s, topo.operators);
  if (l) return { ok: false, path: [c.label], why: [`DNS: ${d.name} (${operatorNote(c, topo.operators)}) ${l}`], dnsFailed: true };
  const live = j.chain.find((link) => !linkLost(link.hostname, link.name));
  if (!live) return { ok: false, path: [c.label], why: [] };
  return { ok: true, by: `${live.name} (${live.hostname})`, answered: { dns: c, link: live }, path: [`${c.label} (${operatorNote(c, topo.operators)})`, `${j.serviceName ?? `the service name of ${j.id}`} (first tier whose /health answers)`, live.hostname], why: [] };
}

/** The report's section on the domain's DNS path: one row per hop with operator and country. */
export function domainPathMarkdown(topo: Topology): string[] {
  const hops = domainHops(topo);
  if (!hops.length) return [];
  return [
    '## DNS path of the domain',
    '',
    'Clients resolve the service names through these hops; a cut-off that reaches the TLD registry takes the domain away whichever provider serves its zone.',
    '',
    '| hop | name | operator | country | note |',
    '|---|---|---|---|---|',
    ...hops.map((h) => `| ${h.role} | ${h.name} | ${h.operator} | ${h.country ?? '-'} | ${(h.note ?? '').replace(/\|/g, '\\|')} |`),
    '',
  ];
}
