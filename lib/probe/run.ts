/**
 * `probe`: after a deploy, calls every name of every chain as a client would and says, per name and
 * tier, whether the tier serves the contract (contract.ts). Every tier is called under every name
 * DNS can send a client to it with, and only those (its own name, `<service>.<id>.<domain>`, and
 * `<service>.<domain>` where the country records reach it: not at API Management Standard v2, which
 * binds one host name), so a certificate missing a name shows before a failover needs it; each of
 * those must be served. The contract name (policy `clients.hostname`) is also resolved as a client
 * would, to see which tier DNS answers with now: it must be a tier DNS may send that name to. With a
 * drill, the tier DNS answers must be the first one of that name's tiers the drill leaves serving.
 */
import type { SovereigntyPolicy } from '../policy';
import { checkContract, type ContractSettings } from './contract';
import type { NameResolver } from './resolve';
import { probeTargets, type ProbeJurisdiction, type ProbeTier } from './targets';

export interface ProbeOptions extends Omit<ContractSettings, 'model'> {
  /** The model name to send. @default each jurisdiction's `clients.model` */
  readonly model?: string;
  readonly jurisdiction?: string;
  readonly resolver: NameResolver;
  /** The gateways' HTTPS port. @default 443 */
  readonly port: number;
  /** Check the policy's drill: DNS must answer the first tier the drill leaves serving. */
  readonly drill: boolean;
}

export interface ProbeRow {
  readonly jurisdiction: string;
  readonly name: string;
  /** The tier called, `<tier> (via DNS)` for the row that resolved the failover name. */
  readonly tier: string;
  readonly address: string;
  readonly result: 'ok' | 'FAIL' | 'drilled';
  readonly detail: string;
  readonly chatMs?: number;
}

function tierOf(j: ProbeJurisdiction, names: readonly string[], addresses: readonly string[], tierAddresses: ReadonlyMap<string, readonly string[]>): ProbeTier | undefined {
  return j.tiers.find((t) => names.includes(t.hostname)) ?? j.tiers.find((t) => (tierAddresses.get(t.name) ?? []).some((a) => addresses.includes(a)));
}

/** The names DNS can send a client to `tier` with: its own, then each service name whose records reach it. */
function namesAt(j: ProbeJurisdiction, tier: ProbeTier): string[] {
  return [tier.hostname, ...j.serviceNames.filter((n) => j.tiersByName.get(n)?.some((t) => t.name === tier.name))];
}

async function probeJurisdiction(j: ProbeJurisdiction, options: ProbeOptions): Promise<ProbeRow[]> {
  const o = { ...options, model: options.model ?? j.model };
  const rows: ProbeRow[] = [];
  const tierAddresses = new Map<string, readonly string[]>();
  for (const tier of j.tiers) {
    const r = await o.resolver.resolve(tier.hostname);
    tierAddresses.set(tier.name, r.addresses);
    const drilled = o.drill && j.drilled.has(tier.name);
    for (const name of namesAt(j, tier)) {
      if (r.error || r.addresses.length === 0) {
        rows.push({ jurisdiction: j.id, name, tier: tier.name, address: '-', result: 'FAIL', detail: r.error ?? `${tier.hostname} has no address` });
        continue;
      }
      const c = await checkContract({ address: r.addresses[0], port: o.port, servername: name }, o);
      const result = c.ok ? 'ok' : drilled ? 'drilled' : 'FAIL';
      const detail = c.ok ? c.detail : drilled ? `${c.detail} (the drill fails this tier: not counted)` : c.detail;
      rows.push({ jurisdiction: j.id, name, tier: tier.name, address: r.addresses[0], result, detail, chatMs: c.chatMs });
    }
  }

  // The contract name as a client resolves it: which tier answers, and does it serve the contract?
  const dns = await o.resolver.resolve(j.clientName);
  if (dns.error || dns.addresses.length === 0) {
    rows.push({ jurisdiction: j.id, name: j.clientName, tier: '(via DNS)', address: '-', result: 'FAIL', detail: dns.error ?? 'no address' });
    return rows;
  }
  const answered = tierOf(j, dns.names, dns.addresses, tierAddresses);
  const reachable = j.tiersByName.get(j.clientName) ?? j.tiers;
  const expected = reachable.find((t) => !(o.drill && j.drilled.has(t.name)));
  let problem: string | undefined;
  if (!answered) problem = `DNS answers ${dns.addresses.join(', ')}, which is no tier of the chain ${j.tiers.map((t) => t.name).join(' → ')}`;
  else if (!reachable.some((t) => t.name === answered.name)) problem = `DNS answers ${answered.name} for ${j.clientName}, which its records must not send that name to (tiers for it: ${reachable.map((t) => t.name).join(' → ') || 'none'})`;
  else if (o.drill && j.drilled.has(answered.name)) problem = `DNS still answers ${answered.name}, which the drill fails; expected ${expected?.name}`;
  else if (o.drill && expected && answered.name !== expected.name) problem = `DNS answers ${answered.name}; with the drill the first serving tier is ${expected.name}`;
  const c = await checkContract({ address: dns.addresses[0], port: o.port, servername: j.clientName }, o);
  const via = dns.names.length > 1 ? ` via ${dns.names.slice(1).join(' → ')}` : '';
  rows.push({
    jurisdiction: j.id,
    name: j.clientName,
    tier: `${answered?.name ?? '?'} (via DNS)`,
    address: dns.addresses[0],
    result: problem || !c.ok ? 'FAIL' : 'ok',
    detail: problem ?? `${c.detail}${via}`,
    chatMs: c.chatMs,
  });
  if (o.drill && j.drilled.size === 0) rows.push({ jurisdiction: j.id, name: j.clientName, tier: '(drill)', address: '-', result: 'FAIL', detail: `the policy declares no failover.drill for jurisdiction "${j.id}"` });
  return rows;
}

export async function runProbe(policy: SovereigntyPolicy, o: ProbeOptions): Promise<ProbeRow[]> {
  const rows: ProbeRow[] = [];
  for (const j of probeTargets(policy, o.jurisdiction)) rows.push(...(await probeJurisdiction(j, o)));
  return rows;
}

/** A fixed-width table: jurisdiction, name, tier, address, result, chat ms, detail. */
export function formatProbeTable(rows: readonly ProbeRow[]): string {
  const header = ['JURISDICTION', 'NAME', 'TIER', 'ADDRESS', 'RESULT', 'CHAT MS', 'DETAIL'];
  const cells = rows.map((r) => [r.jurisdiction, r.name, r.tier, r.address, r.result, r.chatMs === undefined ? '-' : String(r.chatMs), r.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i === c.length - 1 ? v : v.padEnd(widths[i]))).join('  ');
  const failed = rows.filter((r) => r.result === 'FAIL').length;
  return [line(header), ...cells.map(line), `${rows.length} checks, ${failed} failed`].join('\n');
}
