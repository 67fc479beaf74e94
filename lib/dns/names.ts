/**
 * DNS names the failover constructs create, and the checks on names they are given. One naming
 * scheme for both clouds:
 *
 * ```
 * <domain>                                   parent zone (GlobalGeoRouting, routing stack)
 * ├── <service>.<domain>                     geolocation CNAMEs, one per client country, plus `*`
 * ├── unrouted.<domain>                      never created: the `*` target when there is no default
 * └── <id>.<domain>                          NS delegation → jurisdiction zone (JurisdictionZone)
 *     ├── <service>.<id>.<domain>            tier 1: PRIMARY endpoint 1, SECONDARY → tier 2 (or endpoint 2)
 *     ├── tier<n>.<service>.<id>.<domain>    tier n: PRIMARY endpoint n, SECONDARY → tier n+1 (or the last endpoint)
 *     └── <service>-country.<id>.<domain>    only where some tiers do not serve <service>.<domain>: the same
 *                                            nesting over the tiers that do (one tier: a CNAME); the
 *                                            geolocation CNAMEs of the jurisdiction's countries point here
 * ```
 */
import { Token } from 'cdktn';

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const TIER_LABEL = /^tier\d+$/;

/** Label in the parent zone whose name is the `*` target when no jurisdiction answers unclaimed countries. */
export const UNROUTED_LABEL = 'unrouted';

/** Why `value` is not a lower-case DNS label (1–63 letters, digits, hyphens; no hyphen at either end), or undefined. */
export function dnsLabelProblem(what: string, value: string): string | undefined {
  if (LABEL.test(value)) return undefined;
  return `${what} "${value}" is not a DNS label: use 1-63 lower-case letters, digits and hyphens, starting and ending with a letter or digit`;
}

/**
 * Why `value` is not a lower-case, fully qualified public DNS name without a trailing dot (at least
 * two labels, at most 253 characters, a top-level label that is not numeric, so never an IP
 * address), or undefined. Unresolved tokens pass.
 */
export function dnsNameProblem(what: string, value: string): string | undefined {
  if (Token.isUnresolved(value)) return undefined;
  const labels = value.split('.');
  let why: string | undefined;
  if (value.length === 0 || value.length > 253) why = `it has ${value.length} characters (1-253 allowed)`;
  else if (value.endsWith('.')) why = 'it ends with a dot; give the name without the trailing dot';
  else if (value !== value.toLowerCase()) why = `it has upper-case letters; write "${value.toLowerCase()}"`;
  else if (labels.length < 2) why = 'it has a single label; give a fully qualified name such as gw.example.com';
  else if (labels.some((l) => !LABEL.test(l))) why = `label "${labels.find((l) => !LABEL.test(l))}" is not 1-63 letters, digits and hyphens starting and ending with a letter or digit`;
  else if (!/[a-z]/.test(labels[labels.length - 1])) why = 'its last label is numeric: an IP address is not a host name';
  return why ? `${what} "${value}" is not a DNS name: ${why}` : undefined;
}

/** Throws with every problem of the names the DNS constructs build from (jurisdiction id, domain, service label). */
export function assertNamingInputs(path: string, inputs: { readonly jurisdictionIds: readonly string[]; readonly domain: string; readonly serviceName: string }): void {
  const problems: string[] = [];
  const domainProblem = Token.isUnresolved(inputs.domain) ? 'domain must be a literal DNS name (it names zones and records)' : dnsNameProblem('domain', inputs.domain);
  if (domainProblem) problems.push(domainProblem);
  const serviceProblem = dnsLabelProblem('serviceName', inputs.serviceName);
  if (serviceProblem) problems.push(serviceProblem);
  if (TIER_LABEL.test(inputs.serviceName) || inputs.serviceName === UNROUTED_LABEL) {
    problems.push(`serviceName "${inputs.serviceName}" is reserved: "tier<n>" labels hold nested failover sets and "${UNROUTED_LABEL}" is the no-answer target`);
  }
  for (const id of inputs.jurisdictionIds) {
    const p = dnsLabelProblem('jurisdiction id', id);
    if (p) problems.push(p);
    else if (id === UNROUTED_LABEL || id === inputs.serviceName) {
      problems.push(`jurisdiction id "${id}" collides with the name "${id}.${inputs.domain}" the routing zone uses for ${id === UNROUTED_LABEL ? 'the no-answer target' : 'its geolocation records'}`);
    }
  }
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
}

/** `eu.ai.example.com` */
export function jurisdictionZoneName(jurisdictionId: string, domain: string): string {
  return `${jurisdictionId}.${domain}`;
}

/** Name of failover tier `tier` (1-based): tier 1 is `<service>.<id>.<domain>`, tier n is `tier<n>.<service>.<id>.<domain>`. */
export function tierFqdn(tier: number, serviceName: string, jurisdictionId: string, domain: string): string {
  const service = `${serviceName}.${jurisdictionZoneName(jurisdictionId, domain)}`;
  return tier === 1 ? service : `tier${tier}.${service}`;
}

/**
 * First label of the second failover set in a jurisdiction zone, `<service>-country.<id>.<domain>`:
 * the tiers of the chain that serve the country-routed name `<service>.<domain>` (a certificate for it,
 * accepted as `Host`), where not every tier does. The parent zone's geolocation records point there.
 */
export function countryChainLabel(serviceName: string): string {
  return `${serviceName}-country`;
}

/**
 * Where the country-routed name goes for a jurisdiction, given how many tiers of its chain serve it
 * (`JurisdictionZone.countryTarget` for the same inputs): undefined (all: `<service>.<id>.<domain>`,
 * the default), `<service>-country.<id>.<domain>` (some), null (none: no answer).
 */
export function countryTargetFor(chainLength: number, servingTiers: number, serviceName: string, jurisdictionId: string, domain: string): string | null | undefined {
  if (servingTiers >= chainLength) return undefined;
  return servingTiers === 0 ? null : tierFqdn(1, countryChainLabel(serviceName), jurisdictionId, domain);
}
