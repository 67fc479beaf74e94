/**
 * The real `cdktn synth` on a throw-away app: an error finding fails the CLI run (the CLI prints the
 * annotation from manifest.json), and the findings report is in the output folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

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

function cdktfSynth(region: string) {
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
    const { status, out, report } = cdktfSynth('eu-west-2');
    expect(status).not.toBe(0);
    expect(out).toMatch(/ERROR \[rogue\/data\]: \[Sovereign-ResidencyRegion\] aws_s3_bucket\.data: .*eu-west-2 \(London, GB \(United Kingdom\)\), outside jurisdiction "eu"/);
    expect(existsSync(report)).toBe(true);
    expect(JSON.parse(readFileSync(report, 'utf8')).summary.errors).toBe(2); // the bucket and its provider
  }, 90_000);

  test('the same app inside the jurisdiction synthesizes', () => {
    const { status, out, report } = cdktfSynth('eu-central-1');
    expect({ status, out }).toEqual({ status: 0, out: expect.stringContaining('rogue') });
    expect(JSON.parse(readFileSync(report, 'utf8')).summary).toEqual({ errors: 0, warnings: 0, suppressed: 0 });
  }, 90_000);
});
