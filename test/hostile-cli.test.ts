/**
 * Hostile policy files through the real entry points: the CLI launcher (bin/cdktf-sovereign-ai.js,
 * as `npx cdktf-sovereign-ai` runs it) and the real `cdktn synth` (node_modules/.bin/cdktn, which
 * runs scripts/app.js). Each refusal: a non-zero exit, exactly one located error line, no secret in
 * any output, and no `cdk.tf.json` anywhere under the output folder or the staging temp folder.
 * A refused plan (an unmet `survives` demand) leaves no stack; an unexpected failure is one `error:`
 * line with exit code 2, the stack trace only under DEBUG.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HOSTILE, INDIA, type HostileFile } from './support/hostile';

const ROOT = resolve(__dirname, '..');
const LAUNCHER = join(ROOT, 'bin', 'cdktf-sovereign-ai.js');
const CDKTN = join(ROOT, 'node_modules', '.bin', 'cdktn');
const BASE_ENV = { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: '1', SOVEREIGN_POLICY: '', DEBUG: '' };

/** Every file under `dir` (recursive), relative. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** A fresh folder holding the hostile file, and a private temp folder for the staging synth. */
function workspace(h: Pick<HostileFile, 'file' | 'content'>): { dir: string; policy: string; tmp: string } {
  const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
  const tmp = join(dir, 'tmp');
  mkdirSync(tmp);
  writeFileSync(join(dir, h.file), h.content());
  return { dir, policy: join(dir, h.file), tmp };
}

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Spawns without blocking, so that a pool can run a few at once. */
function runAsync(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Runs `jobs` two at a time (the machine has two cores); results in order. */
async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  }));
  return results;
}

function located(text: string, file: string): string[] {
  return [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => /:\d+:\d+: error: /.test(l) && l.includes(file)))];
}

describe('cdktf-sovereign-ai validate (spawned) on each hostile file', () => {
  const runs = new Map<string, Run>();
  beforeAll(async () => {
    const results = await pool(HOSTILE.map((h) => () => runAsync(process.execPath, [LAUNCHER, 'validate', h.file], { cwd: workspace(h).dir, env: BASE_ENV })));
    HOSTILE.forEach((h, i) => runs.set(h.name, results[i]));
  }, 240_000);

  test.each(HOSTILE.map((h) => [h.name, h] as const))('%s: exit 1, one located line, nothing else', (_name, h) => {
    const r = runs.get(h.name)!;
    expect(r.status).toBe(1);
    const errLines = r.stderr.split('\n').filter(Boolean);
    expect(errLines).toEqual([expect.stringMatching(new RegExp(`^${h.file.replace('.', '\\.')}:\\d+:\\d+: error: `)), 'policy rejected: 1 error(s)']);
    expect(errLines[0]).toMatch(h.expect);
    for (const s of h.secrets ?? []) expect(r.stdout + r.stderr).not.toContain(s);
  });
});

