/**
 * The shipped cut-off-proof examples: every `survives` demand (cutoff:US, cloud-outage,
 * region-outage) met through the national PowerDNS path (dns.powerdns) and the sovereign tier, the
 * state at the national operator's S3-compatible storage, the answering path naming operator and
 * country of each hop; without the tier the same demands are refused with the broken link named.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSynth, type SovereigntyAnalysis } from '../../lib/analysis';
import { readManifest } from '../../lib/synth-files/output';
import { synthPolicy } from '../analysis/support';
import { EU_FILE, IN_FILE, policyText } from './support';

const outcome = (a: SovereigntyAnalysis, id: string, scenario: string) => a.jurisdictions.find((j) => j.topology.id === id)!.outcomes.find((o) => o.scenario === scenario)!;

/**
 * The policy without its `sovereign` block: the model runs in both AWS regions instead (a chain needs
 * two tiers); PowerDNS serves that chain.
 */
function withoutSovereignTier(text: string, regions: readonly string[]): string {
  const start = text.indexOf('    sovereign:');
  const end = text.indexOf('    survives:');
  expect([start, end].every((i) => i > 0)).toBe(true);
  return (text.slice(0, start) + text.slice(end)).replace(/( {6}selfHosted:.*\n)/, `$1        regions: [${regions.join(', ')}]\n`);
}

/** Synthesizes a policy, edits its `sovereign-<id>-sovereign` stack's JSON, and analyzes the result. */
function analyzeEdited(text: string, id: string, edit: (resources: Record<string, any>) => void): SovereigntyAnalysis {
  const { outdir } = synthPolicy(text);
  const stack = readManifest(outdir).find((m) => m.name === `sovereign-${id}-sovereign`)!;
  const file = join(outdir, stack.synthesizedStackPath);
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json.resource);
  writeFileSync(file, JSON.stringify(json));
  return analyzeSynth(outdir);
}

const onlyOf = (resources: Record<string, any>, type: string) => Object.values(resources[type]) as any[];

