/**
 * The PowerDNS path, for real: Debian's pdns_server 4.7 serves the zones rendered by lib/dns/powerdns.ts
 * on a loopback port; two stub HTTPS gateways (test CA made by openssl, test/probe/stubs.ts) stand in
 * for the chain's tiers; DNS queries show the service name move to the next tier when the first stops
 * answering its health URL, and back. The plain RFC 1035 files pass `pdnsutil check-zone`.
 *
 * Tier host names are `<name>.localhost`: libcurl (which pdns uses for its URL checks) resolves
 * `*.localhost` to the loopback address itself (RFC 6761 §6.3), so the checks reach the stubs by
 * host name, as they reach real gateways, without a resolver to configure.
 */
import { Resolver } from 'node:dns/promises';
import type { Server } from 'node:https';
import { failoverLua, plainJurisdictionZone, plainParentZone, powerDnsJurisdictionZone, powerDnsParentZone, type JurisdictionZoneFileProps, type ZoneTier } from '../../lib/dns/powerdns';
import { hasOpenssl, makePki, startOpenAiStub, type OpenAiStub, type TestPki } from '../probe/stubs';
import { checkZone, pdnsTest, startPdns, type RunningPdns } from './pdns';

function liveTest(): jest.It {
  if (hasOpenssl()) return pdnsTest();
  if (process.env.SOVEREIGN_PDNS === 'required') throw new Error('SOVEREIGN_PDNS=required but openssl (for the stub gateways\' test CA) is missing');
  console.warn('skipping the live PowerDNS failover test: openssl is missing (it makes the stub gateways\' test CA)');
  return test.skip;
}
const it = liveTest();
const NS = ['ns1.dns.example.de', 'ns2.dns.example.de'];
const ZONE = 'eu.ai.example.de';
const SERVICE = `api.${ZONE}`;

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(() => r(undefined)));
}

/** Waits (up to 20 s: several health-check rounds at 1 s) until `read` returns `want`; returns what it last saw. */
async function until(read: () => Promise<string>, want: string): Promise<string> {
  let seen = '';
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    seen = await read().catch((e: Error) => `error: ${e.message}`);
    if (seen === want) return seen;
  }
  return seen;
}

describe('PowerDNS zone from the failover chain, served by pdns_server', () => {
  let pki: TestPki;
  let pdns: RunningPdns | undefined;
  const stubs: OpenAiStub[] = [];
  let tiers: ZoneTier[];
  let resolver: Resolver;
  const cname = async (name: string) => (await resolver.resolveCname(name)).join(',');

  beforeAll(async () => {
    if (!hasOpenssl() || (pdnsTest() as unknown) === test.skip) return;
    pki = makePki();
    for (const name of ['aws-eu-central-1', 'natcloud-de']) {
      const host = `${name}.localhost`;
      stubs.push(await startOpenAiStub('127.0.0.1', 0, pki.issue([host, SERVICE]), 'token'));
    }
    tiers = stubs.map((s, i) => ({ name: ['aws-eu-central-1', 'natcloud-de'][i], hostname: `${['aws-eu-central-1', 'natcloud-de'][i]}.localhost`, healthCheckPath: '/health', port: (s.server.address() as { port: number }).port }));
    const props: JurisdictionZoneFileProps = { zone: ZONE, serviceName: SERVICE, chain: tiers, nameServers: NS };
    const parent = powerDnsParentZone({ domain: 'ai.example.de', serviceName: 'api.ai.example.de', jurisdictions: [{ id: 'eu', serviceName: SERVICE, countries: ['DE', 'FR'], nameServers: NS }], defaultJurisdiction: 'eu', nameServers: NS });
    pdns = await startPdns({ [ZONE]: powerDnsJurisdictionZone(props), 'ai.example.de': parent });
    resolver = new Resolver({ timeout: 2000, tries: 2 });
    resolver.setServers([`127.0.0.1:${pdns.port}`]);
  }, 60_000);

  afterAll(async () => {
    await pdns?.stop();
    for (const s of stubs) if (s.server.listening) await close(s.server);
  });

  it('answers the first tier while its /health answers, the next when it stops, and the first again when it is back', async () => {
    const [first, second] = tiers.map((t) => `${t.hostname}`);
    expect(await until(() => cname(SERVICE), first)).toBe(first);
    // The model behind the first tier fails: /health answers 503, the check fails (CURLOPT_FAILONERROR).
    stubs[0].behaviour.modelUp = false;
    expect(await until(() => cname(SERVICE), second)).toBe(second);
    stubs[0].behaviour.modelUp = true;
    expect(await until(() => cname(SERVICE), first)).toBe(first);
    // The first tier stops answering at all (connection refused), then comes back on its port.
    const port = tiers[0].port;
    await close(stubs[0].server);
    expect(await until(() => cname(SERVICE), second)).toBe(second);
    await new Promise<void>((r) => stubs[0].server.listen(port, '127.0.0.1', () => r()));
    expect(await until(() => cname(SERVICE), first)).toBe(first);
    // The checks went to the same /health path Route 53 checks.
    expect(stubs[0].seen).toContain('GET /health');
    expect(stubs[1].seen).toContain('GET /health');
  }, 120_000);

  it('answers the first tier when no tier is healthy (as Route 53 answers the PRIMARY)', async () => {
    stubs[0].behaviour.modelUp = false;
    stubs[1].behaviour.modelUp = false;
    try {
      // Once the second tier's check has failed too, the answer falls back to the first tier.
      expect(await until(() => cname(SERVICE), tiers[0].hostname)).toBe(tiers[0].hostname);
      await new Promise((r) => setTimeout(r, 2500)); // every check has run again: both down
      const answers = [];
      for (let i = 0; i < 12; i++) answers.push(await cname(SERVICE)); // not a random pick among the down tiers
      expect(new Set(answers)).toEqual(new Set([tiers[0].hostname]));
    } finally {
      stubs[0].behaviour.modelUp = true;
      stubs[1].behaviour.modelUp = true;
    }
  }, 60_000);

  it('answers the parent service name with the default jurisdiction without a GeoIP backend, and delegates the jurisdiction zone', async () => {
    expect(await cname('api.ai.example.de')).toBe(SERVICE);
    expect((await resolver.resolveNs('ai.example.de')).sort()).toEqual(NS);
  });
});

