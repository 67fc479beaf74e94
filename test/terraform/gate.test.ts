/**
 * The Terraform gate (issue 10): every stack of the default policy and of every shipped example policy
 * goes through the real Terraform: `terraform init -backend=false` (configuration), and where a
 * provider mirror exists, `terraform validate` and a `terraform test` plan of its AWS part against
 * mock providers. Each policy is synthesized once; terraform runs once per command for all stacks.
 * Skips visibly where terraform is absent; SOVEREIGN_TERRAFORM_GATE=required (.ci/run) makes that a failure.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { synthFixtures } from './fixtures';
import { SHIPPED_POLICIES, shippedOutdir } from '../support/shipped';
import { copyAssets, pinnedBindingHasArgument, referencedFiles, runGate, type GateReport, type GateSource } from '../support/terraform-gate';
import { findPluginMirror, findTerraform, formatDiagnostic } from '../support/terraform-tool';

const required = process.env.SOVEREIGN_TERRAFORM_GATE === 'required';

/** Each shipped policy as `npm run synth` writes it, synthesized once per run and shared (test/support/shipped.ts). */
function synthShipped(): GateSource[] {
  return SHIPPED_POLICIES.map((label) => ({ label, outdir: shippedOutdir(label) }));
}

const tool = findTerraform();
const mirror = 'found' in tool ? findPluginMirror() : undefined;
const skipReason = !('found' in tool) ? `terraform gate skipped: ${tool.reason}` : undefined;
const planSkipReason =
  skipReason ?? (mirror && !('found' in mirror) ? `terraform plan gate skipped: ${mirror.reason}` : 'found' in tool && !tool.found.canMockPlan ? `terraform plan gate skipped: terraform ${tool.found.version} is older than 1.11 (mock override_during)` : undefined);
if (skipReason) console.warn(skipReason);
else if (planSkipReason) console.warn(planSkipReason);

const shipped = skipReason && !required ? [] : synthShipped();
const fixtures = skipReason && !required ? undefined : synthFixtures(mkdtempSync(join(tmpdir(), 'gate-fixtures-')));
let report: GateReport;

beforeAll(async () => {
  if (!('found' in tool)) return;
  // GATE_WORKDIR=<folder> keeps the gate's terraform folders there, to rerun `terraform test` by hand.
  const workdir = process.env.GATE_WORKDIR ? mkdtempSync(join(process.env.GATE_WORKDIR, 'tf-gate-')) : undefined;
  report = await runGate(tool.found, mirror && 'found' in mirror ? mirror.found : undefined, [...shipped, fixtures!], workdir);
}, 600_000);

afterAll(() => {
  if (!report) return;
  const shippedIds = new Set(shipped.flatMap((s) => Object.keys(JSON.parse(readFileSync(join(s.outdir, 'manifest.json'), 'utf8')).stacks).map((n) => `${s.label}/${n}`)));
  const all = report.stacks.filter((s) => shippedIds.has(s.id));
  const count = (json: any, k: string) => Object.values<any>(json[k] ?? {}).reduce((n, b) => n + Object.keys(b).length, 0);
  const planned = report.plan?.results.filter((r) => shippedIds.has(r.stack)) ?? [];
  const drift = [...new Set(planned.flatMap((r) => r.drift.map((d) => d.argument)))];
  console.log(
    [
      `terraform gate: terraform ${'found' in tool ? tool.found.version : '?'}; mirror ${mirror && 'found' in mirror ? `${mirror.found.path} (aws ${mirror.found.awsVersion}, ${mirror.found.foundBy})` : 'none'}`,
      `  shipped policies ${shipped.length}, stacks ${all.length}, resources ${all.reduce((n, s) => n + count(s.json, 'resource'), 0)}, data sources ${all.reduce((n, s) => n + count(s.json, 'data'), 0)}`,
      `  planned against mocks: ${planned.filter((r) => r.status === 'pass').length}/${planned.length} stacks, ${planned.reduce((n, r) => n + r.resources, 0)} AWS resources, ` +
        `${planned.reduce((n, r) => n + r.removed.length, 0)} blocks of other providers left out, drift (6.x-only arguments): ${drift.join(', ') || 'none'}`,
      `  seconds (shipped + fixtures): config checks ${report.seconds.config.toFixed(1)}, init ${report.plan?.seconds.init.toFixed(1) ?? '-'}, schema ${report.plan?.seconds.schema.toFixed(1) ?? '-'}, test ${report.plan?.seconds.test.toFixed(1) ?? '-'}, total ${report.seconds.total.toFixed(1)}`,
    ].join('\n'),
  );
});

const gate = skipReason && !required ? test.skip : test;
const planGate = planSkipReason && !required ? test.skip : test;
const configOf = (id: string) => report.config.find((c) => c.stack === id)!;
const planOf = (id: string) => report.plan!.results.find((r) => r.stack === id);
const shippedStackIds = shipped.flatMap((s) => Object.values<any>(JSON.parse(readFileSync(join(s.outdir, 'manifest.json'), 'utf8')).stacks).map((st) => `${s.label}/${st.name}`));

describe('every stack of every shipped policy: terraform init -backend=false accepts the configuration', () => {
  gate('terraform is here (or SOVEREIGN_TERRAFORM_GATE is not "required")', () => {
    expect(skipReason).toBeUndefined();
    expect(shippedStackIds.length).toBeGreaterThanOrEqual(shipped.length);
  });
  (shippedStackIds.length ? test.each(shippedStackIds) : test.skip.each(['(no terraform)']))('%s', (id) => {
    const c = configOf(id);
    expect(c.configErrors.map(formatDiagnostic)).toEqual([]);
    expect(c.valid).toBe(true);
    // Only an OpenTofu stack's encryption block is set aside, and only in an OpenTofu stack.
    expect(c.engineOnly).toEqual(report.stacks.find((s) => s.id === id)!.json.terraform?.encryption ? ['terraform.encryption'] : []);
  });
});

