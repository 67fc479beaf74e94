/**
 * The report shows, for each scenario, the path that still answers (clients → DNS → tier) with the
 * operator, its home and the country of every hop, as text and, for survived cut-offs, as a Mermaid
 * diagram; rendering is generic over hop roles, so hops other parts of the analysis add appear too.
 */
import { analyzeSynth, describeHop, operatorTable, renderMarkdown, type Hop, type JurisdictionAnalysis } from '../../lib/analysis';
import { pathDiagram } from '../../lib/analysis/mermaid';
import { answeringPathLines } from '../../lib/analysis/report-paths';
import { mermaidUnavailable, parseMermaid } from '../support/mermaid';
import { defaultWithNationalCloud, mermaidBlocks, synthPolicy } from './support';

const a = analyzeSynth(synthPolicy(defaultWithNationalCloud({ dns: true, domain: 'ai.example.eu' })).outdir);
const md = renderMarkdown(a);
/** The report section of one jurisdiction, up to the next `## ` heading. */
function section(id: string): string {
  const start = md.indexOf(`## Jurisdiction ${id} `);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = md.indexOf('\n## ', start + 1);
  return md.slice(start, next < 0 ? undefined : next);
}

describe('a jurisdiction that survives cutoff:US through a national operator', () => {
  const eu = section('eu');

  test('the text names every hop of the path with its operator, home and country', () => {
    expect(eu).toContain(
      '- `cutoff:US`: clients of eu in 27 countries (AT BE BG CY CZ DE ...) → dns declared DNS provider natdns (operator natcloud-fr, home FR; global service) → endpoint endpoint natcloud (ai.natcloud.example.fr, declared) (operator natcloud-fr, home FR; runs in FR)',
    );
  });

  test('in normal times the path names the US-operated DNS and tier it goes through', () => {
    const line = eu.split('\n').find((l) => l.startsWith('- `region:eu-central-1`:'))!;
    expect(line).toContain('dns Route 53 zone eu.ai.example.eu (operator aws, home US; global service)');
    expect(line).toMatch(/→ gateway .* \(operator (aws|azure), home US; runs in [A-Z]{2}\) → model /);
  });

  test('a Mermaid diagram of that path, one node per hop, each with operator and country', () => {
    const at = eu.indexOf('#### The path that answers under `cutoff:US`');
    expect(at).toBeGreaterThan(0);
    const [diagram] = mermaidBlocks(eu.slice(at));
    expect(diagram.split('\n')).toEqual([
      'flowchart LR',
      '  n1(["clients of eu in 27 countries (AT BE BG CY CZ DE ...)"])',
      '  n2{{"dns: declared DNS provider natdns (global, natcloud-fr FR)"}}',
      '  n1 --> n2',
      '  n3["endpoint: endpoint natcloud (ai.natcloud.example.fr, declared) (in FR, natcloud-fr FR)"]',
      '  n2 --> n3',
    ]);
  });
});

test('a jurisdiction that does not survive cutoff:US says nothing answers, with the first broken link, and gets no path diagram', () => {
  const inSection = section('in');
  expect(inSection).toMatch(/- `cutoff:US`: \*\*nothing answers\*\*: .+(cut off)/);
  expect(inSection).not.toContain('#### The path that answers under `cutoff:US`');
});

test('the JSON report carries the hops of each answering scenario', () => {
  const eu = a.jurisdictions.find((j) => j.topology.id === 'eu')!;
  const o = eu.outcomes.find((x) => x.scenario === 'cutoff:US')!;
  expect(o.inference.hops!.map((h) => [h.role, h.operator, h.country])).toEqual([
    ['clients', undefined, undefined],
    ['dns', 'natcloud-fr', undefined],
    ['endpoint', 'natcloud-fr', 'FR'],
  ]);
});

describe('generic over hops: roles the report does not know render the same way', () => {
  const operators = operatorTable({ 'ripe-ncc': { country: 'NL' }, eurid: { country: 'BE' }, 'gov-de': { country: 'DE' } });
  const hops: Hop[] = [
    { role: 'clients', name: 'clients of eu in 27 countries' },
    { role: 'root', name: 'k.root-servers.net', operator: 'ripe-ncc', country: 'NL' },
    { role: 'tld', name: '.eu registry', operator: 'eurid', country: 'BE' },
    { role: 'dns', name: 'PowerDNS ns1.ai.example.eu', operator: 'gov-de', country: 'DE' },
    { role: 'sovereign-tier', name: 'vLLM on the federal cluster', operator: 'gov-de', country: 'DE' },
    { role: 'mystery', name: 'run by someone undeclared', operator: 'nobody' },
  ];

  test('as text', () => {
    const fake = { outcomes: [{ scenario: 'cutoff:US', description: '', inference: { ok: true, summary: '', broken: [], hops }, data: { ok: true, summary: '', broken: [] }, state: { ok: true, summary: '', broken: [] } }] } as unknown as JurisdictionAnalysis;
    const lines = answeringPathLines(fake, { operators } as never);
    expect(lines[2]).toBe(
      '- `cutoff:US`: clients of eu in 27 countries → root k.root-servers.net (operator ripe-ncc, home NL; runs in NL) → tld .eu registry (operator eurid, home BE; runs in BE) → dns PowerDNS ns1.ai.example.eu (operator gov-de, home DE; runs in DE) → sovereign-tier vLLM on the federal cluster (operator gov-de, home DE; runs in DE) → mystery run by someone undeclared (operator nobody, home not declared; global service)',
    );
    expect(lines).toContain('#### The path that answers under `cutoff:US`');
  });

  test('as a diagram the real parser accepts, one node per hop, DNS-like roles as hexagons', () => {
    const diagram = pathDiagram(hops, operators);
    expect(diagram).toContain('n2{{"root: k.root-servers.net (in NL, ripe-ncc NL)"}}');
    expect(diagram).toContain('n3{{"tld: .eu registry (in BE, eurid BE)"}}');
    expect(diagram).toContain('n5["sovereign-tier: vLLM on the federal cluster (in DE, gov-de DE)"]');
    expect(describeHop(hops[5], operators)).toBe('mystery run by someone undeclared (operator nobody, home not declared; global service)');
    const skip = mermaidUnavailable();
    if (skip) return console.warn(`real Mermaid parse skipped: ${skip}`);
    expect(parseMermaid([diagram])).toEqual([{ ok: true, type: 'flowchart-v2', nodes: hops.length, edges: hops.length - 1 }]);
  });
});
