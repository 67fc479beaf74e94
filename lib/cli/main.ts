/**
 * `cdktf-sovereign-ai` (bin/cdktf-sovereign-ai.js runs this):
 *
 *   validate <policy>                       errors and warnings; exit 1 on an error
 *   report [policy] [--out <dir>]           synthesizes in a staging folder, writes the plan and the
 *                                           sovereignty report into <dir> (default cdktf.out) when it
 *                                           is accepted, prints the scenario matrix; exit 1 when the
 *                                           policy has an error, a check fails or a `survives` demand
 *                                           is not met (then no stack is written, only
 *                                           sovereignty-report.refused.md/.json). Without a policy:
 *                                           SOVEREIGN_POLICY, else the embedded default policy.
 *   init --jurisdiction <US|EU|IN> [--out <file>] [--force]
 *                                           writes a commented starter policy (default
 *                                           sovereignty-policy.yaml; never overwrites without --force)
 *   upload <model.tar.gz> --outputs <file> [--jurisdiction <id>] [--wait-minutes <n>] [--dry-run]
 *                                           between the base and the inference stacks: copies the
 *                                           model artifacts into each jurisdiction's residency bucket
 *                                           (from the base stacks' outputs) and waits for replication
 *   probe [policy] [options]                after a deploy: calls every name of every chain as a
 *                                           client would (lib/probe); exit 1 when a tier breaks the contract
 *   powerdns-zones [policy] --out <dir> --target <id>:<tier>=<target>...
 *                                           after the inference stacks: the zone files of dns.powerdns
 *                                           (lib/cli/powerdns.ts); exit 1 when a target is missing
 *
 * The CLI does not import stacks/: the app it drives (the embedded default policy and the
 * synthesizer) comes in as a `CliApp`, which the edge stacks/cli.ts wires from stacks/ (and
 * bin/cdktf-sovereign-ai.js runs). Exit codes: 0 done, 1 policy rejected or plan refused, 2 usage error or anything
 * unexpected (one `error:` line; the stack only with DEBUG set).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import type { JurisdictionPreset } from '../catalog';
import { escapeText, formatProblem, loadPolicy, loadPolicyFile, printProblems as print, type LoadResult } from '../policy';
import type { SovereigntyAnalysis } from '../analysis';
import type { SovereigntyPolicy } from '../policy';
import { STARTER_PRESETS, starterPolicy } from './init';
import { upload } from './upload';
import { PROBE_CREDENTIAL_ENV, probeCommand } from './probe';
import { parseTargets, policyZoneFiles, writeZoneFiles } from './powerdns';

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
                                                     after the base stacks: copy the model artifacts into each residency bucket, wait for replication
  probe [policy] [--jurisdiction ID] [--resolve NAME:IP]... [--dns-server IP[:PORT]] [--credential env:NAME|file:PATH]
        [--ca FILE] [--model NAME] [--port N] [--timeout MS] [--drill]
                                                     call every name of every failover chain as a client would (TLS name check,
                                                     /health, no anonymous access, GET /v1/models, a one-token chat completion);
                                                     exit 1 when a tier breaks the contract (credential default: $${PROBE_CREDENTIAL_ENV}; model: the policy's clients.model)
  powerdns-zones [policy] --out <dir> [--target <id>:<tier>=<name|IPv4[,IPv4]>]...
                                                     write the zone files of dns.powerdns (LUA failover and plain RFC 1035) from the failover
                                                     chains; --target gives the gateway target of each tier host name inside a jurisdiction zone`;

/** The schema file of this installation (dist/lib/cli → repository root). */
const SCHEMA_FILE = resolve(__dirname, '..', '..', '..', 'lib', 'policy', 'sovereignty-policy.schema.json');

interface Parsed {
  readonly positional: string[];
  readonly options: Record<string, string | true>;
  /** Values of options that may be repeated (`--resolve`). */
  readonly repeated: Record<string, string[]>;
}

