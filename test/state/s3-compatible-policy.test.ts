/**
 * `state.s3Compatible`: a national operator's S3-compatible storage for a stack's state, declared in
 * the policy with its operator and country, residency-checked like the other backends (located
 * errors), synthesized as an s3 backend with a custom endpoint and no credentials, and seen by the
 * rule pack and the cut-off analysis with its operator and country.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSynth, evaluateScenario } from '../../lib/analysis';
import { ResidencyStateBackend } from '../../lib/checks';
import { formatProblem, loadPolicy } from '../../lib/policy';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { synthPolicy } from '../analysis/support';

const EU_STATE = '      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }';
const S3C = '      s3Compatible: { operator: natcloud-fr, country: FR, endpoint: https://s3.natcloud.example.fr, bucket: sovereign-ai-eu-tfstate, region: fr-par }';
const OPERATORS = '\noperators:\n  natcloud-fr: { country: FR, description: a French national cloud }\n  usobject: { country: US }\nrouting:\n';

/** The default policy with eu's state at an S3-compatible operator (`line` replaces the whole backend line). */
function withState(line = S3C, text = DEFAULT_POLICY_YAML): string {
  expect(text).toContain(EU_STATE);
  return text.replace(EU_STATE, line).replace('\nrouting:\n', OPERATORS);
}

function errorsOf(text: string): string[] {
  return loadPolicy(text, 'policies/s3c.yaml').problems.filter((p) => p.severity === 'error').map(formatProblem);
}

/** `file:line:col` where `needle` (the value) sits in `text`. */
function at(text: string, needle: string, after = S3C.trim().split(':')[0]): string {
  const start = text.indexOf(after);
  const index = text.indexOf(needle, start);
  const before = text.slice(0, index).split('\n');
  return `policies/s3c.yaml:${before.length}:${before[before.length - 1].length + 1}`;
}

describe('the policy', () => {
  test('loads an S3-compatible state with its defaults (path-style, no SDK checksums, SSE, state key per jurisdiction)', () => {
    const { policy, problems } = loadPolicy(withState(), 'policies/s3c.yaml');
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const eu = policy!.jurisdictions.find((j) => j.jurisdiction.id === 'eu')!;
    expect(eu.state).toEqual({
      kind: 's3-compatible',
      operator: 'natcloud-fr',
      country: 'FR',
      endpoint: 'https://s3.natcloud.example.fr',
      bucket: 'sovereign-ai-eu-tfstate',
      region: 'fr-par',
      key: 'sovereign-eu/terraform.tfstate',
      usePathStyle: true,
      checksums: false,
      serverSideEncryption: true,
      profile: undefined,
    });
  });

  test.each([
    ['an operator at home outside the jurisdiction', S3C.replace('operator: natcloud-fr', 'operator: usobject'), 'usobject', 'state.s3Compatible.operator: operator "usobject" has its home in US (United States), outside jurisdiction "eu"'],
    ['a storage location outside the jurisdiction', S3C.replace('country: FR', 'country: CH'), 'CH', 'state.s3Compatible.country: Terraform state would live in CH (Switzerland), outside jurisdiction "eu"'],
    ['an operator nobody declared', S3C.replace('operator: natcloud-fr', 'operator: natcloud-de'), 'natcloud-de', 'state.s3Compatible.operator: unknown operator "natcloud-de"; declare it under `operators`'],
    ['an AWS endpoint (use state.aws, checked by region)', S3C.replace('https://s3.natcloud.example.fr', 'https://s3.us-east-1.amazonaws.com'), 'https://s3.us-east-1', 'state.s3Compatible.endpoint: "s3.us-east-1.amazonaws.com" is an AWS S3 endpoint: use `state.aws`'],
    ['a plaintext endpoint', S3C.replace('https://s3.natcloud.example.fr', 'http://s3.natcloud.example.fr'), 'http://', 'state.s3Compatible.endpoint: "http://s3.natcloud.example.fr" must be an https:// URL'],
  ])('fails when it names %s, located at the value', (_what, line, needle, message) => {
    const text = withState(line);
    const errors = errorsOf(text);
    expect(errors).toEqual([expect.stringContaining(message)]);
    expect(errors[0].startsWith(`${at(text, needle)}: error: jurisdictions[1].state.s3Compatible.`)).toBe(true);
  });

  test('fails when credentials are written into it: they come from the environment or a profile', () => {
    const errors = errorsOf(withState(S3C.replace(' }', ', accessKey: NATCLOUDKEY, secretKey: x }')));
    expect(errors.join('\n')).toMatch(/jurisdictions\[1\]\.state\.s3Compatible.*accessKey/);
  });

  test('fails when two backends are given, and with engine opentofu (no key provider run by the operator is modelled)', () => {
    expect(errorsOf(withState(`${EU_STATE}\n${S3C}`))).toEqual([expect.stringContaining('give exactly one state backend: `aws` (S3 with native locking), `azure` (azurerm) or `s3Compatible`')]);
    expect(errorsOf(`engine: opentofu\n${withState()}`).join('\n')).toContain('jurisdictions[1].state.s3Compatible: engine opentofu encrypts state with a key');
  });

  test('the routing stack can keep its state there too, checked against the storage country', () => {
    const routing = '    aws: { bucket: sovereign-ai-routing-tfstate, region: us-east-1 }   # holds public DNS names only';
    const text = withState().replace(routing, '    s3Compatible: { operator: natcloud-fr, country: FR, endpoint: https://s3.natcloud.example.fr, bucket: sovereign-ai-routing, region: fr-par }');
    const { policy } = loadPolicy(text, 'policies/s3c.yaml');
    expect(policy!.dns!.state).toMatchObject({ kind: 's3-compatible', key: 'sovereign-routing/terraform.tfstate', country: 'FR' });
    expect(errorsOf(text.replace('bucket: sovereign-ai-routing, region: fr-par', 'bucket: sovereign-ai-routing, region: fr-par').replace('operator: natcloud-fr, country: FR, endpoint: https://s3.natcloud.example.fr, bucket: sovereign-ai-routing', 'operator: usobject, country: FR, endpoint: https://s3.natcloud.example.fr, bucket: sovereign-ai-routing'))).toEqual([
      expect.stringContaining('dns.state.s3Compatible.operator: operator "usobject" has its home in US (United States), outside the routing state\'s country (FR (France))'),
    ]);
  });
});

