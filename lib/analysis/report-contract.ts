/**
 * The report's view of the client contract: per chain, what each tier serves, whether a client of the
 * jurisdiction can use it (and why not), and the other names DNS resolves for the jurisdiction's
 * clients with the tiers that would refuse them.
 */
import { contractBreaks, describeCredential, certificateCovers, type TierContract } from './contract';
import { expectedContractOf, tierContractAt } from './evaluate';
import type { JurisdictionTopology, Topology } from './model';

export interface ChainContractRow {
  readonly position: number;
  readonly name: string;
  readonly hostname: string;
  /** undefined: the analysis knows nothing synthesized or declared at that name. */
  readonly contract?: TierContract;
  /** Why a client cannot use it; empty when it honours the contract. */
  readonly breaks: readonly string[];
}

export interface ChainContract {
  /** The contract, in words; undefined when the declarations do not say (a cdktf.out written before). */
  readonly expected?: string;
  readonly rows: readonly ChainContractRow[];
  /** Every name DNS resolves for the jurisdiction's clients (its own service name, the country-routed name). */
  readonly names: readonly NameRoute[];
}

/** One name DNS resolves for the jurisdiction's clients, read from the records. */
export interface NameRoute {
  readonly hostname: string;
  /** The name the jurisdiction's clients dial (policy clients.hostname). */
  readonly contractName: boolean;
  /** Tiers its records can answer with, in failover order. */
  readonly sentTo: readonly string[];
  /** Of those, the tiers that hold a certificate for it and accept it as Host. */
  readonly servedBy: readonly string[];
  /** Tiers its records can answer with that do not: a client sent there gets a TLS name mismatch or a refusal. */
  readonly refusedBy: readonly string[];
  /** Tiers of the jurisdiction's chain its records never answer with. */
  readonly notSentTo: readonly string[];
  /** Whether every one of `notSentTo` lacks a certificate for it (so leaving them out is what keeps clients safe). */
  readonly notSentToRefuse: boolean;
}

export function chainContract(j: JurisdictionTopology, topo: Topology): ChainContract {
  const { expect, fallback } = expectedContractOf(j, topo);
  const rows = j.chain.map((l) => {
    const { contract } = tierContractAt(l.hostname, topo);
    return { position: l.position, name: l.name, hostname: l.hostname, contract, breaks: expect ? contractBreaks(contract, expect, fallback) : [] };
  });
  const covers = (tier: string | undefined, hostname: string) => !!tier && !!rows.find((r) => r.name === tier)?.contract?.certificateNames.some((c) => certificateCovers(c, hostname));
  const routes = [
    ...(j.serviceName ? [{ hostname: j.serviceName, chain: j.chain }] : []),
    ...(j.countryRoute && j.countryRoute.name !== j.serviceName ? [{ hostname: j.countryRoute.name, chain: j.countryRoute.chain }] : []),
  ];
  const names = routes.map(({ hostname, chain }): NameRoute => {
    const sent = chain.map((l) => l.name);
    const notSentTo = rows.map((r) => r.name).filter((t) => !sent.includes(t));
    return {
      hostname,
      sentTo: sent,
      notSentTo,
      notSentToRefuse: notSentTo.every((t) => !covers(t, hostname)),
      contractName: hostname === expect?.hostname,
      servedBy: sent.filter((t) => covers(t, hostname)),
      refusedBy: sent.filter((t) => !covers(t, hostname)),
    };
  });
  const credential = expect?.jwt ? describeCredential({ kind: 'jwt', ...expect.jwt }) : fallback ? `${describeCredential(fallback)} (no jurisdiction JWT: the first tier's)` : 'no common credential declared';
  return {
    expected: expect && `model \`${expect.model}\` on POST /v1/chat/completions and GET /v1/models, ${credential}${expect.hostname ? `, dialled as \`${expect.hostname}\`` : ''}`,
    rows,
    names,
  };
}

export function chainContractLines(c: ChainContract): string[] {
  if (!c.expected) return ['Not judged: the declarations (sovereignty-declarations.json) do not carry the client contract.'];
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  return [
    `Clients use ${c.expected}. A tier that breaks it does not answer in the scenario matrix, however healthy it is.`,
    '',
    '| # | endpoint | routes | credential | certificate names | honours the contract |',
    '|---|---|---|---|---|---|',
    ...c.rows.map((r) => `| ${r.position} | ${r.name} | ${r.contract ? cell(r.contract.routes.join(', ')) : '?'} | ${r.contract ? cell(describeCredential(r.contract.credential)) : '?'} | ${r.contract ? cell(r.contract.certificateNames.join(', ')) : '?'} | ${r.breaks.length ? `**no**: it ${cell(r.breaks.join('; it '))}` : 'yes'} |`),
    ...(c.names.length ? ['', 'Names DNS resolves for these clients, and the tiers its records can answer each with (read from the records):', '', ...c.names.map(nameLine)] : []),
  ];
}

function nameLine(n: NameRoute): string {
  const sent = n.sentTo;
  const to = sent.length ? `DNS sends it to ${sent.join(', ')}` : 'DNS sends it to no tier (its records answer nothing for these clients)';
  const served = !sent.length ? '' : n.refusedBy.length ? `; **refused by ${n.refusedBy.join(', ')}** (no certificate for it, Host not accepted)` : n.servedBy.length > 1 ? '; each holds a certificate for it' : '; it holds a certificate for it';
  const never = n.notSentTo.length ? `; never to ${n.notSentTo.join(', ')}${n.notSentToRefuse ? `, which do${n.notSentTo.length === 1 ? 'es' : ''} not serve it` : ''}` : '';
  return `- \`${n.hostname}\`${n.contractName ? ' (the contract name)' : ''}: ${to}${served}${never}.`;
}
