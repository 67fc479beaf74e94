/**
 * Inference of one jurisdiction, in two phases, mapped from the policy to the library's constructs
 * (lib/composition):
 * - `addInferencePrerequisites` (base stack `sovereign-<id>`): `JurisdictionInferenceBase`: the region
 *   keys, each AWS gateway's ACM certificate validated in the jurisdiction zone (delegated by the DNS
 *   stack, deployed before), the API Gateway account logging setting once per region, the Azure OpenAI
 *   key, vault and certificate slot, and outputs naming where the model artifacts must be uploaded.
 * - `addInference` (inference stack `sovereign-<id>-inference`): `JurisdictionInference`: self-hosted
 *   models on SageMaker and managed models on Bedrock (AWS), Azure OpenAI, each regional model behind a
 *   gateway that serves `<region>.<id>.<domain>` and the jurisdiction's service name, with a `/health`
 *   route that asks the model, and the failover records in the jurisdiction zone.
 */
import type { FailoverEndpoint } from '../lib/dns';
import { JurisdictionInference as Inference, JurisdictionInferenceBase, type InferenceResources } from '../lib/composition';
import { countryChainOf, receivesCountryRoute, type SovereigntyPolicy } from '../lib/policy';
import { parentZoneOf } from './dns-account';
import type { InferenceStack } from './inference-stack';
import type { JurisdictionStack } from './jurisdiction-stack';
import type { JurisdictionStores } from './storage';

export { MODEL_ARTIFACTS_OUTPUT_PREFIX, MODEL_ARTIFACTS_UPLOAD_OUTPUT } from '../lib/composition';

/** Models, gateways and failover records of a jurisdiction (lib/composition `InferenceResources`). */
export type JurisdictionInference = InferenceResources;
/** What the base stack prepares for the inference stack (lib/composition `JurisdictionInferenceBase`). */
export type InferencePrerequisites = JurisdictionInferenceBase;

/** Phase 2 (base stack): keys, certificates, the per-region API Gateway account setting, artifact locations. */
export function addInferencePrerequisites(base: JurisdictionStack, policy: SovereigntyPolicy, stores: JurisdictionStores): InferencePrerequisites {
  return new JurisdictionInferenceBase(base, 'inference-base', {
    keys: base.keys,
    storage: stores,
    inference: base.policy.inference,
    domain: policy.domain,
    serviceName: policy.dns?.serviceName,
    namespace: policy.namespace,
    keyIssuedOn: policy.keyIssuedOn,
    // Only where the routing stack sends country-routed clients (lib/policy receivesCountryRoute).
    countryName: () => (receivesCountryRoute(base.policy, policy.routingDefault) ? parentZoneOf(base, policy, base.policy.jurisdiction.id, base.aws.find((a) => a.role === 'primary')!.region) : undefined),
  });
}

/** Phase 3 (inference stack): models, gateways and failover records. */
export function addInference(stack: InferenceStack, policy: SovereigntyPolicy, chain: readonly FailoverEndpoint[] | undefined, prereqs: InferencePrerequisites): JurisdictionInference {
  const f = stack.policy.failover;
  return new Inference(stack, 'inference', {
    placement: stack,
    base: prereqs,
    keys: stack.base.keys,
    inference: stack.policy.inference,
    clients: stack.policy.clients,
    domain: policy.domain,
    serviceName: policy.dns?.serviceName,
    namespace: policy.namespace,
    contact: policy.contact,
    failoverRecords: policy.dns?.provider === 'route53' && chain
      ? {
          chain,
          allowCrossBorder: f.allowCrossBorder,
          drill: f.drill,
          // Only tiers that hold a certificate for <service>.<domain> and accept it as Host get the country-routed name.
          countryChain: countryChainOf(stack.policy, policy.dns.serviceName, policy.domain).map((e) => e.name),
        }
      : undefined,
    hostedZoneId: () => stack.jurisdictionZoneId(policy.domain),
  });
}
