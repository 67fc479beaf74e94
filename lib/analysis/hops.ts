/**
 * The path that answers a jurisdiction's clients under a scenario, hop by hop, each with who runs it
 * and where: clients → the DNS that answers (routing zone or Traffic Manager, the jurisdiction's
 * zone, a declared provider) → the tier (gateway and model, a declared endpoint). The report renders
 * any list of hops, so hops other parts of the analysis add (root and TLD servers, a national DNS
 * server, a sovereign tier) appear without more report code.
 */
import type { CountryCode } from '../catalog';
import type { Component } from './model';
import { operatorNamed, type OperatorTable } from './operators';

/** One hop of an answering path. */
export interface Hop {
  /** `clients`, `dns`, `gateway`, `model`, `endpoint`, or another role (`root`, `tld`, `sovereign-tier`). */
  readonly role: string;
  /** What it is: `Route 53 zone eu.ai.example.com`, `endpoint natcloud (ai.natcloud.example.fr, declared)`; for the clients the whole phrase (`clients of eu in 27 countries (...)`). */
  readonly name: string;
  /** Who runs it: a name of the operator table (its home country comes from there); absent for the clients. */
  readonly operator?: string;
  /** Country it runs in; absent for global services (Route 53, Traffic Manager) and the clients. */
  readonly country?: CountryCode;
}

/** The hop of a component: its label, operator and country. */
export function hopOf(c: Component, role: string = c.kind, name: string = c.label): Hop {
  return { role, name, operator: c.operator, ...(c.country ? { country: c.country } : {}) };
}

/** `answer` with `hop` in front of its hops. */
export function withHop<T extends { readonly hops?: readonly Hop[] }>(hop: Hop, answer: T): T {
  return { ...answer, hops: [hop, ...(answer.hops ?? [])] };
}

/** Drops a hop equal to the one before it (a CNAME chain inside one zone is one DNS hop). */
export function dedupeHops(hops: readonly Hop[]): Hop[] {
  return hops.filter((h, i) => i === 0 || JSON.stringify(h) !== JSON.stringify(hops[i - 1]));
}

/** `dns Route 53 zone eu.ai.example.com (operator aws, home US; global service)` */
export function describeHop(h: Hop, operators: OperatorTable): string {
  const where = h.country ? `runs in ${h.country}` : h.role === 'clients' ? undefined : 'global service';
  const who = h.operator ? `operator ${h.operator}, home ${operatorNamed(operators, h.operator).home ?? 'not declared'}` : undefined;
  const details = [who, where].filter(Boolean).join('; ');
  return `${h.role === 'clients' ? '' : `${h.role} `}${h.name}${details ? ` (${details})` : ''}`;
}