describe('zone files pass pdnsutil check-zone', () => {
  const chain: ZoneTier[] = [
    { name: 'aws-eu-central-1', hostname: 'eu-central-1.eu.ai.example.de', healthCheckPath: '/health', port: 443 },
    { name: 'azure-germanywestcentral', hostname: 'germanywestcentral.eu.ai.example.de', healthCheckPath: '/health', port: 443 },
    { name: 'natcloud-de', hostname: 'ai.natcloud.example.de', healthCheckPath: '/health', port: 8443 },
  ];
  const props: JurisdictionZoneFileProps = {
    zone: ZONE,
    serviceName: SERVICE,
    chain,
    nameServers: NS,
    targets: { 'aws-eu-central-1': { cname: 'd-abc123.execute-api.eu-central-1.amazonaws.com' }, 'azure-germanywestcentral': { addresses: ['198.51.100.7'] } },
  };
  const parent = { domain: 'ai.example.de', serviceName: 'api.ai.example.de', jurisdictions: [{ id: 'eu', serviceName: SERVICE, countries: ['DE'], nameServers: NS }], defaultJurisdiction: null, nameServers: NS };
  const checked = pdnsTest();

  checked.each([
    ['plain jurisdiction zone', ZONE, () => plainJurisdictionZone(props)],
    ['PowerDNS jurisdiction zone', ZONE, () => powerDnsJurisdictionZone(props)],
    ['plain parent zone', 'ai.example.de', () => plainParentZone(parent)],
    ['PowerDNS parent zone', 'ai.example.de', () => powerDnsParentZone(parent)],
  ])('%s', (_, zone, render) => {
    expect(checkZone(zone, render())).toMatch(/Checked \d+ records of '.*', 0 errors, 0 warnings/);
  });

  checked('pdnsutil refuses a zone with data beside a CNAME (the check can fail)', () => {
    const broken = `${plainJurisdictionZone(props)}api 60 IN A 198.51.100.9\n`;
    expect(() => checkZone(ZONE, broken)).toThrow(/pdnsutil check-zone eu\.ai\.example\.de failed:[\s\S]*CNAME/);
  });

  test('the plain zone answers the first tier, without health checks, and points tier names at their targets', () => {
    const text = plainJurisdictionZone(props);
    expect(text).toContain(`api 60 IN CNAME eu-central-1.eu.ai.example.de.`);
    expect(text).toContain('eu-central-1 60 IN CNAME d-abc123.execute-api.eu-central-1.amazonaws.com.');
    expect(text).toContain('germanywestcentral 60 IN A 198.51.100.7');
    expect(text).not.toMatch(/LUA/);
  });

  test('the health URLs are the ones Route 53 checks, in chain order', () => {
    expect(failoverLua(chain)).toContain("{['192.0.2.1']='https://eu-central-1.eu.ai.example.de/health'},{['192.0.2.2']='https://germanywestcentral.eu.ai.example.de/health'},{['192.0.2.3']='https://ai.natcloud.example.de:8443/health'}");
  });

  test('fails when a tier inside the zone has no target, or a path cannot go into Lua', () => {
    expect(() => powerDnsJurisdictionZone({ ...props, targets: {} })).toThrow('tier "aws-eu-central-1" hostname "eu-central-1.eu.ai.example.de" is inside zone "eu.ai.example.de": give its target');
    expect(() => powerDnsJurisdictionZone({ ...props, chain: [{ ...chain[2], healthCheckPath: "/h'x" }, chain[2]] })).toThrow('cannot go into a LUA record');
    expect(() => plainParentZone({ ...parent, defaultJurisdiction: 'in' })).toThrow('defaultJurisdiction "in" is not one of eu');
  });
});
