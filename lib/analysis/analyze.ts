/**
 * The cut-off analysis of a synthesized app: every jurisdiction under every scenario that concerns
 * it, the policy's `survives` demands checked against that matrix (with the link that breaks and
 * what would fix it), and what crosses a border.
 */
import { describeCountry, isCountryIn } from '../catalog';
import { readDeclarations, type SovereigntyDeclarations } from './declarations';
import { dataVerdict, inferenceVerdict, stateVerdict, type Verdict } from './evaluate';
import type { JurisdictionTopology, Topology } from './model';
import { operatorNamed } from './operators';
import { describeScenario, expandDemand, parseScenario, scenariosFor, type Scenario } from './scenarios';
import { readSynthOutput } from './synth-output';
import { buildTopology } from './topology';

export interface ScenarioOutcome {
  readonly scenario: string;
  readonly description: string;
  readonly inference: Verdict;
  readonly data: Verdict;
  readonly state: Verdict;
}

export interface DemandFailure {
  readonly scenario: string;
  readonly broken: readonly string[];
  readonly fix: string;
}

export interface DemandResult {
  /** As written in `survives`: `cutoff:US`, `region-outage`. */
  readonly demand: string;
  readonly ok: boolean;
  readonly failures: readonly DemandFailure[];
}

/** Something of the jurisdiction that is outside its countries, or run from outside them. */
export interface Crossing {
  readonly what: string;
  readonly where: string;
  readonly why: string;
  /** False when nothing in the policy allows it. */
  readonly allowed: boolean;
}

export interface JurisdictionAnalysis {
  readonly topology: JurisdictionTopology;
  readonly outcomes: readonly ScenarioOutcome[];
  readonly demands: readonly DemandResult[];
  readonly crossings: readonly Crossing[];
}

export interface SovereigntyAnalysis {
  readonly outdir: string;
  readonly policy: string;
  readonly topology: Topology;
  readonly jurisdictions: readonly JurisdictionAnalysis[];
  /** One line per demanded scenario that fails: the plan is refused when there is any. */
  readonly refusals: readonly string[];
}

export function evaluateScenario(topo: Topology, j: JurisdictionTopology, scenario: Scenario | string): ScenarioOutcome {
  const s = typeof scenario === 'string' ? parseScenario(scenario) : scenario;
  return { scenario: s.name, description: describeScenario(s), inference: inferenceVerdict(j, topo, s), data: dataVerdict(j, topo, s), state: stateVerdict(j, topo, s) };
}

/** What would make the jurisdiction survive a scenario it fails. */
function fixFor(s: Scenario, j: JurisdictionTopology, v: Verdict): string {
  const noGateway = v.broken.some((b) => b.startsWith('no gateway left'));
  const domainLink = (b: string) => /^DNS: (the \.|the registry of \.|every root)/.test(b); // lib/analysis/domain-path.ts domainLoss
  const noDns = v.broken.some((b) => b.startsWith('DNS:') && !domainLink(b));
  switch (s.kind) {
    case 'cutoff': {
      const outside = s.target === 'EU' ? 'outside the EU' : `outside ${s.target}`;
      const ops = [...new Set(j.components.filter((c) => c.kind === 'gateway' || c.kind === 'endpoint').map((c) => c.operator))].join(', ');
      const plain = noGateway ? `every endpoint of ${j.id}'s chain is run by an operator this cut-off reaches (${ops}): with them alone it is not survivable; ` : '';
      const parts = [
        ...(noGateway ? [`an endpoint run by an operator whose home is ${outside} (failover.external, with the operator's home country under \`operators\`)`] : []),
        ...(noDns ? [`a DNS provider of an operator whose home is ${outside}, declared under dns.external with answers: { ${j.id}: <that endpoint> } and listed at the registrar`] : []),
        ...(v.broken.some(domainLink) ? [`a domain under a TLD whose registry is ${outside}`] : []),
      ];
      return parts.length ? `${plain}${j.id} needs ${parts.join(', and ')}` : 'see the broken links';
    }
    case 'region':
      return `run a gateway in a second region of ${j.id} (inference.selfHosted.regions, or azureOpenAi in the other cloud) so the chain has an endpoint outside ${s.target}`;
    case 'cloud':
      return `put a gateway on a second cloud or operator (inference on the other cloud, or failover.external) so the chain does not depend on ${s.target} alone`;
    case 'dns':
      return `declare a second DNS provider under dns.external that answers ${j.id} with an endpoint that does not depend on ${s.target}`;
  }
}

