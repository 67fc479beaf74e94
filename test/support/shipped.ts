/**
 * The shipped policies (the embedded default policy and stacks/policies/*.yaml), each synthesized once
 * per jest run and shared by every suite that only reads what was written (the Terraform gate, the HCL
 * suite, the stack suites): the first worker that asks synthesizes it, exactly as `npm run synth` does
 * (stacks/synth.ts `synthesizeChecked`: stacks, manifest, declarations, sovereignty report), into the
 * run's temp folder (test/support/global-setup.js, removed by the teardown); a worker that asks while
 * another synthesizes waits for it. Readers must not write into the folder: a suite that edits
 * synthesized files synthesizes its own copy.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPolicy, loadPolicyFile, type SovereigntyPolicy } from '../../lib/policy';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

export const POLICY_DIR = resolve(__dirname, '..', '..', 'stacks', 'policies');

/** `default` and the file name of each shipped example policy without `.yaml`, sorted. */
export const SHIPPED_POLICIES: readonly string[] = [
  'default',
  ...readdirSync(POLICY_DIR)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => f.replace(/\.ya?ml$/, '')),
];

/** The validated policy of a shipped label (`default` or an example file's name); throws on a problem. */
export function shippedPolicy(label: string): SovereigntyPolicy {
  const file = readdirSync(POLICY_DIR).find((f) => f.replace(/\.ya?ml$/, '') === label);
  if (label !== 'default' && !file) throw new Error(`no shipped policy ${label} in ${POLICY_DIR}`);
  const { policy, problems } = label === 'default' ? loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE) : loadPolicyFile(join(POLICY_DIR, file!));
  if (!policy) throw new Error(`${label}: ${problems.map((p) => p.message).join('; ')}`);
  return policy;
}

/** How long a worker waits for another worker's synth of the same policy before it synthesizes its own. */
const WAIT_MS = 240_000;
const pause = new Int32Array(new SharedArrayBuffer(4));
const memo = new Map<string, string>();

function synthInto(label: string, outdir: string): void {
  // Loaded here, not at the top: a suite that finds the folder synthesized never loads the constructs and providers.
  const { synthesizeChecked } = require('../../stacks/synth') as typeof import('../../stacks/synth');
  const outcome = synthesizeChecked(shippedPolicy(label), outdir);
  if (!outcome.accepted) throw new Error(`shipped policy ${label} was refused: ${[...outcome.errors, ...outcome.refusals].join('; ')}`);
}

/**
 * The output folder of the shipped policy `label`, synthesized once per run (see the file comment).
 * Treat it as read-only.
 */
export function shippedOutdir(label: string): string {
  const known = memo.get(label);
  if (known) return known;
  const run = process.env.SOVEREIGN_TEST_TMPDIR;
  if (!run || !existsSync(run)) {
    // No run folder (the suite was loaded outside jest's global setup): a private synth.
    const outdir = join(mkdtempSync(join(tmpdir(), `shipped-${label}-`)), 'cdktf.out');
    synthInto(label, outdir);
    memo.set(label, outdir);
    return outdir;
  }
  const root = join(run, 'shipped');
  mkdirSync(root, { recursive: true });
  const outdir = join(root, label);
  const lock = `${outdir}.lock`;
  let mine = false;
  try {
    mkdirSync(lock); // atomic: exactly one worker gets it
    mine = true;
  } catch {
    // another worker is synthesizing (or has): wait for its rename
  }
  if (mine) {
    const staging = join(mkdtempSync(join(root, `${label}.staging-`)), 'cdktf.out');
    try {
      synthInto(label, staging);
    } catch (e) {
      mkdirSync(`${outdir}.failed`); // the waiting workers synthesize on their own and report the error in their suites
      throw e;
    }
    renameSync(staging, outdir); // readers see the whole folder or none of it
    rmSync(join(staging, '..'), { recursive: true, force: true });
  } else {
    const started = Date.now();
    while (!existsSync(outdir) && !existsSync(`${outdir}.failed`) && Date.now() - started < WAIT_MS) Atomics.wait(pause, 0, 0, 100);
    if (!existsSync(outdir)) {
      const own = join(mkdtempSync(join(root, `${label}.own-`)), 'cdktf.out');
      synthInto(label, own);
      memo.set(label, own);
      return own;
    }
  }
  memo.set(label, outdir);
  return outdir;
}
