/**
 * DNS failover of one jurisdiction: the chain (gateways, then other operators' endpoints). With Route 53
 * the zone is created by the DNS stack and the health checks and failover records by the inference
 * stack (stacks/inference.ts).
 */
import type { FailoverEndpoint } from '../lib/dns';
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
