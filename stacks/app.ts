import { App } from 'cdktn';
import { PROJECT_SUPPRESSIONS, SovereigntyChecks } from '../lib/checks';
import type { FailoverEndpoint, JurisdictionZone } from '../lib/dns';
import type { SovereigntyPolicy } from '../lib/policy';
import { addAzureInferenceBase } from './azure-inference-base';
import { addJurisdictionZone, failoverChain } from './failover';
import { addInference, gatewayChain, type JurisdictionInference } from './inference';
import { GuardrailsStack } from './guardrails-stack';
import { JurisdictionStack } from './jurisdiction-stack';
import { RoutingStack } from './routing-stack';
import { addDataStores, type JurisdictionStores } from './storage';

export interface SovereignAppOptions {
  /** @default "cdktf.out", or CDKTF_OUTDIR when the cdktn CLI runs the app */
  readonly outdir?: string;
}

export interface SovereignApp {
  readonly app: App;
  readonly stacks: JurisdictionStack[];
  /** Data stores by stack name. */
  readonly stores: Record<string, JurisdictionStores>;
  /** Failover chains by stack name (when the policy has `dns`). */
  readonly chains: Record<string, FailoverEndpoint[]>;
  /** Route 53 jurisdiction zones by stack name (dns.provider route53). */
  readonly zones: Record<string, JurisdictionZone>;
  /** Models and gateways by stack name. */
  readonly inference: Record<string, JurisdictionInference>;
  /** The global routing stack (when the policy has `dns`). */
  readonly routing?: RoutingStack;
  /** Organization guardrails by jurisdiction id (when the policy asks for them). */
  readonly guardrails: Record<string, GuardrailsStack>;
}

/**
 * One stack per jurisdiction, plus the routing stack when the policy has `dns` and a guardrails stack
 * per jurisdiction that asks for one, from a validated policy.
 */
export function buildApp(policy: SovereigntyPolicy, options: SovereignAppOptions = {}): SovereignApp {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const stacks = policy.jurisdictions.map((j) => new JurisdictionStack(app, j));
  const stores = Object.fromEntries(stacks.map((s) => [s.node.id, addDataStores(s, { namespace: policy.namespace, keyIssuedOn: policy.keyIssuedOn })]));
  const chains: Record<string, FailoverEndpoint[]> = {};
  const zones: Record<string, JurisdictionZone> = {};
  const inference: Record<string, JurisdictionInference> = {};
  for (const s of stacks) {
    // The chain is known from the policy before the gateways exist: the zone needs it, the gateways need the zone.
    if (policy.dns) chains[s.node.id] = failoverChain(s, gatewayChain(s, policy.domain));
    const zone = policy.dns ? addJurisdictionZone(s, policy, chains[s.node.id]) : undefined;
    if (zone) zones[s.node.id] = zone;
    // Azure: vault, CMK and certificate slot belong to the base phase; addInference only binds them.
    inference[s.node.id] = addInference(s, policy, zone, stores[s.node.id], addAzureInferenceBase(s, policy));
  }
  const routing = policy.dns ? new RoutingStack(app, policy, stacks.map((stack) => ({ stack, chain: chains[stack.node.id] }))) : undefined;
  const guardrails = Object.fromEntries(
    policy.jurisdictions.filter((j) => j.guardrails).map((j) => [j.jurisdiction.id, new GuardrailsStack(app, j, j.guardrails!)]),
  );
  for (const j of policy.jurisdictions) if (guardrails[j.jurisdiction.id]) SovereigntyChecks.setJurisdiction(guardrails[j.jurisdiction.id], j.jurisdiction);
  // Residency, security, data-safety and deployability rules run on every stack at synth; an error fails it.
  SovereigntyChecks.applyTo(app, { suppressions: PROJECT_SUPPRESSIONS });
  return { app, stacks, stores, chains, zones, inference, routing, guardrails };
}
