/**
 * The command line, end to end through the launcher (bin/cdktf-sovereign-ai.js, as `npx
 * cdktf-sovereign-ai` runs it): init writes a starter policy that validates and synthesizes,
 * validate reports located errors, report writes the sovereignty report and refuses unmet demands.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../stacks/cli';
import { STARTER_PRESETS } from '../../lib/cli/init';
import { loadPolicy } from '../../lib/policy';

const ROOT = resolve(__dirname, '..', '..');
const LAUNCHER = join(ROOT, 'bin', 'cdktf-sovereign-ai.js');
const env = { ...process.env, SOVEREIGN_POLICY: '' };

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [LAUNCHER, ...args], { cwd, env, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function inProcess(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(args, { out: (l) => out.push(l), err: (l) => err.push(l), cwd, env });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** What the starter's comments tell a user to do for `cutoff:US`: uncomment the lines marked (cutoff), and the line under each marked key. */
function enableCutoffLines(text: string): string {
  const lines = text.split('\n');
  return lines
    .map((line, i) => {
      const marked = (l: string) => /# \(cutoff\)/.test(l);
      const underMarkedKey = i > 0 && marked(lines[i - 1]) && /^\s*# [\w-]+:\s+#/.test(lines[i - 1]);
      return marked(line) || underMarkedKey ? line.replace(/^(\s*)# /, '$1').replace(/\s+# \(cutoff\).*$/, '') : line;
    })
    .join('\n');
}

describe('cdktf-sovereign-ai (spawned)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  const policy = join(dir, 'policies', 'eu.yaml');

  test('init writes a commented EU starter policy and refuses to overwrite it without --force', () => {
    const r = cli(['init', '--jurisdiction', 'EU', '--out', 'policies/eu.yaml'], dir);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toBe('wrote policies/eu.yaml: a starter policy for EU; next: cdktf-sovereign-ai validate policies/eu.yaml && cdktf-sovereign-ai report policies/eu.yaml\n');
    const text = readFileSync(policy, 'utf8');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\/.*\/lib\/policy\/sovereignty-policy\.schema\.json\n/);
    expect(existsSync(text.split('\n')[0].split('$schema=')[1])).toBe(true);
    expect(cli(['init', '--jurisdiction', 'EU', '--out', 'policies/eu.yaml'], dir)).toMatchObject({ status: 1, stderr: 'policies/eu.yaml exists; pass --force to overwrite it\n' });
    expect(cli(['init', '--jurisdiction', 'EU', '--out', 'policies/eu.yaml', '--force'], dir).status).toBe(0);
  }, 60_000);

  test('validate prints valid for the starter, and located errors with exit 1 for a bad policy', () => {
    expect(cli(['validate', 'policies/eu.yaml'], dir)).toMatchObject({ status: 0, stdout: 'policies/eu.yaml: valid: eu\n', stderr: '' });
    writeFileSync(join(dir, 'bad.yaml'), readFileSync(policy, 'utf8').replace('secondary: eu-west-3', 'secondary: eu-west-2'));
    const r = cli(['validate', 'bad.yaml'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      expect.stringMatching(/^bad\.yaml:\d+:\d+: error: jurisdictions\[0\]\.aws\.secondary: AWS region "eu-west-2" is in London, GB \(United Kingdom\), outside jurisdiction "eu"/),
      'policy rejected: 1 error(s)',
      '',
    ]);
  }, 60_000);

  test('report synthesizes, writes the report and prints the matrix; cutoff:US is plainly not survived', () => {
    const r = cli(['report', 'policies/eu.yaml', '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const f of ['manifest.json', 'sovereignty-declarations.json', 'sovereignty-report.md', 'sovereignty-report.json']) expect(existsSync(join(dir, 'out', f))).toBe(true);
    expect(r.stdout).toMatch(/^ {2}region:eu-central-1 +yes +yes +NO$/m);
    expect(r.stdout).toMatch(/^ {2}cloud:azure +yes +NO +yes$/m);
    expect(r.stdout).toMatch(/^ {2}cutoff:US +NO +NO +NO +no gateway left: aws-eu-central-1 \(operator aws, US\) and azure-swedencentral \(operator azure, US\) are cut off$/m);
    expect(r.stdout).toContain('wrote out/sovereignty-declarations.json, out/sovereignty-report.md, out/sovereignty-report.json');
  }, 60_000);

  test('report refuses a plan whose demanded cutoff:US is not survived, and exits 1', () => {
    writeFileSync(join(dir, 'demand.yaml'), readFileSync(policy, 'utf8').replace('      - cloud-outage ', '      - cutoff:US\n      - cloud-outage '));
    const r = cli(['report', 'demand.yaml', '--out', 'out-demand'], dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^refused: jurisdiction eu, scenario cutoff:US: no gateway left: .* To survive it: every endpoint of eu's chain is run by an operator this cut-off reaches \(aws, azure\): with them alone it is not survivable;/);
    expect(r.stderr).toContain('plan refused: 1 demanded scenario(s) not survived; no stack was written (see out-demand/sovereignty-report.refused.md)');
    // Nothing deployable: no stack folder, no manifest; only the refused report, marked as such.
    expect(readdirSync(join(dir, 'out-demand')).sort()).toEqual(['sovereignty-report.refused.json', 'sovereignty-report.refused.md']);
    expect(readFileSync(join(dir, 'out-demand', 'sovereignty-report.refused.md'), 'utf8')).toMatch(/^# REFUSED PLAN: not deployable/);
  }, 60_000);

  test('fails with usage (exit 2) on an unknown command or a missing preset', () => {
    expect(cli(['deploy'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: unknown command "deploy"\nusage: cdktf-sovereign-ai <command>/) });
    expect(cli(['init', '--jurisdiction', 'XX'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^error: init needs --jurisdiction US \| EU \| IN\n/) });
  }, 60_000);

  test('npx cdktf-sovereign-ai resolves to this package\'s bin from the clone', () => {
    const r = spawnSync('npx', ['--offline', 'cdktf-sovereign-ai', '--help'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: cdktf-sovereign-ai <command>/);
  }, 60_000);
});

describe('starter policies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-init-'));

  test.each(STARTER_PRESETS)('%s: validates without errors and its report meets its own demands', (preset) => {
    expect(inProcess(['init', '--jurisdiction', preset, '--out', `${preset}.yaml`], dir).status).toBe(0);
    const r = inProcess(['report', `${preset}.yaml`, '--out', `out-${preset}`], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}cloud:aws +yes/m);
  }, 60_000);

  test.each(['EU', 'IN'])('%s: uncommenting the (cutoff) lines and demanding cutoff:US makes the report survive it', (preset) => {
    const file = join(dir, `${preset}.yaml`);
    if (!existsSync(file)) inProcess(['init', '--jurisdiction', preset, '--out', `${preset}.yaml`], dir);
    const enabled = enableCutoffLines(readFileSync(file, 'utf8'));
    expect(enabled).toMatch(/^ {6}- cutoff:US$/m);
    expect(loadPolicy(enabled, 'x.yaml').problems.filter((p) => p.severity === 'error')).toEqual([]);
    writeFileSync(join(dir, `${preset}-cutoff.yaml`), enabled);
    const r = inProcess(['report', `${preset}-cutoff.yaml`, '--out', `out-${preset}-cutoff`], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^ {2}cutoff:US +yes/m);
  }, 60_000);
});
