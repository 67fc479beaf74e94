/**
 * The cdktf app: reads the policy (SOVEREIGN_POLICY=<file>, or the embedded default), prints every
 * problem, and exits non-zero before anything is synthesized when there is an error.
 */
import { formatProblem, loadPolicy, loadPolicyFile, type LoadResult } from '../lib/policy';
import { buildApp } from './app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from './default-policy';

export function loadSelectedPolicy(env: NodeJS.ProcessEnv = process.env): LoadResult {
  const file = env.SOVEREIGN_POLICY;
  return file ? loadPolicyFile(file) : loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
}

function main(): void {
  const { policy, problems } = loadSelectedPolicy();
  for (const p of problems) console.error(formatProblem(p));
  if (!policy) {
    const n = problems.filter((p) => p.severity === 'error').length;
    console.error(`policy rejected: ${n} error(s); nothing was synthesized`);
    process.exit(1);
  }
  buildApp(policy).app.synth();
}

if (require.main === module) main();
