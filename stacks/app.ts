import { App } from 'cdktn';
import { PROJECT_SUPPRESSIONS, SovereigntyChecks } from '../lib/checks';
import type { FailoverEndpoint, JurisdictionZone } from '../lib/dns';
import type { SovereigntyPolicy } from '../lib/policy';
import { DnsStack } from './dns-stack';
import { failoverChain } from './failover';
import { addInference, addInferencePrerequisites, type JurisdictionInference } from './inference';
import { InferenceStack } from './inference-stack';
import { GuardrailsStack } from './guardrails-stack';
import { JurisdictionStack } from './jurisdiction-stack';
import { RoutingStack } from './routing-stack';
import { SovereignStack } from './sovereign-stack';
import { addDataStores, type JurisdictionStores } from './storage';

export interface SovereignAppOptions {
  /** @default "cdktf.out", or CDKTF_OUTDIR when the cdktn CLI runs the app */
  readonly outdir?: string;
}

export interface SovereignApp {
  readonly app: App;
  /** The base stack of each jurisdiction (`sovereign-<id>`). */
  readonly stacks: JurisdictionStack[];
  /** Phase 1 (`sovereign-dns`): the parent zone, the jurisdiction zones and their delegations (dns.provider route53). */
  readonly dns?: DnsStack;
  /** Phase 3 (`sovereign-<id>-inference`) by base stack name, for jurisdictions with inference or Route 53 failover records. */
  readonly inferenceStacks: Record<string, InferenceStack>;
  /** Data stores by stack name. */
  readonly stores: Record<string, JurisdictionStores>;
  /** Failover chains by stack name (when the policy has `dns`). */
  readonly chains: Record<string, FailoverEndpoint[]>;
  /** Failover records in the Route 53 jurisdiction zones, by base stack name (dns.provider route53). */
  readonly zones: Record<string, JurisdictionZone>;
  /** Models and gateways by stack name. */
  readonly inference: Record<string, JurisdictionInference>;
  /** The global routing stack (when the policy has `dns`). */
  readonly routing?: RoutingStack;
  /** Organization guardrails by jurisdiction id (when the policy asks for them). */
  readonly guardrails: Record<string, GuardrailsStack>;
  /** Phase 3 beside inference (`sovereign-<id>-sovereign`): the sovereign tier, by jurisdiction id (policy `sovereign`). */
  readonly sovereign: Record<string, SovereignStack>;
}

/**
 * The stacks of a validated policy, in deploy order (stack dependencies enforce it; a first deploy
 * pauses twice, for the registrar delegation and the artifact upload: README, "Deploying from an
 * empty account"):
 * 1. `sovereign-dns` (dns.provider route53): parent zone, jurisdiction zones, delegations;
 * 2. `sovereign-<id>` per jurisdiction: network, data stores, keys, gateway certificates, account settings;
 *    then the model artifacts are uploaded (`npx cdktf-sovereign-ai upload`);
 * 3. `sovereign-<id>-inference`: models, gateways, failover records;
 * 4. `sovereign-routing` (when the policy has `dns`): country routing.
 * Plus `sovereign-<id>-sovereign` (policy `sovereign`, after the base stack): the sovereign tier on the jurisdiction's cluster.
 * Plus a guardrails stack per jurisdiction that asks for one (deployed on its own, with organization rights).
 */
export function buildApp(policy: SovereigntyPolicy, options: SovereignAppOptions = {}): SovereignApp {
  const app = new App({ outdir: options.outdir, skipValidation: false });
  const dns = policy.dns?.provider === 'route53' ? new DnsStack(app, policy) : undefined;
  const stacks = policy.jurisdictions.map((j) => new JurisdictionStack(app, j));
  if (dns) for (const s of stacks) s.addDependency(dns);
  const stores = Object.fromEntries(stacks.map((s) => [s.node.id, addDataStores(s, { namespace: policy.namespace, keyIssuedOn: policy.keyIssuedOn })]));
  const chains: Record<string, FailoverEndpoint[]> = {};
  const zones: Record<string, JurisdictionZone> = {};
  const inference: Record<string, JurisdictionInference> = {};
  const inferenceStacks: Record<string, InferenceStack> = {};
  for (const s of stacks) {
    // The chain is known from the policy before the gateways exist: the failover records need it, the gateways need the zone.
    if (policy.dns) chains[s.node.id] = failoverChain(s, policy.domain);
    const prereqs = addInferencePrerequisites(s, policy, stores[s.node.id]);
    const serving = !!s.policy.inference || !!dns;
    if (!serving) {
      inference[s.node.id] = { sagemaker: [], awsGateways: [] };
      continue;
    }
    const stack = (inferenceStacks[s.node.id] = new InferenceStack(app, s));
    inference[s.node.id] = addInference(stack, policy, dns ? chains[s.node.id] : undefined, prereqs);
    if (inference[s.node.id].zone) zones[s.node.id] = inference[s.node.id].zone!;
  }
  const last = stacks.map((s) => inferenceStacks[s.node.id] ?? s);
  const routing = policy.dns ? new RoutingStack(app, policy, stacks.map((stack) => ({ stack, chain: chains[stack.node.id] })), last) : undefined;
  const guardrails = Object.fromEntries(
    policy.jurisdictions.filter((j) => j.guardrails).map((j) => [j.jurisdiction.id, new GuardrailsStack(app, j, j.guardrails!)]),
  );
  for (const j of policy.jurisdictions) if (guardrails[j.jurisdiction.id]) SovereigntyChecks.setJurisdiction(guardrails[j.jurisdiction.id], j.jurisdiction);
  const sovereign = Object.fromEntries(
    stacks.filter((s) => s.policy.sovereign).map((s) => [s.policy.jurisdiction.id, new SovereignStack(app, policy, s.policy, s)]),
  );
  for (const s of Object.values(sovereign)) SovereigntyChecks.setJurisdiction(s, s.policy.jurisdiction);
  for (const s of Object.values(inferenceStacks)) SovereigntyChecks.setJurisdiction(s, s.policy.jurisdiction);
  // Residency, security, data-safety and deployability rules run on every stack at synth; an error fails it.
  SovereigntyChecks.applyTo(app, { suppressions: PROJECT_SUPPRESSIONS });
  return { app, dns, stacks, inferenceStacks, stores, chains, zones, inference, routing, guardrails, sovereign };
}