describe.each([
  ['eu', EU_FILE, 'natcloud-fr', 'FR', 'natdns-fr', 'llm.natcloud.example.eu', 'ai.example.eu', ['eu-central-1', 'eu-west-3']],
  ['in', IN_FILE, 'natcloud-in', 'IN', 'natdns-in', 'llm.natcloud.example.in', 'ai.example.in', ['ap-south-1', 'ap-south-2']],
])('%s (%s)', (id, file, operator, country, dnsOperator, host, domain, regions) => {
  const awsTier = `aws-${regions[0]}`;
  const tld = domain.split('.').pop();
  const pdns = `PowerDNS national-dns (ns1.dns.example.${tld}, ns2.dns.example.${tld})`;
  const a = analyzeSynth(synthPolicy(policyText(file)).outdir);
  const j = a.jurisdictions.find((x) => x.topology.id === id)!;

  test('every survives demand is met', () => {
    expect(j.demands.map((d) => [d.demand, d.ok])).toEqual([['cutoff:US', true], ['cloud-outage', true], ['region-outage', true]]);
    expect(a.refusals).toEqual([]);
  });

  test('cutoff:US: clients → PowerDNS (national operator) → sovereign tier (ingress, vLLM), with the operator and country of every hop', () => {
    const o = outcome(a, id, 'cutoff:US');
    expect(o.inference.ok).toBe(true);
    expect(o.inference.summary).toBe(`sovereign (${host}) via ${pdns} (operator ${dnsOperator}, ${country}) → api.${id}.${domain} (first tier whose /health answers) → ${host}`);
    expect(o.inference.hops!.slice(1)).toEqual([
      { role: 'dns', name: pdns, operator: dnsOperator },
      { role: 'gateway', name: `Kubernetes ingress vllm (${operator} cluster)`, operator, country },
      { role: 'model', name: `vLLM chat (1 pod(s) × 1 nvidia.com/gpu) on the ${operator} cluster`, operator, country },
    ]);
    expect(a.topology.operators.get(dnsOperator)?.home).toBe(country); // PowerDNS's country: its operator's home (the policy names no site for it)
  });

  test('cutoff:US: the state is at the national operator, so the stacks can still be planned and applied', () => {
    const o = outcome(a, id, 'cutoff:US');
    expect(o.state).toEqual({ ok: true, summary: expect.stringContaining(`at s3.natcloud.example.${tld}`), broken: [] });
    expect(outcome(a, id, `cloud:${operator}`).state.broken).toEqual([expect.stringMatching(new RegExp(`^state: S3-compatible state bucket .* \\(operator ${operator}, ${country}\\) is down with ${operator}$`))]);
  });

  test('the tier is last in the chain, after the AWS gateway, and its cluster is a scenario of its own', () => {
    expect(j.topology.chain.map((l) => l.name)).toEqual([awsTier, 'sovereign']);
    expect(outcome(a, id, `cloud:${operator}`).inference.summary).toMatch(new RegExp(`^${awsTier} `));
    expect(outcome(a, id, `region:${operator}-cluster`).inference.ok).toBe(true);
  });

  test('the weights are a store of the jurisdiction, readable under cutoff:US, lost with their operator', () => {
    expect(outcome(a, id, 'cutoff:US').data.summary).toContain(`weights (${operator}) in ${operator}-cluster`);
    expect(outcome(a, id, `cloud:${operator}`).data.broken).toEqual([
      `store weights (${operator}): no readable copy: weight store s3.natcloud.example.${id}/sovereign-ai-weights/mistral-small-3.2-24b-instruct (S3-compatible) (operator ${operator}, ${country}) is down with ${operator}`,
    ]);
  });

  test('without the sovereign tier, cutoff:US is refused and the broken link is named', () => {
    const without = analyzeSynth(synthPolicy(withoutSovereignTier(policyText(file), regions)).outdir);
    const o = outcome(without, id, 'cutoff:US');
    expect(o.inference.ok).toBe(false);
    expect(o.inference.broken[0]).toBe(`no gateway left: aws-${regions[0]} (operator aws, US) and aws-${regions[1]} (operator aws, US) are cut off`);
    expect(without.refusals.filter((r) => r.startsWith(`jurisdiction ${id}, scenario cutoff:US:`))).toHaveLength(1);
  });

  test('the tier counts only with its contract: its Envoy routes, JWT issuer and audience, the TLS host clients dial', () => {
    const tier = j.topology.gateways.find((g) => g.component.address.includes('kubernetes_ingress_v1'))!;
    expect(tier.contract).toEqual({
      routes: ['POST /v1/chat/completions', 'GET /v1/models'],
      credential: { kind: 'jwt', issuer: `https://id.ai.example.${tld}/realms/sovereign-ai`, audience: `sovereign-ai-${id}` },
      certificateNames: expect.arrayContaining([host, `api.${id}.${domain}`]),
      source: 'synthesized',
    });
  });

  test.each([
    [
      'without the JWT check (the jwt_authn rule requires nothing)',
      (r: Record<string, any>) => {
        const cm = onlyOf(r, 'kubernetes_config_map_v1').find((c) => c.data?.['envoy.json'])!;
        const envoy = JSON.parse(cm.data['envoy.json']);
        const hcm = envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
        const jwt = hcm.http_filters.find((f: any) => f.name === 'envoy.filters.http.jwt_authn').typed_config;
        jwt.rules = jwt.rules.map((x: any) => ({ match: x.match }));
        cm.data['envoy.json'] = JSON.stringify(envoy);
      },
      `accepts no credential, not the jurisdiction's JWT of https://id.ai.example.${tld}/realms/sovereign-ai (aud sovereign-ai-${id})`,
    ],
    [
      'without a TLS host for the name clients dial',
      (r: Record<string, any>) => {
        for (const ing of onlyOf(r, 'kubernetes_ingress_v1')) for (const t of ing.spec[0].tls) t.hosts = t.hosts.filter((h: string) => h === host);
      },
      `holds no certificate for api.${id}.${domain}, the name clients dial (it serves ${host})`,
    ],
  ])('a sovereign tier %s does not answer cutoff:US', (_, edit, why) => {
    const broken = analyzeEdited(policyText(file), id, edit);
    const o = outcome(broken, id, 'cutoff:US');
    expect(o.inference.ok).toBe(false);
    expect(o.inference.broken).toEqual(expect.arrayContaining([expect.stringContaining(why)]));
    expect(broken.refusals.filter((r) => r.startsWith(`jurisdiction ${id}, scenario cutoff:US:`))).toHaveLength(1);
  });
});

test('in: cutoff:IN takes the domain away with its TLD registry (NIXI, IN), whoever serves the zone', () => {
  const a = analyzeSynth(synthPolicy(policyText(IN_FILE)).outdir);
  const o = outcome(a, 'in', 'cutoff:IN');
  expect(o.inference.ok).toBe(false);
  expect(o.inference.broken[0]).toMatch(/^DNS: the \.in registry .* \(operator nixi, IN\) is cut off: ai\.example\.in is no longer delegated/);
});

test('eu: cutoff:FR (the national operators\' home) leaves the AWS tier answering under .eu (registry EURid, BE)', () => {
  const a = analyzeSynth(synthPolicy(policyText(EU_FILE)).outdir);
  expect(outcome(a, 'eu', 'cutoff:FR').inference.summary).toMatch(/^aws-eu-central-1 /);
});
