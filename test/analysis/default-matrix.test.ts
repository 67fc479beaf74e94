/**
 * The scenario matrix of the default policy, computed from a real synth: region and cloud outages
 * survived inside each jurisdiction, a US-operator cut-off and a Route 53 outage not survived, with
 * the links that break named; data and state judged beside inference.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSynth, evaluateScenario, NO_DECLARATIONS, type JurisdictionAnalysis, type SovereigntyAnalysis } from '../../lib/analysis';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { shippedOutdir } from '../support/shipped';
import { insertAfter, synthPolicy } from './support';

const outdir = shippedOutdir('default'); // as npm run synth writes it, once per run (read-only here: the tests that edit files synthesize their own)
const analysis = analyzeSynth(outdir);
const of = (a: SovereigntyAnalysis, id: string): JurisdictionAnalysis => a.jurisdictions.find((j) => j.topology.id === id)!;
const outcome = (a: SovereigntyAnalysis, id: string, scenario: string) => {
  const o = of(a, id).outcomes.find((x) => x.scenario === scenario);
  if (!o) throw new Error(`no outcome ${scenario} for ${id}: ${of(a, id).outcomes.map((x) => x.scenario).join(', ')}`);
  return o;
};

const GATEWAYS = { us: ['aws-us-east-1', 'azure-eastus2'], eu: ['aws-eu-central-1', 'azure-swedencentral'], in: ['aws-ap-south-1', 'azure-southindia'] } as const;

describe('the default policy, read from cdktf.out', () => {
  test('finds the three jurisdictions, their client countries and two-endpoint chains (AWS first)', () => {
    expect(analysis.jurisdictions.map((j) => j.topology.id)).toEqual(['eu', 'in', 'us']);
    expect(of(analysis, 'eu').topology.clientCountries).toHaveLength(27);
    expect(of(analysis, 'in').topology.clientCountries).toEqual(['IN']);
    for (const id of ['us', 'eu', 'in'] as const) expect(of(analysis, id).topology.chain.map((l) => l.name)).toEqual(GATEWAYS[id]);
  });

  test.each([
    ['us', ['region:us-east-1', 'region:eastus2', 'region:us-west-2', 'region:centralus']],
    ['eu', ['region:eu-central-1', 'region:swedencentral', 'region:eu-west-3', 'region:germanywestcentral', 'region:germanynorth']],
    ['in', ['region:ap-south-1', 'region:southindia', 'region:ap-south-2', 'region:centralindia']],
  ])('%s: the matrix lists every region used (GZRS secondaries included), both clouds, Route 53 and cutoff:US', (id, regions) => {
    expect(of(analysis, id).outcomes.map((o) => o.scenario)).toEqual([...regions, 'cloud:aws', 'cloud:azure', 'dns:route53', 'cutoff:US']);
  });

  test.each(['us', 'eu', 'in'])('%s: every region outage and every cloud outage is survived by inference', (id) => {
    const failed = of(analysis, id).outcomes.filter((o) => /^(region|cloud):/.test(o.scenario) && !o.inference.ok);
    expect(failed.map((o) => [o.scenario, o.inference.broken])).toEqual([]);
  });

  test('a primary-region outage follows the real records to the Azure gateway and its model', () => {
    const o = outcome(analysis, 'eu', 'region:eu-central-1');
    expect(o.inference.summary).toMatch(/^azure-swedencentral \(API Management apim-eu-swedenc-[0-9a-f]+ in swedencentral, Azure OpenAI oai-eu-swedenc-[0-9a-f]+: gpt-5\.1 \(DataZoneStandard\)\)/);
    // Clients dial the contract name api.eu.ai.example.com (clients.hostname: jurisdiction), resolved through its delegation.
    expect(o.inference.summary).toMatch(/via api\.eu\.ai\.example\.com SECONDARY → swedencentral\.eu\.ai\.example\.com → apim-eu-swedenc-[0-9a-f]+\.azure-api\.net$/);
    expect(outcome(analysis, 'eu', 'cloud:azure').inference.summary).toMatch(/^aws-eu-central-1 \(API Gateway eu-eu-central-1-inference in eu-central-1, SageMaker endpoint sovai-eu-llm/);
  });

  test.each(['us', 'eu', 'in'] as const)('%s: the US-operator cut-off is not survived, and the missing links are named', (id) => {
    const o = outcome(analysis, id, 'cutoff:US');
    const [aws, azure] = GATEWAYS[id];
    expect(o.inference.ok).toBe(false);
    expect(o.inference.broken).toEqual([
      'DNS: the .com registry VeriSign Global Registry Services (operator verisign, US) is cut off: ai.example.com is no longer delegated to its name servers; use a domain under a TLD whose registry is outside US',
      `no gateway left: ${aws} (operator aws, US) and ${azure} (operator azure, US) are cut off`,
      'DNS: route53 (operator aws, US) is cut off: ai.example.com does not resolve',
    ]);
    expect(o.data.ok).toBe(false);
    expect(o.state.ok).toBe(false);
  });

  test('a Route 53 outage leaves the gateways serving but unreachable', () => {
    expect(outcome(analysis, 'eu', 'dns:route53').inference.broken).toEqual([
      'DNS: route53 (operator aws, US) does not answer: ai.example.com does not resolve',
      'still serving but unreachable: aws-eu-central-1, azure-swedencentral',
    ]);
  });

  test('data: replicas keep stores readable in a region outage; nothing is copied across clouds', () => {
    expect(outcome(analysis, 'eu', 'region:eu-central-1').data).toMatchObject({ ok: true, broken: [] });
    expect(outcome(analysis, 'eu', 'region:eu-central-1').data.summary).toContain('models (aws) in eu-west-3');
    expect(outcome(analysis, 'eu', 'region:germanywestcentral').data.summary).toContain('models (azure) in germanynorth, readable after an account failover to the paired region');
    expect(outcome(analysis, 'eu', 'cloud:aws').data.broken).toEqual([
      expect.stringMatching(/^store models \(aws\): no readable copy: S3 bucket sovai-eu-models-eu-central-1-<account> \(operator aws, US\) and S3 bucket sovai-eu-models-eu-west-3-<account> \(operator aws, US\) are down with aws$/),
    ]);
  });

  test('state: an S3 backend is lost with its region; an azurerm backend with the location the declarations give', () => {
    expect(outcome(analysis, 'eu', 'region:eu-central-1').state.broken).toEqual(['state: S3 state bucket sovereign-ai-eu-tfstate (eu-central-1) (operator aws, US) is down with region eu-central-1']);
    expect(outcome(analysis, 'eu', 'region:eu-west-3').state.ok).toBe(true);
    expect(outcome(analysis, 'in', 'region:centralindia').state.ok).toBe(false);
    expect(outcome(analysis, 'in', 'region:ap-south-1').state.ok).toBe(true);
  });

  test('without sovereignty-declarations.json an azurerm backend has no region: only operator-wide scenarios reach it', () => {
    const bare = analyzeSynth(outdir, NO_DECLARATIONS);
    expect(outcome(bare, 'in', 'cloud:azure').state.ok).toBe(false);
    expect(of(bare, 'in').outcomes.some((o) => o.scenario === 'region:centralindia' && !o.state.ok)).toBe(false);
  });

  test('what crosses a border: the routing state in the US for eu and in, health checkers, and the legal reach of US operators', () => {
    const whats = of(analysis, 'eu').crossings.map((c) => [c.what, c.allowed]);
    expect(whats).toEqual([
      ['routing stack state (S3 state bucket sovereign-ai-routing-tfstate (us-east-1))', true],
      ['Route 53 health checks', true],
      ['legal reach: 7 component(s) run by aws', true],
      ['legal reach: 6 component(s) run by azure', true],
    ]);
    expect(of(analysis, 'us').crossings.map((c) => c.what)).toEqual(['Route 53 health checks']);
  });
});

describe('the analysis follows the chain across the deploy phases', () => {
  test('a gateway of sovereign-eu-inference leads to its model there, the model to its artifact bucket in sovereign-eu, the records to the zone sovereign-dns creates', () => {
    const eu = of(analysis, 'eu').topology;
    expect(eu.stack).toBe('sovereign-eu');
    const aws = eu.gateways.find((g) => g.component.address.includes('aws_api_gateway_rest_api'))!;
    expect(aws.component.address).toMatch(/^sovereign-eu-inference\/aws_api_gateway_rest_api\./);
    expect(aws.model!.component.address).toMatch(/^sovereign-eu-inference\/aws_sagemaker_endpoint\./);
    expect(aws.model!.artifacts).toMatchObject({ address: expect.stringMatching(/^sovereign-eu\/aws_s3_bucket\.store-models-aws_primary_bucket_/), region: 'eu-central-1', country: 'DE' });
    expect(eu.zone!.component.address).toMatch(/^sovereign-dns\/aws_route53_zone\.zones_jurisdiction-eu_zone_/);
    expect(eu.zone!.records.filter((r) => r.failover).map((r) => r.failover).sort()).toEqual(['PRIMARY', 'SECONDARY']);
    expect(eu.stores.map((st) => st.name)).toContain('models');
    expect(analysis.topology.routing?.parentZone?.component.address).toMatch(/^sovereign-dns\/aws_route53_zone\.zones_parent_zone_/);
  });
});

describe('the analysis follows the synthesized records, not the policy', () => {
  test('fails when the SECONDARY failover record is removed from cdk.tf.json (of the inference stack)', () => {
    const { outdir: dir } = synthPolicy(DEFAULT_POLICY_YAML);
    const file = join(dir, 'stacks', 'sovereign-eu-inference', 'cdk.tf.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    const records = json.resource.aws_route53_record;
    const secondary = Object.keys(records).find((k) => records[k].failover_routing_policy?.type === 'SECONDARY')!;
    delete records[secondary];
    writeFileSync(file, JSON.stringify(json));
    const edited = analyzeSynth(dir);
    const o = outcome(edited, 'eu', 'region:eu-central-1');
    expect(o.inference.ok).toBe(false);
    expect(o.inference.broken).toEqual(['no gateway left: aws-eu-central-1 (operator aws, US) is down with region eu-central-1']);
    expect(outcome(edited, 'us', 'region:us-east-1').inference.ok).toBe(true);
  });

  test('a drill that inverts the secondary health check makes a primary-region outage unanswerable (Route 53 answers the PRIMARY)', () => {
    const drilled = insertAfter(DEFAULT_POLICY_YAML, '      aws: { bucket: sovereign-ai-eu-tfstate, region: eu-central-1 }', '    failover:\n      drill: { fail: [secondary] }\n');
    const a = analyzeSynth(synthPolicy(drilled).outdir);
    expect(outcome(a, 'eu', 'region:germanywestcentral').inference.ok).toBe(true);
    const o = outcome(a, 'eu', 'region:eu-central-1');
    expect(o.inference.ok).toBe(false);
    expect(o.inference.broken).toEqual([
      'aws-eu-central-1 (operator aws, US) is down with region eu-central-1',
      'azure-swedencentral: its health check is inverted by a drill (failover.drill), so Route 53 sees it failed',
    ]);
  });

  test('a second stack of the same jurisdiction (guardrails) is listed, not analyzed as the jurisdiction', () => {
    const { outdir: dir } = synthPolicy(DEFAULT_POLICY_YAML);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest.stacks['sovereign-eu-guardrails'] = { name: 'sovereign-eu-guardrails', synthesizedStackPath: 'stacks/sovereign-eu/guardrails.tf.json' };
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
    const guardrails = { terraform: { backend: { s3: { bucket: 'b', region: 'eu-central-1' } } }, provider: { aws: [{ region: 'eu-central-1', default_tags: [{ tags: { jurisdiction: 'eu', 'data-residency': 'EU' } }] }] } };
    writeFileSync(join(dir, 'stacks', 'sovereign-eu', 'guardrails.tf.json'), JSON.stringify(guardrails));
    const a = analyzeSynth(dir);
    expect(a.jurisdictions.map((j) => j.topology.stack)).toEqual(['sovereign-eu', 'sovereign-in', 'sovereign-us']);
    expect(a.topology.otherStacks).toEqual(['sovereign-eu-guardrails']);
    expect(a.topology.analyzedStacks).toEqual([
      'sovereign-dns', 'sovereign-eu', 'sovereign-eu-inference', 'sovereign-in', 'sovereign-in-inference', 'sovereign-routing', 'sovereign-us', 'sovereign-us-inference',
    ]);
    expect(a.topology.routing?.stack).toBe('sovereign-routing');
  });

  test('evaluateScenario answers a scenario the matrix does not list', () => {
    const j = of(analysis, 'eu').topology;
    expect(evaluateScenario(analysis.topology, j, 'region:eu-north-1').inference.ok).toBe(true);
    expect(evaluateScenario(analysis.topology, j, 'cutoff:EU').inference.ok).toBe(true);
    expect(() => evaluateScenario(analysis.topology, j, 'meteor')).toThrow('"meteor" is not a scenario');
  });
});
