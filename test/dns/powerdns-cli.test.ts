/**
 * `powerdns-zones`: the zone files of a policy's `dns.powerdns` servers, rendered from the same
 * failover chains Route 53 serves, each checked by the real `pdnsutil check-zone`; and the DNS
 * stack's output telling the operator to list both providers at the registrar.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktn';
import { main } from '../../stacks/cli';
import { loadPolicy, policyFailoverChain } from '../../lib/policy';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { DnsStack } from '../../stacks/dns-stack';
import { insertAfter } from '../analysis/support';
import { synthJson } from '../support/synth';
import { checkZone, pdnsTest } from './pdns';

const DNS_ANCHOR = '  serviceName: api       # api.ai.example.com routes by country to api.<id>.ai.example.com, which clients call';
const POLICY = insertAfter(DEFAULT_POLICY_YAML, DNS_ANCHOR, '  powerdns: { operator: aws-eusc, nameServers: [ns1.dns.example.de, ns2.dns.example.de] }\n');
const TARGETS = [
  'us:aws-us-east-1=d-us1.execute-api.us-east-1.amazonaws.com',
  'us:azure-eastus2=apim-us.azure-api.net',
  'eu:aws-eu-central-1=d-eu1.execute-api.eu-central-1.amazonaws.com',
  'eu:azure-swedencentral=203.0.113.10,203.0.113.11',
  'in:aws-ap-south-1=d-in1.execute-api.ap-south-1.amazonaws.com',
  'in:azure-southindia=apim-in.azure-api.net',
].flatMap((t) => ['--target', t]);

function run(args: string[], dir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const status = main(['powerdns-zones', 'p.yaml', ...args], { out: (l) => out.push(l), err: (l) => err.push(l), cwd: dir, env: {} });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('cdktf-sovereign-ai powerdns-zones', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pdns-cli-'));
    writeFileSync(join(dir, 'p.yaml'), POLICY);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('writes a PowerDNS and a plain zone per jurisdiction and for the parent, and named.conf', () => {
    expect(run(['--out', 'zones', ...TARGETS], dir)).toMatchObject({ status: 0, stderr: '' });
    expect(readdirSync(join(dir, 'zones')).sort()).toEqual([
      'ai.example.com.powerdns.zone', 'ai.example.com.rfc1035.zone',
      'eu.ai.example.com.powerdns.zone', 'eu.ai.example.com.rfc1035.zone',
      'in.ai.example.com.powerdns.zone', 'in.ai.example.com.rfc1035.zone',
      'named.conf',
      'us.ai.example.com.powerdns.zone', 'us.ai.example.com.rfc1035.zone',
    ]);
    const eu = readFileSync(join(dir, 'zones', 'eu.ai.example.com.powerdns.zone'), 'utf8');
    // The chain Route 53 serves (policyFailoverChain), in its order, checked at the same URLs.
    const chain = policyFailoverChain(loadPolicy(POLICY, 'p.yaml').policy!.jurisdictions.find((j) => j.jurisdiction.id === 'eu')!, 'ai.example.com');
    const urls = [...eu.matchAll(/='(https:[^']+)'/g)].map((m) => m[1]);
    expect(urls).toEqual(chain.map((e) => `https://${e.hostname}/health`));
    expect(eu).toContain('eu-central-1 60 IN CNAME d-eu1.execute-api.eu-central-1.amazonaws.com.');
    expect(eu).toContain('swedencentral 60 IN A 203.0.113.11');
    expect(readFileSync(join(dir, 'zones', 'named.conf'), 'utf8')).toContain('zone "eu.ai.example.com" { type master; file "eu.ai.example.com.powerdns.zone"; };');
  });

  test('the country-routed name goes only to tiers that hold it, as Route 53 sends it (lib/policy countryChainOf)', () => {
    expect(run(['--out', 'zones', ...TARGETS], dir)).toMatchObject({ status: 0, stderr: '' });
    const eu = readFileSync(join(dir, 'zones', 'eu.ai.example.com.powerdns.zone'), 'utf8');
    // API Management (Standard v2) refuses Host api.ai.example.com: only the AWS tier serves it, a plain CNAME as in Route 53.
    expect(eu).toContain('api-country 60 IN CNAME eu-central-1.eu.ai.example.com.');
    expect(eu.split('\n').filter((l) => l.startsWith('api-country'))).toHaveLength(1);
    const parent = readFileSync(join(dir, 'zones', 'ai.example.com.powerdns.zone'), 'utf8');
    expect(parent).toContain("then return 'api-country.eu.ai.example.com.' end");
    expect(parent).not.toMatch(/return 'api\.eu\.ai\.example\.com\.'/);
  });

  pdnsTest()('every written zone passes pdnsutil check-zone', () => {
    expect(run(['--out', 'zones', ...TARGETS], dir).status).toBe(0);
    for (const f of readdirSync(join(dir, 'zones')).filter((n) => n.endsWith('.zone'))) {
      expect(checkZone(f.replace(/\.(powerdns|rfc1035)\.zone$/, ''), readFileSync(join(dir, 'zones', f), 'utf8'))).toMatch(/, 0 errors, 0 warnings/);
    }
  });

  test('fails when a tier host name inside a zone has no target, names the --target to give, and writes nothing', () => {
    const r = run(['--out', 'zones', ...TARGETS.slice(2)], dir);
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')).toEqual([
      'error: jurisdiction us: tier "aws-us-east-1" hostname "us-east-1.us.ai.example.com" is inside zone "us.ai.example.com": give its target: --target us:aws-us-east-1=<target> (the gateway\'s target name or addresses, known after deploy)',
      'nothing was written',
    ]);
    expect(existsSync(join(dir, 'zones'))).toBe(false);
  });

  test.each([
    [['--out', 'zones', '--target', 'eu=x'], 2, 'error: --target "eu=x" is not <jurisdiction id>:<tier name>=<target name or IPv4[,IPv4...]>'],
    [['--target', 'eu:aws-eu-central-1=x.example.com'], 2, 'error: powerdns-zones needs --out <dir>'],
    [['--out', 'zones', ...TARGETS, '--target', 'xx:aws-eu-central-1=x.example.com'], 1, 'error: --target xx:...: "xx" is not a jurisdiction id; allowed: us, eu, in'],
  ])('fails on %j with exit %d', (args, status, line) => {
    const r = run(args as string[], dir);
    expect(r.status).toBe(status);
    expect(r.stderr.split('\n')[0]).toBe(line);
  });

  test('fails on a policy without dns.powerdns', () => {
    writeFileSync(join(dir, 'p.yaml'), DEFAULT_POLICY_YAML);
    expect(run(['--out', 'zones'], dir)).toMatchObject({ status: 1, stderr: 'error: the policy has no dns.powerdns section: nothing to render\nnothing was written' });
  });
});

describe('the DNS stack with dns.powerdns', () => {
  test('outputs every name server the registrar must list: Route 53\'s and the PowerDNS servers', () => {
    const policy = loadPolicy(POLICY, 'p.yaml').policy!;
    const json = synthJson(new DnsStack(Testing.app(), policy)) as { output?: Record<string, { value: string; description: string }> };
    expect(json.output?.registrar_name_servers.value).toMatch(/^\$\{concat\(aws_route53_zone\.[\w-]+\.name_servers, \["ns1\.dns\.example\.de", "ns2\.dns\.example\.de"\]\)\}$/);
    expect(json.output?.registrar_name_servers.description).toMatch(/^Multi-provider DNS: set all of these for ai\.example\.com at its registrar/);
  });

  test('has no such output without it', () => {
    const json = synthJson(new DnsStack(Testing.app(), loadPolicy(DEFAULT_POLICY_YAML, 'p.yaml').policy!)) as { output?: Record<string, unknown> };
    expect(Object.keys(json.output ?? {})).not.toContain('registrar_name_servers');
  });
});
