/**
 * The real Terraform on this machine: finding it, finding a local provider mirror, and running it
 * with a CLI configuration of our own (never the user's ~/.terraformrc, never the network).
 *
 * Facts this relies on (seen with terraform 1.11.4 here, and in docs/facts/deploy-engine-contract.md §1):
 * - `terraform init -backend=false` decodes and checks the whole configuration before it installs
 *   providers; with `-json`, configuration errors come as diagnostics with a source `range`, before
 *   the `initializing_provider_plugin_message` line; provider installation errors come after it and
 *   carry no range.
 * - A CLI configuration whose only installation method is a `filesystem_mirror` never touches the
 *   network (https://developer.hashicorp.com/terraform/cli/config/config-file#provider-installation).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TerraformTool {
  readonly binary: string;
  readonly version: string;
  /** `terraform test` mocks with `override_during = plan` need 1.11 (mock_provider override_during). */
  readonly canMockPlan: boolean;
}

/** A filesystem mirror (the folder that holds `registry.terraform.io`) and the aws version it offers. */
export interface PluginMirror {
  readonly path: string;
  /** How it was found: `TF_PLUGIN_MIRROR`, a known folder, or a search of the file system. */
  readonly foundBy: string;
  /** Highest hashicorp/aws version in the mirror (e.g. "5.100.0"). */
  readonly awsVersion: string;
}

export type Found<T> = { readonly found: T } | { readonly reason: string };

/** One diagnostic from a `-json` Terraform command. */
export interface TfDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail: string;
  /** File of the configuration it points at (relative to the working directory), when it points at one. */
  readonly filename?: string;
  readonly line?: number;
  /** The configuration path, e.g. `resource.aws_s3_bucket.x.rule[0]`. */
  readonly context?: string;
  /** `terraform test -json`: the test file it belongs to. */
  readonly testFile?: string;
}

const semver = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10));
const newer = (a: string, b: string) => {
  const [x, y] = [semver(a), semver(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

export function findTerraform(binary = process.env.TERRAFORM_BINARY || 'terraform'): Found<TerraformTool> {
  const r = spawnSync(binary, ['version', '-json'], { encoding: 'utf8', env: terraformEnv(), timeout: 30_000 });
  if (r.error || r.status !== 0) return { reason: `"${binary}" is not on the PATH or does not run (${r.error?.message ?? r.stderr.trim()})` };
  const version = JSON.parse(r.stdout).terraform_version as string;
  return { found: { binary, version, canMockPlan: !newer('1.11.0', version) } };
}

/** The aws versions a mirror folder offers, unpacked (`aws/<version>/<os_arch>/`) or packed (`terraform-provider-aws_<version>_<os_arch>.zip`). */
function awsVersionsIn(mirror: string): string[] {
  const dir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((e) => /^(\d+\.\d+\.\d+)$/.exec(e)?.[1] ?? /^terraform-provider-aws_(\d+\.\d+\.\d+)_/.exec(e)?.[1])
    .filter((v): v is string => !!v);
}

/**
 * The provider mirror: `TF_PLUGIN_MIRROR` when set (`none`: no mirror; an error when it holds no hashicorp/aws), else
 * /opt/tf-plugins, else the first folder holding `registry.terraform.io` three levels under /.
 */
export function findPluginMirror(env: NodeJS.ProcessEnv = process.env): Found<PluginMirror> {
  if (env.TF_PLUGIN_MIRROR === 'none') return { reason: 'TF_PLUGIN_MIRROR=none' };
  const inMirror = (path: string, foundBy: string): Found<PluginMirror> | undefined => {
    const versions = awsVersionsIn(path);
    return versions.length ? { found: { path, foundBy, awsVersion: versions.reduce((a, b) => (newer(b, a) ? b : a)) } } : undefined;
  };
  if (env.TF_PLUGIN_MIRROR) {
    const found = inMirror(env.TF_PLUGIN_MIRROR, 'TF_PLUGIN_MIRROR');
    if (!found) throw new Error(`TF_PLUGIN_MIRROR=${env.TF_PLUGIN_MIRROR} holds no registry.terraform.io/hashicorp/aws provider`);
    return found;
  }
  const known = inMirror('/opt/tf-plugins', 'known folder /opt/tf-plugins');
  if (known) return known;
  const r = spawnSync('find', ['/', '-xdev', '-maxdepth', '3', '-type', 'd', '-name', 'registry.terraform.io'], { encoding: 'utf8', timeout: 20_000 });
  for (const line of (r.stdout ?? '').split('\n').filter(Boolean)) {
    const found = inMirror(join(line, '..'), `find / -xdev -maxdepth 3 (${line})`);
    if (found) return found;
  }
  return { reason: 'no provider mirror with hashicorp/aws (set TF_PLUGIN_MIRROR, or put one at /opt/tf-plugins)' };
}

/** The environment for terraform: no checkpoint, no prompts, none of the caller's TF_* settings except the CLI config we pass. */
export function terraformEnv(cliConfigFile?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TF_')) env[k] = v;
  return { ...env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', TF_INPUT: '0', ...(cliConfigFile ? { TF_CLI_CONFIG_FILE: cliConfigFile } : {}) };
}

/** Writes a CLI configuration that installs providers from `mirror` only (an empty folder: from nowhere). */
export function writeCliConfig(dir: string, mirror?: PluginMirror): string {
  mkdirSync(dir, { recursive: true });
  const path = mirror ? mirror.path : join(dir, 'no-providers');
  if (!mirror) mkdirSync(path, { recursive: true });
  const file = join(dir, mirror ? 'mirror.tfrc' : 'no-providers.tfrc');
  const include = mirror ? `\n    include = ["registry.terraform.io/hashicorp/*"]` : '';
  writeFileSync(file, `disable_checkpoint = true\nprovider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(path)}${include}\n  }\n}\n`);
  return file;
}

export interface TfRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export function runTerraform(tool: TerraformTool, cwd: string, args: string[], cliConfigFile: string, timeoutMs = 600_000): TfRun {
  const start = process.hrtime.bigint();
  const r = spawnSync(tool.binary, args, { cwd, encoding: 'utf8', env: terraformEnv(cliConfigFile), timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new Error(`terraform ${args.join(' ')} in ${cwd}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

/** runTerraform without blocking: several `terraform test -filter=...` processes share the work. */
export function runTerraformAsync(tool: TerraformTool, cwd: string, args: string[], cliConfigFile: string, timeoutMs = 600_000): Promise<TfRun> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(tool.binary, args, { cwd, env: terraformEnv(cliConfigFile), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`terraform ${args.join(' ')} in ${cwd}: ${e.message}`));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    });
  });
}

/** A diagnostic object of Terraform's machine-readable output, in our shape. */
export function toDiagnostic(d: any, testFile?: string): TfDiagnostic {
  return {
    severity: d.severity,
    summary: d.summary,
    detail: d.detail ?? '',
    filename: d.range?.filename,
    line: d.range?.start?.line,
    context: d.snippet?.context ?? undefined,
    testFile,
  };
}

/** Lines of a `-json` streaming output (init, test), parsed; anything that is not JSON is ignored. */
export function jsonLines(stdout: string): any[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return undefined;
      }
    })
    .filter(Boolean);
}

export function formatDiagnostic(d: TfDiagnostic): string {
  const where = d.filename ? `${d.filename}${d.line ? `:${d.line}` : ''}${d.context ? ` (${d.context})` : ''}: ` : d.context ? `${d.context}: ` : '';
  return `${where}${d.summary}${d.detail ? ` — ${d.detail.replace(/\s+/g, ' ').trim()}` : ''}`;
}
