/**
 * `cdktf-sovereign-ai probe`, end to end on loopback: the real CLI (bin/), real TLS with a test CA
 * made by openssl, OpenAI-compatible stub gateways at 127.0.0.2 and 127.0.0.3 (the two tiers of
 * india-only.yaml's chain) and an authoritative DNS stub whose answer the test moves, as Route 53
 * failover would. Skipped, with the reason printed, where openssl is absent.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasOpenssl, makePki, portOf, startDnsStub, startOpenAiStub, type DnsTable, type OpenAiStub, type TestPki } from './stubs';
import type { Socket } from 'node:dgram';

const ROOT = join(__dirname, '..', '..');
const POLICY = join(ROOT, 'stacks', 'policies', 'india-only.yaml');
const TOKEN = 'probe-test-token-9f1c2a';
const TIER1 = { name: 'aws-ap-south-1', host: 'ap-south-1.in.ai.example.in', address: '127.0.0.2' };
const TIER2 = { name: 'azure-southindia', host: 'southindia.in.ai.example.in', address: '127.0.0.3' };
const FAILOVER_NAME = 'api.in.ai.example.in';
const ROUTED_NAME = 'api.ai.example.in';
/** The country-routed name's records (Route 53 JurisdictionZone): only aws-ap-south-1 serves it (API Management Standard v2 binds one host name), a plain CNAME. */
const COUNTRY_SET = 'api-country.in.ai.example.in';
const ALL_NAMES = [FAILOVER_NAME, ROUTED_NAME];
/** The names DNS can send a client to each tier with. */
const NAMES_AT = { [TIER1.name]: [TIER1.host, ...ALL_NAMES], [TIER2.name]: [TIER2.host, FAILOVER_NAME] };

const openssl = hasOpenssl();
if (!openssl) console.warn('probe end-to-end tests skipped: openssl is not on the PATH (it makes the test CA)');
const describeIf = openssl ? describe : describe.skip;

