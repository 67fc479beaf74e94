/**
 * Who runs the DNS above a policy's domain: the root server operators and the registry of each TLD,
 * with their home country (whose law and sanctions reach them), for the cut-off analysis.
 *
 * Sources:
 * - Root servers: https://root-servers.org/ (13 identities a-m, 12 operators; Verisign runs a and j).
 * - TLD registries: the IANA Root Zone Database, https://www.iana.org/domains/root/db/<tld>.html
 *   ("Sponsoring Organisation"). The registry's technical back-end provider and the operators of
 *   the TLD's name servers may be other companies under other law; they are not modelled.
 *
 * What "the root survives a cut-off" rests on: the root zone is served by every root server
 * identity; the ones whose operator is outside the cut-off (RIPE NCC, Netnod, WIDE under a US
 * cut-off) keep answering with the copy they hold, and resolvers retry the servers that answer.
 * The zone itself is edited by PTI (IANA functions, an ICANN affiliate) and distributed by Verisign
 * as Root Zone Maintainer, both in the US: a cut-off stops changes to it, and the copies outside
 * it expire after the zone's SOA expire time (7 days for the root zone); the analysis assumes a
 * cut-off shorter than that, or root copies run locally by resolvers (RFC 8806).
 */
import type { CountryCode } from './countries';

export interface RootServerOperator {
  /** Root server identities (`a`, `j`). */
  readonly letters: readonly string[];
  readonly name: string;
  readonly country: CountryCode;
}

/** https://root-servers.org/ */
export const ROOT_SERVER_OPERATORS: readonly RootServerOperator[] = Object.freeze([
  { letters: ['a', 'j'], name: 'Verisign, Inc.', country: 'US' },
  { letters: ['b'], name: 'University of Southern California, Information Sciences Institute', country: 'US' },
  { letters: ['c'], name: 'Cogent Communications', country: 'US' },
  { letters: ['d'], name: 'University of Maryland', country: 'US' },
  { letters: ['e'], name: 'NASA (Ames Research Center)', country: 'US' },
  { letters: ['f'], name: 'Internet Systems Consortium, Inc.', country: 'US' },
  { letters: ['g'], name: 'US Department of Defense (NIC)', country: 'US' },
  { letters: ['h'], name: 'US Army (Research Lab)', country: 'US' },
  { letters: ['i'], name: 'Netnod', country: 'SE' },
  { letters: ['k'], name: 'RIPE NCC', country: 'NL' },
  { letters: ['l'], name: 'ICANN', country: 'US' },
  { letters: ['m'], name: 'WIDE Project', country: 'JP' },
]);

export interface TldRegistry {
  /** Without the dot: `com`. */
  readonly tld: string;
  /** The sponsoring organisation in the IANA Root Zone Database. */
  readonly registry: string;
  /** Short lower-case operator name for reports: `verisign`. */
  readonly operator: string;
  readonly country: CountryCode;
  /** https://www.iana.org/domains/root/db/<tld>.html */
  readonly source: string;
}

const row = (tld: string, operator: string, registry: string, country: CountryCode): TldRegistry => ({ tld, registry, operator, country, source: `https://www.iana.org/domains/root/db/${tld}.html` });

/** TLD → registry, from the IANA Root Zone Database. A TLD not listed is unknown: the analysis says it cannot tell. */
export const TLD_REGISTRIES: Readonly<Record<string, TldRegistry>> = Object.freeze(
  Object.fromEntries(
    [
      row('com', 'verisign', 'VeriSign Global Registry Services', 'US'),
      row('net', 'verisign', 'VeriSign Global Registry Services', 'US'),
      row('org', 'pir', 'Public Interest Registry (PIR)', 'US'),
      row('gov', 'cisa', 'Cybersecurity and Infrastructure Security Agency', 'US'),
      row('us', 'godaddy-registry', 'Registry Services, LLC', 'US'),
      row('eu', 'eurid', 'EURid vzw', 'BE'),
      row('de', 'denic', 'DENIC eG', 'DE'),
      row('fr', 'afnic', 'Association Française pour le Nommage Internet en Coopération (A.F.N.I.C.)', 'FR'),
      row('in', 'nixi', 'National Internet Exchange of India', 'IN'),
      row('nl', 'sidn', 'SIDN (Stichting Internet Domeinregistratie Nederland)', 'NL'),
      row('be', 'dns-belgium', 'DNS Belgium vzw/asbl', 'BE'),
      row('at', 'nic-at', 'nic.at GmbH', 'AT'),
      row('se', 'internetstiftelsen', 'The Internet Infrastructure Foundation (Internetstiftelsen)', 'SE'),
      row('dk', 'punktum-dk', 'Punktum dk A/S', 'DK'),
      row('it', 'registro-it', 'IIT - CNR (Registro .it)', 'IT'),
      row('es', 'red-es', 'Red.es', 'ES'),
      row('pl', 'nask', 'Research and Academic Computer Network (NASK)', 'PL'),
      row('cz', 'cz-nic', 'CZ.NIC, z.s.p.o', 'CZ'),
      row('ch', 'switch', 'SWITCH The Swiss Education & Research Network', 'CH'),
      row('no', 'norid', 'Norid A/S', 'NO'),
      row('uk', 'nominet', 'Nominet UK', 'GB'),
      row('jp', 'jprs', 'Japan Registry Services Co., Ltd.', 'JP'),
    ].map((r) => [r.tld, r]),
  ),
);

/** The TLD of a domain name: `ai.example.com` → `com`. */
export function tldOf(domain: string): string {
  return domain.replace(/\.$/, '').split('.').pop()!.toLowerCase();
}

/** The registry of the domain's TLD, or undefined when the catalog does not know it. */
export function tldRegistryOf(domain: string): TldRegistry | undefined {
  const tld = tldOf(domain);
  return Object.hasOwn(TLD_REGISTRIES, tld) ? TLD_REGISTRIES[tld] : undefined;
}

/** Root server operators whose home is not among `countries`: those that keep serving the root in a cut-off of them. */
export function rootOperatorsOutside(countries: readonly CountryCode[]): readonly RootServerOperator[] {
  return ROOT_SERVER_OPERATORS.filter((o) => !countries.includes(o.country));
}
