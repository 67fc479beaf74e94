/**
 * `cdktf-sovereign-ai upload <model.tar.gz> --outputs <file> [--jurisdiction <id>] [--wait-minutes <n>] [--dry-run]`:
 * the step between a jurisdiction's base stack and its inference stack. It reads the base stacks'
 * outputs (the file `cdktn deploy ... --outputs-file <file>` writes: `{ "<stack>": { "<output>": value } }`),
 * copies the artifacts into each jurisdiction's primary residency bucket with the AWS CLI (the bucket's
 * default encryption applies: SSE-KMS with the jurisdiction's key), then waits until S3 replication has
 * put them where every other region's model reads them (`aws s3api head-object`), so the inference
 * stack's plan finds them. Nothing leaves the jurisdiction: source and copies are its own buckets.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MODEL_ARTIFACTS_OUTPUT_PREFIX, MODEL_ARTIFACTS_UPLOAD_OUTPUT } from '../inference/model-artifact-outputs';

export interface UploadIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly cwd: string;
  /** Runs a command; returns its exit status and output. */
  readonly run?: (command: string, args: readonly string[]) => { status: number | null; stdout: string; stderr: string };
  /** Waits between replication checks. */
  readonly sleep?: (ms: number) => void;
}

export interface UploadPlan {
  readonly stack: string;
  readonly uploadTo: string;
  /** Other locations (replicas) that must hold the object before the inference stack is deployed. */
  readonly waitFor: readonly string[];
}

const S3_URI = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;

/** Which uploads the outputs call for; throws with what is missing and how to get it. */
export function uploadPlans(outputs: Record<string, Record<string, unknown>>, file: string, jurisdiction?: string): UploadPlan[] {
  const stacks = Object.keys(outputs).filter((s) => /^sovereign-[a-z0-9-]+$/.test(s) && typeof outputs[s]?.[MODEL_ARTIFACTS_UPLOAD_OUTPUT] === 'string');
  const wanted = jurisdiction ? stacks.filter((s) => s === `sovereign-${jurisdiction}`) : stacks;
  if (wanted.length === 0) {
    const which = jurisdiction ? `stack sovereign-${jurisdiction}` : 'any stack';
    throw new Error(
      `${file}: no "${MODEL_ARTIFACTS_UPLOAD_OUTPUT}" output for ${which}${stacks.length ? ` (found for: ${stacks.join(', ')})` : ''}; ` +
        'deploy the base stacks with `npx cdktn deploy sovereign-<id> --ignore-missing-stack-dependencies --outputs-file <file>` first (only jurisdictions with a self-hosted model have one)',
    );
  }
  return wanted.map((stack) => {
    const o = outputs[stack];
    const uploadTo = String(o[MODEL_ARTIFACTS_UPLOAD_OUTPUT]);
    if (!S3_URI.test(uploadTo)) throw new Error(`${file}: ${stack}.${MODEL_ARTIFACTS_UPLOAD_OUTPUT} is "${uploadTo}", not an s3://<bucket>/<key> URI`);
    const waitFor = Object.entries(o)
      .filter(([k, v]) => k.startsWith(MODEL_ARTIFACTS_OUTPUT_PREFIX) && k !== MODEL_ARTIFACTS_UPLOAD_OUTPUT && typeof v === 'string' && v !== uploadTo)
      .map(([, v]) => String(v));
    return { stack, uploadTo, waitFor };
  });
}

function defaultRun(command: string, args: readonly string[]) {
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.error) return { status: null, stdout: '', stderr: r.error.message };
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the upload command; returns the exit code. */
export function upload(args: { file?: string; outputs?: string; jurisdiction?: string; waitMinutes?: string; dryRun: boolean }, io: UploadIo): number {
  if (!args.file || !args.outputs) {
    io.err('error: upload needs the artifacts file and --outputs <file written by cdktn deploy --outputs-file>');
    return 2;
  }
  const artifacts = resolve(io.cwd, args.file);
  if (!existsSync(artifacts)) {
    io.err(`error: ${args.file} does not exist`);
    return 1;
  }
  const outputsFile = resolve(io.cwd, args.outputs);
  if (!existsSync(outputsFile)) {
    io.err(`error: ${args.outputs} does not exist; write it with \`npx cdktn deploy <stacks> --outputs-file ${args.outputs}\``);
    return 1;
  }
  const minutes = Number(args.waitMinutes ?? 30);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 720) {
    io.err(`error: --wait-minutes ${args.waitMinutes} must be an integer from 0 to 720`);
    return 2;
  }
  let plans: UploadPlan[];
  try {
    plans = uploadPlans(JSON.parse(readFileSync(outputsFile, 'utf8')), args.outputs, args.jurisdiction);
  } catch (e) {
    io.err(`error: ${(e as Error).message}`);
    return 1;
  }
  const run = io.run ?? defaultRun;
  const sleep = io.sleep ?? ((ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms));
  for (const plan of plans) {
    const cp = ['s3', 'cp', artifacts, plan.uploadTo, '--only-show-errors'];
    io.out(`${plan.stack}: aws ${cp.join(' ')}`);
    const heads = plan.waitFor.map((uri) => {
      const [, bucket, key] = S3_URI.exec(uri)!;
      return ['s3api', 'head-object', '--bucket', bucket, '--key', key];
    });
    for (const h of heads) io.out(`${plan.stack}: then wait for replication: aws ${h.join(' ')}`);
    if (args.dryRun) continue;
    const copied = run('aws', cp);
    if (copied.status !== 0) {
      io.err(`error: ${plan.stack}: the copy to ${plan.uploadTo} failed (${copied.status === null ? 'the AWS CLI could not be run' : `exit ${copied.status}`}): ${copied.stderr.trim()}`);
      return 1;
    }
    for (const h of heads) {
      const deadline = minutes * 60;
      let waited = 0;
      while (run('aws', h).status !== 0) {
        if (waited >= deadline) {
          io.err(`error: ${plan.stack}: s3://${h[3]}/${h[5]} is still missing after ${minutes} min; check the bucket's replication status (aws s3api head-object on the source shows ReplicationStatus) and run upload again`);
          return 1;
        }
        sleep(15_000);
        waited += 15;
      }
      io.out(`${plan.stack}: replicated to s3://${h[3]}/${h[5]}`);
    }
  }
  io.out(args.dryRun ? 'dry run: nothing was copied' : `uploaded; next: npx cdktn deploy '*' (the inference stacks read the artifacts at plan)`);
  return 0;
}