describeIf('probe against loopback stubs', () => {
  let pki: TestPki;
  let tier1: OpenAiStub;
  let tier2: OpenAiStub;
  let dns: Socket;
  let port: number;
  let work: string;
  const table: DnsTable = { a: new Map(), cname: new Map() };

  const probe = async (args: string[], env: Record<string, string> = { PROBE_TOKEN: TOKEN }) => {
    const cmd = [join(ROOT, 'bin', 'cdktf-sovereign-ai.js'), 'probe', ...args];
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, cmd, { cwd: work, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 });
      return { status: 0, stdout, stderr };
    } catch (e: any) {
      return { status: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string };
    }
  };
  const standard = () => [POLICY, '--dns-server', `127.0.0.1:${portOf(dns)}`, '--port', String(port), '--ca', pki.caFile, '--credential', 'env:PROBE_TOKEN'];
  const row = (out: string, name: string, tier: string) => out.split('\n').find((l) => l.split(/\s{2,}/)[1] === name && l.split(/\s{2,}/)[2] === tier);

  beforeAll(async () => {
    pki = makePki();
    work = mkdtempSync(join(tmpdir(), 'probe-cli-'));
    tier1 = await startOpenAiStub(TIER1.address, 0, pki.issue([TIER1.host, ...ALL_NAMES]), TOKEN);
    port = portOf(tier1.server);
    tier2 = await startOpenAiStub(TIER2.address, port, pki.issue([TIER2.host, ...ALL_NAMES]), TOKEN);
    dns = await startDnsStub(table);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([tier1, tier2].filter(Boolean).map((s) => new Promise((r) => s.server.close(r))));
    dns?.close();
    rmSync(work, { recursive: true, force: true });
    rmSync(pki.dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    for (const s of [tier1, tier2]) Object.assign(s.behaviour, { modelUp: true, requireToken: true, models: ['chat'] });
    table.a = new Map([[TIER1.host, TIER1.address], [TIER2.host, TIER2.address]]);
    table.cname = new Map([[FAILOVER_NAME, TIER1.host], [ROUTED_NAME, COUNTRY_SET], [COUNTRY_SET, TIER1.host]]);
  });

  test('a healthy chain: every tier serves the contract under every name, DNS answers the first tier, exit 0', async () => {
    const r = await probe(standard());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const tier of [TIER1, TIER2]) for (const name of NAMES_AT[tier.name]) expect(row(r.stdout, name, tier.name)).toMatch(/\sok\s+\d+\s+serves the contract$/);
    expect(row(r.stdout, ROUTED_NAME, TIER2.name)).toBeUndefined(); // DNS never sends the country-routed name to the API Management tier
    expect(row(r.stdout, FAILOVER_NAME, `${TIER1.name} (via DNS)`)).toMatch(/127\.0\.0\.2\s+ok\s/);
    expect(r.stdout).toMatch(/\n6 checks, 0 failed\n$/);
    expect(tier1.seen).toEqual(expect.arrayContaining(['GET /health', 'GET /v1/models', 'POST /v1/chat/completions']));
    expect(r.stdout + r.stderr).not.toContain(TOKEN); // the credential is never printed
  }, 60_000);

  test('the first tier\'s model fails and DNS fails over to the second stub: the client is served there, the broken tier is named, exit 1', async () => {
    tier1.behaviour.modelUp = false;
    table.cname.set(FAILOVER_NAME, TIER2.host);
    const r = await probe(standard());
    expect(r.status).toBe(1);
    expect(row(r.stdout, TIER1.host, TIER1.name)).toMatch(/FAIL\s+-\s+\/health answered 503/);
    expect(row(r.stdout, FAILOVER_NAME, `${TIER2.name} (via DNS)`)).toMatch(/127\.0\.0\.3\s+ok\s+\d+\s+serves the contract via southindia\.in\.ai\.example\.in$/);
    expect(row(r.stdout, TIER2.host, TIER2.name)).toMatch(/\sok\s/);
  }, 60_000);

  test('the country-routed name is called only at tiers DNS sends it to: API Management without a certificate for it passes (not called), exit 0', async () => {
    const narrow = await startOpenAiStub('127.0.0.4', port, pki.issue([TIER2.host, FAILOVER_NAME]), TOKEN);
    table.a.set(TIER2.host, '127.0.0.4');
    try {
      const r = await probe(standard());
      expect(r.status).toBe(0);
      expect(row(r.stdout, ROUTED_NAME, TIER2.name)).toBeUndefined();
      expect(row(r.stdout, FAILOVER_NAME, TIER2.name)).toMatch(/\sok\s/);
      expect(r.stdout).toMatch(/6 checks, 0 failed/);
    } finally {
      await new Promise((res) => narrow.server.close(res));
    }
  }, 60_000);

  test('a tier DNS sends the country-routed name to without a certificate for it fails, exit 1', async () => {
    const narrow = await startOpenAiStub('127.0.0.4', port, pki.issue([TIER1.host, FAILOVER_NAME]), TOKEN);
    table.a.set(TIER1.host, '127.0.0.4');
    try {
      const r = await probe(standard());
      expect(r.status).toBe(1);
      expect(row(r.stdout, ROUTED_NAME, TIER1.name)).toMatch(/FAIL\s+-\s+certificate does not cover api\.ai\.example\.in$/);
      expect(r.stdout).toMatch(/6 checks, 1 failed/);
    } finally {
      await new Promise((res) => narrow.server.close(res));
    }
  }, 60_000);

  test('a tier without a certificate for the contract name fails, exit 1', async () => {
    const narrow = await startOpenAiStub('127.0.0.4', port, pki.issue([TIER2.host, ROUTED_NAME]), TOKEN);
    table.a.set(TIER2.host, '127.0.0.4');
    try {
      const r = await probe(standard());
      expect(r.status).toBe(1);
      expect(row(r.stdout, FAILOVER_NAME, TIER2.name)).toMatch(/FAIL\s+-\s+certificate does not cover api\.in\.ai\.example\.in$/);
      expect(r.stdout).toMatch(/6 checks, 1 failed/);
    } finally {
      await new Promise((res) => narrow.server.close(res));
    }
  }, 60_000);

  test('a tier that answers without a credential breaks the contract', async () => {
    tier2.behaviour.requireToken = false;
    const r = await probe(standard());
    expect(r.status).toBe(1);
    expect(row(r.stdout, TIER2.host, TIER2.name)).toMatch(/FAIL\s+-\s+\/v1\/models answered 200 without a credential \(expected 401 or 403\)$/);
  }, 60_000);

  test('a tier that does not serve the model the client names breaks the contract', async () => {
    tier2.behaviour.models = ['gpt-4.1'];
    const r = await probe(standard());
    expect(r.status).toBe(1);
    expect(row(r.stdout, TIER2.host, TIER2.name)).toMatch(/FAIL\s+-\s+\/v1\/models does not list model "chat" \(lists: gpt-4\.1\)$/);
  }, 60_000);

  test('an untrusted certificate (no --ca) fails every call with the reason', async () => {
    const r = await probe(standard().filter((a, i, all) => a !== '--ca' && all[i - 1] !== '--ca'));
    expect(r.status).toBe(1);
    expect(row(r.stdout, TIER1.host, TIER1.name)).toMatch(/FAIL\s+-\s+certificate not trusted/);
  }, 60_000);

  describe('--drill', () => {
    let drillPolicy: string;
    beforeAll(() => {
      drillPolicy = join(work, 'india-drill.yaml');
      copyFileSync(POLICY, drillPolicy);
      const text = readFileSync(drillPolicy, 'utf8').replace('    survives: [region-outage, cloud-outage]', '    failover: { drill: { fail: [primary] } }\n    survives: [region-outage, cloud-outage]');
      expect(text).toContain('drill: { fail: [primary] }');
      writeFileSync(drillPolicy, text);
    });
    const drillArgs = () => [drillPolicy, ...standard().slice(1), '--drill'];

    test('passes when DNS answers the next tier while the drill fails the primary', async () => {
      table.cname.set(FAILOVER_NAME, TIER2.host);
      const r = await probe(drillArgs());
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(row(r.stdout, FAILOVER_NAME, `${TIER2.name} (via DNS)`)).toMatch(/\sok\s/);
    }, 60_000);

    test('fails when DNS still answers the drilled tier, naming it and the expected one', async () => {
      const r = await probe(drillArgs());
      expect(r.status).toBe(1);
      expect(row(r.stdout, FAILOVER_NAME, `${TIER1.name} (via DNS)`)).toMatch(/FAIL\s+\d+\s+DNS still answers aws-ap-south-1, which the drill fails; expected azure-southindia$/);
    }, 60_000);

    test('a drill against a policy that declares none is a failure, not a silent pass', async () => {
      const r = await probe([...standard(), '--drill']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/the policy declares no failover\.drill for jurisdiction "in"/);
    }, 60_000);
  });

  test('the credential is taken from env: or file: only, and a literal is refused without being echoed', async () => {
    const r = await probe([...standard().slice(0, -2), '--credential', 'sk-literal-secret-123']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: --credential takes env:NAME or file:PATH (a credential on the command line would be kept in shell history)\n');
    const file = join(work, 'token');
    writeFileSync(file, `${TOKEN}\n`);
    const viaFile = await probe([...standard().slice(0, -2), '--credential', `file:${file}`], {});
    expect(viaFile.status).toBe(0);
  }, 60_000);

  test('without any credential the authenticated routes are reported as not checked', async () => {
    const r = await probe(standard().slice(0, -2), {});
    expect(r.status).toBe(1);
    expect(row(r.stdout, TIER1.host, TIER1.name)).toMatch(/FAIL\s+-\s+no credential given/);
  }, 60_000);

  test('usage errors exit 2 with one line: a bad --resolve, an unknown jurisdiction', async () => {
    expect(await probe([...standard(), '--resolve', 'api.in.ai.example.in=127.0.0.2'])).toMatchObject({ status: 2, stderr: 'error: --resolve "api.in.ai.example.in=127.0.0.2" is not NAME:IP (an IPv4 address, or an IPv6 address in brackets)\n' });
    expect(await probe([...standard(), '--jurisdiction', 'eu'])).toMatchObject({ status: 2, stderr: 'error: --jurisdiction "eu" is not in the policy (jurisdictions: in)\n' });
  }, 60_000);

  test('--resolve overrides DNS for a name, as curl\'s does', async () => {
    table.cname.delete(FAILOVER_NAME); // DNS would not answer the failover name at all
    const r = await probe([...standard(), '--resolve', `${FAILOVER_NAME}:${TIER2.address}`]);
    expect(r.status).toBe(0);
    expect(row(r.stdout, FAILOVER_NAME, `${TIER2.name} (via DNS)`)).toMatch(/127\.0\.0\.3\s+ok\s/);
  }, 60_000);
});
