/**
 * The real Terraform writes a stack's state to an S3-compatible operator through the backend that
 * `s3CompatibleBackend` (lib/state/s3-compatible.ts) synthesizes: `terraform init` and `terraform
 * apply` against a local S3-compatible server (test/support/s3-stub.ts), which, like a national
 * operator's store, has no STS, IAM or instance metadata and is addressed path-style. Credentials
 * come from the environment only. Skips visibly where terraform is absent.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformOutput, TerraformStack } from 'cdktn';
import { declareEngineVersion, S3_COMPATIBLE_CHECKSUM_ENV, s3CompatibleBackend } from '../../lib/state';
import { startS3Stub, type S3Stub } from '../support/s3-stub';
import { findTerraform, terraformEnv, writeCliConfig } from '../support/terraform-tool';

const tool = findTerraform();
const skipReason = 'found' in tool ? undefined : `S3-compatible state test skipped: ${tool.reason}`;
if (skipReason) console.warn(skipReason);
const realTest = skipReason ? test.skip : test;

const BUCKET = 'natcloud-tfstate';
const KEY = 'sovereign-fr/sovereign.tfstate';
const ACCESS_KEY_ID = 'NATCLOUDTESTKEY0001';

interface Run {
  readonly status: number | null;
  readonly out: string;
}

/** terraform with the operator's credentials in the environment only (no shared files, no metadata API). */
function terraform(cwd: string, args: string[], cliConfig: string): Promise<Run> {
  const env = {
    ...terraformEnv(cliConfig),
    AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: 'stub-secret-not-checked-by-the-stub',
    AWS_CONFIG_FILE: join(cwd, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(cwd, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // What the README tells operators to set: skip_s3_checksum alone still lets the AWS SDK add
    // x-amz-checksum-crc32 (seen here with terraform 1.11.4; hashicorp/terraform#36704, #37432).
    ...S3_COMPATIBLE_CHECKSUM_ENV,
  };
  delete (env as Record<string, string | undefined>).AWS_PROFILE;
  return new Promise((resolve, reject) => {
    // Not spawnSync: the stub answers from this process's event loop.
    const child = spawn((tool as { found: { binary: string } }).found.binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, out: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** A one-resource stack (terraform_data: built in, no provider to install) with its state at `endpoint`. */
function synthStack(outdir: string, endpoint: string): string {
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'sovereign-fr-sovereign');
  declareEngineVersion(stack, '>= 1.10.0');
  s3CompatibleBackend(stack, { kind: 's3-compatible', endpoint, bucket: BUCKET, key: KEY, region: 'fr-par' });
  stack.addOverride('resource.terraform_data.marker', { input: 'kept by a national operator' });
  new TerraformOutput(stack, 'marker', { value: '${terraform_data.marker.output}' });
  app.synth();
  return join(outdir, 'stacks', 'sovereign-fr-sovereign');
}

describe('terraform keeps state at an S3-compatible operator (local stub on 127.0.0.1)', () => {
  let stub: S3Stub;
  let dir: string;
  beforeAll(async () => {
    stub = await startS3Stub([BUCKET]);
    dir = mkdtempSync(join(tmpdir(), 's3-compatible-state-'));
  });
  afterAll(async () => {
    await stub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  realTest('init and apply write the state, path-style, signed with the environment credentials and the operator region, lock released', async () => {
    const cwd = synthStack(join(dir, 'out'), stub.endpoint);
    const backend = JSON.parse(readFileSync(join(cwd, 'cdk.tf.json'), 'utf8')).terraform.backend.s3;
    expect(backend).not.toHaveProperty('access_key');
    expect(backend).not.toHaveProperty('secret_key');
    const cli = writeCliConfig(join(dir, 'cli'));

    const init = await terraform(cwd, ['init', '-input=false', '-no-color'], cli);
    expect({ status: init.status, out: init.out }).toMatchObject({ status: 0 });
    expect(init.out).toContain('Successfully configured the backend "s3"');

    const apply = await terraform(cwd, ['apply', '-auto-approve', '-input=false', '-no-color'], cli);
    expect({ status: apply.status, out: apply.out }).toMatchObject({ status: 0 });

    const state = JSON.parse(stub.objects.get(`${BUCKET}/${KEY}`)?.toString('utf8') ?? '{}');
    expect(state.outputs?.marker?.value).toBe('kept by a national operator');
    expect(state.resources?.map((r: { type: string }) => r.type)).toEqual(['terraform_data']);

    // Path-style: the bucket is in the path, the host is the endpoint's (no <bucket>.127.0.0.1).
    expect(stub.requests.length).toBeGreaterThan(2);
    for (const r of stub.requests) {
      expect({ host: r.host, url: r.url }).toEqual({ host: stub.endpoint.replace('http://', ''), url: expect.stringMatching(new RegExp(`^/${BUCKET}(/|\\?|$)`)) });
      // SigV4 with the key from the environment, scoped to the operator's region name.
      expect(r.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/fr-par/s3/aws4_request`));
    }
    // use_lockfile: the lock was taken with a conditional write and released.
    const lockPut = stub.requests.find((r) => r.method === 'PUT' && r.url.startsWith(`/${BUCKET}/${KEY}.tflock`));
    expect(lockPut?.headers['if-none-match']).toBe('*');
    expect(stub.requests.some((r) => r.method === 'DELETE' && r.url.startsWith(`/${BUCKET}/${KEY}.tflock`))).toBe(true);
    expect(stub.objects.has(`${BUCKET}/${KEY}.tflock`)).toBe(false);
    // skip_s3_checksum: no SDK flexible checksum on the state upload; encrypt: the SSE header.
    const statePut = stub.requests.filter((r) => r.method === 'PUT' && r.url.split('?')[0] === `/${BUCKET}/${KEY}`);
    expect(statePut.length).toBeGreaterThan(0);
    for (const r of statePut) {
      expect(Object.keys(r.headers).filter((h) => h.startsWith('x-amz-checksum-') || h === 'x-amz-sdk-checksum-algorithm')).toEqual([]);
      expect(r.headers['x-amz-server-side-encryption']).toBe('AES256');
    }
  }, 300_000);

  realTest('a second apply while the lock object exists is refused (the lock is honoured)', async () => {
    const cwd = join(dir, 'out', 'stacks', 'sovereign-fr-sovereign');
    stub.objects.set(`${BUCKET}/${KEY}.tflock`, Buffer.from(JSON.stringify({ ID: 'other-run', Operation: 'OperationTypeApply', Who: 'someone@elsewhere' })));
    const cli = join(dir, 'cli', 'no-providers.tfrc');
    const apply = await terraform(cwd, ['apply', '-auto-approve', '-input=false', '-no-color', '-lock-timeout=0s'], cli);
    stub.objects.delete(`${BUCKET}/${KEY}.tflock`);
    expect(apply.status).not.toBe(0);
    expect(apply.out).toMatch(/Error acquiring the state lock/);
  }, 300_000);
});
