/**
 * The shipped cut-off-proof examples: every `survives` demand (cutoff:US, cloud-outage,
 * region-outage) met through the sovereign tier, the report naming operator and country of each hop;
 * without the tier the same demands are refused with the broken link named.
 */
import { analyzeSynth, type SovereigntyAnalysis } from '../../lib/analysis';
import { synthPolicy } from '../analysis/support';
import { EU_FILE, IN_FILE, policyText } from './support';

const outcome = (a: SovereigntyAnalysis, id: string, scenario: string) => a.jurisdictions.find((j) => j.topology.id === id)!.outcomes.find((o) => o.scenario === scenario)!;

/**
 * The policy without its `sovereign` block: the model runs in both AWS regions instead (a chain needs
 * two tiers), and the declared national DNS answers with the first.
 */
function withoutSovereignTier(text: string, regions: readonly string[]): string {
  const start = text.indexOf('    sovereign:');
  const end = text.indexOf('    survives:');
  return (text.slice(0, start) + text.slice(end))
    .replace(/( {6}selfHosted:.*\n)/, `$1        regions: [${regions.join(', ')}]\n`)
    .replace(/answers: \{ (eu|in): sovereign \}/, (_, id) => `answers: { ${id}: aws-${regions[0]} }`);
}

describe.each([
  ['eu', EU_FILE, 'natcloud-fr', 'FR', 'natdns-fr', 'llm.natcloud.example.eu', ['eu-central-1', 'eu-west-3']],
  ['in', IN_FILE, 'natcloud-in', 'IN', 'natdns-in', 'llm.natcloud.example.in', ['ap-south-1', 'ap-south-2']],
])('%s (%s)', (id, file, operator, country, dnsOperator, host, regions) => {
  const awsTier = `aws-${regions[0]}`;
  const a = analyzeSynth(synthPolicy(policyText(file)).outdir);
  const j = a.jurisdictions.find((x) => x.topology.id === id)!;

  test('every survives demand is met', () => {
    expect(j.demands.map((d) => [d.demand, d.ok])).toEqual([['cutoff:US', true], ['cloud-outage', true], ['region-outage', true]]);
    expect(a.refusals).toEqual([]);
  });

  test('cutoff:US: clients → national DNS → sovereign tier, with the operator and country of every hop', () => {
    const o = outcome(a, id, 'cutoff:US');
    expect(o.inference.ok).toBe(true);
    expect(o.inference.summary).toBe(
      `sovereign (Kubernetes ingress vllm (${operator} cluster) in ${operator}-cluster, vLLM chat (1 pod(s) × 1 nvidia.com/gpu) on the ${operator} cluster) via declared DNS provider national-dns (operator ${dnsOperator}, ${country}) → ${host}`,
    );
  });

  test('the tier is last in the chain, after the AWS gateway, and its cluster is a scenario of its own', () => {
    expect(j.topology.chain.map((l) => l.name)).toEqual([awsTier, 'sovereign']);
    expect(outcome(a, id, `cloud:${operator}`).inference.summary).toMatch(new RegExp(`^${awsTier} `));
    expect(outcome(a, id, `region:${operator}-cluster`).inference.ok).toBe(true);
    expect(outcome(a, id, `cutoff:${country}`).inference.ok).toBe(true);
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
});
