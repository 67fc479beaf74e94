/**
 * The residency report: `sovereignty-report.md` (for people, with a Mermaid diagram per
 * jurisdiction) and `sovereignty-report.json` (for tools), written next to the synthesized stacks.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeCountry } from '../catalog';
import type { SovereigntyPolicy } from '../policy/model';
import { analyzeSynth, type JurisdictionAnalysis, type SovereigntyAnalysis } from './analyze';
import { writeDeclarations } from './declarations';
import { jurisdictionDiagram } from './mermaid';
import type { Component, JurisdictionTopology, Topology } from './model';
import { operatorNamed } from './operators';
import { chainContract, chainContractLines } from './report-contract';
import { answeringPathLines } from './report-paths';
import { domainHops, domainPathMarkdown } from './domain-path';

export const REPORT_FILES = Object.freeze({ markdown: 'sovereignty-report.md', json: 'sovereignty-report.json' });

/** What the analysis assumes; printed in both reports. */
export const ASSUMPTIONS: readonly string[] = Object.freeze([
  'Judged from the synthesized Terraform (cdktf.out), not from what is deployed; items marked "declared" come from the policy and are not provisioned or checked by this tool.',
  '`cloud:<c>` takes down every region of that cloud; its global DNS (Route 53, Traffic Manager) is the separate `dns:<provider>` scenario, because their data planes and health checkers run outside the regions.',
  '`cutoff:<X>` takes down everything run by an operator whose home is in X, DNS included, whatever the region; AWS European Sovereign Cloud counts as EU-operated (home DE) by design, a claim some dispute under US law.',
  'Route 53 answers a failover set with the first record whose health check passes, and with the PRIMARY when none passes; a drill (inverted check) reports the opposite of the real state.',
  'A declared DNS provider is credited only when the main provider does not answer; it must be authoritative for the domain (listed at the registrar) and kept in step by you.',
  'Data copies are only those Terraform creates: S3 replication, Azure GRS/GZRS (readable after an account failover unless RA-) and object replication; nothing is copied across clouds. An Azure Key Vault fails over read-only to its paired region.',
  'The domain resolves while one root server operator and its TLD registry (IANA Root Zone Database) are outside a cut-off; a TLD the catalog does not know counts as not resolving in every cut-off. Not modelled: the registrar, TLD back-end providers and name server operators, resolver caches (NS TTL 3600 s, records 60-300 s), Route 53 control-plane changes (us-east-1), quotas and capacity in the surviving region.',
]);

const yes = (ok: boolean) => (ok ? 'yes' : '**no**');

function operatorCell(c: Component, topo: Topology): string {
  return `${c.operator} (${operatorNamed(topo.operators, c.operator).home ?? 'home not declared'})`;
}

/** How the state is encrypted: client-side by OpenTofu with a key (where, who runs it), or at rest by the backend only. */
export function stateEncryptionText(key: Component | undefined, topo: Topology): string {
  if (!key) return 'Encrypted at rest only, by the backend (engine terraform: no client-side state encryption; whoever can read the bucket or account can read the state).';
  const where = key.region ? `${key.region}${key.country ? `, ${describeCountry(key.country)}` : ''}` : 'region not known';
  return `Encrypted client-side by OpenTofu (aes_gcm) with ${key.label} in ${where}, ${operatorCell(key, topo)}; without that key the state and plans cannot be read.`;
}

function regionRows(j: JurisdictionTopology, topo: Topology): string[] {
  const byRegion = new Map<string, Component[]>();
  for (const c of j.components.filter((x) => x.region)) byRegion.set(c.region!, [...(byRegion.get(c.region!) ?? []), c]);
  return [...byRegion].map(([region, cs]) => `| ${region} | ${cs[0].country ? describeCountry(cs[0].country) : '?'} | ${operatorCell(cs[0], topo)} | ${cs.map((c) => c.label).join('<br>')} |`);
}

