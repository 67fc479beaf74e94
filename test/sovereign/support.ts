/** The shipped cut-off-proof policies and their sovereign stacks, for the sovereign-tier tests. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktn';
import { loadPolicy, type SovereigntyPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import type { SynthJson } from '../support/synth';

export const ROOT = join(__dirname, '../..');
export const EU_FILE = 'stacks/policies/eu-cutoff-proof.yaml';
export const IN_FILE = 'stacks/policies/india-cutoff-proof.yaml';

export function policyText(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

export function loadValid(text: string, file = 'test.yaml'): SovereigntyPolicy {
  const { policy, problems } = loadPolicy(text, file);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return policy!;
}

/** The synthesized `sovereign-<id>-sovereign` stack of a policy text. */
export function sovereignStackJson(text: string, id: string): SynthJson {
  const { sovereign } = buildApp(loadValid(text), { outdir: mkdtempSync(join(tmpdir(), 'sovereign-')) });
  return JSON.parse(Testing.synth(sovereign[id]));
}

/** The only resource of a type (attributes). */
export function only(json: SynthJson, type: string): any {
  const all = Object.values(json.resource?.[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
}
