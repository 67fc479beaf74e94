/**
 * The command line, every entry point a user runs, in one suite (it was three: test/cli.test.ts,
 * test/cli/cli.test.ts, test/checks/cli.test.ts; one suite loads the CLI and the app modules once):
 * 1. the launcher (bin/cdktf-sovereign-ai.js, as `npx cdktf-sovereign-ai` runs it), end to end:
 *    init writes a starter policy that validates and synthesizes, validate reports located errors,
 *    report writes the sovereignty report and refuses unmet demands;
 * 2. the app entry (stacks/main run()) and the real `cdktn synth`: a rejected policy prints precise
 *    errors, exits non-zero and writes nothing to the output folder;
 * 3. the real `cdktn synth` on a throw-away app with the rule pack: an error finding fails the CLI run
 *    (the CLI prints the annotation from manifest.json), and the findings report is in the output folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../stacks/cli';
import { STARTER_PRESETS } from '../../lib/cli/init';
import { loadPolicy } from '../../lib/policy';
import { run } from '../../stacks/main';

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

// 2. The app entry and the real `cdktn synth` of this app.
const BAD_POLICY = `version: 1
name: bad-policy
domain: ai.example.org
routing: { default: none }
jurisdictions:
  - id: eu
    preset: EU
    aws: { primary: eu-central-1, secondary: eu-west-2 }
    state:
      aws: { bucket: bad-eu-tfstate, region: eu-central-1 }
`;

function tempFile(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'policy-')), name);
  writeFileSync(file, content);
  return file;
}

describe('stacks/main run()', () => {
  let stderr: string[];
  beforeEach(() => {
    stderr = [];
    jest.spyOn(console, 'error').mockImplementation((m: string) => void stderr.push(m));
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  test('fails on a bad policy before anything is written', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'out-')), 'cdktf.out');
    const file = tempFile('bad.yaml', BAD_POLICY);
    expect(run({ SOVEREIGN_POLICY: file }, outdir)).toBe(1);
    expect(existsSync(outdir)).toBe(false);
    expect(stderr[0]).toBe(`${file}:8:46: error: jurisdictions[0].aws.secondary: AWS region "eu-west-2" is in London, GB (United Kingdom), outside jurisdiction "eu" (EU: European Union (27 member states)); AWS regions allowed there: eu-central-1, eu-west-1, eu-west-3, eu-north-1, eu-south-1, eu-south-2, eusc-de-east-1`);
    expect(stderr[1]).toBe('policy rejected: 1 error(s); nothing was synthesized');
  });

  test('fails when the policy file does not exist', () => {
    expect(run({ SOVEREIGN_POLICY: '/nonexistent/policy.yaml' }, join(tmpdir(), 'never'))).toBe(1);
    expect(stderr[0]).toMatch(/^\/nonexistent\/policy\.yaml: error: \(file\): cannot read the policy file: ENOENT/);
  });

  test('an operator named like an Object.prototype property is an ordinary operator, through synth and the analysis', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'out-')), 'cdktf.out');
    const india = readFileSync(join(ROOT, 'stacks/policies/india-only.yaml'), 'utf8')
      .replace('routing:', 'operators:\n  constructor: { country: IN }\nrouting:')
      .replace('    survives: [region-outage, cloud-outage]', '    failover:\n      external: [{ name: natcloud, hostname: ai.natcloud.example.in, operator: constructor, country: IN }]\n    survives: [region-outage, cloud-outage, cloud:constructor]');
    expect(run({ SOVEREIGN_POLICY: tempFile('ctor.yaml', india) }, outdir)).toBe(0);
    expect(stderr).toEqual([]);
    const report = readFileSync(join(outdir, 'sovereignty-report.md'), 'utf8');
    expect(report).toContain('natcloud');
    expect(report).toContain('declared endpoint natcloud: ai.natcloud.example.in, runs in IN (India), operator constructor (IN)');
  });

  test.each(readdirSync(join(ROOT, 'stacks/policies')).filter((f) => f.endsWith('.yaml')))('example policy %s synthesizes', (name) => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'out-')), 'cdktf.out');
    expect(run({ SOVEREIGN_POLICY: join(ROOT, 'stacks/policies', name) }, outdir)).toBe(0);
    expect(stderr).toEqual([]);
    expect(readdirSync(join(outdir, 'stacks')).length).toBeGreaterThan(0);
  });
});

describe('cdktn synth (the CLI, end to end)', () => {
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: '1' };
  const cdktf = join(ROOT, 'node_modules/.bin/cdktn');

  test('writes the DNS stack, a base and an inference stack per jurisdiction, and the routing stack for the default policy', () => {
    const output = join(mkdtempSync(join(tmpdir(), 'cli-')), 'cdktf.out');
    const r = spawnSync(cdktf, ['synth', '--output', output], { cwd: ROOT, env: { ...env, SOVEREIGN_POLICY: '' }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(readdirSync(join(output, 'stacks')).sort()).toEqual([
      'sovereign-dns', 'sovereign-eu', 'sovereign-eu-inference', 'sovereign-in', 'sovereign-in-inference', 'sovereign-routing', 'sovereign-us', 'sovereign-us-inference',
    ]);
  }, 60_000);

  test('exits non-zero on a bad policy, prints the error and leaves the output folder untouched', () => {
    const output = join(mkdtempSync(join(tmpdir(), 'cli-')), 'cdktf.out');
    const r = spawnSync(cdktf, ['synth', '--output', output], { cwd: ROOT, env: { ...env, SOVEREIGN_POLICY: tempFile('bad.yaml', BAD_POLICY) }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('jurisdictions[0].aws.secondary: AWS region "eu-west-2" is in London, GB (United Kingdom)');
    expect(existsSync(output)).toBe(false);
  }, 60_000);
});

// 3. The rule pack under the real `cdktn synth`, on a throw-away app.

/** A cdktf app (plain JS) that loads lib/checks from source through SWC, with one bucket in `region`. */
function appSource(region: string): string {
  return `
const path = require('node:path');
const root = ${JSON.stringify(ROOT)};
const swc = require(path.join(root, 'node_modules/@swc/core'));
require.extensions['.ts'] = (module, filename) =>
  module._compile(swc.transformFileSync(filename, { swcrc: true, configFile: path.join(root, '.swcrc') }).code, filename);
const { App, TerraformStack, S3Backend } = require(path.join(root, 'node_modules/cdktn'));
const { AwsProvider } = require(path.join(root, 'node_modules/@cdktn/provider-aws/lib/provider'));
const { S3Bucket } = require(path.join(root, 'node_modules/@cdktn/provider-aws/lib/s3-bucket'));
const { ALL_RULES, SovereigntyChecks } = require(path.join(root, 'lib/checks/index.ts'));

const app = new App();
const stack = new TerraformStack(app, 'rogue');
SovereigntyChecks.setJurisdiction(stack, { id: 'eu', countries: ['DE', 'FR'] });
new S3Backend(stack, { bucket: 'state', key: 'rogue.tfstate', region: 'eu-central-1' });
const provider = new AwsProvider(stack, 'aws', { region: '${region}' });
new S3Bucket(stack, 'data', { provider, bucket: 'sovai-rogue-data' });
SovereigntyChecks.applyTo(app, { rules: ALL_RULES.filter((r) => r.family === 'residency') });
app.synth();
`;
}

