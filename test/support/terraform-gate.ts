/**
 * The Terraform gate: every stack that a synthesized app's `manifest.json` lists goes through the real
 * Terraform.
 *
 * 1. Configuration: `terraform init -backend=false` on the stack exactly as synthesized, with a CLI
 *    configuration that can install no provider. A configuration error fails the stack; "could not
 *    install providers" is expected and counted apart (no provider, no network needed).
 * 2. Where a provider mirror exists (see findPluginMirror): the AWS part of every stack (awsOnlyCopy)
 *    in one workspace, each stack a folder planned by its own `<n>.tftest.hcl`; one `terraform init`,
 *    one `terraform providers schema -json`, and `terraform test -json`, which validates each stack
 *    (as `terraform validate` does) and plans it against mock providers.
 *    An argument that the mirror's (older) provider schema lacks but that the pinned @cdktn/provider-aws
 *    bindings (aws 6.66) generate for that block is drift: counted, removed from the copy, not an error.
 *    Anything else Terraform refuses is an error of that stack.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { awsOnlyCopy, blockCounts, testFileFor } from './terraform-mocks';
import { formatDiagnostic as fmt, jsonLines, runTerraform, runTerraformAsync, toDiagnostic, writeCliConfig, type PluginMirror, type TerraformTool, type TfDiagnostic } from './terraform-tool';
import { readManifest, readStackFile } from '../../lib/synth-files';

/** `terraform test` processes that share the stacks (GATE_TERRAFORM_PROCESSES overrides): 2 halves the wall time on 2 cores. */
const DEFAULT_PROCESSES = Number(process.env.GATE_TERRAFORM_PROCESSES) || 2;

export interface GateSource {
  /** A name for the app (e.g. the policy file), used in folder names and messages. */
  readonly label: string;
  /** The app's output folder (what holds manifest.json). */
  readonly outdir: string;
}

export interface GateStack {
  /** `<label>/<stack name>`. */
  readonly id: string;
  readonly label: string;
  readonly name: string;
  readonly file: string;
  readonly json: any;
}

/** Every stack a synthesized app lists, read from its manifest.json. */
export function stacksOf(source: GateSource): GateStack[] {
  return readManifest(source.outdir).map((s) => {
    const file = join(source.outdir, s.synthesizedStackPath);
    return { id: `${source.label}/${s.name}`, label: source.label, name: s.name, file, json: readStackFile(file) };
  });
}

export interface ConfigCheck {
  readonly stack: string;
  /** Blocks set aside because only the stack's own engine reads them (OpenTofu's `terraform.encryption`). */
  readonly engineOnly: string[];
  /** The configuration is valid: init got as far as installing providers. */
  readonly valid: boolean;
  readonly configErrors: TfDiagnostic[];
  /** Provider installation errors (expected: this check installs none). */
  readonly installErrors: TfDiagnostic[];
  readonly seconds: number;
}

/**
 * The stack as Terraform reads it: an `engine: opentofu` stack's `terraform.encryption` block (state and
 * plan encryption) is OpenTofu's alone and Terraform refuses it, so it is set aside and named; its
 * rules are checked against OpenTofu's source in test/engine/opentofu.test.ts (no `tofu` binary here).
 */
export function forTerraform(json: any): { json: any; engineOnly: string[] } {
  if (!json.terraform?.encryption) return { json, engineOnly: [] };
  const { encryption: _set_aside, ...terraform } = json.terraform;
  return { json: { ...json, terraform }, engineOnly: ['terraform.encryption'] };
}

/**
 * The stack's `assets/` folder (TerraformAsset output, e.g. the JWT authorizer's zip) copied next to
 * its configuration: resources name their files relative to the stack folder (`assets/<id>/<hash>/archive.zip`),
 * where `cdktn deploy` runs Terraform.
 */
