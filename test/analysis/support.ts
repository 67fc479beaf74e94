/** Helpers for the analysis tests: synthesize a policy into a temp folder, edit policies, check Mermaid. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDeclarations } from '../../lib/analysis';
import { loadPolicy, type SovereigntyPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

/** Validates `text` (no errors allowed), synthesizes it and writes the declarations, as the app does after synth. */
export function synthPolicy(text: string): { outdir: string; policy: SovereigntyPolicy } {
  const { policy, problems } = loadPolicy(text, 'test.yaml');
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const outdir = mkdtempSync(join(tmpdir(), 'analysis-'));
  buildApp(policy!, { outdir }).app.synth();
  writeDeclarations(outdir, policy!);
  return { outdir, policy: policy! };
}

/** Inserts `lines` after the first line that equals `anchor` (whole line). */
export function insertAfter(text: string, anchor: string, lines: string): string {
  const at = text.indexOf(`${anchor}\n`);
  if (at < 0) throw new Error(`anchor not found: ${anchor}`);
  const end = at + anchor.length + 1;
  return text.slice(0, end) + lines + text.slice(end);
}

const EU_STATE = '      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }';
const US_STATE = '      aws: { bucket: sovereign-ai-us-tfstate, region: us-east-1 }';

/** The default policy with `survives` demands on eu and us. */
export function defaultWithDemands(eu: string, us: string): string {
  return insertAfter(insertAfter(DEFAULT_POLICY_YAML, EU_STATE, `    survives: ${eu}\n`), US_STATE, `    survives: ${us}\n`);
}

/**
 * The default policy plus, for eu, a French national cloud as the last failover endpoint and (with
 * `dns`) a declared French DNS provider answering eu's clients with it; the cloud declares eu's client
 * contract unless `contract` says otherwise (`''`: none declared); `domain` replaces the default's
 * ai.example.com (a .com domain is lost with its US registry in a US cut-off).
 */
/** What the national cloud declares it serves: eu's contract (the default policy's clients), for both names its clients may dial. */
export function natcloudContract(domain = 'ai.example.com'): string {
  return `contract: { api: openai-v1, issuer: "https://id.eu.ai.example.com/realms/sovereign-ai", audience: sovereign-ai-eu, hostnames: [api.eu.${domain}, api.${domain}] }`;
}
export const NATCLOUD_CONTRACT = natcloudContract();

export function defaultWithNationalCloud(options: { dns: boolean; declareOperator?: boolean; survives?: string; contract?: string; domain?: string }): string {
  let text = options.domain ? DEFAULT_POLICY_YAML.replace(/^domain: ai\.example\.com\b/m, `domain: ${options.domain}`) : DEFAULT_POLICY_YAML;
  text = insertAfter(text, EU_STATE, `${options.survives ? `    survives: ${options.survives}\n` : ''}    failover:\n      external: [{ name: natcloud, hostname: ai.natcloud.example.fr, operator: natcloud-fr, country: FR${options.contract === '' ? '' : `, ${options.contract ?? natcloudContract(options.domain)}`} }]\n`);
  if (options.dns) text = insertAfter(text, '  serviceName: api       # api.ai.example.com routes by country to api.<id>.ai.example.com, which clients call', '  external: [{ name: natdns, operator: natcloud-fr, answers: { eu: natcloud } }]\n');
  if (options.declareOperator ?? true) text = text.replace('\nrouting:\n', '\noperators:\n  natcloud-fr: { country: FR, description: a French national cloud }\nrouting:\n');
  return text;
}

const RESERVED_IDS = new Set(['end', 'graph', 'flowchart', 'subgraph', 'style', 'classDef', 'class', 'click', 'linkStyle', 'direction']);
const NODE = /^\s+([A-Za-z][A-Za-z0-9_]*)(\["[^"]*"\]|\(\["[^"]*"\]\)|\{\{"[^"]*"\}\}|\[\("[^"]*"\)\])$/;
const EDGE = /^\s+([A-Za-z][A-Za-z0-9_]*) (-->|-->\|[^|"]+\||-\.->|-\. [^."|]+ \.->) ([A-Za-z][A-Za-z0-9_]*)$/;

/**
 * Problems of a Mermaid flowchart, for the subset the report writes (a fast structural check; the
 * real mermaid parser runs in test/analysis/mermaid-parser.test.ts): a `flowchart`/`graph` header with a direction, node lines with a valid id and
 * one of four quoted shapes, edge lines between nodes declared before, balanced brackets outside labels.
 */
export function mermaidProblems(source: string): string[] {
  const problems: string[] = [];
  const [header, ...lines] = source.split('\n');
  if (!/^(flowchart|graph) (LR|RL|TB|TD|BT)$/.test(header)) problems.push(`bad header: ${header}`);
  const ids = new Set<string>();
  for (const line of lines) {
    const unquoted = line.replace(/"[^"]*"/g, '""');
    const depth = [...unquoted].reduce((d, ch) => d + ('[({'.includes(ch) ? 1 : ')]}'.includes(ch) ? -1 : 0), 0);
    if (depth !== 0) problems.push(`unbalanced brackets: ${line}`);
    if ((line.match(/"/g) ?? []).length % 2) problems.push(`odd number of quotes: ${line}`);
    const node = NODE.exec(line);
    const edge = EDGE.exec(line);
    if (node) {
      if (RESERVED_IDS.has(node[1])) problems.push(`reserved node id: ${node[1]}`);
      if (ids.has(node[1])) problems.push(`node declared twice: ${node[1]}`);
      ids.add(node[1]);
    } else if (edge) {
      for (const id of [edge[1], edge[3]]) if (!ids.has(id)) problems.push(`edge to undeclared node ${id}: ${line}`);
    } else problems.push(`neither a node nor an edge: ${line}`);
  }
  return problems;
}

/** The contents of every ```mermaid block of a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)\n```/g)].map((m) => m[1]);
}
