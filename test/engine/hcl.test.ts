/**
 * `cdktn synth --hcl` (the real CLI) for every shipped policy: it succeeds, the checks and the report
 * read the written cdk.tf and conclude exactly what they conclude from cdk.tf.json, and Terraform
 * accepts the HCL as it accepts the JSON (lib/state/hcl-output.ts repairs cdktn 0.24's renderer).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { isValidQuotedHcl, repairConditionBlocks, repairInterpolatedStrings, repairTerraformBlock } from '../../lib/state/hcl-output';
import { parseHclSync, readStackFile } from '../../lib/synth-files';
import { DEFAULT_POLICY_FILE } from '../../stacks/default-policy';
import { shippedOutdir } from '../support/shipped';

const ROOT = resolve(__dirname, '../..');
const POLICIES = ['', ...readdirSync(join(ROOT, 'stacks/policies')).filter((f) => f.endsWith('.yaml')).map((f) => `stacks/policies/${f}`)];
const ENV: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', DISABLE_VERSION_CHECK: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1', CI: '1' };
delete ENV.TF_CLI_CONFIG_FILE;

interface Synthesized {
  readonly hcl: string;
  readonly json: string;
  readonly status: number | null;
  readonly out: string;
  readonly stacks: string[];
}

/** The real CLI with --hcl, and the app's own synth (JSON, with the report as the app writes it). */
function synthBoth(policy: string): Synthesized {
  const hcl = mkdtempSync(join(tmpdir(), 'hcl-'));
  const r = spawnSync(join(ROOT, 'node_modules/.bin/cdktn'), ['synth', '--hcl', '--output', hcl], { cwd: ROOT, env: { ...ENV, SOVEREIGN_POLICY: policy && join(ROOT, policy) }, encoding: 'utf8', timeout: 180_000 });
  // The JSON side: the policy as `npm run synth` writes it, synthesized once per run and shared (test/support/shipped.ts).
  const json = shippedOutdir(policy ? basename(policy).replace(/\.ya?ml$/, '') : 'default');
  const stacks = readdirSync(join(json, 'stacks')).sort();
  return { hcl: join(hcl), json, status: r.status, out: `${r.stdout}\n${r.stderr}`, stacks };
}

const results = new Map(POLICIES.map((p) => [p, synthBoth(p)]));

describe.each(POLICIES.map((p) => [p || DEFAULT_POLICY_FILE, p]))('cdktn synth --hcl: %s', (_, policy) => {
  const r = results.get(policy)!;

  test('succeeds and writes cdk.tf (no cdk.tf.json) for every stack', () => {
    expect({ status: r.status, out: r.status === 0 ? '' : r.out }).toEqual({ status: 0, out: '' });
    expect(readdirSync(join(r.hcl, 'stacks')).sort()).toEqual(r.stacks);
    for (const s of r.stacks) {
      expect([s, existsSync(join(r.hcl, 'stacks', s, 'cdk.tf')), existsSync(join(r.hcl, 'stacks', s, 'cdk.tf.json'))]).toEqual([s, true, false]);
    }
  });

  test('the checks read cdk.tf: each stack has the findings report of the JSON synth', () => {
    for (const s of r.stacks) {
      const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'stacks', s, 'sovereignty-findings.json'), 'utf8'));
      expect(read(r.hcl)).toEqual(read(r.json));
    }
  });

  test('the report reads cdk.tf: sovereignty-report.md and .json are those of the JSON synth', () => {
    for (const f of ['sovereignty-report.md', 'sovereignty-report.json']) {
      expect(readFileSync(join(r.hcl, f), 'utf8')).toBe(readFileSync(join(r.json, f), 'utf8'));
    }
  });

  test('read back, each cdk.tf holds the resources, arguments and terraform block of cdk.tf.json', () => {
    for (const s of r.stacks) {
      const fromHcl = readStackFile(join(r.hcl, 'stacks', s, 'cdk.tf'), join(r.hcl, 'stacks', s, 'metadata.json'));
      const fromJson = readStackFile(join(r.json, 'stacks', s, 'cdk.tf.json'));
      expect(Object.keys(fromHcl.resource ?? {}).sort()).toEqual(Object.keys(fromJson.resource ?? {}).sort());
      expect(fromHcl.terraform).toEqual(fromJson.terraform); // backend, required_version, OpenTofu encryption
      for (const [type, byName] of Object.entries<Record<string, any>>(fromJson.resource ?? {})) {
        for (const [name, attrs] of Object.entries(byName)) {
          for (const key of ['policy', 'assume_role_policy', 'name', 'bucket', 'location', 'region']) {
            if (typeof attrs[key] === 'string') expect([type, name, key, fromHcl.resource[type][name][key]]).toEqual([type, name, key, attrs[key]]);
          }
        }
      }
    }
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const withTerraform = terraform.status === 0 ? test : test.skip;
if (terraform.status !== 0) console.log('skipped: no terraform binary on the PATH: the HCL is not validated by Terraform');

/** `terraform init -backend=false` on one file: the configuration errors it reports (it validates before installing providers). */
function initErrors(file: string, name: string): { titles: string[]; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tf-init-'));
  writeFileSync(join(dir, name), readFileSync(file, 'utf8'));
  const r = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env: ENV, encoding: 'utf8', timeout: 120_000 });
  const text = `${r.stdout}\n${r.stderr}`;
  const titles = [...text.matchAll(/^Error: (.+)$/gm)].map((m) => m[1]).filter((t) => !t.startsWith('Terraform encountered problems'));
  return { titles: titles.sort(), text };
}

