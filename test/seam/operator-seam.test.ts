/**
 * The operator seam end to end (issue 15 item 2): a test-only operator, added as one catalog row and
 * one construct adapter (./natk8s.ts), goes through the catalog, policy validation, its construct,
 * the rule pack, the tagging aspect and the cut-off analysis, none of which names it.
 */
import { Aspects, Testing } from 'cdktn';
import { analyzeSynth, operatorTable } from '../../lib/analysis';
import { componentOf } from '../../lib/analysis/topology-resources';
import {
  allowedRegions,
  builtinOperators,
  dnsSuffixOf,
  findRegion,
  findOperator,
  jurisdiction,
  operatorAt,
  operatorOfResourceType,
  registerOperator,
  regionProblem,
  regionsIn,
} from '../../lib/catalog';
import { loadPolicy } from '../../lib/policy';
import { readSynthOutput, resourcesOf } from '../../lib/synth-files';
import { ResourceDefaultTags, residencyTags } from '../../lib/tagging';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addressOf, Fixture } from '../checks/harness';
import { insertAfter, synthPolicy } from '../analysis/support';
import { NATK8S, NatK8sInferenceEndpoint } from './natk8s';

const IN = jurisdiction('in', { preset: 'IN' });
const INDIA = readFileSync(join(__dirname, '..', '..', 'stacks', 'policies', 'india-only.yaml'), 'utf8');

/** India-only plus a natk8s endpoint at the end of in's chain and a DNS provider of natk8s answering with it. */
function indiaWithNatK8s(declare = ''): string {
  let text = insertAfter(INDIA, '    survives: [region-outage, cloud-outage]   # synth refuses a plan that does not', '    failover:\n      external: [{ name: natk8s-in, hostname: ai.natk8s.example.in, operator: natk8s, country: IN, contract: { api: openai-v1, issuer: "https://id.ai.example.in/realms/sovereign-ai", audience: sovereign-ai-in, hostnames: [api.in.ai.example.in] } }]\n');
  text = insertAfter(text, '  provider: route53', '  external: [{ name: natk8s-dns, operator: natk8s, answers: { in: natk8s-in } }]\n');
  return declare ? text.replace('\nrouting:\n', `\noperators:\n  ${declare}\nrouting:\n`) : text;
}

const messages = (text: string) => loadPolicy(text, 'p.yaml').problems.map((p) => `${p.severity}: ${p.path}: ${p.message}`);

describe('before the row is registered, nothing knows natk8s', () => {
  test('no region, no operator; the policy warns that its endpoint has no home country and refuses its DNS provider', () => {
    expect(findRegion('natk8s', 'in-mum-1')).toBeUndefined();
    expect(findOperator('natk8s')).toBeUndefined();
    expect(messages(indiaWithNatK8s()).filter((m) => m.includes('natk8s'))).toEqual([
      expect.stringMatching(/^warning: jurisdictions\[0\]\.failover\.external\[0\]\.operator: operator "natk8s" has no home country/),
      expect.stringMatching(/^error: dns\.external\[0\]\.operator: unknown operator "natk8s"; declare it under `operators` with its home country \(declared: none; built in: aws \(US\), aws-eusc \(DE\), azure \(US\)\)$/),
    ]);
  });
});

