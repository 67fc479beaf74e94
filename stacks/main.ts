/**
 * The cdktf app: reads the policy (SOVEREIGN_POLICY=<file>, or the embedded default), prints every
 * problem, and exits non-zero before anything is synthesized when there is an error.
 */
import { writeSovereigntyReport } from '../lib/analysis';
import { formatProblem, loadPolicy, loadPolicyFile, type LoadResult } from '../lib/policy';
import { buildApp } from './app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from './default-policy';

export function loadSelectedPolicy(env: NodeJS.ProcessEnv = process.env): LoadResult {
  const file = env.SOVEREIGN_POLICY;
  return file ? loadPolicyFile(file) : loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
}

/**
 * Validates, synthesizes, then analyzes what was synthesized (cdktf.out/sovereignty-report.md and
 * .json) and refuses the plan when a jurisdiction does not survive a scenario its `survives` demands.
 * Errors go to stderr; warnings to stdout (the cdktn CLI shows any stderr line as an ERROR).
 * Returns the exit code.
 */
export function run(env: NodeJS.ProcessEnv = process.env, outdir?: string): number {
  const { policy, problems } = loadSelectedPolicy(env);
  for (const p of problems) (p.severity === 'error' ? console.error : console.log)(formatProblem(p));
  if (!policy) {
    const n = problems.filter((p) => p.severity === 'error').length;
    console.error(`policy rejected: ${n} error(s); nothing was synthesized`);
    return 1;
  }
  const { app } = buildApp(policy, { outdir });
  app.synth();
  const { refusals } = writeSovereigntyReport(app.outdir, policy);
  for (const r of refusals) console.error(`refused: ${r}`);
  if (refusals.length) {
    console.error(`plan refused: ${refusals.length} demanded scenario(s) not survived; see ${app.outdir}/sovereignty-report.md`);
    return 1;
  }
  return 0;
}

if (require.main === module) process.exitCode = run(); // scripts/app.js calls run() itself