const VALUED_OPTIONS = ['out', 'jurisdiction', 'outputs', 'wait-minutes', 'credential', 'ca', 'model', 'port', 'timeout', 'dns-server'];
const REPEATED_OPTIONS = ['resolve', 'target'];
const FLAGS = ['force', 'help', 'dry-run', 'drill'];

function parseArgs(args: readonly string[]): Parsed | string {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  const repeated: Record<string, string[]> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.slice(2);
    if (!a.startsWith('--')) positional.push(a);
    else if (VALUED_OPTIONS.includes(name) || REPEATED_OPTIONS.includes(name)) {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) return `${a} needs a value`;
      if (REPEATED_OPTIONS.includes(name)) (repeated[name] ??= []).push(v);
      else options[name] = v;
    } else if (FLAGS.includes(name)) options[name] = true;
    else return `unknown option ${a}`;
  }
  return { positional, options, repeated };
}

function printProblems(result: LoadResult, io: CliIo): boolean {
  print(result.problems, io.out, io.err);
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  if (errors) io.err(`policy rejected: ${errors} error(s)`);
  return errors === 0;
}

function validate(p: Parsed, io: CliIo): number {
  if (p.positional.length !== 1) return usage(io, 'validate needs exactly one policy file');
  const file = p.positional[0];
  const result = loadPolicyFile(resolve(io.cwd, file), file);
  if (!printProblems(result, io)) return 1;
  const warnings = result.problems.length;
  io.out(escapeText(`${file}: valid: ${result.policy!.jurisdictions.map((j) => j.jurisdiction.id).join(', ')}${warnings ? `, ${warnings} warning(s)` : ''}`));
  return 0;
}

/** What `report` needs of the synthesizer (stacks/synth.ts). */
export interface CliSynth {
  readonly REFUSED_REPORT_FILES: { readonly markdown: string; readonly json: string };
  shownPath(cwd: string, path: string): string;
  synthesizeChecked(
    policy: SovereigntyPolicy,
    outdir: string,
  ): { readonly errors: readonly string[]; readonly refusals: readonly string[]; readonly analysis?: SovereigntyAnalysis; readonly files: readonly string[] };
}

/** The app the CLI drives: stacks/cli.ts passes the one of this repository. */
export interface CliApp {
  /** The embedded default policy (stacks/default-policy.ts): its shown file name and its YAML. */
  readonly defaultPolicy: { readonly file: string; readonly yaml: string };
  /** The synthesizer, loaded on first use: `validate` and `init` need no provider bindings (a third of a second each). */
  synth(): CliSynth;
}

/** The policy a command names, else SOVEREIGN_POLICY, else the embedded default. */
function selectedPolicy(p: Parsed, io: CliIo, app: CliApp): LoadResult {
  const file = p.positional[0] ?? io.env.SOVEREIGN_POLICY;
  return file ? loadPolicyFile(resolve(io.cwd, file), file) : loadPolicy(app.defaultPolicy.yaml, app.defaultPolicy.file);
}

function report(p: Parsed, io: CliIo, app: CliApp): number {
  if (p.positional.length > 1) return usage(io, 'report takes at most one policy file');
  const result = selectedPolicy(p, io, app);
  if (!printProblems(result, io)) return 1;
  const outdir = resolve(io.cwd, typeof p.options.out === 'string' ? p.options.out : 'cdktf.out');
  const { REFUSED_REPORT_FILES, shownPath, synthesizeChecked } = app.synth();
  const { formatMatrix } = require('../analysis') as typeof import('../analysis');
  const outcome = synthesizeChecked(result.policy!, outdir);
  for (const e of outcome.errors) io.err(e);
  if (outcome.errors.length) {
    io.err(`plan refused: ${outcome.errors.length} error finding(s); nothing was written to ${shownPath(io.cwd, outdir)}`);
    return 1;
  }
  io.out(formatMatrix(outcome.analysis!));
  io.out(`wrote ${outcome.files.map((f) => shownPath(io.cwd, f)).join(', ')}`);
  for (const r of outcome.refusals) io.err(escapeText(`refused: ${r}`));
  if (outcome.refusals.length) {
    io.err(`plan refused: ${outcome.refusals.length} demanded scenario(s) not survived; no stack was written (see ${shownPath(io.cwd, resolve(outdir, REFUSED_REPORT_FILES.markdown))})`);
  }
  return outcome.refusals.length ? 1 : 0;
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
  const text = starterPolicy(preset, schema);
  // Self-check through the one loading path: a starter that does not load is never written.
  const check = loadPolicy(text, file);
  const errors = check.problems.filter((x) => x.severity === 'error');
  if (errors.length) {
    for (const e of errors) io.err(formatProblem(e));
    io.err(`error: the ${preset} starter policy does not pass its own check (a bug: please report it); nothing was written`);
    return 2;
  }
  writeFileSync(file, text);
  const shown = relative(io.cwd, file) || file;
  io.out(`wrote ${shown}: a starter policy for ${preset}; next: cdktf-sovereign-ai validate ${shown} && cdktf-sovereign-ai report ${shown}`);
  return 0;
}

