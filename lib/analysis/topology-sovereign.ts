/**
 * The sovereign inference tier in the topology (issue 16): read from the synthesized hashicorp/kubernetes
 * resources of a `sovereign-<id>-sovereign` stack. The ingress is the tier's gateway (its TLS hosts are
 * the names it serves), the vLLM deployment its model, the weight store its artifacts; who runs the
 * cluster and where come from the labels lib/sovereign writes from the policy (`sovereign-ai/operator`,
 * `sovereign-ai/country`), since nothing else in Terraform can say it.
 *
 * The cluster is one site: it gets the pseudo-region `<operator>-cluster`, so `region-outage` takes
 * it down in turn like any cloud region, and `cloud-outage` / `cutoff:<home>` reach it through its operator.
 * The weight store is a store of the jurisdiction (data verdicts) at the same site when the cluster's
 * operator runs it, else at `<its operator>-store`; pods copy the weights at start, so a running tier
 * does not depend on it (it is the model's artifacts, not a link of the inference path).
 * Its client contract (routes, JWT, certificate names) is read by lib/analysis/contract-kubernetes.ts.
 */
import type { CountryCode } from '../catalog';
import { TIER_LABELS } from '../catalog/kubernetes-labels';
import { kubernetesIngressContract } from './contract-kubernetes';
import type { Component, Gateway, Store, Topology } from './model';
import { block, resourcesOf, type SynthOutput, type SynthStack } from './synth-output';

function labelsOf(attrs: Record<string, any>): Record<string, string> {
  return (block(attrs.metadata)?.labels ?? {}) as Record<string, string>;
}

function listOf(value: unknown): Record<string, any>[] {
  return Array.isArray(value) ? value : value && typeof value === 'object' ? [value as Record<string, any>] : [];
}

/** The tier's gateways of one stack, by jurisdiction id. */
export function readSovereignTiers(stack: SynthStack): { jurisdiction: string; gateway: Gateway; weights?: Store }[] {
  const deployments = resourcesOf(stack, 'kubernetes_deployment_v1').filter((d) => labelsOf(d.attrs)[TIER_LABELS.operator]);
  return resourcesOf(stack, 'kubernetes_ingress_v1').flatMap((ing) => {
    const l = labelsOf(ing.attrs);
    const jurisdiction = l[TIER_LABELS.jurisdiction];
    if (!jurisdiction || !l[TIER_LABELS.operator]) return [];
    const region = `${l[TIER_LABELS.operator]}-cluster`;
    const where = (operator: string, country: string | undefined, kind: Component['kind'], label: string, address: string): Component => ({ kind, label, address, operator, region, country: country as CountryCode | undefined });
    const d = deployments.find((x) => labelsOf(x.attrs)[TIER_LABELS.jurisdiction] === jurisdiction);
    const dl = d ? labelsOf(d.attrs) : {};
    const container = listOf(block(block(block(d?.attrs.spec)?.template)?.spec)?.container).find((c) => c.name === 'vllm');
    const args: string[] = container?.args ?? [];
    const served = args[args.indexOf('--served-model-name') + 1];
    const gpus = block(container?.resources)?.limits?.['nvidia.com/gpu'] ?? '?';
    const replicas = block(d?.attrs.spec)?.replicas ?? '?';
    const operator = l[TIER_LABELS.operator];
    // The weight store, named from the init container's rclone source (`:s3:<bucket>/<prefix>`, `--s3-endpoint=<url>`).
    const init = listOf(block(block(block(d?.attrs.spec)?.template)?.spec)?.init_container).find((c) => c.name === 'weights');
    const initArgs: string[] = init?.args ?? [];
    const source = initArgs.find((a) => a.startsWith(':s3:'))?.slice(4);
    const endpoint = initArgs.find((a) => a.startsWith('--s3-endpoint='))?.slice('--s3-endpoint='.length).replace(/^https:\/\//, '');
    const store: Component | undefined = dl[TIER_LABELS.weightsOperator]
      ? { kind: 'store', label: `weight store ${endpoint ?? '?'}/${source ?? '?'} (S3-compatible)`, address: `${stack.name}/weights`, operator: dl[TIER_LABELS.weightsOperator], region: dl[TIER_LABELS.weightsOperator] === operator ? region : `${dl[TIER_LABELS.weightsOperator]}-store`, country: dl[TIER_LABELS.weightsCountry] as CountryCode | undefined }
      : undefined;
    const model = d
      ? {
          component: where(operator, l[TIER_LABELS.country], 'model', `vLLM ${served ?? '?'} on the ${operator} cluster`, `${stack.name}/kubernetes_deployment_v1.${d.name}`),
          detail: `vLLM ${served ?? '?'} (${replicas} pod(s) × ${gpus} nvidia.com/gpu) on the ${operator} cluster`,
          keys: [],
          artifacts: store,
        }
      : undefined;
    const hosts = listOf(block(ing.attrs.spec)?.tls).flatMap((t) => (t.hosts ?? []) as string[]);
    const gateway: Gateway = { component: where(operator, l[TIER_LABELS.country], 'gateway', `Kubernetes ingress ${block(ing.attrs.metadata)?.name ?? ing.name} (${operator} cluster)`, `${stack.name}/kubernetes_ingress_v1.${ing.name}`), hostnames: hosts, model, contract: kubernetesIngressContract(stack, ing) };
    return [{ jurisdiction, gateway, weights: store ? { name: 'weights', cloud: store.operator, copies: [{ component: store }] } : undefined }];
  });
}

/**
 * The topology with each jurisdiction's sovereign tier added: its gateway reachable by host name, its
 * components in the jurisdiction's (so the scenarios include its operator, home and site), its stack analyzed.
 */
export function withSovereignTiers(topo: Topology, synth: SynthOutput): Topology {
  const found = synth.stacks.flatMap((stack) => readSovereignTiers(stack).map((t) => ({ ...t, stack: stack.name })));
  if (!found.length) return topo;
  const byHost = new Map(topo.gatewaysByHost);
  for (const t of found) for (const h of t.gateway.hostnames) if (!byHost.has(h)) byHost.set(h, t.gateway);
  const jurisdictions = topo.jurisdictions.map((j) => {
    const tiers = found.filter((t) => t.jurisdiction === j.id);
    if (!tiers.length) return j;
    const mine = tiers.map((t) => t.gateway);
    const stores = tiers.flatMap((t) => (t.weights ? [t.weights] : []));
    const components = [...mine.flatMap((g) => [g.component, ...(g.model ? [g.model.component] : [])]), ...stores.flatMap((st) => st.copies.map((c) => c.component))];
    return {
      ...j,
      gateways: [...j.gateways, ...mine],
      models: [...j.models, ...mine.flatMap((g) => (g.model ? [g.model] : []))],
      stores: [...j.stores, ...stores],
      components: [...j.components, ...components],
    };
  });
  const stacks = new Set(found.map((t) => t.stack));
  return {
    ...topo,
    jurisdictions,
    gatewaysByHost: byHost,
    analyzedStacks: [...topo.analyzedStacks, ...[...stacks].filter((s) => !topo.analyzedStacks.includes(s))].sort(),
    otherStacks: topo.otherStacks.filter((s) => !stacks.has(s)),
  };
}
