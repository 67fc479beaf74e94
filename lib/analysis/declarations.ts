/**
 * What the policy declares and the synthesized Terraform cannot show: operators' home countries,
 * external endpoints (who runs them, where), DNS providers this tool does not provision, the
 * `survives` demands, the engine, and the location of azurerm state backends and azure_vault state
 * keys (their blocks have none).
 * Written next to `manifest.json` as `sovereignty-declarations.json`, so the analysis of a
 * `cdktf.out` folder needs nothing else.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CountryCode } from '../catalog';
import { clientHostname, type DeclaredContract, type SovereigntyPolicy, type StateBackend } from '../policy/model';
import type { ExpectedContract } from './contract';

export const DECLARATIONS_FILE = 'sovereignty-declarations.json';

/** An endpoint the policy names in a failover chain (explicit `endpoints` or `external`). */
export interface DeclaredEndpoint {
  readonly name: string;
  readonly hostname: string;
  readonly operator: string;
  /** Where it runs. */
  readonly country: CountryCode;
  /** The client contract its operator declares (policy `contract`); absent: not counted. */
  readonly contract?: DeclaredContract;
}

export interface DeclaredExternalDns {
  readonly name: string;
  readonly operator: string;
  /** Jurisdiction id → endpoint name it answers that jurisdiction's clients with. */
  readonly answers: Readonly<Record<string, string>>;
}

export interface DeclaredJurisdiction {
  readonly survives: readonly string[];
  readonly allowCrossBorder: boolean;
  readonly endpoints: readonly DeclaredEndpoint[];
  /** The jurisdiction's client contract (policy `clients`) with the one name its clients dial; absent in files written before it was declared: not judged. */
  readonly clients?: ExpectedContract;
  /** Azure region of an azurerm state backend. */
  readonly stateLocation?: string;
  /** Azure region of the Key Vault of an OpenTofu azure_vault state key (its URI has none). */
  readonly stateKeyLocation?: string;
  /** State at an S3-compatible operator: who runs it and where (its backend block names only an endpoint). */
  readonly stateOperator?: DeclaredStateOperator;
}

/** Who keeps a state at an S3-compatible operator, and where the storage is. */
export interface DeclaredStateOperator {
  readonly operator: string;
  readonly country: CountryCode;
  readonly endpoint: string;
}

export interface SovereigntyDeclarations {
  readonly version: 1;
  readonly policy: string;
  /** The engine the policy deploys with (absent in files written before it was declared: terraform). */
  readonly engine?: 'terraform' | 'opentofu';
  readonly operators: Readonly<Record<string, { readonly country: CountryCode; readonly description?: string }>>;
  readonly externalDns: readonly DeclaredExternalDns[];
  /** By jurisdiction id. */
  readonly jurisdictions: Readonly<Record<string, DeclaredJurisdiction>>;
  /** Azure region of the routing stack's azurerm state backend. */
  readonly routingStateLocation?: string;
  /** Azure region of the routing stack's azure_vault state key. */
  readonly routingStateKeyLocation?: string;
  /** The routing stack's state at an S3-compatible operator. */
  readonly routingStateOperator?: DeclaredStateOperator;
  /** The policy's domain: the analysis follows root → TLD → zone for it (absent in older files: not followed). */
  readonly domain?: string;
  /** PowerDNS servers the jurisdiction runs (policy `dns.powerdns`), serving the same zones from the same chain. */
  readonly powerDns?: DeclaredPowerDns;
}

export interface DeclaredPowerDns {
  readonly name: string;
  readonly operator: string;
  readonly nameServers: readonly string[];
}

/** Nothing declared: what the analysis assumes for a `cdktf.out` without the file. */
export const NO_DECLARATIONS: SovereigntyDeclarations = Object.freeze({ version: 1, policy: '(unknown)', operators: {}, externalDns: [], jurisdictions: {} });

function stateLocation(state: StateBackend): string | undefined {
  return state.kind === 'azurerm' ? state.location.code : undefined;
}

function stateOperator(state: StateBackend): DeclaredStateOperator | undefined {
  return state.kind === 's3-compatible' ? { operator: state.operator, country: state.country, endpoint: state.endpoint } : undefined;
}

function stateKeyLocation(state: StateBackend): string | undefined {
  return state.encryption?.kind === 'azure_vault' ? state.encryption.location.code : undefined;
}

export function declarationsOf(policy: SovereigntyPolicy): SovereigntyDeclarations {
  const jurisdictions: Record<string, DeclaredJurisdiction> = {};
  for (const j of policy.jurisdictions) {
    jurisdictions[j.jurisdiction.id] = {
      survives: [...(j.survives ?? [])],
      allowCrossBorder: j.failover.allowCrossBorder,
      endpoints: [...(j.failover.endpoints ?? []), ...j.failover.external].map((e) => ({ name: e.name, hostname: e.hostname, operator: e.operator, country: e.country, ...(e.contract ? { contract: e.contract } : {}) })),
      clients: policy.dns ? { model: j.clients.model, ...(j.clients.jwt ? { jwt: { ...j.clients.jwt } } : {}), ...(policy.dns.provider === 'route53' ? { hostname: clientHostname(j, policy.dns.serviceName, policy.domain) } : {}) } : undefined,
      stateLocation: stateLocation(j.state),
      stateKeyLocation: stateKeyLocation(j.state),
      stateOperator: stateOperator(j.state),
    };
  }
  return {
    version: 1,
    policy: policy.name,
    engine: policy.engine,
    operators: { ...(policy.operators ?? {}) },
    externalDns: (policy.dns?.external ?? []).map((d) => ({ name: d.name, operator: d.operator, answers: { ...d.answers } })),
    jurisdictions,
    routingStateLocation: policy.dns ? stateLocation(policy.dns.state) : undefined,
    routingStateKeyLocation: policy.dns ? stateKeyLocation(policy.dns.state) : undefined,
    routingStateOperator: policy.dns ? stateOperator(policy.dns.state) : undefined,
    domain: policy.domain,
    powerDns: policy.dns?.powerdns && { name: policy.dns.powerdns.name, operator: policy.dns.powerdns.operator, nameServers: [...policy.dns.powerdns.nameServers] },
  };
}

/** Writes `<outdir>/sovereignty-declarations.json`; returns its path. */
export function writeDeclarations(outdir: string, policy: SovereigntyPolicy): string {
  const file = join(outdir, DECLARATIONS_FILE);
  writeFileSync(file, `${JSON.stringify(declarationsOf(policy), null, 2)}\n`);
  return file;
}

/** The declarations written with a synth, or {@link NO_DECLARATIONS} when there are none. */
export function readDeclarations(outdir: string): SovereigntyDeclarations {
  const file = join(outdir, DECLARATIONS_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as SovereigntyDeclarations) : NO_DECLARATIONS;
}