function cdktnSynth(dir: string, tmp: string, env: Record<string, string>) {
  const output = join(dir, 'cdktf.out');
  const r = spawnSync(CDKTN, ['synth', '--output', output], { cwd: ROOT, env: { ...BASE_ENV, TMPDIR: tmp, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output };
}

describe('cdktn synth (the real CLI) on hostile files, one or more per class', () => {
  const synthesized = HOSTILE.filter((h) => h.synth);
  const runs = new Map<string, Run & { output: string; tmp: string }>();
  beforeAll(async () => {
    const results = await pool(
      synthesized.map((h) => async () => {
        const { dir, policy, tmp } = workspace(h);
        const output = join(dir, 'cdktf.out');
        const r = await runAsync(CDKTN, ['synth', '--output', output], { cwd: ROOT, env: { ...BASE_ENV, TMPDIR: tmp, SOVEREIGN_POLICY: policy } });
        return { ...r, output, tmp };
      }),
    );
    synthesized.forEach((h, i) => runs.set(h.name, results[i]));
  }, 240_000);

  test.each(synthesized.map((h) => [h.name, h] as const))('%s: fails with one located line and writes no cdk.tf.json', (_name, h) => {
    const r = runs.get(h.name)!;
    const tmp = r.tmp;
    expect(r.status).not.toBe(0);
    // The CLI streams the app's stderr and repeats it in its summary: one distinct located line.
    expect(located(r.stderr, h.file)).toEqual([expect.stringMatching(h.expect)]);
    expect(r.stderr).toContain('policy rejected: 1 error(s); nothing was synthesized');
    expect(r.stdout + r.stderr).not.toMatch(/^\s+at .*\.js:\d+:\d+\)?$/m); // no stack trace
    for (const s of h.secrets ?? []) expect(r.stdout + r.stderr).not.toContain(s);
    expect(existsSync(r.output)).toBe(false);
    expect(filesUnder(tmp)).toEqual([]);
  });
});

describe('a refused plan through cdktn synth', () => {
  const demand = { file: 'demand.yaml', content: () => INDIA.replace('survives: [region-outage, cloud-outage]', 'survives: [region-outage, cloud-outage, cutoff:US]') };

  test('an unmet survives demand leaves no stack and no manifest, only the marked refused report; an accepted synth replaces it', () => {
    const { dir, policy, tmp } = workspace(demand);
    const refused = cdktnSynth(dir, tmp, { SOVEREIGN_POLICY: policy });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/refused: jurisdiction in, scenario cutoff:US: no gateway left/);
    expect(refused.stderr).toContain(`plan refused: 1 demanded scenario(s) not survived; no stack was written to ${refused.output}`);
    expect(filesUnder(refused.output).sort()).toEqual(['sovereignty-report.refused.json', 'sovereignty-report.refused.md']);
    expect(JSON.parse(readFileSync(join(refused.output, 'sovereignty-report.refused.json'), 'utf8'))).toMatchObject({ refused: true, reasons: [expect.stringMatching(/cutoff:US/)] });
    expect(filesUnder(tmp)).toEqual([]);

    // The same folder, the shipped policy (accepted): stacks and manifest arrive, the refused report goes.
    const accepted = cdktnSynth(dir, tmp, { SOVEREIGN_POLICY: join(ROOT, 'stacks/policies/india-only.yaml') });
    expect(accepted.status).toBe(0);
    const files = filesUnder(accepted.output);
    expect(files).toEqual(expect.arrayContaining(['manifest.json', 'stacks/sovereign-in/cdk.tf.json', 'stacks/sovereign-routing/cdk.tf.json', 'sovereignty-report.md']));
    expect(files.filter((f) => f.includes('refused'))).toEqual([]);
    const plan = readFileSync(join(accepted.output, 'stacks/sovereign-in/cdk.tf.json'), 'utf8');

    // Refused again: the accepted plan's files stay byte for byte; nothing of the refused plan reaches them.
    const again = cdktnSynth(dir, tmp, { SOVEREIGN_POLICY: policy });
    expect(again.status).not.toBe(0);
    expect(readFileSync(join(again.output, 'stacks/sovereign-in/cdk.tf.json'), 'utf8')).toBe(plan);
    expect(existsSync(join(again.output, 'sovereignty-report.refused.md'))).toBe(true);
    expect(filesUnder(tmp)).toEqual([]);
  }, 120_000);
});

describe('the last-resort handler', () => {
  test('an exception thrown in an entry point is one error line and exit 2; the stack only with DEBUG', () => {
    const dir = mkdtempSync(join(tmpdir(), 'last-resort-'));
    const script = join(dir, 'throw.js');
    writeFileSync(script, `require(${JSON.stringify(join(ROOT, 'bin', 'last-resort.js'))}).installLastResort();\nthrow new RangeError('Maximum call stack size exceeded\\nsecond line');\n`);
    const r = spawnSync(process.execPath, [script], { env: BASE_ENV, encoding: 'utf8' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 2, stderr: 'error: RangeError: Maximum call stack size exceeded\\nsecond line (unexpected; set DEBUG=1 for the stack trace)\n' });
    const debug = spawnSync(process.execPath, [script], { env: { ...BASE_ENV, DEBUG: '1' }, encoding: 'utf8' });
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/^error: RangeError: Maximum call stack size exceeded\\nsecond line\n.*\n {4}at /s);
  });

  // An environment failure nothing anticipates: the staging folder cannot be created (TMPDIR missing).
  const policy = join(ROOT, 'stacks/policies/india-only.yaml');

  test('report when the staging folder cannot be created: one error line, exit 2, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'last-resort-'));
    const r = spawnSync(process.execPath, [LAUNCHER, 'report', policy, '--out', 'out'], { cwd: dir, env: { ...BASE_ENV, TMPDIR: join(dir, 'missing') }, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^error: ENOENT: no such file or directory, mkdtemp .* \(unexpected; set DEBUG=1 for the stack trace\)$/)]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  }, 60_000);

  test('cdktn synth in the same case: the app exits 2 with one error line, no stack trace, no cdk.tf.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'last-resort-'));
    const r = cdktnSynth(dir, join(dir, 'missing'), { SOVEREIGN_POLICY: policy });
    expect(r.status).not.toBe(0);
    const block = r.stderr.slice(r.stderr.indexOf('Command output on stderr:'));
    expect(r.stderr).toContain('exited with code 2');
    expect(block.split('\n').filter((l) => /^\s+error: /.test(l))).toEqual([expect.stringMatching(/error: ENOENT: no such file or directory, mkdtemp/)]);
    expect(block).not.toMatch(/^\s+at /m);
    expect(existsSync(r.output)).toBe(false);
  }, 60_000);
});
