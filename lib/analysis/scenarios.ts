/**
 * Scenarios and what each one takes away:
 *
 * | scenario        | lost                                                                              |
 * |-----------------|-----------------------------------------------------------------------------------|
 * | `region:<code>` | every component in that region (an Azure Key Vault fails over read-only to its pair) |
 * | `cloud:<op>`    | every regional component the operator runs; its global DNS is `dns:<provider>`    |
 * | `dns:<name>`    | every zone, record set and health check of that DNS provider                      |
 * | `cutoff:<X>`    | everything run by an operator whose home is in X (US, EU, IN or a country), DNS included; an operator without a declared home too |
 *
 * `cloud:aws` spares Route 53 on purpose: its data plane and health checkers run outside the
 * regions (static stability); losing it is its own scenario. A cut-off is legal, not technical,
 * and reaches everything the operator runs. `region-outage`, `cloud-outage` and `dns-outage` in a
 * `survives` demand mean every such scenario of the jurisdiction, one at a time.
 */
import { describeCountry, findRegionInAnyCloud } from '../catalog';
import type { Component, JurisdictionTopology, Topology } from './model';
import { cutoffCountries, operatorNamed, type OperatorTable } from './operators';

export type ScenarioKind = 'region' | 'cloud' | 'dns' | 'cutoff';

export interface Scenario {
  /** `region:eu-central-1`, `cloud:aws`, `dns:route53`, `cutoff:US` */
  readonly name: string;
  readonly kind: ScenarioKind;
  readonly target: string;
}

export const SCENARIO_GROUPS: Readonly<Record<string, ScenarioKind>> = Object.freeze({ 'region-outage': 'region', 'cloud-outage': 'cloud', 'dns-outage': 'dns' });

export function parseScenario(name: string): Scenario {
  const m = /^(region|cloud|dns|cutoff):([A-Za-z0-9-]+)$/.exec(name);
  if (!m) throw new Error(`"${name}" is not a scenario: use region:<code>, cloud:<operator>, dns:<provider>, cutoff:<country> or ${Object.keys(SCENARIO_GROUPS).join(', ')}`);
  return { name, kind: m[1] as ScenarioKind, target: m[2] };
}

/** One sentence for the report. */
export function describeScenario(s: Scenario): string {
  switch (s.kind) {
    case 'region': {
      const r = findRegionInAnyCloud(s.target);
      return `region ${s.target}${r ? ` (${r.city}, ${r.country})` : ''} is down`;
    }
    case 'cloud':
      return `${s.target} is unavailable in every region`;
    case 'dns':
      return `DNS provider ${s.target} does not answer`;
    case 'cutoff':
      return `operators whose home is in ${s.target === 'EU' ? 'the EU' : describeCountry(s.target)} are cut off`;
  }
}

/** Why `c` is lost in `s` (`is cut off`, `is down: region eu-central-1`), or undefined when it stays. */
export function lossOf(c: Component, s: Scenario, operators: OperatorTable): string | undefined {
  switch (s.kind) {
    case 'region':
      if (c.region !== s.target) return undefined;
      return c.fallbackRegion && c.fallbackRegion !== s.target ? undefined : `is down with region ${s.target}`;
    case 'cloud':
      return c.operator === s.target && c.kind !== 'dns' ? `is down with ${s.target}` : undefined;
    case 'dns':
      return c.dnsProvider === s.target ? 'does not answer' : undefined;
    case 'cutoff': {
      const home = operatorNamed(operators, c.operator).home;
      if (!home) return `is counted as cut off (operator ${c.operator} has no declared home country)`;
      return cutoffCountries(s.target).includes(home) ? 'is cut off' : undefined;
    }
  }
}

/** `operator aws, US` */
export function operatorNote(c: Component, operators: OperatorTable): string {
  return `operator ${c.operator}, ${operatorNamed(operators, c.operator).home ?? 'home not declared'}`;
}

/** DNS providers on a jurisdiction's path: its zone's and the routing layer's, and declared ones that answer for it. */
export function dnsProvidersOf(j: JurisdictionTopology, topo: Topology): string[] {
  const providers = [topo.routing?.parentZone?.component.dnsProvider, topo.routing?.trafficManager?.component.dnsProvider, j.zone?.component.dnsProvider];
  const declared = topo.externalDns.filter((d) => d.answers[j.id]).map((d) => d.name);
  return [...new Set([...providers, ...declared, topo.declarations.powerDns?.name].filter((p): p is string => !!p))];
}

/** Every scenario the matrix shows for a jurisdiction: each region and operator it uses, each DNS provider on its path, each operator home (US always). */
export function scenariosFor(j: JurisdictionTopology, topo: Topology): Scenario[] {
  const regions = [...new Set(j.components.map((c) => c.region).filter((r): r is string => !!r))];
  const clouds = [...new Set(j.components.filter((c) => c.kind !== 'dns').map((c) => c.operator))];
  const dnsComponents = [topo.routing?.parentZone?.component, topo.routing?.trafficManager?.component].filter((c): c is Component => !!c);
  const declaredDns = [...topo.externalDns.filter((d) => d.answers[j.id]).map((d) => d.operator), ...(topo.declarations.powerDns ? [topo.declarations.powerDns.operator] : [])];
  const homes = ['US', ...[...j.components, ...dnsComponents].map((c) => c.operator), ...declaredDns].map((o) => (o === 'US' ? o : operatorNamed(topo.operators, o).home));
  return [
    ...regions.map((r) => `region:${r}`),
    ...clouds.map((c) => `cloud:${c}`),
    ...dnsProvidersOf(j, topo).map((p) => `dns:${p}`),
    ...[...new Set(homes.filter((h): h is string => !!h))].map((h) => `cutoff:${h}`),
  ].map(parseScenario);
}

/** The scenarios a `survives` entry stands for. */
export function expandDemand(demand: string, j: JurisdictionTopology, topo: Topology): Scenario[] {
  const kind = SCENARIO_GROUPS[demand];
  return kind ? scenariosFor(j, topo).filter((s) => s.kind === kind) : [parseScenario(demand)];
}
