/**
 * stacks/synth.ts: a plan reaches the output folder only when accepted. An error finding of the
 * rule pack (added here to the real app through a wrapped buildApp: no shipped policy triggers one)
 * refuses the plan with nothing written; an accepted plan keeps what the engine put in a stack
 * folder, removes stack folders the plan no longer has, and drops an earlier refused report.
 */
import { Annotations } from 'cdktn';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadPolicyFile } from '../../lib/policy';
import { REFUSED_REPORT_FILES, synthesizeChecked } from '../../stacks/synth';

const injectError = { on: false };
jest.mock('../../stacks/app', () => {
  const actual = jest.requireActual('../../stacks/app');
  return {
    ...actual,
    buildApp: (...args: Parameters<typeof actual.buildApp>) => {
      const built = actual.buildApp(...args);
      if (injectError.on) Annotations.of(built.stacks[0]).addError('an error finding made by the test');
      return built;
    },
  };
});

const policy = loadPolicyFile(resolve(__dirname, '..', '..', 'stacks', 'policies', 'india-only.yaml')).policy!;
const stagingFolders = () => readdirSync(tmpdir()).filter((f) => f.startsWith('sovereign-synth-'));

afterEach(() => {
  injectError.on = false;
});

test('an error finding refuses the plan: nothing is written, the staging folder is gone, the environment is restored', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'cdktf.out');
  const before = stagingFolders();
  const envBefore = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
  injectError.on = true;
  const outcome = synthesizeChecked(policy, outdir);
  expect(outcome).toMatchObject({ accepted: false, errors: ['ERROR [sovereign-in]: an error finding made by the test'], refusals: [], files: [] });
  expect(existsSync(outdir)).toBe(false);
  expect(stagingFolders()).toEqual(before);
  expect(process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS).toBe(envBefore);
});

test('an accepted plan keeps the engine files of a stack folder, removes stale stack folders and an earlier refused report', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'cdktf.out');
  const stack = join(outdir, 'stacks', 'sovereign-in');
  mkdirSync(join(stack, '.terraform'), { recursive: true });
  writeFileSync(join(stack, '.terraform.lock.hcl'), '# lock\n');
  writeFileSync(join(stack, 'cdk.tf.json'), '{"stale": true}\n');
  mkdirSync(join(outdir, 'stacks', 'sovereign-old'));
  writeFileSync(join(outdir, 'stacks', 'sovereign-old', 'cdk.tf.json'), '{}\n');
  writeFileSync(join(outdir, REFUSED_REPORT_FILES.markdown), '# REFUSED PLAN\n');

  const outcome = synthesizeChecked(policy, outdir);
  expect(outcome.accepted).toBe(true);
  expect(readdirSync(join(outdir, 'stacks')).sort()).toEqual(['sovereign-dns', 'sovereign-in', 'sovereign-in-inference', 'sovereign-routing']);
  expect(readFileSync(join(stack, '.terraform.lock.hcl'), 'utf8')).toBe('# lock\n');
  expect(existsSync(join(stack, '.terraform'))).toBe(true);
  expect(JSON.parse(readFileSync(join(stack, 'cdk.tf.json'), 'utf8')).terraform.backend.s3.bucket).toBe('india-sovereign-ai-tfstate');
  expect(existsSync(join(outdir, REFUSED_REPORT_FILES.markdown))).toBe(false);
  expect(outcome.files.map((f) => f.slice(outdir.length + 1))).toEqual(['sovereignty-declarations.json', 'sovereignty-report.md', 'sovereignty-report.json']);
  expect(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks['sovereign-in'].synthesizedStackPath).toBe('stacks/sovereign-in/cdk.tf.json');
});