describe('the AWS part of every stack validates and plans against mock providers', () => {
  planGate('a provider mirror is here (or SOVEREIGN_TERRAFORM_GATE is not "required")', () => {
    expect(planSkipReason).toBeUndefined();
    expect(report.plan).toBeDefined();
  });
  (shippedStackIds.length && !planSkipReason ? test.each(shippedStackIds) : test.skip.each(['(no mirror)']))('%s', (id) => {
    const r = planOf(id);
    if (!r) throw new Error(`${id} was not planned: its configuration check failed (${configOf(id).configErrors.map(formatDiagnostic).join('; ')})`);
    const stack = report.stacks.find((s) => s.id === id)!;
    if (r.status === 'no-aws-part') {
      expect(stack.json.provider?.aws).toBeUndefined(); // e.g. an Azure-only stack: the configuration check is all there is
      return;
    }
    expect(r.errors).toEqual([]);
    expect(r.status).toBe('pass');
    expect(r.mockedProviders.length).toBeGreaterThan(0);
    // Every certificate's DNS validation records expanded to one per name (mocked domain_validation_options).
    const certs = Object.keys(stack.json.resource?.aws_acm_certificate ?? {}).length;
    expect(r.assertions).toBeGreaterThanOrEqual(certs);
  });
});

describe('the gate itself', () => {
  gate('catches a precondition that refers to nothing, as a configuration error, not a provider error', () => {
    const broken = configOf('fixtures/broken-precondition');
    expect(broken.valid).toBe(false);
    expect(broken.configErrors[0]).toMatchObject({ summary: 'Invalid precondition expression', context: 'resource.aws_s3_bucket.bucket.lifecycle.precondition[0]' });
    expect(broken.configErrors[0].detail).toContain('must refer to at least one object');
    // A valid stack gets as far as installing providers, which fails here on purpose, and is counted apart.
    const ok = configOf('fixtures/drift');
    expect(ok.valid).toBe(true);
    expect(ok.installErrors.map((d) => d.summary)).toContain('Failed to query available provider packages');
    expect(report.plan?.results.map((r) => r.stack) ?? []).not.toContain('fixtures/broken-precondition');
  });

  planGate('counts an argument that only the pinned 6.x schema has (blocked_encryption_types) as drift, and passes', () => {
    const r = planOf('fixtures/drift')!;
    expect(pinnedBindingHasArgument('resource', 'aws_s3_bucket_server_side_encryption_configuration', 'blocked_encryption_types')).toBe(true);
    if (Number(report.plan!.awsVersion.split('.')[0]) < 6) {
      expect(r.drift).toEqual([{ address: 'resource.aws_s3_bucket_server_side_encryption_configuration.encryption.rule[0]', argument: 'blocked_encryption_types' }]);
    }
    expect(r).toMatchObject({ status: 'pass', errors: [] });
  });

  planGate('fails on an argument that no aws provider has (not drift)', () => {
    const r = planOf('fixtures/unknown-argument')!;
    expect(r.status).toBe('fail');
    expect(r.drift).toEqual([]);
    expect(r.errors.join('\n')).toMatch(/Extraneous JSON object property — No argument or block type is named "not_an_argument"/);
  });

  planGate('fails a stack whose precondition fails at plan with the mocked values (3 availability zones)', () => {
    const r = planOf('fixtures/failing-precondition')!;
    expect(r.status).toBe('fail');
    expect(r.errors.join('\n')).toContain('needs more than 5 availability zones');
  });

  planGate('plans a cross-stack reference: the consumer reads the producer through a mocked terraform_remote_state', () => {
    const consumer = report.stacks.find((s) => s.id === 'fixtures/consumer')!;
    expect(Object.keys(consumer.json.data.terraform_remote_state)).toEqual(['cross-stack-reference-input-token-image']);
    expect(planOf('fixtures/token-image')).toMatchObject({ status: 'pass', errors: [] });
    expect(planOf('fixtures/consumer')).toMatchObject({ status: 'pass', errors: [] });
  });

  gate('the JWT authorizer zip, named relative to the stack folder, travels with its stack; a missing file is a configuration error', () => {
    const inference = report.stacks.filter((st) => st.label === 'default' && /^sovereign-\w+-inference$/.test(st.name));
    expect(inference.length).toBeGreaterThan(0);
    for (const st of inference) {
      const files = referencedFiles(st.json, dirname(st.file));
      expect(files.length).toBeGreaterThan(0);
      expect(files.filter((f) => !f.exists)).toEqual([]);
      const bare = mkdtempSync(join(tmpdir(), 'gate-assets-'));
      expect(referencedFiles(st.json, bare).every((f) => !f.exists)).toBe(true); // only cdk.tf.json: the file is missing
      copyAssets(st, bare);
      expect(referencedFiles(st.json, bare).every((f) => f.exists)).toBe(true);
      expect(configOf(st.id).configErrors).toEqual([]);
    }
  });

  gate('a SageMaker model with a token image keeps its precondition (through a local), and Terraform accepts and plans it', () => {
    const stack = report.stacks.find((s) => s.id === 'fixtures/token-image')!;
    const [model] = Object.values<any>(stack.json.resource.aws_sagemaker_model);
    expect(model.lifecycle.precondition[0].condition).toMatch(/local\./);
    expect(configOf('fixtures/token-image').valid).toBe(true);
    if (report.plan) expect(planOf('fixtures/token-image')).toMatchObject({ status: 'pass', errors: [] });
  });
});
