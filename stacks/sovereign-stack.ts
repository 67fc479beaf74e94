import { TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { tierFqdn } from '../lib/dns';
import { KubernetesProvider } from '../lib/kubernetes/binding';
import type { JurisdictionPolicy, SovereigntyPolicy } from '../lib/policy';
import { KubernetesVllmTier } from '../lib/sovereign/vllm-tier';
import { configureEngine } from './engine';
import { jurisdictionStateKey, stackName } from './providers';

export function sovereignStackName(jurisdictionId: string): string {
  return `${stackName(jurisdictionId)}-sovereign`;
}

/**
 * The names DNS may send clients to on the sovereign tier, each needing the certificate: its own
 * host name, the jurisdiction's service name `<service>.<id>.<domain>` (the failover records CNAME
 * it here, and a CNAME does not change the name TLS is asked for) and `<service>.<domain>` where the
 * policy routes clients by country.
 */
export function sovereignHostnames(policy: Pick<SovereigntyPolicy, 'dns' | 'domain'>, j: JurisdictionPolicy): string[] {
  const own = j.sovereign!.hostname;
  if (!policy.dns) return [own];
  const service = policy.dns.serviceName;
  return [...new Set([own, tierFqdn(1, service, j.jurisdiction.id, policy.domain), `${service}.${policy.domain}`])];
}

/**
 * Phase 3 beside `sovereign-<id>-inference` (`sovereign-<id>-sovereign`): the sovereign inference
 * tier on the cluster the policy names (lib/sovereign), deployed with the kubernetes provider through
 * the cluster's kubeconfig context. It reads nothing from the other stacks; it depends on the base
 * stack only to keep one deploy order. State: the jurisdiction's backend, key `.../sovereign.tfstate`.
 */
export class SovereignStack extends TerraformStack {
  public readonly policy: JurisdictionPolicy;
  public readonly tier: KubernetesVllmTier;

  constructor(scope: Construct, policy: SovereigntyPolicy, j: JurisdictionPolicy, base?: TerraformStack) {
    super(scope, sovereignStackName(j.jurisdiction.id));
    const tier = j.sovereign;
    if (!tier || !j.clients.jwt) throw new Error(`${this.node.path}: jurisdiction "${j.jurisdiction.id}" has no sovereign tier with a client JWT (policy sovereign, clients.issuer/audience)`);
    this.policy = j;
    configureEngine(this, j.engine, j.requiredTerraformVersion, j.state, jurisdictionStateKey(j, 'sovereign'));
    if (base) this.addDependency(base);
    const provider = new KubernetesProvider(this, 'kubernetes', { configContext: tier.cluster.context, configPath: tier.cluster.configPath });
    this.tier = new KubernetesVllmTier(this, 'tier', {
      provider,
      tier,
      jurisdictionId: j.jurisdiction.id,
      model: j.clients.model,
      issuer: j.clients.jwt.issuer,
      audience: j.clients.jwt.audience,
      hostnames: sovereignHostnames(policy, j),
    });
  }
}