export function copyAssets(stack: Pick<GateStack, 'file'>, dir: string): void {
  const assets = join(dirname(stack.file), 'assets');
  if (existsSync(assets)) cpSync(assets, join(dir, 'assets'), { recursive: true });
}

/** Every `filename` a resource of the stack names (Lambda code), with whether it exists relative to `dir`. */
export function referencedFiles(json: any, dir: string): { address: string; filename: string; exists: boolean }[] {
  const out: { address: string; filename: string; exists: boolean }[] = [];
  for (const [type, byName] of Object.entries<any>(json.resource ?? {})) {
    for (const [name, r] of Object.entries<any>(byName)) {
      if (typeof r.filename === 'string') out.push({ address: `${type}.${name}`, filename: r.filename, exists: existsSync(join(dir, r.filename)) });
    }
  }
  return out;
}

/** `terraform init -backend=false` on the stack as synthesized (with its assets), with no provider to install. */
export function checkConfiguration(tool: TerraformTool, stack: GateStack, workdir: string): ConfigCheck {
  const dir = join(workdir, 'config', stack.id);
  mkdirSync(dir, { recursive: true });
  const { json, engineOnly } = forTerraform(stack.json);
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json, null, 2));
  copyAssets(stack, dir);
  const run = runTerraform(tool, dir, ['init', '-backend=false', '-input=false', '-no-color', '-json'], writeCliConfig(join(workdir, 'config')));
  const lines = jsonLines(run.stdout);
  const pluginPhase = lines.findIndex((l) => l.message_code === 'initializing_provider_plugin_message');
  const configErrors: TfDiagnostic[] = [];
  const installErrors: TfDiagnostic[] = [];
  lines.forEach((l, i) => {
    if (l.type !== 'diagnostic' || l.diagnostic.severity !== 'error') return;
    // Config errors come before the provider phase, or point into the configuration.
    ((pluginPhase < 0 || i < pluginPhase || l.diagnostic.range) ? configErrors : installErrors).push(toDiagnostic(l.diagnostic));
  });
  if (!lines.length && run.status !== 0) configErrors.push({ severity: 'error', summary: 'terraform init failed without output', detail: run.stderr });
  for (const f of referencedFiles(json, dir)) {
    if (!f.exists) configErrors.push({ severity: 'error', summary: `${f.address}: file ${f.filename} is not in the stack folder`, detail: 'Terraform reads it relative to the folder it runs in' });
  }
  return { stack: stack.id, engineOnly, valid: configErrors.length === 0 && pluginPhase >= 0, configErrors, installErrors, seconds: run.seconds };
}

export interface DriftItem {
  /** Configuration path of the block, e.g. `resource.aws_s3_bucket_server_side_encryption_configuration.x.rule[0]`. */
  readonly address: string;
  readonly argument: string;
}

export interface PlanResult {
  readonly stack: string;
  readonly status: 'pass' | 'fail' | 'no-aws-part';
  readonly errors: string[];
  readonly drift: DriftItem[];
  /** Blocks of other providers left out (e.g. azurerm: no binary here). */
  readonly removed: string[];
  readonly resources: number;
  readonly dataSources: number;
  readonly mockedProviders: string[];
  /** Assertions the run checked (validation records per certificate name). */
  readonly assertions: number;
}

export interface PlanReport {
  readonly results: PlanResult[];
  readonly awsVersion: string;
  readonly seconds: { init: number; schema: number; test: number };
}

// --- drift: what the pinned bindings generate but the mirror's provider does not know ----------------

const bindingsDir = () => join(dirname(require.resolve('@cdktn/provider-aws/package.json')), 'lib');

/** True when the @cdktn/provider-aws binding of `type` (resource or `data.` type) emits `argument`. */
export function pinnedBindingHasArgument(kind: 'resource' | 'data', type: string, argument: string): boolean {
  const base = type.replace(/^aws_/, '').replace(/_/g, '-');
  const file = join(bindingsDir(), kind === 'data' ? `data-aws-${base}` : base, 'index.js');
  return existsSync(file) && new RegExp(`\\b${argument}: `).test(readFileSync(file, 'utf8'));
}