function checkDemands(j: JurisdictionTopology, topo: Topology, outcomes: ScenarioOutcome[]): DemandResult[] {
  return j.declared.survives.map((demand) => {
    const failures = expandDemand(demand, j, topo).flatMap((s) => {
      const o = outcomes.find((x) => x.scenario === s.name) ?? evaluateScenario(topo, j, s);
      return o.inference.ok ? [] : [{ scenario: s.name, broken: o.inference.broken, fix: fixFor(s, j, o.inference) }];
    });
    return { demand, ok: failures.length === 0, failures };
  });
}

function crossingsOf(j: JurisdictionTopology, topo: Topology): Crossing[] {
  const inside = (c?: string) => !c || isCountryIn(c, j);
  const out: Crossing[] = [];
  for (const link of j.chain) {
    const declared = j.declared.endpoints.find((e) => e.name === link.name && !topo.gatewaysByHost.has(e.hostname));
    if (declared && !inside(declared.country)) {
      out.push({ what: `failover endpoint ${link.name} (${link.hostname})`, where: describeCountry(declared.country), why: j.declared.allowCrossBorder ? 'failover.allowCrossBorder: the policy lets this chain leave the jurisdiction' : 'not allowed by the policy', allowed: j.declared.allowCrossBorder });
    }
  }
  for (const c of j.components.filter((x) => x.kind !== 'endpoint' && x.kind !== 'dns' && !inside(x.country))) {
    out.push({ what: c.label, where: `${c.region} (${describeCountry(c.country!)})`, why: 'nothing in the policy allows it', allowed: false });
  }
  const rs = topo.routing?.state;
  if (rs && !inside(rs.country)) out.push({ what: `routing stack state (${rs.label})`, where: rs.country ? describeCountry(rs.country) : '?', why: 'the routing stack holds public DNS names only, never data', allowed: true });
  if (j.zone?.records.some((r) => r.healthCheck)) out.push({ what: 'Route 53 health checks', where: 'checker locations worldwide', why: 'they request only the health path of each gateway', allowed: true });
  const homes = new Map<string, number>();
  for (const c of j.components.filter((x) => x.kind !== 'dns' && x.kind !== 'endpoint')) homes.set(c.operator, (homes.get(c.operator) ?? 0) + 1);
  for (const [op, n] of homes) {
    const home = operatorNamed(topo.operators, op).home;
    if (!inside(home)) out.push({ what: `legal reach: ${n} component(s) run by ${op}`, where: `home ${home ? describeCountry(home) : 'not declared'}`, why: `the data stays in ${j.residency}, but a cut-off or an order under ${op}'s home law reaches it (see the cutoff rows)`, allowed: true });
  }
  for (const d of topo.externalDns.filter((x) => x.answers[j.id])) {
    const home = operatorNamed(topo.operators, d.operator).home;
    if (!inside(home)) out.push({ what: `declared DNS provider ${d.name}`, where: `operator ${d.operator}, home ${home ?? 'not declared'}`, why: 'it answers with public names only', allowed: true });
  }
  return out;
}

/** Analyzes an existing topology (tests build one from any synth). */
export function analyzeTopology(topo: Topology): SovereigntyAnalysis {
  const jurisdictions = topo.jurisdictions.map((j) => {
    const scenarios = scenariosFor(j, topo);
    const outcomes = scenarios.map((s) => evaluateScenario(topo, j, s));
    return { topology: j, outcomes, demands: checkDemands(j, topo, outcomes), crossings: crossingsOf(j, topo) };
  });
  const refusals = jurisdictions.flatMap((ja) =>
    ja.demands.flatMap((d) => d.failures.map((f) => `jurisdiction ${ja.topology.id}, scenario ${f.scenario}${f.scenario === d.demand ? '' : ` (survives: ${d.demand})`}: ${f.broken.join('; ')}. To survive it: ${f.fix}`)),
  );
  // engine opentofu promises encrypted state: a written stack without its key would store it in the clear.
  if (topo.declarations.engine === 'opentofu') {
    for (const j of topo.jurisdictions) if (!j.stateKey) refusals.push(`jurisdiction ${j.id}: the policy deploys with OpenTofu, but ${j.stack} as written has no state encryption key (terraform.encryption): its state would be stored unencrypted`);
    if (topo.routing && !topo.routing.stateKey) refusals.push(`${topo.routing.stack}: the policy deploys with OpenTofu, but the stack as written has no state encryption key (terraform.encryption)`);
  }
  return { outdir: topo.outdir, policy: topo.declarations.policy, topology: topo, jurisdictions, refusals };
}

/** Reads `outdir` (manifest.json, each stack's cdk.tf.json, sovereignty-declarations.json) and analyzes it. */
export function analyzeSynth(outdir: string, declarations: SovereigntyDeclarations = readDeclarations(outdir)): SovereigntyAnalysis {
  return analyzeTopology(buildTopology(readSynthOutput(outdir), declarations));
}
