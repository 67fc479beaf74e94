/**
 * The app entry and the real `cdktn synth`: a rejected policy prints precise errors, exits non-zero
 * and writes nothing to the output folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from '../stacks/main';

const ROOT = resolve(__dirname, '..');
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