function packAppSynth(region: string) {
  const dir = mkdtempSync(join(tmpdir(), 'checks-cli-'));
  writeFileSync(join(dir, 'app.js'), appSource(region));
  writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ language: 'typescript', app: 'node app.js', projectId: 'checks-cli-test', sendCrashReports: 'false', terraformProviders: [] }));
  const output = join(dir, 'cdktf.out');
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: '1' };
  const r = spawnSync(join(ROOT, 'node_modules/.bin/cdktn'), ['synth', '--output', output], { cwd: dir, env, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}`, report: join(output, 'stacks', 'rogue', 'sovereignty-findings.json') };
}

describe('cdktn synth (the CLI) with the pack', () => {
  test('fails on an error finding, prints it, and leaves the findings report', () => {
    const { status, out, report } = packAppSynth('eu-west-2');
    expect(status).not.toBe(0);
    expect(out).toMatch(/ERROR \[rogue\/data\]: \[Sovereign-ResidencyRegion\] aws_s3_bucket\.data: .*eu-west-2 \(London, GB \(United Kingdom\)\), outside jurisdiction "eu"/);
    expect(existsSync(report)).toBe(true);
    expect(JSON.parse(readFileSync(report, 'utf8')).summary.errors).toBe(2); // the bucket and its provider
  }, 90_000);

  test('the same app inside the jurisdiction synthesizes', () => {
    const { status, out, report } = packAppSynth('eu-central-1');
    expect({ status, out }).toEqual({ status: 0, out: expect.stringContaining('rogue') });
    expect(JSON.parse(readFileSync(report, 'utf8')).summary).toEqual({ errors: 0, warnings: 0, suppressed: 0 });
  }, 90_000);
});
