/**
 * Nested Route 53 failover sets for an ordered list of endpoints (used by `JurisdictionZone` for the
 * jurisdiction's chain and for the country-routed chain). For e1 → e2 → e3 at `names` [n1, n2]:
 *
 * ```
 * n1  PRIMARY   CNAME e1 (health check e1)   SECONDARY alias n2 (evaluate_target_health)
 * n2  PRIMARY   CNAME e2 (health check e2)   SECONDARY CNAME e3 (health check e3)
 * ```
 * Built from the last tier up: an alias's target records must exist before the alias ("an alias
 * record can route to another record in the same hosted zone", Route 53 Developer Guide).
 */
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import type { Construct } from 'constructs';
import type { ResolvedFailoverEndpoint } from './chain';

/** TTL of the leaf failover CNAMEs: Route 53 recommends 60 s or less for records with health checks. */
export const FAILOVER_RECORD_TTL_SECONDS = 60;

export interface FailoverRecordsOptions {
  readonly provider: AwsProvider;
  readonly zoneId: string;
  /** Prefix of construct ids and set identifiers: '' gives `tier1-primary`, `country-` gives `country-tier1-primary`. */
  readonly prefix: string;
  /** Names of the failover sets, one per endpoint but the last (`names[0]` is the name clients resolve). */
  readonly names: readonly string[];
  /** At least two endpoints, in failover order. */
  readonly endpoints: readonly ResolvedFailoverEndpoint[];
  /** Health check id by endpoint name. */
  readonly healthCheckIds: Readonly<Record<string, string>>;
}

export function addFailoverRecords(scope: Construct, o: FailoverRecordsOptions): void {
  const { provider, zoneId, prefix, names, endpoints } = o;
  const leaf = (tier: number, role: 'PRIMARY' | 'SECONDARY', e: ResolvedFailoverEndpoint) =>
    new Route53Record(scope, `${prefix}tier${tier}-${role.toLowerCase()}`, {
      provider,
      zoneId,
      name: names[tier - 1],
      type: 'CNAME',
      ttl: FAILOVER_RECORD_TTL_SECONDS,
      records: [e.hostname],
      setIdentifier: `${prefix}tier${tier}-${role.toLowerCase()}`,
      healthCheckId: o.healthCheckIds[e.name],
      failoverRoutingPolicy: { type: role },
    });
  let next: Route53Record[] = [];
  for (let tier = names.length; tier >= 1; tier--) {
    const primary = leaf(tier, 'PRIMARY', endpoints[tier - 1]);
    const secondary = tier === names.length
      ? leaf(tier, 'SECONDARY', endpoints[tier])
      : new Route53Record(scope, `${prefix}tier${tier}-secondary`, {
          provider,
          zoneId,
          name: names[tier - 1],
          type: 'CNAME',
          setIdentifier: `${prefix}tier${tier}-secondary`,
          alias: { name: names[tier], zoneId, evaluateTargetHealth: true },
          failoverRoutingPolicy: { type: 'SECONDARY' },
          dependsOn: next,
        });
    next = [primary, secondary];
  }
}