describe('Terraform accepts the HCL as it accepts the JSON (terraform init -backend=false)', () => {
  withTerraform.each(POLICIES.map((p) => [p || DEFAULT_POLICY_FILE, p]))('%s: every stack', (_, policy) => {
    const r = results.get(policy)!;
    for (const s of r.stacks) {
      const hcl = initErrors(join(r.hcl, 'stacks', s, 'cdk.tf'), 'cdk.tf');
      const json = initErrors(join(r.json, 'stacks', s, 'cdk.tf.json'), 'cdk.tf.json');
      expect(hcl.text).not.toMatch(/Invalid character|Invalid escape sequence|Argument or block definition required|Unsupported argument/);
      if (JSON.parse(readFileSync(join(r.json, 'stacks', s, 'cdk.tf.json'), 'utf8')).terraform.encryption) {
        // OpenTofu stacks: Terraform refuses the encryption block, in either syntax, and nothing else.
        expect([s, hcl.titles]).toEqual([s, ['Unsupported block type']]);
        expect(hcl.text).toMatch(/Blocks of type "encryption" are not expected here/);
        expect([s, json.titles]).toEqual([s, ['Extraneous JSON object property']]);
      } else {
        expect([s, hcl.titles]).toEqual([s, json.titles]);
      }
    }
  }, 600_000);

  withTerraform('a repaired string evaluates to the raw value (terraform console): quotes, backslashes and ${} kept', () => {
    const raw = '{"Pattern":"4(?:[0-1]\\d|2[0-8])","Who":"' + '${upper("x")}"}'; // a backslash, quotes and a reference
    const dir = mkdtempSync(join(tmpdir(), 'tf-console-'));
    writeFileSync(join(dir, 'main.tf'), `locals {\n${repairInterpolatedStrings(`value = "${raw}"`)}\n}\n`);
    const r = spawnSync('terraform', ['console', '-no-color'], { cwd: dir, env: ENV, input: 'jsonencode(local.value)\n', encoding: 'utf8', timeout: 60_000 });
    expect(JSON.parse(JSON.parse(r.stdout.trim()))).toBe(raw.replace('${upper("x")}', 'X'));
  }, 90_000);
});

describe('the repairs, on the renderer output they fix', () => {
  test.each([
    ['plain', true],
    ['with \\"escaped\\" quotes and \\\\ \\n', true],
    ['${aws_s3_bucket.x.arn}', true],
    ['${lookup(var.m, "k")}', true],
    ['{"Resource":"${aws_s3_bucket.x.arn}"}', false],
    ['5\\d{2}', false],
  ])('isValidQuotedHcl(%s) is %s', (content, valid) => {
    expect(isValidQuotedHcl(content)).toBe(valid);
  });

  test('the terraform block gets its attributes back in place of `<n> = "<name>"`', () => {
    const broken = 'terraform {\nrequired_providers {\n}\n\n  0 = "required_version"\n  1 = "encryption"\n}\n';
    const fixed = repairTerraformBlock(broken, {
      required_version: '>= 1.10.0',
      encryption: { key_provider: { aws_kms: { k: { kms_key_id: 'arn:aws:kms:eu-central-1:123456789012:key/x', region: 'eu-central-1', key_spec: 'AES_256' } } }, method: { aes_gcm: { m: { keys: '${key_provider.aws_kms.k}' } } }, state: { method: 'method.aes_gcm.m', enforced: true } },
    });
    expect(fixed).toContain('  required_version = ">= 1.10.0"');
    expect(fixed).toContain('    key_provider "aws_kms" "k" {\n      kms_key_id = "arn:aws:kms:eu-central-1:123456789012:key/x"');
    expect(fixed).toContain('      keys = key_provider.aws_kms.k\n');
    expect(fixed).toContain('    state {\n      method = method.aes_gcm.m\n      enforced = true\n    }');
    expect(fixed).not.toMatch(/\d+ = "/);
  });

  test('preconditions written as a list argument become blocks', () => {
    const broken = 'lifecycle {\n  precondition = [\n{\ncondition = "${a == b}"\nerror_message = "no"\n},\n]\n}';
    expect(repairConditionBlocks(broken)).toBe('lifecycle {\n  precondition {\n    condition = "${a == b}"\n    error_message = "no"\n  }\n}');
  });
});

describe('the HCL reader (one parser thread per process)', () => {
  test('fails on text that is not HCL, naming the file and what the parser said', () => {
    expect(() => parseHclSync('resource "aws_s3_bucket" "b" {\n', 'broken.tf')).toThrow(/^broken\.tf: not valid HCL: \S/);
  });

  test('a text read twice gives equal objects that are not shared (the second read is cached)', () => {
    const text = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n';
    const first = parseHclSync(text, 'main.tf');
    const second = parseHclSync(text, 'main.tf');
    expect(first).toEqual({ resource: { aws_s3_bucket: { b: [{ bucket: 'x' }] } } });
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });
});