function usage(io: CliIo, problem?: string): number {
  if (problem) io.err(`error: ${problem}`);
  (problem ? io.err : io.out)(USAGE);
  return problem ? 2 : 0;
}

function probe(p: Parsed, io: CliIo, app: CliApp): number | Promise<number> {
  if (p.positional.length > 1) return usage(io, 'probe takes at most one policy file');
  const result = selectedPolicy(p, io, app);
  if (!printProblems(result, io)) return 1;
  return probeCommand(result.policy!, { options: p.options, resolve: p.repeated.resolve ?? [], cwd: io.cwd, env: io.env }, io).catch((e: Error) => {
    io.err(`error: ${e.message}`);
    return 2;
  });
}

function powerDnsZones(p: Parsed, io: CliIo, app: CliApp): number {
  if (p.positional.length > 1) return usage(io, 'powerdns-zones takes at most one policy file');
  if (typeof p.options.out !== 'string') return usage(io, 'powerdns-zones needs --out <dir>');
  const targets = parseTargets(p.repeated.target ?? []);
  if (typeof targets === 'string') return usage(io, targets);
  const result = selectedPolicy(p, io, app);
  if (!printProblems(result, io)) return 1;
  let files;
  try {
    files = policyZoneFiles(result.policy!, targets);
  } catch (e) {
    for (const line of (e as Error).message.split('\n')) io.err(escapeText(`error: ${line}`));
    io.err('nothing was written');
    return 1;
  }
  const paths = writeZoneFiles(resolve(io.cwd, p.options.out), files);
  io.out(`wrote ${paths.map((f) => relative(io.cwd, f) || f).join(', ')}`);
  return 0;
}

/** The console and the process's directory and environment. */
export function processIo(): CliIo {
  return { out: (l) => console.log(l), err: (l) => console.error(l), cwd: process.cwd(), env: process.env };
}

/** Runs one command against `app`; returns the exit code (a promise for `probe`, which waits on the network). */
export function runCli(app: CliApp, args: readonly string[], io: CliIo = processIo()): number | Promise<number> {
  const [command, ...rest] = args;
  const parsed = parseArgs(rest);
  if (typeof parsed === 'string') return usage(io, parsed);
  if (parsed.options.help || command === 'help' || command === '--help' || command === '-h' || command === undefined) return usage(io);
  try {
    switch (command) {
      case 'validate':
        return validate(parsed, io);
      case 'report':
        return report(parsed, io, app);
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
      case 'probe':
        return probe(parsed, io, app);
      case 'powerdns-zones':
        return powerDnsZones(parsed, io, app);
      default:
        return usage(io, `unknown command "${command}"`);
    }
  } catch (e) {
    // Last resort: anything unexpected is one line and exit 2; the stack only with DEBUG set.
    io.err(`error: ${escapeText(e instanceof Error ? e.message : String(e)).slice(0, 2000)}${io.env.DEBUG ? '' : ' (unexpected; set DEBUG=1 for the stack trace)'}`);
    if (io.env.DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return 2;
  }
}
