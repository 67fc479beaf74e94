/**
 * What a client of a jurisdiction may be sent to, from the policy alone: the names it dials (the
 * country-routed `<service>.<domain>`, the jurisdiction's `<service>.<id>.<domain>`) and, per name, the
 * tiers of the failover chain DNS can answer it with (the country-routed name only goes to tiers that
 * serve it: lib/policy country-route.ts), each tier reachable by its own name.
 */
import { drilledEndpointNames } from '../dns/chain';
import { clientHostname, countryChainOf, countryRoutedName, policyFailoverChain, type JurisdictionPolicy, type SovereigntyPolicy } from '../policy';

export interface ProbeTier {
  readonly name: string;
  readonly hostname: string;
  readonly operator: string;
  readonly country: string;
}

export interface ProbeJurisdiction {
  readonly id: string;
  /** The model name its clients send (policy `clients.model`). */
  readonly model: string;
  /** Names a client may dial: `<service>.<domain>` (with Route 53 country routing) and `<service>.<id>.<domain>`. */
  readonly serviceNames: readonly string[];
  /** The name DNS failover answers for this jurisdiction: `<service>.<id>.<domain>`. */
  readonly failoverName: string;
  /** The one name clients dial (policy `clients.hostname`): every tier must serve it. */
  readonly clientName: string;
  /** Per service name, the tiers DNS can answer it with, in chain order; every one must serve it. */
  readonly tiersByName: ReadonlyMap<string, readonly ProbeTier[]>;
  /** The failover chain in order. */
  readonly tiers: readonly ProbeTier[];
  /** Tiers the policy's drill fails (empty without a drill). */
  readonly drilled: ReadonlySet<string>;
}

/** The chain as DNS serves it: the policy's explicit endpoints or its gateways (`<region>.<id>.<domain>`), then external endpoints. */
export function chainOf(j: JurisdictionPolicy, domain: string): ProbeTier[] {
  return policyFailoverChain(j, domain).map((e) => ({ name: e.name, hostname: e.hostname, operator: e.operator, country: e.country }));
}

/** Probe targets of every jurisdiction with DNS (or only `onlyId`); throws when `onlyId` names none. */
export function probeTargets(policy: SovereigntyPolicy, onlyId?: string): ProbeJurisdiction[] {
  const dns = policy.dns;
  if (!dns) throw new Error('the policy has no `dns` section: there is no name a client could be sent to');
  const ids = policy.jurisdictions.map((j) => j.jurisdiction.id);
  if (onlyId !== undefined && !ids.includes(onlyId)) throw new Error(`--jurisdiction "${onlyId}" is not in the policy (jurisdictions: ${ids.join(', ')})`);
  return policy.jurisdictions
    .filter((j) => onlyId === undefined || j.jurisdiction.id === onlyId)
    .map((j) => {
      const id = j.jurisdiction.id;
      const tiers = chainOf(j, policy.domain);
      const failoverName = `${dns.serviceName}.${id}.${policy.domain}`;
      const tiersByName = new Map<string, readonly ProbeTier[]>([[failoverName, tiers]]);
      if (dns.provider === 'route53') {
        // The geolocation records answer the country-routed name only with the tiers that serve it (possibly none).
        const serving = new Set(countryChainOf(j, dns.serviceName, policy.domain).map((e) => e.name));
        tiersByName.set(countryRoutedName(dns.serviceName, policy.domain), tiers.filter((t) => serving.has(t.name)));
      }
      const clientName = clientHostname(j, dns.serviceName, policy.domain);
      return { id, model: j.clients.model, serviceNames: [...tiersByName.keys()].reverse(), failoverName, clientName, tiersByName, tiers, drilled: drilledEndpointNames(id, tiers, j.failover.drill) };
    });
}
