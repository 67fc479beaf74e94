/** DNS failover composed from a policy: jurisdiction zones, the routing stack, drills and the border rule. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EU_MEMBER_STATES, isRoute53CountryCode } from '../../lib/catalog';
import { formatProblem, loadPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { DNS_STACK_NAME } from '../../stacks/dns-stack';
import { ROUTING_STACK_NAME } from '../../stacks/routing-stack';
import { resourcesOf, type SynthJson } from '../support/synth';

const policyText = (extra = { eu: '', dns: 'provider: route53' }) => `version: 1
name: dns-test
domain: ai.example.org
routing: { default: none }
dns:
  ${extra.dns}
  state: { aws: { bucket: dns-test-routing-tfstate, region: eu-central-1 } }
jurisdictions:
  - id: eu
    preset: EU
    aws: { primary: eu-central-1, secondary: eu-west-3 }
    azure: { primary: germanywestcentral, secondary: swedencentral }
    state: { aws: { bucket: dns-test-eu-tfstate, region: eu-central-1 } }
    failover:
      endpoints:
        - { name: aws-fra, hostname: eu-central-1.eu.ai.example.org, operator: aws, country: DE, contract: { api: openai-v1, issuer: "https://id.example.org", audience: ai, hostnames: [eu-central-1.eu.ai.example.org, api.eu.ai.example.org, api.ai.example.org] } }
        - { name: azure-gwc, hostname: germanywestcentral.eu.ai.example.org, operator: azure, country: DE }
      external:
        - { name: natcloud, hostname: ai.natcloud.example.fr, operator: natcloud-fr, country: FR }
${extra.eu}
  - id: in
    preset: IN
    aws: { primary: ap-south-1, secondary: ap-south-2 }
    state: { aws: { bucket: dns-test-in-tfstate, region: ap-south-1 } }
    failover:
      endpoints:
        - { name: aws-bom, hostname: ap-south-1.in.ai.example.org, operator: aws, country: IN }
        - { name: aws-hyd, hostname: ap-south-2.in.ai.example.org, operator: aws, country: IN }
`;

function synth(text: string): Record<string, SynthJson> {
  const { policy, problems } = loadPolicy(text, 'dns.yaml');
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const outdir = mkdtempSync(join(tmpdir(), 'dns-'));
  const built = buildApp(policy!, { outdir });
  built.app.synth();
  const names = Object.keys(JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')).stacks);
  return Object.fromEntries(names.map((n) => [n, JSON.parse(readFileSync(join(outdir, 'stacks', n, 'cdk.tf.json'), 'utf8'))]));
}

describe('route53', () => {
  const out = synth(policyText());
  const eu = out['sovereign-eu-inference'];
  const routing = out[ROUTING_STACK_NAME];
  const dns = out[DNS_STACK_NAME];

  test('the DNS stack owns the parent zone and each jurisdiction zone (in the jurisdiction\'s account), delegates them, and prints the registrar step', () => {
    const zones = resourcesOf(dns, 'aws_route53_zone').map(([, z]) => [z.name, z.provider, z.lifecycle]);
    expect(zones.sort()).toEqual([
      ['ai.example.org', 'aws', { prevent_destroy: true }], // the DNS account's provider
      ['eu.ai.example.org', 'aws.eu', { prevent_destroy: true }],
      ['in.ai.example.org', 'aws.in', { prevent_destroy: true }],
    ]);
    const accounts = Object.fromEntries(dns.provider!.aws.map((p) => [p.alias ?? '(dns)', p.region]));
    expect(accounts).toEqual({ '(dns)': 'us-east-1', eu: 'eu-central-1', in: 'ap-south-1' });
    const ns = resourcesOf(dns, 'aws_route53_record').map(([, r]) => r).filter((r) => r.type === 'NS');
    expect(ns.map((r) => [r.name, r.records]).sort()).toEqual([
      ['eu.ai.example.org', expect.stringMatching(/^\$\{aws_route53_zone\.zones_jurisdiction-eu_zone_[0-9A-F]+\.name_servers\}$/)],
      ['in.ai.example.org', expect.stringMatching(/^\$\{aws_route53_zone\.zones_jurisdiction-in_zone_[0-9A-F]+\.name_servers\}$/)],
    ]);
    expect((dns as any).output.parent_name_servers).toMatchObject({ value: expect.stringMatching(/^\$\{aws_route53_zone\.zones_parent_zone_[0-9A-F]+\.name_servers\}$/), description: expect.stringMatching(/registrar/) });
    for (const id of ['eu', 'in']) {
      expect(resourcesOf(out[`sovereign-${id}`], 'aws_route53_zone')).toEqual([]);
      expect(resourcesOf(out[`sovereign-${id}-inference`], 'aws_route53_zone')).toEqual([]);
    }
    // The DNS stack's state: the routing backend, its own key.
    expect(dns.terraform!.backend.s3).toMatchObject({ bucket: 'dns-test-routing-tfstate', key: 'sovereign-routing/dns.tfstate' });
  });

  test('every PRIMARY failover record has a health check, and the chain nests to the external tertiary', () => {
    const records = resourcesOf(eu, 'aws_route53_record').map(([, r]) => r).filter((r) => r.failover_routing_policy);
    const primaries = records.filter((r) => r.failover_routing_policy.type === 'PRIMARY');
    expect(primaries.map((r) => r.name).sort()).toEqual(['api.eu.ai.example.org', 'tier2.api.eu.ai.example.org']);
    for (const r of primaries) expect(r.health_check_id).toMatch(/^\$\{aws_route53_health_check\./);
    const leafTargets = records.filter((r) => r.records).map((r) => r.records[0]).sort();
    expect(leafTargets).toEqual(['ai.natcloud.example.fr', 'eu-central-1.eu.ai.example.org', 'germanywestcentral.eu.ai.example.org']);
    const checks = resourcesOf(eu, 'aws_route53_health_check').map(([, c]) => c);
    expect(checks.map((c) => [c.fqdn, c.type, c.resource_path, c.port, c.invert_healthcheck])).toEqual([
      ['eu-central-1.eu.ai.example.org', 'HTTPS', '/health', 443, false],
      ['germanywestcentral.eu.ai.example.org', 'HTTPS', '/health', 443, false],
      ['ai.natcloud.example.fr', 'HTTPS', '/health', 443, false],
    ]);
  });

  test('the routing stack maps the 27 EU member states, IN, and a * default that answers nothing; each jurisdiction\'s countries only to tiers declared to serve api.<domain>', () => {
    const geo = resourcesOf(routing, 'aws_route53_record').map(([, r]) => r).filter((r) => r.geolocation_routing_policy);
    const countries = geo.map((r) => r.geolocation_routing_policy.country).sort();
    expect(countries).toEqual([...EU_MEMBER_STATES, 'IN', '*'].sort());
    expect(geo.every((r) => r.set_identifier && !r.geolocation_routing_policy.continent)).toBe(true);
    // eu: only aws-fra declares api.ai.example.org (contract.hostnames): a one-tier country route; in: none declares it, no answer.
    expect(geo.find((r) => r.geolocation_routing_policy.country === 'DE').records).toEqual(['api-country.eu.ai.example.org']);
    expect(geo.find((r) => r.geolocation_routing_policy.country === 'IN').records).toEqual(['unrouted.ai.example.org']);
    expect(resourcesOf(eu, 'aws_route53_record').map(([, r]) => r).find((r) => r.name === 'api-country.eu.ai.example.org')).toMatchObject({ type: 'CNAME', records: ['eu-central-1.eu.ai.example.org'] });
    expect(geo.find((r) => r.geolocation_routing_policy.country === '*').records).toEqual(['unrouted.ai.example.org']);
  });

  test('the routing stack adds only country records, into the parent zone looked up by name (public DNS data, no remote state)', () => {
    expect(resourcesOf(routing, 'aws_route53_record').map(([, r]) => r).filter((r) => r.type === 'NS')).toEqual([]);
    expect(Object.values(routing.data!.aws_route53_zone).map((z: any) => [z.name, z.private_zone])).toEqual([['ai.example.org', false]]);
    expect(JSON.stringify(routing)).not.toContain('terraform_remote_state');
    expect(Object.keys(routing.resource!).sort()).toEqual(['aws_route53_record']);
  });

  test('failover.nameServers replaces the Route 53 zone\'s own in the delegation (a zone also served by the jurisdiction\'s name servers)', () => {
    const own = synth(policyText({ eu: '      nameServers: [ns1.dns.example.eu, ns2.dns.example.eu]', dns: 'provider: route53' }))[DNS_STACK_NAME];
    const ns = resourcesOf(own, 'aws_route53_record').map(([, r]) => r).filter((r) => r.type === 'NS');
    expect(ns.map((r) => [r.name, r.records])).toEqual([
      ['eu.ai.example.org', ['ns1.dns.example.eu', 'ns2.dns.example.eu']],
      ['in.ai.example.org', expect.stringMatching(/name_servers/)],
    ]);
  });

  test('failover.nameServers is warned about, at its place: those servers must serve the records the stacks write (ACM validation, failover)', () => {
    const { problems } = loadPolicy(policyText({ eu: '      nameServers: [ns1.dns.example.eu, ns2.dns.example.eu]', dns: 'provider: route53' }), 'dns.yaml');
    const about = (ps: typeof problems) => ps.filter((p) => p.severity === 'warning' && String(p.path).endsWith('failover.nameServers')).map(formatProblem);
    expect(about(problems)).toEqual([
      expect.stringMatching(/^dns\.yaml:\d+:\d+: warning: jurisdictions\[0\]\.failover\.nameServers: the parent zone will delegate "eu" to these name servers .*including the ACM validation records the base stack sovereign-eu writes, or its certificate validation never completes$/),
    ]);
    expect(about(loadPolicy(policyText(), 'dns.yaml').problems)).toEqual([]);
  });

  test('the drill inverts exactly the chosen health checks', () => {
    const drilled = synth(policyText({ eu: '      drill: { fail: [primary] }', dns: 'provider: route53' }))['sovereign-eu-inference'];
    const checks = resourcesOf(drilled, 'aws_route53_health_check').map(([, c]) => [c.fqdn, c.invert_healthcheck]);
    expect(checks).toEqual([
      ['eu-central-1.eu.ai.example.org', true],
      ['germanywestcentral.eu.ai.example.org', false],
      ['ai.natcloud.example.fr', false],
    ]);
  });
});

describe('azure (Traffic Manager)', () => {
  const out = synth(policyText({ eu: '', dns: 'provider: azure\n  azure: { location: westeurope }' }));

  test('a Geographic parent with nested Priority profiles per jurisdiction, GB-style codes, no Route 53 zones', () => {
    const routing = out[ROUTING_STACK_NAME];
    const profiles = resourcesOf(routing, 'azurerm_traffic_manager_profile').map(([, p]) => [p.name, p.traffic_routing_method]);
    expect(profiles.sort()).toEqual([['dnstest-api', 'Geographic'], ['dnstest-api-eu', 'Priority'], ['dnstest-api-in', 'Priority']]);
    const nested = resourcesOf(routing, 'azurerm_traffic_manager_nested_endpoint').map(([, e]) => e.geo_mappings).flat().sort();
    expect(nested).toEqual([...EU_MEMBER_STATES, 'IN'].sort()); // default none: no WORLD mapping
    expect(resourcesOf(out['sovereign-eu'], 'aws_route53_zone')).toEqual([]);
    expect(Object.keys(out).sort()).toEqual(['sovereign-eu', 'sovereign-in', 'sovereign-routing']); // no Route 53: no DNS stack, nothing to serve here
    const eu = resourcesOf(routing, 'azurerm_traffic_manager_external_endpoint').map(([, e]) => e).filter((e) => e.profile_id.includes('-eu_'));
    expect(eu.map((e) => [e.target, e.priority])).toEqual([
      ['eu-central-1.eu.ai.example.org', 1],
      ['germanywestcentral.eu.ai.example.org', 2],
      ['ai.natcloud.example.fr', 3],
    ]);
  });
});

describe('failover never crosses a border unless the policy says so', () => {
  const foreign = policyText().replace('country: FR }', 'country: FR }\n        - { name: ovh-uk, hostname: ai.ovh.example.co.uk, operator: ovh, country: GB }');

  test('fails with the chain and the foreign target named', () => {
    const errs = loadPolicy(foreign, 'dns.yaml').problems.filter((p) => p.severity === 'error');
    expect(errs.map((e) => [e.path, e.message])).toEqual([
      [
        'jurisdictions[0].failover.external[1].country',
        'failover chain eu: [aws-fra → azure-gwc → natcloud → ovh-uk] leaves the jurisdiction: "ovh-uk" (ai.ovh.example.co.uk, operated by ovh) runs in GB (United Kingdom), outside jurisdiction "eu" (EU: European Union (27 member states)); set failover.allowCrossBorder: true only if the policy accepts that',
      ],
    ]);
  });

  test('passes with failover.allowCrossBorder', () => {
    const allowed = foreign.replace('      external:\n', '      allowCrossBorder: true\n      external:\n');
    const eu = synth(allowed)['sovereign-eu-inference'];
    expect(resourcesOf(eu, 'aws_route53_health_check').map(([, c]) => c.fqdn)).toContain('ai.ovh.example.co.uk');
  });

  test('fails when failover is given without a dns section', () => {
    const noDns = policyText().replace(/dns:\n.*\n.*\n/, '');
    expect(loadPolicy(noDns, 'dns.yaml').problems.filter((p) => p.severity === 'error').map((e) => e.path)).toEqual(['jurisdictions[0].failover', 'jurisdictions[1].failover']);
  });
});

describe('the default policy', () => {
  const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
  const outdir = mkdtempSync(join(tmpdir(), 'dns-default-'));
  const built = buildApp(policy!, { outdir });
  built.app.synth();
  const routing: SynthJson = JSON.parse(readFileSync(join(outdir, 'stacks', ROUTING_STACK_NAME, 'cdk.tf.json'), 'utf8'));
  const dns: SynthJson = JSON.parse(readFileSync(join(outdir, 'stacks', DNS_STACK_NAME, 'cdk.tf.json'), 'utf8'));

  test('the parent zone routes the 27 EU member states, IN, US and * with valid Route 53 codes and set identifiers', () => {
    expect(resourcesOf(dns, 'aws_route53_zone').map(([, z]) => z.name).sort()).toEqual(['ai.example.com', 'eu.ai.example.com', 'in.ai.example.com', 'us.ai.example.com']);
    expect(Object.values(routing.data!.aws_route53_zone).map((z: any) => z.name)).toEqual(['ai.example.com']);
    const geo = resourcesOf(routing, 'aws_route53_record').map(([, r]) => r).filter((r) => r.geolocation_routing_policy);
    const codes = geo.map((r) => r.geolocation_routing_policy.country);
    expect([...codes].sort()).toEqual([...EU_MEMBER_STATES, 'IN', 'US', '*'].sort());
    for (const code of codes) expect(code === '*' || isRoute53CountryCode(code)).toBe(true);
    expect(new Set(geo.map((r) => r.set_identifier)).size).toBe(geo.length);
    expect(geo.some((r) => r.geolocation_routing_policy.continent)).toBe(false);
  });

  test.each(['us', 'eu', 'in'])('jurisdiction %s: a delegated subzone whose PRIMARY records all carry a health check', (id) => {
    const json: SynthJson = JSON.parse(readFileSync(join(outdir, 'stacks', `sovereign-${id}-inference`, 'cdk.tf.json'), 'utf8'));
    expect(Object.values(json.data!.aws_route53_zone).map((z: any) => z.name)).toEqual([`${id}.ai.example.com`]);
    const failover = resourcesOf(json, 'aws_route53_record').map(([, r]) => r).filter((r) => r.failover_routing_policy);
    expect(failover.map((r) => r.failover_routing_policy.type).sort()).toEqual(['PRIMARY', 'SECONDARY']);
    for (const r of failover) expect(r.health_check_id).toMatch(/^\$\{aws_route53_health_check\./);
    const ns = resourcesOf(dns, 'aws_route53_record').map(([, r]) => r).filter((r) => r.type === 'NS' && r.name === `${id}.ai.example.com`);
    expect(ns).toHaveLength(1);
  });
});