describe('with one catalog row and one construct adapter', () => {
  let unregister: () => void;
  beforeAll(() => {
    unregister = registerOperator(NATK8S);
  });
  afterAll(() => unregister());

  test('catalog: its regions join the region catalog and the residency kernel answers for them', () => {
    expect(regionsIn('natk8s', IN).map((r) => r.code)).toEqual(['in-mum-1', 'in-hyd-1']);
    expect(allowedRegions('natk8s', IN)).toBe('NatK8s regions allowed there: in-mum-1, in-hyd-1');
    expect(regionProblem(findRegion('natk8s', 'in-mum-1')!, IN)).toBeUndefined();
    expect(regionProblem(findRegion('natk8s', 'sg-sin-1')!, IN)).toBe(
      'region sg-sin-1 (Singapore, SG) is outside jurisdiction "in" (IN); NatK8s regions allowed there: in-mum-1, in-hyd-1',
    );
    expect(operatorAt('natk8s', 'in-hyd-1')).toEqual({ operator: 'natk8s', region: findRegion('natk8s', 'in-hyd-1') });
    expect(dnsSuffixOf(findRegion('natk8s', 'in-mum-1')!)).toBe('k8s.example.in');
    expect(operatorOfResourceType('natk8s_inference_endpoint')?.name).toBe('natk8s');
    expect(builtinOperators().natk8s).toEqual({ country: 'IN', description: NATK8S.description });
  });

  test('catalog: a second row of the same name, or a region of another cloud, is refused', () => {
    expect(() => registerOperator(NATK8S)).toThrow('operator "natk8s" is already in the catalog');
    expect(() => registerOperator({ ...NATK8S, name: 'other', regions: [findRegion('aws', 'ap-south-1')!] })).toThrow(
      'operator "other": region ap-south-1 belongs to cloud aws, not natk8s',
    );
  });

  test('policy: its home country comes from the row (no warning), and redeclaring it is a located error', () => {
    expect(messages(indiaWithNatK8s()).filter((m) => m.includes('natk8s'))).toEqual([]);
    const problems = loadPolicy(indiaWithNatK8s('natk8s: { country: FR }'), 'p.yaml').problems;
    const errors = problems.filter((p) => p.severity === 'error');
    expect(errors.map((p) => [p.path, p.message])).toEqual([['operators.natk8s', '"natk8s" is built in (home IN); remove it']]);
    expect(errors[0].line).toBeGreaterThan(0);
  });

  test('construct: the adapter refuses a region outside the jurisdiction, or of another cloud, with the kernel message', () => {
    const f = new Fixture(IN);
    expect(() => new NatK8sInferenceEndpoint(f.stack, 'abroad', { jurisdiction: IN, region: findRegion('natk8s', 'sg-sin-1')!, model: 'llama' })).toThrow(
      'test/abroad: region sg-sin-1 (Singapore, SG) is outside jurisdiction "in" (IN); NatK8s regions allowed there: in-mum-1, in-hyd-1',
    );
    expect(() => new NatK8sInferenceEndpoint(f.stack, 'aws', { jurisdiction: IN, region: findRegion('aws', 'ap-south-1')!, model: 'llama' })).toThrow(
      'test/aws: region ap-south-1 is an aws region, not a natk8s region; NatK8s regions allowed there: in-mum-1, in-hyd-1',
    );
  });

  test('checks and tagging: the rule pack places its resources by the row; the tagging aspect tags them', () => {
    const f = new Fixture(IN);
    Aspects.of(f.stack).add(new ResourceDefaultTags(residencyTags('in', 'IN')));
    const inside = new NatK8sInferenceEndpoint(f.stack, 'inside', { jurisdiction: IN, region: findRegion('natk8s', 'in-mum-1')!, model: 'llama' });
    const moved = new NatK8sInferenceEndpoint(f.stack, 'moved', { jurisdiction: IN, region: findRegion('natk8s', 'in-hyd-1')!, model: 'llama' });
    moved.resource.addOverride('zone', 'sg-sin-1'); // placed abroad behind the adapter's back
    const findings = f.findings('Sovereign-ResidencyRegion');
    expect(findings.map((x) => [x.resource, x.message])).toEqual([
      [
        addressOf(moved.resource),
        'the resource (placed by its zone) is in sg-sin-1 (Singapore, SG), outside jurisdiction "in" (IN: IN); NatK8s regions allowed there: in-mum-1, in-hyd-1',
      ],
    ]);
    expect(findings.some((x) => x.resource === addressOf(inside.resource))).toBe(false);
    const json = JSON.parse(Testing.synth(f.stack));
    expect(Object.values<any>(json.resource.natk8s_inference_endpoint).map((r) => r.tags)).toEqual([
      { jurisdiction: 'in', 'data-residency': 'IN', 'managed-by': 'cdktf-sovereign-ai' },
      { jurisdiction: 'in', 'data-residency': 'IN', 'managed-by': 'cdktf-sovereign-ai' },
    ]);
  });

  test('analysis: a synthesized resource of the operator is a component of natk8s in IN, with home IN', () => {
    const f = new Fixture(IN);
    new NatK8sInferenceEndpoint(f.stack, 'inside', { jurisdiction: IN, region: findRegion('natk8s', 'in-mum-1')!, model: 'llama' });
    f.app.synth();
    const [stack] = readSynthOutput(f.app.outdir).stacks;
    const [resource] = resourcesOf(stack, 'natk8s_inference_endpoint');
    expect(componentOf(resource, 'model', 'llama on natk8s')).toEqual(
      expect.objectContaining({ kind: 'model', operator: 'natk8s', region: 'in-mum-1', country: 'IN' }),
    );
    expect(operatorTable().get('natk8s')).toEqual({ name: 'natk8s', home: 'IN', description: NATK8S.description });
  });

  test('analysis: a cut-off of US operators leaves in answered by natk8s, through its DNS; a cut-off of IN reaches natk8s', () => {
    const a = analyzeSynth(synthPolicy(indiaWithNatK8s()).outdir);
    const outcome = (scenario: string) => a.jurisdictions.find((j) => j.topology.id === 'in')!.outcomes.find((o) => o.scenario === scenario)!;
    expect(outcome('cutoff:US').inference).toEqual(expect.objectContaining({ ok: true, summary: expect.stringContaining('natk8s-in (ai.natk8s.example.in, operator natk8s, IN') }));
    // Indian operators cut off: natk8s is lost, the (US-operated) gateways answer instead.
    expect(outcome('cutoff:IN').inference.summary).not.toContain('natk8s');
  });
});
