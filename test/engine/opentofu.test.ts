/**
 * OpenTofu as the engine: state and plan encryption with a key inside each jurisdiction, emitted only
 * for opentofu; a key abroad refused at its file:line:col; the report and the residency check cover
 * the key. OpenTofu's own rules are encoded from its source (opentofu/opentofu at v1.12.6):
 * - internal/encryption/keyprovider/aws_kms/config.go: `kms_key_id` and `key_spec` required (hcl
 *   tags without `optional`), key_spec one of the KMS DataKeySpec values (AES_256 for aes_gcm);
 * - internal/encryption/keyprovider/azure_vault/config.go: `vault_uri`, `vault_key_name`, `key_length`
 *   required, key_length >= 1, vault name `^[a-zA-Z][0-9a-zA-Z-]{1,22}[0-9a-zA-Z]$` without `--`,
 *   key name `^[0-9a-zA-Z-]{1,127}$`;
 * - internal/encryption/targets.go + targets_test.go ("json-config-loads-state-method-*"): in JSON a
 *   target's `method` is a bare reference string; `keys` may be the `${...}` form;
 * - aes_gcm (internal/encryption/method/aesgcm): keys of 16, 24 or 32 bytes.
 * No `tofu` binary runs here: what `tofu init` would say is not verified.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { analyzeSynth, analyzeTopology, buildTopology, readDeclarations, readSynthOutput, writeSovereigntyReport } from '../../lib/analysis';
import { findRegion } from '../../lib/catalog';
import { formatProblem, loadPolicy, loadPolicyFile, type SovereigntyPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

const ROOT = resolve(__dirname, '../..');
const TOFU_POLICY = join(ROOT, 'stacks/policies/germany-india-opentofu.yaml');
const TOFU_YAML = readFileSync(TOFU_POLICY, 'utf8');
const TERRAFORM_POLICIES = [DEFAULT_POLICY_FILE, 'stacks/policies/india-only.yaml', 'stacks/policies/germany-only.yaml'];

function load(file: string): SovereigntyPolicy {
  const r = file === DEFAULT_POLICY_FILE ? loadPolicy(DEFAULT_POLICY_YAML, file) : loadPolicyFile(join(ROOT, file));
  expect(r.problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
  return r.policy!;
}

function synth(policy: SovereigntyPolicy): { outdir: string; stacks: Record<string, any> } {
  const outdir = mkdtempSync(join(tmpdir(), 'engine-'));
  buildApp(policy, { outdir }).app.synth();
  writeSovereigntyReport(outdir, policy); // as the app does after synth
  const stacks = Object.fromEntries(readSynthOutput(outdir).stacks.map((s) => [s.name, s.json]));
  return { outdir, stacks };
}

function errorsOf(yaml: string): string[] {
  return loadPolicy(yaml, 'policies/tofu.yaml').problems.filter((p) => p.severity === 'error').map(formatProblem);
}

function replaced(from: string, to: string): string {
  expect(TOFU_YAML).toContain(from); // a fixture edit that no longer applies must fail loudly
  return TOFU_YAML.replace(from, to);
}

/** 1-based line and column of `needle` (its first character) in the example policy after an edit. */
function at(text: string, needle: string): string {
  const i = text.indexOf(needle);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

const tofu = synth(load('stacks/policies/germany-india-opentofu.yaml'));

describe('engine terraform (the default): no encryption block, state encrypted at rest only', () => {
  test.each(TERRAFORM_POLICIES)('%s: no stack has terraform.encryption; targetVersions name terraform only', (file) => {
    const policy = load(file);
    expect(policy.engine).toBe('terraform');
    const { stacks, outdir } = synth(policy);
    for (const [name, json] of Object.entries(stacks)) {
      expect({ name, encryption: json.terraform.encryption }).toEqual({ name, encryption: undefined });
      expect(json.terraform.required_version).toMatch(/^>= 1\.1[04]\.0$/);
    }
    const report = readFileSync(join(outdir, 'sovereignty-report.md'), 'utf8');
    expect(report).toContain('Encrypted at rest only, by the backend (engine terraform');
  });
});

describe('engine opentofu: every stack encrypts state and plans with a key in its jurisdiction', () => {
  test('the example synthesizes the aws_kms key in Mumbai for India and the azure_vault key in Germany', () => {
    const india = tofu.stacks['sovereign-in'].terraform;
    expect(india.encryption).toEqual({
      key_provider: { aws_kms: { jurisdiction: { kms_key_id: 'arn:aws:kms:ap-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', region: 'ap-south-1', key_spec: 'AES_256' } } },
      method: { aes_gcm: { jurisdiction: { keys: '${key_provider.aws_kms.jurisdiction}' } } },
      state: { method: 'method.aes_gcm.jurisdiction', enforced: true },
      plan: { method: 'method.aes_gcm.jurisdiction', enforced: true },
      remote_state_data_sources: { default: { method: 'method.aes_gcm.jurisdiction' } },
    });
    expect(india.required_version).toBe('>= 1.10.0'); // S3 use_lockfile: OpenTofu v1.10.0
    const germany = tofu.stacks['sovereign-de'].terraform;
    expect(germany.encryption.key_provider).toEqual({ azure_vault: { jurisdiction: { vault_uri: 'https://kv-de-tofu-state.vault.azure.net', vault_key_name: 'tofu-state', key_length: 32 } } });
    expect(germany.required_version).toBe('>= 1.11.0'); // azure_vault: OpenTofu v1.11.0
    expect(germany.backend.azurerm).toMatchObject({ use_azuread_auth: true });
  });

  test("each key's region is in its stack's jurisdiction (aws_kms from the ARN and region, azure_vault from the policy)", () => {
    const policy = load('stacks/policies/germany-india-opentofu.yaml');
    for (const j of policy.jurisdictions) {
      const enc = j.state.encryption!;
      const region = enc.kind === 'aws_kms' ? enc.region : enc.location;
      expect([j.jurisdiction.id, j.jurisdiction.countries.includes(region.country)]).toEqual([j.jurisdiction.id, true]);
      const written = tofu.stacks[`sovereign-${j.jurisdiction.id}`].terraform.encryption.key_provider;
      if (enc.kind === 'aws_kms') {
        const kms = written.aws_kms.jurisdiction;
        expect(findRegion('aws', kms.region)!.country).toBe(region.country);
        expect(kms.kms_key_id.split(':')[3]).toBe(kms.region);
      }
    }
  });

  test("what OpenTofu's source requires of the block: required attributes, key size, reference forms", () => {
    for (const json of Object.values(tofu.stacks)) {
      const e = json.terraform.encryption;
      for (const [type, byName] of Object.entries<Record<string, any>>(e.key_provider)) {
        for (const kp of Object.values<any>(byName)) {
          if (type === 'aws_kms') {
            expect(kp).toEqual(expect.objectContaining({ kms_key_id: expect.any(String), key_spec: 'AES_256' }));
          } else {
            expect(type).toBe('azure_vault');
            expect(kp.key_length).toBe(32); // aes_gcm takes 16, 24 or 32 bytes
            const vault = new URL(kp.vault_uri).hostname.split('.')[0];
            expect(vault).toMatch(/^[a-zA-Z][0-9a-zA-Z-]{1,22}[0-9a-zA-Z]$/);
            expect(vault).not.toContain('--');
            expect(kp.vault_key_name).toMatch(/^[0-9a-zA-Z-]{1,127}$/);
          }
        }
      }
      for (const target of ['state', 'plan']) {
        expect(e[target].method).toMatch(/^method\.aes_gcm\.[a-z_]+$/); // bare reference: "${...}" is not accepted here
        const [, , name] = e[target].method.split('.');
        expect(e.method.aes_gcm[name].keys).toMatch(/^\$\{key_provider\.(aws_kms|azure_vault)\.[a-z_]+\}$/);
      }
    }
  });

  test('migrateFromUnencrypted reads the old state through an unencrypted fallback, not enforced', () => {
    const yaml = replaced(`          kmsKeyArn: arn:aws:kms:ap-south-1`, `          kmsKeyArn: arn:aws:kms:ap-south-1`).replace(
      '        aws:                        # a symmetric KMS key',
      '        migrateFromUnencrypted: true\n        aws:                        # a symmetric KMS key',
    );
    const { policy, problems } = loadPolicy(yaml, 'tofu.yaml');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const { stacks } = synth(policy!);
    const e = stacks['sovereign-in'].terraform.encryption;
    expect(e.method.unencrypted).toEqual({ migrate: {} });
    for (const target of ['state', 'plan']) expect(e[target]).toEqual({ method: 'method.aes_gcm.jurisdiction', fallback: { method: 'method.unencrypted.migrate' }, enforced: false });
    expect(e.remote_state_data_sources).toEqual({ default: { method: 'method.aes_gcm.jurisdiction', fallback: { method: 'method.unencrypted.migrate' } } });
    expect(stacks['sovereign-de'].terraform.encryption.state.enforced).toBe(true); // only where asked
  });

  test('the report names each key, its region and operator; a US cut-off leaves the state undecryptable', () => {
    const a = analyzeSynth(tofu.outdir);
    const md = readFileSync(join(tofu.outdir, 'sovereignty-report.md'), 'utf8');
    expect(md).toContain('Encrypted client-side by OpenTofu (aes_gcm) with OpenTofu state key arn:aws:kms:ap-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (aws_kms jurisdiction) in ap-south-1, IN (India), aws (US)');
    expect(md).toContain('OpenTofu state key tofu-state in Key Vault kv-de-tofu-state (azure_vault jurisdiction, germanywestcentral) in germanywestcentral, DE (Germany), azure (US)');
    const india = a.jurisdictions.find((j) => j.topology.id === 'in')!;
    const cutoff = india.outcomes.find((o) => o.scenario === 'cutoff:US')!;
    expect(cutoff.state.ok).toBe(false);
    expect(cutoff.state.broken.join(' ')).toMatch(/state key: .*cannot be decrypted/);
    expect(india.outcomes.map((o) => o.scenario)).toEqual(['region:ap-south-1', 'cloud:aws', 'cutoff:US']);
    const mumbai = india.outcomes.find((o) => o.scenario === 'region:ap-south-1')!.state; // the bucket and the key are both there
    expect(mumbai.broken).toEqual([expect.stringMatching(/^state: /), expect.stringMatching(/^state key: .*cannot be decrypted/)]);
    expect(a.refusals).toEqual([]);
  });

  test('a policy that deploys with OpenTofu but whose written stack lost its key is refused', () => {
    const { outdir } = synth(load('stacks/policies/germany-only.yaml'));
    const declarations = { ...readDeclarations(outdir), engine: 'opentofu' as const };
    const a = analyzeTopology(buildTopology(readSynthOutput(outdir), declarations));
    expect(a.refusals).toEqual([expect.stringMatching(/jurisdiction de: the policy deploys with OpenTofu, but sovereign-de as written has no state encryption key .*stored unencrypted/)]);
  });
});

describe('bad input: located errors', () => {
  test('fails when the AWS key is abroad: file:line:col of the ARN, where it is, what is allowed', () => {
    const yaml = replaced('kmsKeyArn: arn:aws:kms:ap-south-1:', 'kmsKeyArn: arn:aws:kms:eu-west-2:');
    expect(errorsOf(yaml)).toEqual([
      `policies/tofu.yaml:${at(yaml, 'arn:aws:kms:eu-west-2')}: error: jurisdictions[1].state.encryption.aws.kmsKeyArn: the state encryption key is in "eu-west-2" (London, GB (United Kingdom)), outside jurisdiction "in" (IN: India); whoever holds the key can read the state: AWS regions allowed there: ap-south-1, ap-south-2`,
    ]);
  });

  test("fails when the Key Vault is abroad: file:line:col of its location", () => {
    const yaml = replaced('          location: germanywestcentral\n  - id: in', '          location: swedencentral\n  - id: in');
    expect(errorsOf(yaml)).toEqual([expect.stringMatching(new RegExp(`^policies/tofu\\.yaml:${at(yaml, 'swedencentral').replace(/:/, ':')}: error: jurisdictions\\[0\\]\\.state\\.encryption\\.azure\\.location: the state encryption key's vault is in "swedencentral" \\(.*Sweden.*\\), outside jurisdiction "de"`))]);
  });

  test('fails when opentofu has no key, naming what to add', () => {
    const yaml = TOFU_YAML.replace(/      encryption:\n        aws:[^\n]*\n          kmsKeyArn: [^\n]*\n/, '');
    expect(yaml).not.toContain('kmsKeyArn');
    expect(errorsOf(yaml)).toEqual([expect.stringMatching(/^policies\/tofu\.yaml:\d+:\d+: error: jurisdictions\[1\]\.state: engine opentofu encrypts state and plans with a key inside jurisdiction "in" .*add `encryption: \{ aws: \{ kmsKeyArn \} \}`/)]);
  });

  test('fails when the policy keeps engine terraform but asks for encryption (Terraform has none)', () => {
    const yaml = replaced('engine: opentofu', 'engine: terraform');
    const errors = errorsOf(yaml);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/^policies\/tofu\.yaml:\d+:7: error: jurisdictions\[0\]\.state\.encryption: state encryption needs `engine: opentofu`: Terraform has no client-side state encryption and rejects a `terraform\.encryption` block/);
  });

  test('fails when the key is on the other cloud than the state, or the ARN is not a KMS ARN', () => {
    const other = replaced(
      '        aws:                        # a symmetric KMS key in Mumbai; OpenTofu asks it for AES-256 data keys\n          kmsKeyArn: arn:aws:kms:ap-south-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      '        azure: { vaultName: kv-in-tofu, keyName: tofu-state, location: centralindia }',
    );
    expect(errorsOf(other)).toEqual([expect.stringMatching(/jurisdictions\[1\]\.state\.encryption\.azure: the state lives on AWS but its key on Azure/)]);
    const notArn = replaced('kmsKeyArn: arn:aws:kms:ap-south-1:123456789012:key/', 'kmsKeyArn: arn:aws:s3:ap-south-1:123456789012:key/');
    expect(errorsOf(notArn)).toEqual([expect.stringMatching(/^policies\/tofu\.yaml:\d+:\d+: error: jurisdictions\[1\]\.state\.encryption\.aws\.kmsKeyArn: "arn:aws:s3:.*" must be a KMS key or alias ARN/)]);
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const terraformTest = terraform.status === 0 ? test : test.skip;
if (terraform.status !== 0) console.log('skipped: no terraform binary on the PATH: the Terraform refusal of the encryption block is not checked');

describe('real Terraform', () => {
  terraformTest('terraform init rejects an opentofu stack for its encryption block and for nothing else: it never runs unencrypted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tofu-tf-'));
    writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(tofu.stacks['sovereign-in'], null, 2));
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    delete env.TF_CLI_CONFIG_FILE;
    const r = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    const errors = [...`${r.stdout}\n${r.stderr}`.matchAll(/^Error: (.+)$/gm)].map((m) => m[1]).filter((e) => !e.startsWith('Terraform encountered problems'));
    expect(r.status).not.toBe(0);
    expect(errors).toEqual(['Extraneous JSON object property']);
    expect(r.stderr + r.stdout).toMatch(/in terraform:\s+\d+:\s+"encryption": \{\s+No argument or block type is named "encryption"\./);
  }, 150_000);
});

describe('engine opentofu with the routing stack', () => {
  const key = (region: string) => `arn:aws:kms:${region}:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const withKeys = (routingKeyRegion: string) =>
    DEFAULT_POLICY_YAML.replace('version: 1\n', 'version: 1\nengine: opentofu\n')
      .replace('    aws: { bucket: sovereign-ai-routing-tfstate, region: us-east-1 }   # holds public DNS names only\n', `    aws: { bucket: sovereign-ai-routing-tfstate, region: us-east-1 }   # holds public DNS names only\n    encryption: { aws: { kmsKeyArn: ${key(routingKeyRegion)} } }\n`)
      .replace('      aws: { bucket: sovereign-ai-us-tfstate, region: us-east-1 }\n', `      aws: { bucket: sovereign-ai-us-tfstate, region: us-east-1 }\n      encryption: { aws: { kmsKeyArn: ${key('us-east-2')} } }\n`)
      .replace('      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }\n', `      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }\n      encryption: { aws: { kmsKeyArn: ${key('eu-west-3')} } }\n`)
      .replace('        location: centralindia\n    inference:', '        location: centralindia\n      encryption: { azure: { vaultName: kv-in-tofu-state, keyName: tofu-state, location: southindia } }\n    inference:');

  test('every stack of the default policy, routing included, carries its key; the report has no refusal', () => {
    const yaml = withKeys('us-east-1');
    expect(yaml.match(/encryption:/g)).toHaveLength(4); // the fixture edits applied
    const { policy, problems } = loadPolicy(yaml, 'default-tofu.yaml');
    expect(problems.filter((p) => p.severity === 'error').map(formatProblem)).toEqual([]);
    const { stacks, outdir } = synth(policy!);
    // Every phase of every jurisdiction (base and inference) and both global stacks (DNS, routing) carry their key.
    expect(Object.keys(stacks).sort()).toEqual(['sovereign-dns', 'sovereign-eu', 'sovereign-eu-inference', 'sovereign-in', 'sovereign-in-inference', 'sovereign-routing', 'sovereign-us', 'sovereign-us-inference']);
    const kms = (s: string) => stacks[s].terraform.encryption.key_provider.aws_kms?.jurisdiction.region;
    expect(['sovereign-dns', 'sovereign-routing', 'sovereign-us', 'sovereign-us-inference', 'sovereign-eu', 'sovereign-eu-inference'].map(kms)).toEqual(['us-east-1', 'us-east-1', 'us-east-2', 'us-east-2', 'eu-west-3', 'eu-west-3']);
    for (const s of ['sovereign-in', 'sovereign-in-inference']) {
      expect(stacks[s].terraform.encryption.key_provider.azure_vault.jurisdiction.vault_uri).toBe('https://kv-in-tofu-state.vault.azure.net');
      expect(stacks[s].terraform.required_version).toBe('>= 1.11.0');
    }
    expect(analyzeSynth(outdir).refusals).toEqual([]);
  });

  // opentofu/opentofu v1.12.6 internal/encryption/encryption.go: without `remote_state_data_sources.default`
  // a terraform_remote_state is read unencrypted (StateEncryptionDisabled), so an encrypted base state
  // cannot be read; config/config.go: that target takes `method` (a bare reference) and `fallback` only.
  test('a stack that reads another stack by terraform_remote_state decrypts it with the key that stack writes with', () => {
    const { policy } = loadPolicy(withKeys('us-east-1'), 'default-tofu.yaml');
    const { stacks } = synth(policy!);
    const backendKey = (json: any) => JSON.stringify(json.terraform.backend);
    let readers = 0;
    for (const [name, json] of Object.entries<any>(stacks)) {
      const inputs = Object.values<any>(json.data?.terraform_remote_state ?? {});
      if (inputs.length === 0) continue;
      readers++;
      const remote = json.terraform.encryption.remote_state_data_sources;
      expect({ name, remote }).toEqual({ name, remote: { default: { method: json.terraform.encryption.state.method } } });
      for (const input of inputs) {
        const [producer, pjson] = Object.entries<any>(stacks).find(([, p]) => backendKey(p) === JSON.stringify({ [input.backend]: input.config }))!;
        expect({ name, producer, key: json.terraform.encryption.key_provider, method: json.terraform.encryption.method }).toEqual({
          name, producer, key: pjson.terraform.encryption.key_provider, method: pjson.terraform.encryption.method,
        });
      }
    }
    expect(readers).toBe(3); // the three inference stacks read their base stacks
  });

  test("fails when the routing stack's key is outside its state's country", () => {
    const yaml = withKeys('eu-west-1');
    expect(errorsOf(yaml)).toEqual([
      expect.stringMatching(/^policies\/tofu\.yaml:\d+:\d+: error: dns\.state\.encryption\.aws\.kmsKeyArn: the state encryption key is in "eu-west-1" \(Dublin, IE \(Ireland\)\), outside the routing state's country \(US/),
    ]);
  });
});
