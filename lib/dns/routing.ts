/**
 * The geo-routing table both clouds share: which client countries go to which jurisdiction. Rules:
 * every code is a country the service accepts (never a continent or region), a country goes to one
 * jurisdiction only, jurisdictions are listed once, and the default is a routed jurisdiction or none.
 */
import type { CountryCode, Jurisdiction } from '../catalog';

export interface ClientRouting {
  readonly jurisdiction: Pick<Jurisdiction, 'id' | 'countries'>;
  /**
   * Countries whose clients (by their resolver's location) are sent to this jurisdiction.
   * @default - the jurisdiction's countries
   */
  readonly clientCountries?: readonly CountryCode[];
}

export function clientCountriesOf(r: ClientRouting): readonly CountryCode[] {
  return r.clientCountries ?? r.jurisdiction.countries;
}

/**
 * Every problem of a routing table. `countryProblem` is the service's own code check
 * (`route53CountryProblem`, `trafficManagerCountryProblem`).
 */
export function clientRoutingProblems(routed: readonly ClientRouting[], defaultJurisdiction: string | null, countryProblem: (code: CountryCode) => string | undefined): string[] {
  const problems: string[] = [];
  if (routed.length === 0) problems.push('jurisdictions is empty; route at least one');
  const claimedBy = new Map<CountryCode, string>();
  const ids = new Set<string>();
  for (const r of routed) {
    const id = r.jurisdiction.id;
    if (ids.has(id)) problems.push(`jurisdiction "${id}" is listed twice`);
    ids.add(id);
    for (const country of clientCountriesOf(r)) {
      const p = countryProblem(country);
      if (p) problems.push(`jurisdiction "${id}" client country ${p}`);
      else if (claimedBy.has(country)) problems.push(`client country ${country} is claimed by jurisdictions "${claimedBy.get(country)}" and "${id}"; a country routes to one jurisdiction`);
      else claimedBy.set(country, id);
    }
  }
  if (defaultJurisdiction !== null && !ids.has(defaultJurisdiction)) {
    problems.push(`defaultJurisdiction "${defaultJurisdiction}" is not one of the routed jurisdictions (${[...ids].join(', ')}); use null for no answer`);
  }
  return problems;
}
