/**
 * Labels the sovereign tier (lib/sovereign/vllm-tier.ts) writes on its Kubernetes objects from the
 * policy, and the cut-off analysis (lib/analysis/topology-sovereign.ts) reads back from the
 * synthesized JSON: who runs the cluster, the weight store and the registry, and in which country.
 * Nothing else in the hashicorp/kubernetes resources can say it. Here, in the catalog, so both sides
 * share one spelling without the analysis importing a construct.
 */
export const TIER_LABELS = Object.freeze({
  jurisdiction: 'sovereign-ai/jurisdiction',
  operator: 'sovereign-ai/operator',
  country: 'sovereign-ai/country',
  weightsOperator: 'sovereign-ai/weights-operator',
  weightsCountry: 'sovereign-ai/weights-country',
  registryOperator: 'sovereign-ai/registry-operator',
  registryCountry: 'sovereign-ai/registry-country',
});
