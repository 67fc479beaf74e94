/**
 * The upload step between a jurisdiction's base stack and its inference stack: it reads the outputs the
 * base stacks really declare (synthesized here), copies into the primary residency bucket and waits for
 * replication; every failure names what is missing and how to fix it. The AWS CLI is a fake here.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upload } from '../../lib/cli/upload';
import { loadPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

const dir = mkdtempSync(join(tmpdir(), 'upload-'));
const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
buildApp(policy!, { outdir: join(dir, 'out') }).app.synth();
/** What `cdktn deploy --outputs-file` writes after the base stacks: each declared output with a value as Terraform would give it. */
function outputsFile(extra: Record<string, Record<string, string>> = {}): string {
  const outputs: Record<string, Record<string, string>> = {};
  for (const id of ['us', 'eu', 'in']) {
    const json = JSON.parse(readFileSync(join(dir, 'out', 'stacks', `sovereign-${id}`, 'cdk.tf.json'), 'utf8'));
    outputs[`sovereign-${id}`] = Object.fromEntries(
      Object.entries(json.output as Record<string, { value: string }>)
        .filter(([k]) => !k.startsWith('cross-stack-output-'))
        .map(([k, o]) => [k, o.value.replace(/\$\{[^}]+\}/g, `sovai-${id}-models-123456789012`)]),
    );
  }
  for (const [stack, o] of Object.entries(extra)) Object.assign(outputs[stack], o);
  const file = join(dir, `outputs-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(outputs));
  return file;
}
const artifacts = join(dir, 'model.tar.gz');
writeFileSync(artifacts, 'not really a model');

function runUpload(args: Partial<Parameters<typeof upload>[0]>, answers: (args: readonly string[]) => number | null = () => 0) {
  const out: string[] = [];
  const err: string[] = [];
  const calls: string[][] = [];
  const status = upload({ file: artifacts, dryRun: false, ...args }, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    cwd: dir,
    run: (command, a) => {
      calls.push([command, ...a]);
      const s = answers(a);
      return { status: s, stdout: '', stderr: s === null ? 'spawn aws ENOENT' : s === 0 ? '' : 'An error occurred (404)' };
    },
    sleep: () => undefined,
  });
  return { status, out, err, calls };
}

test('copies into each jurisdiction\'s primary residency bucket named by the base stack\'s output', () => {
  const r = runUpload({ outputs: outputsFile() });
  expect(r.err).toEqual([]);
  expect(r.status).toBe(0);
  expect(r.calls).toEqual(['us', 'eu', 'in'].map((id) => ['aws', 's3', 'cp', artifacts, `s3://sovai-${id}-models-123456789012/llm/model.tar.gz`, '--only-show-errors']));
  expect(r.out[r.out.length - 1]).toMatch(/next: npx cdktn deploy '\*'/);
});

test('waits until S3 replication has put the artifacts where the other region\'s model reads them', () => {
  const replica = 's3://sovai-eu-models-eu-west-3-123456789012/llm/model.tar.gz';
  let misses = 2;
  const r = runUpload({ outputs: outputsFile({ 'sovereign-eu': { model_artifacts_eu_west_3: replica } }), jurisdiction: 'eu' }, (a) => (a[1] === 'head-object' && misses-- > 0 ? 255 : 0));
  expect(r.status).toBe(0);
  expect(r.calls.map((c) => c.slice(1, 3).join(' '))).toEqual(['s3 cp', 's3api head-object', 's3api head-object', 's3api head-object']);
  expect(r.calls[1]).toEqual(['aws', 's3api', 'head-object', '--bucket', 'sovai-eu-models-eu-west-3-123456789012', '--key', 'llm/model.tar.gz']);
  expect(r.out).toContain(`sovereign-eu: replicated to ${replica}`);
});

test.each([
  ['the outputs file lacks the base stacks', () => ({ outputs: (() => { const f = join(dir, 'empty.json'); writeFileSync(f, '{}'); return f; })() }), () => 0, /no "model_artifacts_upload" output for any stack; deploy the base stacks with `npx cdktn deploy sovereign-<id> --ignore-missing-stack-dependencies --outputs-file <file>` first/],
  ['the jurisdiction has no self-hosted model', () => ({ outputs: outputsFile(), jurisdiction: 'de' }), () => 0, /no "model_artifacts_upload" output for stack sovereign-de \(found for: sovereign-us, sovereign-eu, sovereign-in\)/],
  ['the AWS CLI is not installed', () => ({ outputs: outputsFile(), jurisdiction: 'in' }), () => null, /sovereign-in: the copy to s3:\/\/sovai-in-models-123456789012\/llm\/model\.tar\.gz failed \(the AWS CLI could not be run\): spawn aws ENOENT/],
  ['replication does not finish in time', () => ({ outputs: outputsFile({ 'sovereign-eu': { model_artifacts_eu_west_3: 's3://r-bucket/llm/model.tar.gz' } }), jurisdiction: 'eu', waitMinutes: '0' }), (a: readonly string[]) => (a[1] === 'head-object' ? 255 : 0), /s3:\/\/r-bucket\/llm\/model\.tar\.gz is still missing after 0 min; check the bucket's replication status/],
  ['--wait-minutes is not a number of minutes', () => ({ outputs: outputsFile(), waitMinutes: 'soon' }), () => 0, /--wait-minutes soon must be an integer from 0 to 720/],
])('fails when %s, saying what to do', (_what, args, answers, message) => {
  const r = runUpload(args(), answers as (a: readonly string[]) => number | null);
  expect(r.status).not.toBe(0);
  expect(r.err.join('\n')).toMatch(message);
});

test('--dry-run prints the commands and runs none', () => {
  const r = runUpload({ outputs: outputsFile(), dryRun: true });
  expect(r.status).toBe(0);
  expect(r.calls).toEqual([]);
  expect(r.out.filter((l) => l.includes('aws s3 cp'))).toHaveLength(3);
});

test('the command line reaches it: cdktf-sovereign-ai upload <file> --outputs <file> --jurisdiction <id> --dry-run', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require('../../stacks/cli') as typeof import('../../stacks/cli');
  const out: string[] = [];
  const err: string[] = [];
  const status = main(['upload', 'model.tar.gz', '--outputs', outputsFile(), '--jurisdiction', 'us', '--dry-run'], { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env: {} });
  expect({ status, err }).toEqual({ status: 0, err: [] });
  expect(out[0]).toBe(`sovereign-us: aws s3 cp ${artifacts} s3://sovai-us-models-123456789012/llm/model.tar.gz --only-show-errors`);
});