function jurisdictionSection(ja: JurisdictionAnalysis, topo: Topology): string[] {
  const j = ja.topology;
  const out = [
    `## Jurisdiction ${j.id} (stack \`${j.stack}\`)`,
    '',
    `Data residency: ${j.residency} (${j.countries.length} countr${j.countries.length === 1 ? 'y' : 'ies'}: ${j.countries.join(', ')}). Clients routed here: ${j.clientCountries.join(', ') || 'none'}.`,
    '',
    '### Regions',
    '',
    '| region | country | operator | what runs there |',
    '|---|---|---|---|',
    ...regionRows(j, topo),
    '',
    '### Failover chain',
    '',
    ...(j.chain.length ? ['| # | endpoint | host name | reached by |', '|---|---|---|---|', ...j.chain.map((l) => `| ${l.position} | ${l.name} | ${l.hostname} | ${l.via} |`)] : ['No failover chain (no `dns` section, or no gateways).']),
    '',
    '### Client contract',
    '',
    ...chainContractLines(chainContract(j, topo)),
    '',
    '### Gateways and models',
    '',
    ...j.gateways.map((g) => `- ${g.component.label} (${g.component.region}, ${operatorCell(g.component, topo)}): ${g.hostnames.join(', ')} → ${g.model?.detail ?? 'no model'}`),
    ...j.models.filter((m) => !j.gateways.some((g) => g.model === m)).map((m) => `- ${m.detail} (${m.component.region}), behind no gateway`),
    ...j.declared.endpoints.filter((e) => !topo.gatewaysByHost.has(e.hostname)).map((e) => `- declared endpoint ${e.name}: ${e.hostname}, runs in ${describeCountry(e.country)}, operator ${e.operator} (${operatorNamed(topo.operators, e.operator).home ?? 'home not declared'})`),
    '',
    '### Data stores and keys',
    '',
    ...(j.stores.length ? j.stores.map((s) => `- **${s.name}** (${s.cloud}): ${s.copies.map((c) => `${c.component.label} in ${c.component.region}${c.key ? `, key: ${c.key.label} (${c.key.region}${c.key.fallbackRegion ? `, read-only failover to ${c.key.fallbackRegion}` : ''})` : ''}${c.note ? `, ${c.note}` : ''}`).join('; ')}`) : ['No data stores.']),
    ...j.keys.map((k) => `- key: ${k.label} (${k.region})`),
    '',
    `### State\n\n${j.state.label}, ${operatorCell(j.state, topo)}. ${stateEncryptionText(j.stateKey, topo)}`,
    '',
    '### What crosses a border, and why it is allowed',
    '',
    ...(ja.crossings.length ? ['| what | where | why | allowed |', '|---|---|---|---|', ...ja.crossings.map((c) => `| ${c.what} | ${c.where} | ${c.why} | ${yes(c.allowed)} |`)] : ['Nothing.']),
    '',
    '### Scenario matrix',
    '',
    '| scenario | what happens | inference answers | data readable | state manageable | details |',
    '|---|---|---|---|---|---|',
    ...ja.outcomes.map((o) => {
      const details = [o.inference.ok ? `answered by ${o.inference.summary}` : o.inference.broken.join('; '), ...o.data.broken, ...o.state.broken].join('<br>');
      return `| \`${o.scenario}\` | ${o.description} | ${yes(o.inference.ok)} | ${yes(o.data.ok)} | ${yes(o.state.ok)} | ${details.replace(/\|/g, '\\|')} |`;
    }),
    '',
  ];
  out.push(...answeringPathLines(ja, topo));
  if (ja.demands.length) {
    out.push('### Demands (`survives`)', '');
    for (const d of ja.demands) out.push(`- \`${d.demand}\`: ${d.ok ? 'survived' : `**refused**: ${d.failures.map((f) => `${f.scenario}: ${f.broken.join('; ')}. To survive it: ${f.fix}`).join(' / ')}`}`);
    out.push('');
  }
  out.push('### Diagram', '', '```mermaid', jurisdictionDiagram(j, topo), '```', '');
  return out;
}

