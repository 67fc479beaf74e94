/**
 * Every Mermaid diagram of every shipped policy's report is accepted by the real `mermaid` parser,
 * the parser bites on a broken diagram, and labels built from hostile names stay one label.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSynth, mermaidEdgeText, mermaidText, renderMarkdown } from '../../lib/analysis';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { parseMermaid, mermaidUnavailable } from '../support/mermaid';
import { defaultWithNationalCloud, mermaidBlocks, synthPolicy } from './support';

const skipReason = mermaidUnavailable();
if (skipReason) console.warn(`Mermaid parser tests skipped: ${skipReason}`);
const realTest = skipReason ? test.skip : test;

const POLICY_DIR = join(__dirname, '..', '..', 'stacks', 'policies');
const shipped: [string, string][] = [
  ['default policy', DEFAULT_POLICY_YAML],
  ['default policy with a national cloud and DNS provider', defaultWithNationalCloud({ dns: true })],
  ...readdirSync(POLICY_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f): [string, string] => [f, readFileSync(join(POLICY_DIR, f), 'utf8')]),
];

describe('the reports of the shipped policies', () => {
  const reports = skipReason ? [] : shipped.map(([name, text]) => ({ name, diagrams: mermaidBlocks(renderMarkdown(analyzeSynth(synthPolicy(text).outdir))) }));

  realTest('every diagram parses with mermaid.parse as a flowchart', () => {
    expect(reports.length).toBe(shipped.length);
    const all = reports.flatMap((r) => r.diagrams.map((d, i) => ({ where: `${r.name} diagram ${i + 1}`, d })));
    expect(all.length).toBeGreaterThanOrEqual(shipped.length);
    const verdicts = parseMermaid(all.map((x) => x.d));
    expect(verdicts.map((v, i) => ({ where: all[i].where, ok: v.ok, type: v.type, error: v.error }))).toEqual(all.map((x) => ({ where: x.where, ok: true, type: 'flowchart-v2', error: undefined })));
    // Each node line of the report is one node of the parsed diagram.
    expect(verdicts.map((v) => v.nodes)).toEqual(all.map((x) => x.d.split('\n').filter((l) => /^\s+n\d+[[({]/.test(l)).length));
  });
});

/** Names an operator or a policy author might write, each breaking a naive label. */
const HOSTILE = [
  'a "quoted" name',
  '<script>alert(1)</script>',
  'end',
  'x]; click n1 call alert()',
  'a}} --> n9{{b',
  '`markdown` **bold**',
  'line one\nline two\r\nthree',
  '#quot; #60; #35; & &amp;',
  'pipe | semicolon ; percent %% comment',
  'ünïcödé 中文 🙂',
  'tab\there \u0000 nul',
  '"',
];

/** The four node shapes and two edge kinds the report writes, every label made of `name`. */
function hostileDiagram(name: string): string {
  const t = mermaidText(name);
  return [
    'flowchart LR',
    `  n1["${t}"] -->|${mermaidEdgeText(name) || 'x'}| n2(["${t}"])`,
    `  n2 -. ${mermaidEdgeText(name.replace(/\./g, ' ')) || 'x'} .-> n3{{"${t}"}}`,
    `  n3 --> n4[("${t}")]`,
  ].join('\n');
}

const BROKEN = [
  'flowchart LR\n  n1["unterminated] --> n2',
  'flowchart LR\n  n1["a "quoted" name"] --> n2["b"]',
  'flowchart LR\n  n1["a"] -->',
];

describe('real parser: hostile labels, and the parser bites', () => {
  // One parser process for all of them (starting mermaid under jsdom takes seconds).
  const verdicts = skipReason ? [] : parseMermaid([...HOSTILE.map(hostileDiagram), ...BROKEN, hostileDiagram('plain')]);

  realTest.each(HOSTILE.map((h, i) => [JSON.stringify(h), i]))('%s stays one label in every shape: 4 nodes, 3 edges', (_shown, i) => {
    expect(verdicts[i]).toEqual({ ok: true, type: 'flowchart-v2', nodes: 4, edges: 3 });
    expect(mermaidText(HOSTILE[i])).not.toMatch(/["<>`\n\r\u0000]/);
  });

  realTest('a broken diagram, a label with a raw quote and an edge to nowhere are refused; the same diagram with a plain name passes', () => {
    const broken = verdicts.slice(HOSTILE.length, HOSTILE.length + BROKEN.length);
    expect(broken.map((v) => v.ok)).toEqual([false, false, false]);
    for (const v of broken) expect(v.error).toMatch(/Parse error|Lexical error/);
    expect(verdicts[verdicts.length - 1]).toEqual({ ok: true, type: 'flowchart-v2', nodes: 4, edges: 3 });
  });

  test('entity codes: # first, so a name that holds an entity code shows as written', () => {
    expect(mermaidText('#quot;')).toBe('#35;quot;');
    expect(mermaidText('a "b" <c> `d`\ne')).toBe('a #quot;b#quot; #60;c#62; #96;d#96; e');
  });
});
