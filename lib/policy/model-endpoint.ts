/**
 * One endpoint of a failover chain as the policy model holds it. Its own module, so model.ts and
 * model-sovereign.ts (which turns the sovereign tier into such an endpoint) share it without
 * importing each other (no cycle).
 */
import type { CountryCode } from '../catalog';

export interface FailoverEndpointPolicy {
  readonly name: string;
  readonly hostname: string;
  readonly operator: string;
  readonly country: CountryCode;
  readonly healthCheckPath?: string;
  readonly port?: number;
  /** What an endpoint this tool does not build declares it serves (policy `contract`); absent: not counted by the analysis. */
  readonly contract?: DeclaredContract;
}

/** A client contract as an endpoint's operator declares it. */
export interface DeclaredContract {
  readonly api: 'openai-v1';
  readonly issuer: string;
  readonly audience: string;
  /** Names it holds a certificate for and accepts as Host. */
  readonly hostnames: readonly string[];
}
