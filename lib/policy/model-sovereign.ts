/**
 * The sovereign inference tier of a jurisdiction, validated (policy `sovereign`): what lib/sovereign
 * builds and where it sits in the failover chain.
 */
import type { CountryCode } from '../catalog';
import type { FailoverEndpointPolicy } from './model-endpoint';

/** Name of the tier in the failover chain (record set identifiers, health check tags, drills). */
export const SOVEREIGN_ENDPOINT_NAME = 'sovereign';

export interface SovereignTierPolicy {
  /** Operator of the cluster (home inside the jurisdiction) and the country it runs in. */
  readonly operator: string;
  readonly country: CountryCode;
  /** The tier's own public name (its ingress host). */
  readonly hostname: string;
  /** 1-based position in the failover chain; absent: last. */
  readonly position?: number;
  readonly cluster: { readonly context: string; readonly configPath?: string; readonly namespace: string; readonly ingressClassName: string; readonly ingressNamespace: string };
  readonly registry: { readonly host: string; readonly operator: string; readonly country: CountryCode };
  /** Repository paths inside the registry, with tag or digest. */
  readonly images: { readonly vllm: string; readonly proxy: string; readonly weightsSync: string };
  readonly weights: {
    readonly endpoint: string;
    readonly bucket: string;
    readonly prefix: string;
    readonly operator: string;
    readonly country: CountryCode;
    readonly credentialsSecret: string;
    readonly sizeGi: number;
  };
  readonly gpu: { readonly count: number; readonly product?: string; readonly cpu: number; readonly memoryGi: number };
  readonly replicas: number;
  readonly tlsSecret: string;
  readonly jwksUri: string;
  readonly egress: { readonly weightStore: readonly string[]; readonly issuer: readonly string[] };
}

/** The tier as a failover endpoint: its own host name, its operator, its country; `/health` on 443. */
export function sovereignEndpoint(s: SovereignTierPolicy): FailoverEndpointPolicy {
  return { name: SOVEREIGN_ENDPOINT_NAME, hostname: s.hostname, operator: s.operator, country: s.country };
}

/** `chain` with the tier inserted at its position (last by default). */
export function withSovereignTier(chain: readonly FailoverEndpointPolicy[], s: SovereignTierPolicy | undefined): FailoverEndpointPolicy[] {
  if (!s) return [...chain];
  const at = s.position === undefined ? chain.length : Math.min(s.position - 1, chain.length);
  return [...chain.slice(0, at), sovereignEndpoint(s), ...chain.slice(at)];
}
