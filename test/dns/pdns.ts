/**
 * Runs Debian's PowerDNS Authoritative Server (`pdns_server`, bind backend) on a loopback port for a
 * test, with the zones given, and `pdnsutil check-zone` for zone files. Absent tools: the callers
 * skip with the reason printed, unless SOVEREIGN_PDNS=required (CI), where they fail.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PDNS_SERVER = process.env.PDNS_SERVER ?? '/usr/sbin/pdns_server';
export const PDNSUTIL = process.env.PDNSUTIL ?? '/usr/bin/pdnsutil';

/** Why the PowerDNS tests cannot run here, or undefined when they can. */
export function pdnsMissing(): string | undefined {
  for (const bin of [PDNS_SERVER, PDNSUTIL]) if (!existsSync(bin)) return `${bin} is not installed (apt-get install pdns-server pdns-backend-bind)`;
  return undefined;
}

/** `test` or, with the tools missing and not required, `test.skip` after printing why. */
export function pdnsTest(): jest.It {
  const missing = pdnsMissing();
  if (!missing) return test;
  if (process.env.SOVEREIGN_PDNS === 'required') throw new Error(`SOVEREIGN_PDNS=required but ${missing}`);
  console.warn(`skipping PowerDNS tests: ${missing}`);
  return test.skip;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject).listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function namedConf(dir: string, zones: Readonly<Record<string, string>>): string {
  return Object.keys(zones).map((z, i) => {
    writeFileSync(join(dir, `zone${i}.zone`), zones[z]);
    return `zone "${z}" { type master; file "${join(dir, `zone${i}.zone`)}"; };`;
  }).join('\n');
}

export interface RunningPdns {
  readonly port: number;
  readonly log: () => string;
  stop(): Promise<void>;
}

/** Starts pdns_server with `zones` (zone name → zone file text); resolves once it answers on TCP. */
export async function startPdns(zones: Readonly<Record<string, string>>, healthIntervalSeconds = 1): Promise<RunningPdns> {
  const dir = mkdtempSync(join(tmpdir(), 'pdns-'));
  writeFileSync(join(dir, 'named.conf'), `${namedConf(dir, zones)}\n`);
  const port = await freePort();
  writeFileSync(
    join(dir, 'pdns.conf'),
    [
      'launch=bind',
      `bind-config=${join(dir, 'named.conf')}`,
      'local-address=127.0.0.1',
      `local-port=${port}`,
      'enable-lua-records=yes',
      `lua-health-checks-interval=${healthIntervalSeconds}`,
      'guardian=no',
      'daemon=no',
      `socket-dir=${dir}`,
      'cache-ttl=0', // no packet cache: every query sees the current health state
      'query-cache-ttl=0',
      'negquery-cache-ttl=0',
      'zone-cache-refresh-interval=0',
      'loglevel=6',
      'webserver=no',
      'api=no',
      '',
    ].join('\n'),
  );
  let output = '';
  const child: ChildProcess = spawn(PDNS_SERVER, [`--config-dir=${dir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pdns_server exited (${child.exitCode}):\n${output}`);
    if (/Done launching threads, ready to distribute questions/.test(output)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pdns_server did not become ready in 20 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    log: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `pdnsutil check-zone` on `text` as zone `zone` (bind backend): the tool's output; throws with it when the zone fails. */
export function checkZone(zone: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdnsutil-'));
  try {
    writeFileSync(join(dir, 'named.conf'), `${namedConf(dir, { [zone]: text })}\n`);
    // With a DNSSEC database the bind backend "does DNSSEC", and check-zone then tells delegation NS
    // records (auth=0) from misplaced ones; without it, 4.7 reports every delegation as an error
    // (pdns/pdnsutil.cc checkZone, auth-4.7.3: the occlusion check is skipped when !doesDNSSEC()).
    const db = join(dir, 'dnssec.sqlite3');
    writeFileSync(join(dir, 'pdns.conf'), ['launch=bind', `bind-config=${join(dir, 'named.conf')}`, `bind-dnssec-db=${db}`, 'enable-lua-records=yes', `socket-dir=${dir}`, ''].join('\n'));
    execFileSync(PDNSUTIL, [`--config-dir=${dir}`, 'create-bind-db', db], { stdio: 'pipe' });
    return execFileSync(PDNSUTIL, [`--config-dir=${dir}`, 'check-zone', zone], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string };
    throw new Error(`pdnsutil check-zone ${zone} failed:\n${x.stdout ?? ''}${x.stderr ?? ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
