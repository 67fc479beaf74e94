/**
 * The cdktf app: reads the policy (SOVEREIGN_POLICY=<file>, or the embedded default) through the one
 * loading path, prints every problem, and exits non-zero before anything is synthesized when there is
 * an error. An accepted policy is synthesized in a staging folder and moved into the output folder
 * only when the plan is accepted (stacks/synth.ts).
 */
import { escapeText, loadPolicy, loadPolicyFile, printProblems, type LoadResult } from '../lib/policy';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from './default-policy';
import { REFUSED_REPORT_FILES, synthesizeChecked } from './synth';

export function loadSelectedPolicy(env: NodeJS.ProcessEnv = process.env): LoadResult {
  const file = env.SOVEREIGN_POLICY;
  return file ? loadPolicyFile(file) : loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
}

/**
 * Validates, synthesizes and analyzes in a staging folder (the report is sovereignty-report.md and
 * .json), and refuses the plan when a check fails or a jurisdiction does not survive a scenario its
 * `survives` demands: then nothing deployable reaches the output folder. Errors go to stderr;
 * warnings to stdout (the cdktn CLI shows any stderr line as an ERROR). Returns the exit code.
 */
export function run(env: NodeJS.ProcessEnv = process.env, outdir: string = process.env.CDKTF_OUTDIR ?? 'cdktf.out'): number {
  const { policy, problems } = loadSelectedPolicy(env);
  printProblems(problems, console.log, console.error);
  if (!policy) {
    const n = problems.filter((p) => p.severity === 'error').length;
    console.error(`policy rejected: ${n} error(s); nothing was synthesized`);
    return 1;
  }
  const outcome = synthesizeChecked(policy, outdir);
  for (const e of outcome.errors) console.error(e);
  for (const r of outcome.refusals) console.error(escapeText(`refused: ${r}`));
  if (outcome.errors.length) {
    console.error(`plan refused: ${outcome.errors.length} error finding(s); nothing was written to ${outdir}`);
    return 1;
  }
  if (outcome.refusals.length) {
    console.error(`plan refused: ${outcome.refusals.length} demanded scenario(s) not survived; no stack was written to ${outdir}; see ${outdir}/${REFUSED_REPORT_FILES.markdown}`);
    return 1;
  }
  return 0;
}

if (require.main === module) process.exitCode = run(); // scripts/app.js calls run() itself