describe('synthesized, checked and analyzed', () => {
  const { outdir } = synthPolicy(withState());
  const stackJson = (name: string) => JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  const euStacks = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks as Record<string, unknown>;
  const names = Object.keys(euStacks).filter((n) => n === 'sovereign-eu' || n.startsWith('sovereign-eu-'));

  test('every eu stack keeps its state at the operator: endpoint, path-style, the AWS-only checks skipped, locked, encrypted, no credentials', () => {
    expect(names.length).toBeGreaterThan(1);
    const keys = new Set<string>();
    for (const name of names) {
      const s3 = stackJson(name).terraform.backend.s3;
      expect(s3).toEqual({
        bucket: 'sovereign-ai-eu-tfstate',
        key: expect.stringMatching(/^sovereign-eu\//),
        region: 'fr-par',
        endpoints: { s3: 'https://s3.natcloud.example.fr' },
        use_path_style: true,
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: true,
        skip_region_validation: true,
        skip_s3_checksum: true,
        encrypt: true,
        use_lockfile: true,
      });
      keys.add(s3.key);
    }
    expect(keys.size).toBe(names.length); // one state object per stack
  });

  test('a stack that reads another eu stack\'s state reads it at the operator, with the same settings', () => {
    const base = stackJson('sovereign-eu').terraform.backend.s3;
    const reads = names.flatMap((n) => Object.values(stackJson(n).data?.terraform_remote_state ?? {}) as { backend: string; config: Record<string, unknown> }[]);
    expect(reads.length).toBeGreaterThan(0);
    for (const r of reads) expect(r).toMatchObject({ backend: 's3', config: base });
  });

  test('the rule pack accepts it, and refuses plaintext endpoints and keys written into the backend', () => {
    const attrs = stackJson('sovereign-eu').terraform.backend.s3;
    const run = (a: Record<string, unknown>) => ResidencyStateBackend({ type: 'terraform.backend', name: 's3', address: 'terraform.backend.s3', attrs: a } as never, { jurisdiction: { id: 'eu', countries: ['FR'], residency: 'EU' } } as never);
    expect(run(attrs)).toEqual({ status: 'compliant' });
    expect(JSON.stringify(run({ ...attrs, endpoints: { s3: 'http://s3.natcloud.example.fr' } }))).toContain('over plain http');
    expect(JSON.stringify(run({ ...attrs, access_key: 'NATCLOUDKEY' }))).toContain('writes `access_key` into the configuration');
  });

  const a = analyzeSynth(outdir);
  const eu = a.jurisdictions.find((j) => j.topology.id === 'eu')!;

  test('the analysis sees the state with its operator and country', () => {
    expect(eu.topology.state).toMatchObject({ kind: 'state', operator: 'natcloud-fr', country: 'FR', label: 'S3-compatible state bucket sovereign-ai-eu-tfstate at s3.natcloud.example.fr (FR (France))' });
  });

  test.each([
    ['cutoff:US', true],
    ['cloud:aws', true],
    ['cutoff:FR', false],
  ])('under %s the eu state is manageable: %s', (scenario, ok) => {
    const { state } = evaluateScenario(a.topology, eu.topology, scenario);
    expect(state.ok).toBe(ok);
    if (!ok) expect(state.broken.join(' ')).toContain('natcloud-fr');
  });
});
