/**
 * The report's "who answers" section: for each scenario, the path that still answers the
 * jurisdiction's clients, hop by hop with the operator, its home and the country of every hop; for
 * each `cutoff:` scenario that is survived, the same path as a Mermaid diagram. Generic over hops:
 * whatever roles the analysis puts on the path are rendered.
 */
import type { JurisdictionAnalysis } from './analyze';
import { describeHop } from './hops';
import { pathDiagram } from './mermaid';
import type { Topology } from './model';

export function answeringPathLines(ja: JurisdictionAnalysis, topo: Topology): string[] {
  const out = ['### Who answers, scenario by scenario', ''];
  for (const o of ja.outcomes) {
    const hops = o.inference.ok ? o.inference.hops : undefined;
    out.push(`- \`${o.scenario}\`: ${hops?.length ? hops.map((h) => describeHop(h, topo.operators)).join(' → ') : `**nothing answers**: ${o.inference.broken[0] ?? o.inference.summary}`}`);
  }
  out.push('');
  for (const o of ja.outcomes.filter((x) => x.scenario.startsWith('cutoff:') && x.inference.ok && x.inference.hops?.length)) {
    out.push(`#### The path that answers under \`${o.scenario}\``, '', '```mermaid', pathDiagram(o.inference.hops!, topo.operators), '```', '');
  }
  return out;
}
