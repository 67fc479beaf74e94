/**
 * A first `cdktf deploy` from an empty account, read from what is synthesized (manifest.json and each
 * cdk.tf.json), for every shipped policy: the stacks deploy in phases whose order the stack
 * dependencies enforce, no certificate validation waits on a zone a later stack creates or delegates,
 * no model reads artifacts from a bucket of its own apply, the API Gateway account setting is managed
 * once per account and region, and the one manual step (the registrar) is printed as an output.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, loadPolicyFile, type SovereigntyPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { deployedBefore, deployOrderProblems, readApp, type SynthesizedApp } from '../support/deploy-order';

const POLICIES_DIR = join(__dirname, '..', '..', 'stacks', 'policies');
const shipped: [string, SovereigntyPolicy][] = [
  ['default policy', loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE).policy!],
  ...readdirSync(POLICIES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => [f, loadPolicyFile(join(POLICIES_DIR, f)).policy!] as [string, SovereigntyPolicy]),
];

function synthesize(policy: SovereigntyPolicy): SynthesizedApp {
  const outdir = mkdtempSync(join(tmpdir(), 'phases-'));
  buildApp(policy, { outdir }).app.synth();
  return readApp(outdir);
}
const apps = Object.fromEntries(shipped.map(([name, policy]) => [name, synthesize(policy)]));

describe.each(shipped)('%s', (name, policy) => {
  const app = apps[name];

  test('no certificate validation waits on a zone a later stack creates or delegates; no model reads a bucket of its own apply', () => {
    expect(deployOrderProblems(app, policy.domain)).toEqual([]);
  });

  test('the phases, in the order the dependencies enforce', () => {
    const route53 = policy.dns?.provider === 'route53';
    for (const j of policy.jurisdictions) {
      const base = `sovereign-${j.jurisdiction.id}`;
      expect([...deployedBefore(app, base)]).toEqual(route53 ? ['sovereign-dns'] : []);
      if (app.stacks[`${base}-inference`]) expect([...deployedBefore(app, `${base}-inference`)].sort()).toEqual([base, ...(route53 ? ['sovereign-dns'] : [])].sort());
      if (policy.dns) expect(deployedBefore(app, 'sovereign-routing').has(app.stacks[`${base}-inference`] ? `${base}-inference` : base)).toBe(true);
    }
  });

  test('the API Gateway account setting: once per region that has a gateway, in the base stack, never with a gateway', () => {
    for (const [stack, json] of Object.entries(app.stacks)) {
      const settings = Object.values(json.resource?.aws_api_gateway_account ?? {}) as any[];
      const gateways = Object.values(json.resource?.aws_api_gateway_rest_api ?? {}) as any[];
      if (gateways.length > 0) expect({ stack, settings: settings.length }).toEqual({ stack, settings: 0 });
      const regions = settings.map((s) => s.provider);
      expect(new Set(regions).size).toBe(regions.length);
      if (!stack.endsWith('-inference')) continue;
      const base = app.stacks[stack.replace(/-inference$/, '')];
      const baseSettings = (Object.values(base.resource?.aws_api_gateway_account ?? {}) as any[]).map((s) => s.provider).sort();
      expect(baseSettings).toEqual([...new Set(gateways.map((g) => g.provider))].sort());
      // The role it names may write logs of its region only, with the managed policy's actions (CreateLogGroup included).
      const policies = Object.values(base.resource?.aws_iam_role_policy ?? {}) as any[];
      for (const p of policies.filter((x) => x.name === 'push-to-cloudwatch-logs')) {
        const doc = JSON.parse(p.policy);
        expect(doc.Statement[0].Action).toContain('logs:CreateLogGroup');
        expect(doc.Statement[0].Resource[0]).toMatch(/^arn:aws:logs:[a-z0-9-]+:\$\{[^}]+\}:log-group:\*$/);
      }
    }
  });
});

describe('the default policy', () => {
  const app = apps['default policy'];

  test('the DNS stack deploys first and prints the name servers to set at the registrar; its zones are protected from destroy', () => {
    const dns = app.stacks['sovereign-dns'];
    expect(app.dependencies['sovereign-dns']).toEqual([]);
    expect(dns.output.parent_name_servers.description).toMatch(/^One-time manual step: set these name servers for ai\.example\.com at its registrar/);
    for (const z of Object.values(dns.resource.aws_route53_zone) as any[]) expect(z.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('each certificate is validated in the base stack, in the jurisdiction zone found by name; the gateway in the inference stack binds it', () => {
    for (const id of ['us', 'eu', 'in']) {
      const base = app.stacks[`sovereign-${id}`];
      const inference = app.stacks[`sovereign-${id}-inference`];
      expect(Object.keys(base.resource.aws_acm_certificate_validation)).toHaveLength(1);
      expect(inference.resource.aws_acm_certificate).toBeUndefined();
      // The jurisdiction zone through the jurisdiction's provider; the parent zone (api.ai.example.com's validation) through the DNS account's.
      expect(Object.values(base.data.aws_route53_zone).map((z: any) => [z.name, z.private_zone, z.provider]).sort()).toEqual([
        ['ai.example.com', false, 'aws.dns'],
        [`${id}.ai.example.com`, false, expect.stringMatching(/^aws\.[a-z]+-[a-z]+-\d$/)],
      ]);
      for (const d of Object.values(inference.resource.aws_api_gateway_domain_name) as any[]) {
        expect(d.regional_certificate_arn).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-sovereign-[a-z]+\.outputs\.cross-stack-output-aws_acm_certificate_validation/);
      }
    }
  });

  test('each AWS certificate names every name DNS can send a client to; api.ai.example.com is validated in the parent zone through the DNS account', () => {
    for (const id of ['us', 'eu', 'in']) {
      const base = app.stacks[`sovereign-${id}`];
      for (const cert of Object.values(base.resource.aws_acm_certificate) as any[]) {
        expect([cert.domain_name, ...cert.subject_alternative_names]).toEqual([expect.stringMatching(new RegExp(`^[a-z0-9-]+\\.${id}\\.ai\\.example\\.com$`)), `api.${id}.ai.example.com`, 'api.ai.example.com']);
      }
      const records = Object.entries(base.resource.aws_route53_record) as [string, any][];
      const parent = records.filter(([, r]) => r.provider === 'aws.dns');
      const own = records.filter(([, r]) => r.provider !== 'aws.dns');
      expect(parent.length).toBe(own.length); // one group per certificate through each provider
      for (const [, r] of parent) {
        expect(r.for_each).toMatch(/if contains\(\["api\.ai\.example\.com"\], val\.domain_name\)/);
        expect(r.allow_overwrite).toBe(true); // every region (and a jurisdiction sharing the account) writes the same record
      }
      for (const [, r] of own) expect(r.for_each).toMatch(new RegExp(`if contains\\(\\["[a-z0-9-]+\\.${id}\\.ai\\.example\\.com","api\\.${id}\\.ai\\.example\\.com"\\]`));
      const dnsProvider = (base.provider.aws as any[]).find((p) => p.alias === 'dns');
      expect(dnsProvider.region).toBe(base.provider.aws.find((p: any) => p.alias !== 'dns').region); // Route 53 is global; the provider stays in the jurisdiction
    }
  });

  test('fails when the jurisdiction stacks no longer wait for the DNS stack, or the inference stack for its base stack (the check can fail)', () => {
    const broken: SynthesizedApp = { stacks: app.stacks, dependencies: { ...app.dependencies, 'sovereign-eu': [], 'sovereign-in-inference': [] } };
    expect(deployOrderProblems(broken, 'ai.example.com')).toEqual([
      'sovereign-eu: certificate validation waits on zone eu.ai.example.com, created by sovereign-dns, not deployed before it',
      'sovereign-eu: certificate validation waits on zone eu.ai.example.com, delegated by sovereign-dns, not deployed before it',
      'sovereign-eu: certificate validation waits on zone ai.example.com, created by sovereign-dns, not deployed before it',
      expect.stringMatching(/^sovereign-in-inference: model model-aws-ap-south-1_model_[0-9A-F]+ reads artifacts from a bucket created by sovereign-in, not deployed before it/),
    ]);
  });
});