const META: Record<'resource' | 'data', Set<string>> = {
  resource: new Set(['//', 'count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'provisioner', 'connection', 'dynamic']),
  data: new Set(['//', 'count', 'for_each', 'provider', 'depends_on', 'lifecycle', 'dynamic']),
};

/**
 * Removes from `json` (an AWS copy) every argument that the mirror's provider schema (`terraform
 * providers schema -json`) does not know but the pinned bindings emit for that resource type: the drift.
 * What neither knows stays, for Terraform to refuse.
 */
export function stripDrift(json: any, schema: any): DriftItem[] {
  const drift: DriftItem[] = [];
  const walk = (kind: 'resource' | 'data', type: string, value: any, block: any, address: string, top: boolean) => {
    if (!value || typeof value !== 'object' || !block) return;
    for (const key of Object.keys(value)) {
      if (top && META[kind].has(key)) continue;
      if (key === '//' || key === 'dynamic') continue;
      if (block.attributes?.[key]) continue;
      const nested = block.block_types?.[key];
      if (nested) {
        const v = value[key];
        if (Array.isArray(v)) v.forEach((item, i) => walk(kind, type, item, nested.block, `${address}.${key}[${i}]`, false));
        else walk(kind, type, v, nested.block, `${address}.${key}`, false);
      } else if (pinnedBindingHasArgument(kind, type, key)) {
        delete value[key];
        drift.push({ address, argument: key });
      }
    }
  };
  for (const kind of ['resource', 'data'] as const) {
    const schemas = schema[kind === 'resource' ? 'resource_schemas' : 'data_source_schemas'] ?? {};
    for (const [type, blocks] of Object.entries<any>(json[kind] ?? {})) {
      if (!type.startsWith('aws_') || !schemas[type]) continue; // an unknown type is Terraform's to refuse
      for (const [name, body] of Object.entries<any>(blocks)) walk(kind, type, body, schemas[type].block, `${kind}.${type}.${name}`, true);
    }
  }
  return drift;
}

/** Only the names of a schema block's arguments and nested blocks (what stripDrift reads). */
function shapeOf(block: any): any {
  return {
    attributes: Object.fromEntries(Object.keys(block.attributes ?? {}).map((k) => [k, 1])),
    block_types: Object.fromEntries(Object.entries<any>(block.block_types ?? {}).map(([k, v]) => [k, { block: shapeOf(v.block) }])),
  };
}

/**
 * The mirror's aws schema (argument names only), from `terraform providers schema -json` (13 MB, a
 * provider start), cached per provider build under ~/.cache/cdktf-sovereign-ai (XDG_CACHE_HOME).
 */
function mirrorSchema(tool: TerraformTool, mirror: PluginMirror, ws: string, cli: string): any {
  const providerDir = join(mirror.path, 'registry.terraform.io', 'hashicorp', 'aws');
  const stamp = [mirror.path, mirror.awsVersion, tool.version, ...readdirSync(providerDir).map((e) => `${e}@${statSync(join(providerDir, e)).mtimeMs}`)].join('|');
  const cacheDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cdktf-sovereign-ai');
  const cacheFile = join(cacheDir, `aws-schema-${createHash('sha256').update(stamp).digest('hex').slice(0, 16)}.json`);
  if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8'));
  const run = runTerraform(tool, ws, ['providers', 'schema', '-json'], cli);
  if (run.status !== 0) throw new Error(`terraform providers schema failed in ${ws}:\n${run.stderr}`);
  const aws = JSON.parse(run.stdout).provider_schemas?.['registry.terraform.io/hashicorp/aws'];
  if (!aws) throw new Error(`terraform providers schema in ${ws} has no registry.terraform.io/hashicorp/aws`);
  const shape = {
    resource_schemas: Object.fromEntries(Object.entries<any>(aws.resource_schemas).map(([t, v]) => [t, { block: shapeOf(v.block) }])),
    data_source_schemas: Object.fromEntries(Object.entries<any>(aws.data_source_schemas).map(([t, v]) => [t, { block: shapeOf(v.block) }])),
  };
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${cacheFile}.${process.pid}`, JSON.stringify(shape));
    renameSync(`${cacheFile}.${process.pid}`, cacheFile); // whole or not at all: two workers may race
  } catch {
    // no writable cache: the next run asks terraform again
  }
  return shape;
}

// --- the plan stage ------------------------------------------------------------------------------

/** Validates and plans the AWS part of every stack against mock providers; see the file comment. */
export async function planAwsParts(
  tool: TerraformTool,
  mirror: PluginMirror,
  stacks: GateStack[],
  workdir: string = mkdtempSync(join(tmpdir(), 'tf-gate-')),
  processes = DEFAULT_PROCESSES,
): Promise<PlanReport> {
  const ws = join(workdir, 'plan');
  mkdirSync(ws, { recursive: true });
  const cli = writeCliConfig(join(workdir, 'cli'), mirror);
  writeFileSync(join(ws, 'main.tf.json'), JSON.stringify({ terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: mirror.awsVersion } } } }));

  const producerOf = (label: string) => (backend: string, config: Record<string, unknown>) => {
    const producer = stacks.find((s) => {
      if (s.label !== label) return false;
      const b = s.json.terraform?.backend?.[backend];
      const keys = Object.keys(config).filter((k) => ['bucket', 'key', 'storage_account_name', 'container_name', 'path'].includes(k));
      return !!b && keys.length > 0 && keys.every((k) => b[k] === config[k]);
    });
    return producer?.json.output;
  };

  type Entry = { stack: GateStack; folder: string; testFile: string; copy: ReturnType<typeof awsOnlyCopy>; mocked: string[]; assertions: number; drift: DriftItem[]; errors: string[] };
  const entries: Entry[] = [];
  const skipped: PlanResult[] = [];
  stacks.forEach((stack, i) => {
    const copy = awsOnlyCopy(stack.json, mirror.awsVersion);
    const [resources, dataSources] = blockCounts(copy.json);
    if (!copy.json.provider?.aws) {
      skipped.push({ stack: stack.id, status: 'no-aws-part', errors: [], drift: [], removed: copy.removed, resources, dataSources, mockedProviders: [], assertions: 0 });
      return;
    }
    const folder = `stacks/s${i}`;
    mkdirSync(join(ws, folder), { recursive: true });
    copyAssets(stack, join(ws, folder));
    const t = testFileFor(copy.json, `./${folder}`, producerOf(stack.label));
    const testFile = `s${i}.tftest.hcl`;
    writeFileSync(join(ws, testFile), `# ${stack.id}\n${t.text}`);
    entries.push({ stack, folder, testFile, copy, mocked: t.mockedProviders, assertions: t.assertions, drift: [], errors: [...copy.problems] });
  });
  const write = (e: Entry) => writeFileSync(join(ws, e.folder, 'main.tf.json'), JSON.stringify(e.copy.json, null, 1));
  entries.forEach(write);
  const byFile = (filename?: string, testFile?: string) => entries.find((e) => (filename && filename.startsWith(`${e.folder}/`)) || (testFile && testFile === e.testFile) || filename === e.testFile);

  const init = runTerraform(tool, ws, ['init', '-backend=false', '-input=false', '-no-color'], cli);
  if (init.status !== 0) throw new Error(`terraform init of the gate workspace ${ws} failed:\n${init.stdout}\n${init.stderr}`);

  // Drift is found offline against the mirror's schema: one provider start instead of one per stack.
  const schemaStart = process.hrtime.bigint();
  const awsSchema = mirrorSchema(tool, mirror, ws, cli);
  const schemaSeconds = Number(process.hrtime.bigint() - schemaStart) / 1e9;
  const globalErrors: string[] = [];
  for (const e of entries) {
    e.drift.push(...stripDrift(e.copy.json, awsSchema));
    if (e.drift.length) write(e);
  }

  // `terraform test` validates each run's module (what `terraform validate` checks, provider validation
  // included) and then plans it: hashicorp/terraform internal/backend/local/test.go, TestFileRunner.run
  // calls runner.validate (tfCtx.Validate) before runner.plan and stops the run on a validation error.
  // Test files run one after another in a process; a few processes share them (`-filter`).
  const groups = Array.from({ length: Math.max(1, Math.min(processes, entries.length)) }, (_, g) => entries.filter((_e, i) => i % processes === g));
  const started = process.hrtime.bigint();
  const runs = await Promise.all(groups.map((g) => runTerraformAsync(tool, ws, ['test', '-json', '-no-color', ...g.map((e) => `-filter=${e.testFile}`)], cli)));
  const testSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const status = new Map<string, string>();
  for (const l of runs.flatMap((r) => jsonLines(r.stdout))) {
    if (l.type === 'test_run' && l.test_run?.progress === 'complete') status.set(l['@testfile'], l.test_run.status);
    if (l.type === 'diagnostic' && l.diagnostic?.severity === 'error') {
      const diag = toDiagnostic(l.diagnostic, l['@testfile']);
      const entry = byFile(diag.filename, diag.testFile);
      const argument = /No argument or block type is named "([^"]+)"/.exec(diag.detail)?.[1];
      const missedDrift = argument && diag.summary === 'Extraneous JSON object property' ? ' (an argument the gate did not recognise as drift)' : '';
      (entry ? entry.errors : globalErrors).push(`test: ${fmt(diag)}${missedDrift}`);
    }
  }
  if (globalErrors.length) throw new Error(`the gate workspace ${ws} has errors that belong to no stack:\n${globalErrors.join('\n')}`);

  const results = entries.map((e): PlanResult => {
    const [resources, dataSources] = blockCounts(e.copy.json);
    const s = status.get(e.testFile);
    const errors = s === 'pass' || e.errors.length ? e.errors : [...e.errors, `terraform test did not report this stack's run as passed (${s ?? 'no result'})`];
    return { stack: e.stack.id, status: errors.length ? 'fail' : 'pass', errors, drift: e.drift, removed: e.copy.removed, resources, dataSources, mockedProviders: e.mocked, assertions: e.assertions };
  });
  return { results: [...results, ...skipped], awsVersion: mirror.awsVersion, seconds: { init: init.seconds, schema: schemaSeconds, test: testSeconds } };
}


export interface GateReport {
  readonly stacks: GateStack[];
  readonly config: ConfigCheck[];
  /** Absent when there is no provider mirror or the terraform is older than 1.11. */
  readonly plan?: PlanReport;
  readonly seconds: { config: number; total: number };
}

/**
 * The whole gate over the apps given: the configuration check on every stack, then validate and plan
 * of the AWS part of every stack whose configuration is valid (when `mirror` is given).
 */
export async function runGate(tool: TerraformTool, mirror: PluginMirror | undefined, sources: GateSource[], workdir: string = mkdtempSync(join(tmpdir(), 'tf-gate-'))): Promise<GateReport> {
  const start = process.hrtime.bigint();
  const stacks = sources.flatMap(stacksOf);
  const config = stacks.map((s) => checkConfiguration(tool, s, workdir));
  const configSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  const valid = stacks.filter((s) => config.find((c) => c.stack === s.id)!.valid);
  const plan = mirror && tool.canMockPlan ? await planAwsParts(tool, mirror, valid, workdir) : undefined;
  return { stacks, config, plan, seconds: { config: configSeconds, total: Number(process.hrtime.bigint() - start) / 1e9 } };
}
