/**
 * The US-operator cut-off: not survivable with AWS and Azure alone; survived once a non-US operator
 * runs an endpoint and a DNS path for the jurisdiction; `survives` demands refused with the link
 * that breaks and what would fix it.
 */
import { analyzeSynth, type SovereigntyAnalysis } from '../../lib/analysis';
import { defaultWithDemands, defaultWithNationalCloud, synthPolicy } from './support';

const outcome = (a: SovereigntyAnalysis, id: string, scenario: string) => a.jurisdictions.find((j) => j.topology.id === id)!.outcomes.find((o) => o.scenario === scenario)!;
const analyze = (text: string) => analyzeSynth(synthPolicy(text).outdir);

describe('a French national cloud endpoint and DNS provider for eu', () => {
  const a = analyze(defaultWithNationalCloud({ dns: true, domain: 'ai.example.eu' }));

  test('flips cutoff:US to survived for eu: answered by the national cloud through the declared DNS provider', () => {
    const o = outcome(a, 'eu', 'cutoff:US');
    expect(o.inference).toEqual({
      ok: true,
      summary: 'natcloud (ai.natcloud.example.fr, operator natcloud-fr, FR, runs in FR) via declared DNS provider natdns (operator natcloud-fr, FR) → ai.natcloud.example.fr',
      broken: [],
      hops: [
        { role: 'clients', name: expect.stringMatching(/^clients of eu in 27 countries/) },
        { role: 'dns', name: 'declared DNS provider natdns', operator: 'natcloud-fr' },
        { role: 'endpoint', name: 'endpoint natcloud (ai.natcloud.example.fr, declared)', operator: 'natcloud-fr', country: 'FR' },
      ],
    });
    expect(o.data.ok).toBe(false); // the national cloud brings its own data: nothing here copies it there
  });

  test('leaves us and in as they were: not survived', () => {
    expect(outcome(a, 'us', 'cutoff:US').inference.ok).toBe(false);
    expect(outcome(a, 'in', 'cutoff:US').inference.ok).toBe(false);
  });

  test('survives a Route 53 outage through the declared provider, and a national-cloud outage through the gateways', () => {
    expect(outcome(a, 'eu', 'dns:route53').inference.summary).toMatch(/^natcloud .* via declared DNS provider natdns/);
    expect(outcome(a, 'eu', 'cloud:natcloud-fr').inference.summary).toMatch(/^aws-eu-central-1 /);
    expect(outcome(a, 'eu', 'cutoff:FR').inference.ok).toBe(true);
  });

  test('the chain nests the external endpoint as the third tier', () => {
    const chain = a.jurisdictions.find((j) => j.topology.id === 'eu')!.topology.chain;
    expect(chain.map((l) => [l.name, l.via])).toEqual([
      ['aws-eu-central-1', 'api.eu.ai.example.eu PRIMARY'],
      ['azure-swedencentral', 'tier2.api.eu.ai.example.eu PRIMARY'],
      ['natcloud', 'tier2.api.eu.ai.example.eu SECONDARY'],
    ]);
  });
});

describe('half a fix is no fix', () => {
  test('fails when the national cloud endpoint has no DNS path that survives: DNS is the broken link', () => {
    const o = outcome(analyze(defaultWithNationalCloud({ dns: false, domain: 'ai.example.eu' })), 'eu', 'cutoff:US');
    expect(o.inference.ok).toBe(false);
    expect(o.inference.broken).toEqual(['DNS: route53 (operator aws, US) is cut off: ai.example.eu does not resolve', 'still serving but unreachable: natcloud']);
  });

  test('fails under a .com domain even with the national cloud and DNS provider: the TLD registry is the broken link', () => {
    const o = outcome(analyze(defaultWithNationalCloud({ dns: true })), 'eu', 'cutoff:US');
    expect(o.inference).toEqual({
      ok: false,
      summary: 'the domain does not resolve',
      broken: ['DNS: the .com registry VeriSign Global Registry Services (operator verisign, US) is cut off: ai.example.com is no longer delegated to its name servers; use a domain under a TLD whose registry is outside US'],
    });
  });

  test('fails when the operator has no declared home country: it is counted as cut off', () => {
    const o = outcome(analyze(defaultWithNationalCloud({ dns: false, declareOperator: false, domain: 'ai.example.eu' })), 'eu', 'cutoff:US');
    expect(o.inference.broken[0]).toBe(
      'no gateway left: aws-eu-central-1 (operator aws, US) and azure-swedencentral (operator azure, US) are cut off; natcloud (operator natcloud-fr, home not declared) is counted as cut off (operator natcloud-fr has no declared home country)',
    );
  });
});

describe('survives demands', () => {
  test('a demand that fails is refused with the broken links and what would fix it', () => {
    const a = analyze(defaultWithDemands('[region-outage, cloud-outage]', '[region-outage, cutoff:US]'));
    expect(a.refusals).toEqual([
      'jurisdiction us, scenario cutoff:US: DNS: the .com registry VeriSign Global Registry Services (operator verisign, US) is cut off: ai.example.com is no longer delegated to its name servers; use a domain under a TLD whose registry is outside US; ' +
        'no gateway left: aws-us-east-1 (operator aws, US) and azure-eastus2 (operator azure, US) are cut off; DNS: route53 (operator aws, US) is cut off: ai.example.com does not resolve. ' +
        "To survive it: every endpoint of us's chain is run by an operator this cut-off reaches (aws, azure): with them alone it is not survivable; " +
        "us needs an endpoint run by an operator whose home is outside US (failover.external, with the operator's home country under `operators`), and a DNS provider of an operator whose home is outside US, declared under dns.external with answers: { us: <that endpoint> } and listed at the registrar, " +
        'and a domain under a TLD whose registry is outside US',
    ]);
    const eu = a.jurisdictions.find((j) => j.topology.id === 'eu')!;
    expect(eu.demands.map((d) => [d.demand, d.ok])).toEqual([['region-outage', true], ['cloud-outage', true]]);
  });

  test('a group demand names the scenario of the group that fails', () => {
    const a = analyze(defaultWithDemands('[dns-outage]', '[region:us-west-2]'));
    expect(a.refusals).toEqual([
      'jurisdiction eu, scenario dns:route53 (survives: dns-outage): DNS: route53 (operator aws, US) does not answer: ai.example.com does not resolve; still serving but unreachable: aws-eu-central-1, azure-swedencentral. ' +
        'To survive it: declare a second DNS provider under dns.external that answers eu with an endpoint that does not depend on route53',
    ]);
  });

  test('the national cloud and DNS provider meet a cutoff:US demand', () => {
    const a = analyze(defaultWithNationalCloud({ dns: true, domain: 'ai.example.eu', survives: '[region-outage, cloud-outage, dns-outage, cutoff:US]' }));
    expect(a.refusals).toEqual([]);
    expect(a.jurisdictions.find((j) => j.topology.id === 'eu')!.demands.every((d) => d.ok)).toBe(true);
  });
});
