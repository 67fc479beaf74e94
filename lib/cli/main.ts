/**
 * `cdktf-sovereign-ai` (bin/cdktf-sovereign-ai.js runs this):
 *
 *   validate <policy>                       errors and warnings; exit 1 on an error
 *   report [policy] [--out <dir>]           synthesizes into <dir> (default cdktf.out), writes the
 *                                           sovereignty report there, prints the scenario matrix;
 *                                           exit 1 when the policy has an error or a `survives`
 *                                           demand is not met. Without a policy: SOVEREIGN_POLICY,
 *                                           else the embedded default policy.
 *   init --jurisdiction <US|EU|IN> [--out <file>] [--force]
 *                                           writes a commented starter policy (default
 *                                           sovereignty-policy.yaml; never overwrites without --force)
 *   upload <model.tar.gz> --outputs <file> [--jurisdiction <id>] [--wait-minutes <n>] [--dry-run]
 *                                           between the base and the inference stacks: copies the
 *                                           model artifacts into each jurisdiction's residency bucket
 *                                           (from the base stacks' outputs) and waits for replication
 *
 * The CLI is an edge like stacks/main.ts: it composes the app with stacks/app.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { formatMatrix, writeSovereigntyReport } from '../analysis';
import type { JurisdictionPreset } from '../catalog';
import { formatProblem, loadPolicy, loadPolicyFile, type LoadResult } from '../policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { STARTER_PRESETS, starterPolicy } from './init';
import { upload } from './upload';

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

const USAGE = `usage: cdktf-sovereign-ai <command>
  validate <policy>                                  check a policy file: errors and warnings
  report [policy] [--out <dir>]                      synthesize, analyze cut-off resilience, write <dir>/sovereignty-report.md and .json (default dir: cdktf.out)
  init --jurisdiction <US|EU|IN> [--out <file>] [--force]   write a commented starter policy (default: sovereignty-policy.yaml)
  upload <model.tar.gz> --outputs <file> [--jurisdiction <id>] [--wait-minutes <n>] [--dry-run]
                                                     after the base stacks: copy the model artifacts into each residency bucket, wait for replication`;

/** The schema file of this installation (dist/lib/cli → repository root). */
const SCHEMA_FILE = resolve(__dirname, '..', '..', '..', 'lib', 'policy', 'sovereignty-policy.schema.json');

interface Parsed {
  readonly positional: string[];
  readonly options: Record<string, string | true>;
}

function parseArgs(args: readonly string[], valued: readonly string[]): Parsed | string {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (valued.includes(a.slice(2))) {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) return `${a} needs a value`;
      options[a.slice(2)] = v;
    } else if (a === '--force' || a === '--help' || a === '--dry-run') options[a.slice(2)] = true;
    else return `unknown option ${a}`;
  }
  return { positional, options };
}

function printProblems(result: LoadResult, io: CliIo): boolean {
  for (const p of result.problems) (p.severity === 'error' ? io.err : io.out)(formatProblem(p));
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  if (errors) io.err(`policy rejected: ${errors} error(s)`);
  return errors === 0;
}

function validate(p: Parsed, io: CliIo): number {
  if (p.positional.length !== 1) return usage(io, 'validate needs exactly one policy file');
  const file = p.positional[0];
  const result = loadPolicyFile(resolve(io.cwd, file));
  const shown = { ...result, problems: result.problems.map((x) => ({ ...x, file })) };
  if (!printProblems(shown, io)) return 1;
  const warnings = result.problems.length;
  io.out(`${file}: valid: ${result.policy!.jurisdictions.map((j) => j.jurisdiction.id).join(', ')}${warnings ? `, ${warnings} warning(s)` : ''}`);
  return 0;
}

function report(p: Parsed, io: CliIo): number {
  if (p.positional.length > 1) return usage(io, 'report takes at most one policy file');
  const file = p.positional[0] ?? io.env.SOVEREIGN_POLICY;
  const result = file ? loadPolicyFile(resolve(io.cwd, file)) : loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
  if (!printProblems(result, io)) return 1;
  const outdir = resolve(io.cwd, typeof p.options.out === 'string' ? p.options.out : 'cdktf.out');
  mkdirSync(outdir, { recursive: true });
  buildApp(result.policy!, { outdir }).app.synth();
  const { analysis, refusals, files } = writeSovereigntyReport(outdir, result.policy!);
  io.out(formatMatrix(analysis));
  io.out(`wrote ${files.map((f) => relative(io.cwd, f) || f).join(', ')}`);
  for (const r of refusals) io.err(`refused: ${r}`);
  if (refusals.length) io.err(`plan refused: ${refusals.length} demanded scenario(s) not survived (see ${relative(io.cwd, files[1])})`);
  return refusals.length ? 1 : 0;
}

function init(p: Parsed, io: CliIo): number {
  const preset = String(p.options.jurisdiction ?? '').toUpperCase() as JurisdictionPreset;
  if (p.positional.length || !STARTER_PRESETS.includes(preset)) return usage(io, `init needs --jurisdiction ${STARTER_PRESETS.join(' | ')}`);
  const file = resolve(io.cwd, typeof p.options.out === 'string' ? p.options.out : 'sovereignty-policy.yaml');
  if (existsSync(file) && p.options.force !== true) {
    io.err(`${relative(io.cwd, file) || file} exists; pass --force to overwrite it`);
    return 1;
  }
  mkdirSync(dirname(file), { recursive: true });
  const insideRepository = !relative(resolve(SCHEMA_FILE, '..', '..', '..'), file).startsWith('..');
  const schema = insideRepository ? relative(dirname(file), SCHEMA_FILE) : SCHEMA_FILE;
  writeFileSync(file, starterPolicy(preset, new Date().toISOString().slice(0, 10), schema));
  const shown = relative(io.cwd, file) || file;
  io.out(`wrote ${shown}: a starter policy for ${preset}; next: cdktf-sovereign-ai validate ${shown} && cdktf-sovereign-ai report ${shown}`);
  return 0;
}

function usage(io: CliIo, problem?: string): number {
  if (problem) io.err(`error: ${problem}`);
  (problem ? io.err : io.out)(USAGE);
  return problem ? 2 : 0;
}

/** Runs one command; returns the exit code. */
export function main(args: readonly string[], io: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), cwd: process.cwd(), env: process.env }): number {
  const [command, ...rest] = args;
  const parsed = parseArgs(rest, ['out', 'jurisdiction', 'outputs', 'wait-minutes']);
  if (typeof parsed === 'string') return usage(io, parsed);
  if (parsed.options.help || command === 'help' || command === '--help' || command === '-h' || command === undefined) return usage(io);
  try {
    switch (command) {
      case 'validate':
        return validate(parsed, io);
      case 'report':
        return report(parsed, io);
      case 'init':
        return init(parsed, io);
      case 'upload':
        if (parsed.positional.length > 1) return usage(io, 'upload takes one artifacts file');
        return upload({
          file: parsed.positional[0],
          outputs: typeof parsed.options.outputs === 'string' ? parsed.options.outputs : undefined,
          jurisdiction: typeof parsed.options.jurisdiction === 'string' ? parsed.options.jurisdiction : undefined,
          waitMinutes: typeof parsed.options['wait-minutes'] === 'string' ? parsed.options['wait-minutes'] : undefined,
          dryRun: parsed.options['dry-run'] === true,
        }, io);
      default:
        return usage(io, `unknown command "${command}"`);
    }
  } catch (e) {
    io.err(`error: ${(e as Error).message}`);
    return 1;
  }
}
