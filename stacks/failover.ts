/**
 * DNS failover of one jurisdiction: the chain (gateways, then other operators' endpoints) and, with
 * Route 53, the jurisdiction's delegated zone with health checks and nested failover records.
 */
import { JurisdictionZone, type FailoverEndpoint } from '../lib/dns';
import type { SovereigntyPolicy } from '../lib/policy';
import type { JurisdictionStack } from './jurisdiction-stack';

/** The failover chain: the policy's explicit endpoints, or the jurisdiction's gateways; then external endpoints. */
export function failoverChain(stack: JurisdictionStack, gateways: readonly FailoverEndpoint[]): FailoverEndpoint[] {
  const f = stack.policy.failover;
  const chain = [...(f.endpoints ?? gateways), ...f.external];
  if (chain.length < 2) {
    throw new Error(
      `${stack.node.path}: the failover chain of jurisdiction "${stack.policy.jurisdiction.id}" has ${chain.length} endpoint(s); ` +
        'DNS failover needs at least two: configure inference in two regions or clouds, or list failover.endpoints / failover.external',
    );
  }
  return chain;
}

/** The jurisdiction zone `<id>.<domain>` (Route 53), owned by the jurisdiction's stack and its primary AWS provider. */
export function addJurisdictionZone(stack: JurisdictionStack, policy: SovereigntyPolicy, chain: readonly FailoverEndpoint[]): JurisdictionZone | undefined {
  if (policy.dns?.provider !== 'route53') return undefined;
  const primary = stack.aws.find((a) => a.role === 'primary');
  if (!primary) throw new Error(`${stack.node.path}: Route 53 zones need the jurisdiction's AWS provider`);
  const f = stack.policy.failover;
  return new JurisdictionZone(stack, 'dns-zone', {
    provider: primary.provider, // Route 53 is global; the primary provider carries the jurisdiction's account and tags
    jurisdiction: stack.policy.jurisdiction,
    domain: policy.domain,
    serviceName: policy.dns.serviceName,
    chain,
    allowCrossBorder: f.allowCrossBorder,
    drill: f.drill,
  });
}
