/**
 * Synthesis that never leaves a refused plan deployable. The app is synthesized into a fresh
 * staging folder under the system temp folder, checked (the rule pack's error findings) and analyzed
 * (the `survives` demands) there; only an accepted plan is moved into the output folder, file by file
 * (files the engine put there, such as `.terraform/` and `.terraform.lock.hcl`, stay), `manifest.json`
 * last, then stack folders the new plan no longer has are removed (as `cdktn synth` itself does).
 * A refused plan writes no `cdk.tf.json` anywhere under the output folder: only its report, marked
 * `sovereignty-report.refused.md` / `.json`, next to the stack folders, never inside one.
 *
 * Under `cdktn synth` the CLI reads `<CDKTF_OUTDIR>/manifest.json` after the app exits 0, and prints
 * the app's stderr and fails when it exits non-zero (cdktn-cli bundle, SynthStack.synth): so an
 * accepted plan's manifest is in place before exit, and a refused one's error findings are printed
 * here, since the CLI never sees that manifest.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { writeSovereigntyReport, type SovereigntyAnalysis } from '../lib/analysis';
import { REPORT_FILES } from '../lib/analysis/report';
import { escapeText, type SovereigntyPolicy } from '../lib/policy';
import { buildApp } from './app';

/** Where a refused plan's report goes, next to (never inside) the stack folders. */
export const REFUSED_REPORT_FILES = Object.freeze({ markdown: 'sovereignty-report.refused.md', json: 'sovereignty-report.refused.json' });

export interface SynthOutcome {
  /** True when the plan is in the output folder. */
  readonly accepted: boolean;
  /** Error findings of the rule pack, one line each (`ERROR [path]: message`). */
  readonly errors: readonly string[];
  /** Demanded scenarios not survived, one line each. */
  readonly refusals: readonly string[];
  /** Absent when error findings stopped the plan before the analysis. */
  readonly analysis?: SovereigntyAnalysis;
  /** Files written into the output folder: the declarations and report (accepted), or the refused report. */
  readonly files: readonly string[];
}

const CONTINUE = 'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS';

interface Manifest {
  readonly stacks: Record<string, { readonly name: string; readonly annotations?: { readonly constructPath: string; readonly level: string; readonly message: string }[] }>;
}

function filesUnder(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(dir, join(rel, e.name)) : [join(rel, e.name)]));
}

/** Replaces `dst` by `src` atomically (rename), or by copy-then-rename across file systems. */
function moveFile(src: string, dst: string): void {
  mkdirSync(dirname(dst), { recursive: true });
  try {
    renameSync(src, dst);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    const tmp = `${dst}.${process.pid}.tmp`;
    copyFileSync(src, tmp);
    renameSync(tmp, dst);
  }
}

function accept(staging: string, outdir: string, manifest: Manifest): void {
  const files = filesUnder(staging).filter((f) => f !== 'manifest.json');
  for (const f of files) moveFile(join(staging, f), join(outdir, f));
  const names = new Set(Object.keys(manifest.stacks));
  const stacksDir = join(outdir, 'stacks');
  if (existsSync(stacksDir)) {
    for (const d of readdirSync(stacksDir, { withFileTypes: true })) if (d.isDirectory() && !names.has(d.name)) rmSync(join(stacksDir, d.name), { recursive: true, force: true });
  }
  for (const f of Object.values(REFUSED_REPORT_FILES)) rmSync(join(outdir, f), { force: true });
  moveFile(join(staging, 'manifest.json'), join(outdir, 'manifest.json'));
}

function keepRefusedReport(staging: string, outdir: string, lines: readonly string[]): string[] {
  mkdirSync(outdir, { recursive: true });
  const md = join(outdir, REFUSED_REPORT_FILES.markdown);
  const json = join(outdir, REFUSED_REPORT_FILES.json);
  const banner = [
    '# REFUSED PLAN: not deployable, nothing of it was written to stacks/',
    '',
    ...lines.map((l) => `- ${l}`),
    '',
    'Any `stacks/` folder and `sovereignty-report.md` here are from the last accepted synth, not from this plan.',
    '',
    '',
  ].join('\n');
  writeFileSync(md, banner + readFileSync(join(staging, REPORT_FILES.markdown), 'utf8'));
  const report = JSON.parse(readFileSync(join(staging, REPORT_FILES.json), 'utf8')) as Record<string, unknown>;
  writeFileSync(json, `${JSON.stringify({ refused: true, reasons: lines, ...report }, null, 2)}\n`);
  return [md, json];
}

/**
 * Synthesizes `policy` into a staging folder, checks and analyzes it there, and moves it into
 * `outdir` only when no error finding and no unmet `survives` demand refuses it.
 */
export function synthesizeChecked(policy: SovereigntyPolicy, outdir: string): SynthOutcome {
  const staging = mkdtempSync(join(tmpdir(), 'sovereign-synth-'));
  const previous = process.env[CONTINUE];
  try {
    // Collect every error finding into the staged manifest rather than stop at the first stack's.
    process.env[CONTINUE] = 'true';
    const { app } = buildApp(policy, { outdir: staging });
    app.synth();
    if (previous === undefined) delete process.env[CONTINUE];
    else process.env[CONTINUE] = previous;

    const manifest = JSON.parse(readFileSync(join(staging, 'manifest.json'), 'utf8')) as Manifest;
    const errors = Object.values(manifest.stacks).flatMap((s) =>
      (s.annotations ?? []).filter((a) => a.level === '@cdktf/error').map((a) => escapeText(`ERROR [${a.constructPath}]: ${a.message}`)),
    );
    if (errors.length) return { accepted: false, errors, refusals: [], files: [] };

    const { analysis, refusals, files } = writeSovereigntyReport(staging, policy);
    if (refusals.length) return { accepted: false, errors, refusals, analysis, files: keepRefusedReport(staging, outdir, refusals) };

    accept(staging, outdir, manifest);
    return { accepted: true, errors, refusals, analysis, files: files.map((f) => join(outdir, relative(staging, f))) };
  } finally {
    if (previous === undefined) delete process.env[CONTINUE];
    else process.env[CONTINUE] = previous;
    rmSync(staging, { recursive: true, force: true });
  }
}

/** `path` relative to `cwd` when inside it, for messages. */
export function shownPath(cwd: string, path: string): string {
  const r = relative(cwd, path);
  return r && !r.startsWith('..') ? r : path;
}
