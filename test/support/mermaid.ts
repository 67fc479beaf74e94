/**
 * The real Mermaid parser (mermaid 11 under a jsdom window, docs/facts/deploy-engine-contract.md §7),
 * run in a child Node process by test/support/mermaid-parse.mjs: mermaid is an ES module that Jest's
 * CommonJS runtime cannot import. Absent packages give a reason to skip on, never a pass.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface MermaidVerdict {
  readonly ok: boolean;
  /** `flowchart-v2` for a parsed flowchart. */
  readonly type?: string;
  readonly error?: string;
  /** Nodes and edges of the parsed flowchart. */
  readonly nodes?: number;
  readonly edges?: number;
}

/** Why the real parser cannot run here, or undefined when it can. */
export function mermaidUnavailable(): string | undefined {
  for (const pkg of ['mermaid', 'jsdom']) {
    try {
      require.resolve(`${pkg}/package.json`);
    } catch {
      return `the real Mermaid parser is not installed (npm package "${pkg}" missing: run npm ci)`;
    }
  }
  return undefined;
}

/** Parses each diagram with `mermaid.parse`; one verdict per diagram, in order. */
export function parseMermaid(diagrams: readonly string[]): MermaidVerdict[] {
  const r = spawnSync(process.execPath, [join(__dirname, 'mermaid-parse.mjs')], { input: JSON.stringify(diagrams), encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`mermaid parser process failed (${r.status ?? r.signal}): ${r.error?.message ?? ''}${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as MermaidVerdict[];
}