export function renderMarkdown(a: SovereigntyAnalysis): string {
  const topo = a.topology;
  const lines = [
    `# Sovereignty report: ${a.policy}`,
    '',
    `Cut-off resilience and residency of the synthesized stacks ${topo.analyzedStacks.map((n) => `\`${n}\``).join(', ')}.` +
      (topo.otherStacks.length ? ` Not analyzed (no gateway, store or DNS of their own): ${topo.otherStacks.map((n) => `\`${n}\``).join(', ')}.` : ''),
    '',
    '| jurisdiction | scenarios where inference answers | not survived | demands |',
    '|---|---|---|---|',
    ...a.jurisdictions.map((ja) => {
      const failed = ja.outcomes.filter((o) => !o.inference.ok).map((o) => `\`${o.scenario}\``);
      const demands = ja.demands.length ? ja.demands.map((d) => `${d.demand}: ${d.ok ? 'ok' : '**refused**'}`).join(', ') : 'none';
      return `| ${ja.topology.id} | ${ja.outcomes.length - failed.length} of ${ja.outcomes.length} | ${failed.join(', ') || 'none'} | ${demands} |`;
    }),
    '',
    ...(a.refusals.length ? ['## Refused', '', ...a.refusals.map((r) => `- ${r}`), ''] : []),
    ...domainPathMarkdown(topo),
    ...(topo.routing ? [`Routing stack \`${topo.routing.stack}\`: ${topo.routing.parentZone ? `Route 53 zone ${topo.routing.parentZone.name}` : topo.routing.trafficManager?.component.label ?? 'no routing'}; state ${topo.routing.state.label}.`, ''] : []),
    ...a.jurisdictions.flatMap((ja) => jurisdictionSection(ja, topo)),
    '## Assumptions',
    '',
    ...ASSUMPTIONS.map((s) => `- ${s}`),
    '',
  ];
  return lines.join('\n');
}

/** The machine-readable report: plain data, no functions or maps. */
export function reportJson(a: SovereigntyAnalysis): object {
  const topo = a.topology;
  return {
    version: 1,
    policy: a.policy,
    routing: topo.routing && { stack: topo.routing.stack, zone: topo.routing.parentZone?.name, trafficManager: topo.routing.trafficManager?.component.label, state: topo.routing.state, stateKey: topo.routing.stateKey ?? null },
    jurisdictions: a.jurisdictions.map((ja) => {
      const j = ja.topology;
      return {
        id: j.id,
        stack: j.stack,
        residency: j.residency,
        countries: j.countries,
        clientCountries: j.clientCountries,
        regions: [...new Set(j.components.map((c) => c.region).filter(Boolean))],
        components: j.components,
        gateways: j.gateways.map((g) => ({ ...g.component, hostnames: g.hostnames, model: g.model?.detail, contract: g.contract })),
        clientContract: chainContract(j, topo),
        stores: j.stores.map((s) => ({ name: s.name, cloud: s.cloud, copies: s.copies.map((c) => ({ ...c.component, key: c.key?.label, note: c.note })) })),
        keys: j.keys,
        state: j.state,
        stateKey: j.stateKey ?? null,
        stateEncryption: stateEncryptionText(j.stateKey, topo),
        chain: j.chain,
        crossings: ja.crossings,
        matrix: ja.outcomes,
        demands: ja.demands,
      };
    }),
    dnsPath: domainHops(topo),
    refusals: a.refusals,
    assumptions: ASSUMPTIONS,
  };
}

/** Writes both files into `outdir`; returns their paths. */
export function writeReport(outdir: string, a: SovereigntyAnalysis): string[] {
  const md = join(outdir, REPORT_FILES.markdown);
  const json = join(outdir, REPORT_FILES.json);
  writeFileSync(md, renderMarkdown(a));
  writeFileSync(json, `${JSON.stringify(reportJson(a), null, 2)}\n`);
  return [md, json];
}

/**
 * After `app.synth()`: writes the declarations, analyzes the output folder and writes the report.
 * `refusals` is non-empty when a demanded scenario is not survived: the caller prints them and fails.
 */
export function writeSovereigntyReport(outdir: string, policy: SovereigntyPolicy): { analysis: SovereigntyAnalysis; refusals: readonly string[]; files: string[] } {
  const declarations = writeDeclarations(outdir, policy);
  const analysis = analyzeSynth(outdir);
  return { analysis, refusals: analysis.refusals, files: [declarations, ...writeReport(outdir, analysis)] };
}

/** The matrix as plain text for a terminal: one block per jurisdiction, the first broken link of each failure. */
export function formatMatrix(a: SovereigntyAnalysis): string {
  const out: string[] = [];
  const mark = (ok: boolean) => (ok ? 'yes' : 'NO');
  for (const ja of a.jurisdictions) {
    out.push(`jurisdiction ${ja.topology.id}`, `  ${'scenario'.padEnd(30)} ${'inference'.padEnd(10)} ${'data'.padEnd(5)} state`);
    for (const o of ja.outcomes) {
      const row = `  ${o.scenario.padEnd(30)} ${mark(o.inference.ok).padEnd(10)} ${mark(o.data.ok).padEnd(5)} ${mark(o.state.ok)}`;
      out.push(o.inference.ok ? row : `${row.padEnd(57)}  ${o.inference.broken[0]}`);
    }
  }
  return out.join('\n');
}
