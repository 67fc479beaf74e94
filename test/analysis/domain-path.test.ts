/**
 * Root → TLD → zone → DNS providers: the registry of the domain's TLD is a link a cut-off can break
 * (.com: Verisign, US), an unknown TLD is not silently passed, and the PowerDNS servers the
 * jurisdiction runs (`dns.powerdns`) carry the DNS link through a US cut-off under a national TLD.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { domainHops, domainLoss, evaluateScenario, inferenceVerdict, parseScenario, REPORT_FILES, writeSovereigntyReport, type Topology } from '../../lib/analysis';
import { ROOT_SERVER_OPERATORS, rootOperatorsOutside, tldRegistryOf } from '../../lib/catalog';
import { loadPolicy } from '../../lib/policy';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { defaultWithNationalCloud, insertAfter, synthPolicy } from './support';

const DNS_ANCHOR = '  serviceName: api       # api.ai.example.com routes by country to api.<id>.ai.example.com, which clients call';
const POWERDNS = '  powerdns: { name: natdns-fr, operator: natcloud-fr, nameServers: [ns1.dns.example.fr, ns2.dns.example.fr] }\n';
const withPowerDns = (text: string) => insertAfter(text, DNS_ANCHOR, POWERDNS);
const errors = (text: string) => loadPolicy(text, 'p.yaml').problems.filter((p) => p.severity === 'error').map((p) => `${p.path}: ${p.message}`);

describe('catalog: who runs the root and the TLDs', () => {
  test.each([
    ['ai.example.com', 'verisign', 'US'],
    ['ai.example.net', 'verisign', 'US'],
    ['ai.example.org', 'pir', 'US'],
    ['ai.example.eu', 'eurid', 'BE'],
    ['ki.example.de', 'denic', 'DE'],
    ['ai.example.fr', 'afnic', 'FR'],
    ['ai.example.in', 'nixi', 'IN'],
  ])('%s: registry %s, home %s (IANA Root Zone Database)', (domain, operator, country) => {
    expect(tldRegistryOf(domain)).toMatchObject({ operator, country, source: `https://www.iana.org/domains/root/db/${domain.split('.').pop()}.html` });
  });

  test('an unknown TLD has no registry (not a default)', () => {
    expect(tldRegistryOf('ai.example.xyz')).toBeUndefined();
    expect(tldRegistryOf('ai.example.constructor')).toBeUndefined();
  });

  test('13 root server identities, 12 operators; RIPE NCC, Netnod and WIDE are outside the US', () => {
    expect(ROOT_SERVER_OPERATORS.flatMap((o) => o.letters).sort()).toEqual('abcdefghijklm'.split(''));
    expect(ROOT_SERVER_OPERATORS).toHaveLength(12);
    expect(rootOperatorsOutside(['US']).map((o) => `${o.name} ${o.country}`)).toEqual(['Netnod SE', 'RIPE NCC NL', 'WIDE Project JP']);
  });
});

describe('policy: dns.powerdns', () => {
  test('is valid with a declared operator, and names a dns:<name> scenario', () => {
    expect(errors(withPowerDns(defaultWithNationalCloud({ dns: false, survives: '[dns:natdns-fr, cutoff:US]' })))).toEqual([]);
  });

  test.each([
    ['an unknown operator', POWERDNS.replace('operator: natcloud-fr', 'operator: natdns'), 'dns.powerdns.operator: unknown operator "natdns"; declare it under `operators` with its home country'],
    ['a built-in provider name', POWERDNS.replace('name: natdns-fr', 'name: route53'), 'dns.powerdns.name: "route53" is a built-in DNS provider name; give another name'],
    ['one name server', POWERDNS.replace('ns1.dns.example.fr, ns2.dns.example.fr', 'ns1.dns.example.fr'), 'dns.powerdns.nameServers'],
  ])('fails with %s, at its path', (_, line, expected) => {
    const found = errors(insertAfter(defaultWithNationalCloud({ dns: false }), DNS_ANCHOR, line));
    expect(found.some((e) => e.startsWith(expected))).toBe(true);
  });

  test('the located error points at the line of the operator', () => {
    const text = insertAfter(DEFAULT_POLICY_YAML, DNS_ANCHOR, POWERDNS);
    const problem = loadPolicy(text, 'p.yaml').problems.find((p) => p.path === 'dns.powerdns.operator')!;
    const line = text.split('\n').findIndex((l) => l.startsWith('  powerdns:')) + 1;
    expect(problem).toMatchObject({ severity: 'error', line });
  });
});

describe('a national cloud endpoint and PowerDNS servers for eu, under .eu', () => {
  const { outdir, policy } = synthPolicy(withPowerDns(defaultWithNationalCloud({ dns: false, domain: 'ai.example.eu', survives: '[cutoff:US, dns-outage]' })));
  const { analysis } = writeSovereigntyReport(outdir, policy);
  const eu = analysis.jurisdictions.find((j) => j.topology.id === 'eu')!;
  const topo = analysis.topology;
  const withDomain = (domain: string): Topology => ({ ...topo, declarations: { ...topo.declarations, domain } });

  test('cutoff:US is survived: PowerDNS (natcloud-fr, FR) answers with the national cloud, the .eu registry (BE) still delegates', () => {
    const o = eu.outcomes.find((x) => x.scenario === 'cutoff:US')!;
    expect(o.inference).toMatchObject({
      ok: true,
      summary: 'natcloud (ai.natcloud.example.fr) via PowerDNS natdns-fr (ns1.dns.example.fr, ns2.dns.example.fr) (operator natcloud-fr, FR) → api.eu.ai.example.eu (first tier whose /health answers) → ai.natcloud.example.fr',
      broken: [],
    });
    expect(eu.demands.map((d) => [d.demand, d.ok])).toEqual([['cutoff:US', true], ['dns-outage', true]]);
  });

  test('the matrix has dns:natdns-fr and cutoff:FR; losing PowerDNS leaves Route 53, losing Route 53 leaves PowerDNS answering the first healthy tier', () => {
    expect(eu.outcomes.map((o) => o.scenario)).toEqual(expect.arrayContaining(['dns:route53', 'dns:natdns-fr', 'cutoff:US', 'cutoff:FR']));
    expect(eu.outcomes.find((o) => o.scenario === 'dns:natdns-fr')!.inference.summary).toMatch(/^aws-eu-central-1 /);
    expect(eu.outcomes.find((o) => o.scenario === 'dns:route53')!.inference.summary).toMatch(/^aws-eu-central-1 .* via PowerDNS natdns-fr/);
  });

  test('under .com the same servers do not help: the .com registry (Verisign, US) is the broken link', () => {
    const v = inferenceVerdict(eu.topology, withDomain('ai.example.com'), parseScenario('cutoff:US'));
    expect(v).toEqual({
      ok: false,
      summary: 'the domain does not resolve',
      broken: ['DNS: the .com registry VeriSign Global Registry Services (operator verisign, US) is cut off: ai.example.com is no longer delegated to its name servers; use a domain under a TLD whose registry is outside US'],
    });
  });

  test('under a TLD the catalog does not know, a cut-off is not passed: the analysis says it cannot tell', () => {
    expect(domainLoss(withDomain('ai.example.xyz'), parseScenario('cutoff:US'))).toBe(
      'DNS: the registry of .xyz is not in the catalog (lib/catalog/dns-registries.ts): the analysis cannot tell whether ai.example.xyz still resolves under cutoff:US',
    );
    expect(inferenceVerdict(eu.topology, withDomain('ai.example.xyz'), parseScenario('cutoff:US')).ok).toBe(false);
    // Outages are not cut-offs: the TLD stays.
    expect(evaluateScenario(withDomain('ai.example.xyz'), eu.topology, 'dns:route53').inference.ok).toBe(true);
  });

  test('a cut-off of the TLD registry\'s own country breaks it (cutoff:BE for .eu)', () => {
    expect(domainLoss(topo, parseScenario('cutoff:BE'))).toMatch(/^DNS: the \.eu registry EURid vzw \(operator eurid, BE\) is cut off/);
    expect(domainLoss(topo, parseScenario('cutoff:EU'))).toMatch(/^DNS: the \.eu registry/);
  });

  test('the report shows root, TLD, zone and both providers with operator and country', () => {
    expect(domainHops(topo).map((h) => [h.role, h.name, h.operator, h.country])).toEqual([
      ['root', 'root zone', '12 root server operators', undefined],
      ['tld', '.eu', 'eurid', 'BE'],
      ['zone', 'ai.example.eu', 'aws + natcloud-fr', undefined],
      ['dns', 'route53', 'aws', 'US'],
      ['dns', 'natdns-fr', 'natcloud-fr', 'FR'],
    ]);
    const md = readFileSync(join(outdir, REPORT_FILES.markdown), 'utf8');
    expect(md).toContain('| tld | .eu | eurid | BE | EURid vzw, https://www.iana.org/domains/root/db/eu.html |');
    expect(md).toContain('| dns | natdns-fr | natcloud-fr | FR | PowerDNS natdns-fr (ns1.dns.example.fr, ns2.dns.example.fr) |');
    expect(JSON.parse(readFileSync(join(outdir, REPORT_FILES.json), 'utf8')).dnsPath).toHaveLength(5);
  });
});
