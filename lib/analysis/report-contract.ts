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
  /** Other names DNS resolves for the jurisdiction's clients, with the tiers that refuse them. */
  readonly otherNames: readonly { readonly hostname: string; readonly refusedBy: readonly string[] }[];
}

export function chainContract(j: JurisdictionTopology, topo: Topology): ChainContract {
  const { expect, fallback } = expectedContractOf(j, topo);
  const rows = j.chain.map((l) => {
    const { contract } = tierContractAt(l.hostname, topo);
    return { position: l.position, name: l.name, hostname: l.hostname, contract, breaks: expect ? contractBreaks(contract, expect, fallback) : [] };
  });
  const serviceNames = [j.serviceName, topo.routing?.parentZone && j.serviceName ? `${j.serviceName.split('.')[0]}.${topo.routing.parentZone.name}` : undefined];
  const otherNames = [...new Set(serviceNames.filter((n): n is string => !!n && n !== expect?.hostname))].map((hostname) => ({
    hostname,
    refusedBy: rows.filter((r) => !r.contract?.certificateNames.some((c) => certificateCovers(c, hostname))).map((r) => r.name),
  }));
  const credential = expect?.jwt ? describeCredential({ kind: 'jwt', ...expect.jwt }) : fallback ? `${describeCredential(fallback)} (no jurisdiction JWT: the first tier's)` : 'no common credential declared';
  return {
    expected: expect && `model \`${expect.model}\` on POST /v1/chat/completions and GET /v1/models, ${credential}${expect.hostname ? `, dialled as \`${expect.hostname}\`` : ''}`,
    rows,
    otherNames,
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
    ...c.otherNames.map((o) => `\nAlso resolves for these clients: \`${o.hostname}\`; ${o.refusedBy.length ? `**refused by ${o.refusedBy.join(', ')}** (no certificate, Host not accepted): tell clients to dial the contract name` : 'served by every tier'}.`),
  ];
}
