/**
 * DNS failover of one jurisdiction: the chain (gateways, then other operators' endpoints). With Route 53
 * the zone is created by the DNS stack and the health checks and failover records by the inference
 * stack (stacks/inference.ts).
 */
import type { FailoverEndpoint } from '../lib/dns';
import { policyFailoverChain } from '../lib/policy';
import type { JurisdictionStack } from './jurisdiction-stack';

/** The failover chain (lib/policy `policyFailoverChain`), refused when DNS failover would have fewer than two endpoints. */
export function failoverChain(stack: JurisdictionStack, domain: string): FailoverEndpoint[] {
  const chain = policyFailoverChain(stack.policy, domain);
  if (chain.length < 2) {
    throw new Error(
      `${stack.node.path}: the failover chain of jurisdiction "${stack.policy.jurisdiction.id}" has ${chain.length} endpoint(s); ` +
        'DNS failover needs at least two: configure inference in two regions or clouds, or list failover.endpoints / failover.external',
    );
  }
  return chain;
}
