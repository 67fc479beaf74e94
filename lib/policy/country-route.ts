/**
 * Which tiers of a jurisdiction's failover chain DNS may send the country-routed name
 * `<service>.<domain>` to: only tiers that hold a certificate for it and accept it as `Host`. One rule
 * for the DNS records (lib/dns `JurisdictionZone.countryChain`, `GlobalGeoRouting`), the policy
 * validator and the probe.
 *
 * - An AWS gateway (API Gateway) of the chain: yes; with Route 53 routing its ACM certificate and a
 *   custom domain cover the name (lib/composition/inference-base.ts).
 * - An Azure gateway (API Management Standard v2): no. It binds one custom gateway host name,
 *   `*.<id>.<domain>`, and "only accepts requests with host header values matching the default domain
 *   name or any of the configured custom domain names"; several gateway host names are Premium and
 *   Developer only (learn.microsoft.com/azure/api-management/configure-custom-domain;
 *   learn.microsoft.com/azure/api-management/api-management-features, "Multiple custom domain names
 *   for gateway"). A wildcard covers one label (RFC 6125 §6.4.3), so `*.<id>.<domain>` does not cover
 *   `<service>.<domain>`.
 * - Any other endpoint: only when its declared `contract.hostnames` cover the name.
 */
import { certificateCovers, regionalGatewayHostname } from '../catalog';
import { inferenceGateways, policyFailoverChain, type FailoverEndpointPolicy, type JurisdictionPolicy } from './model';

type ChainSource = Pick<JurisdictionPolicy, 'inference' | 'jurisdiction' | 'failover'>;

/** `api.ai.example.com`: the name the routing stack's geolocation records answer. */
export function countryRoutedName(serviceName: string, domain: string): string {
  return `${serviceName}.${domain}`;
}

/** Why DNS must not send the country-routed name to endpoint `e` of `j`'s chain, or undefined when the endpoint serves it. */
export function countryNameRefusal(e: FailoverEndpointPolicy, j: ChainSource, serviceName: string, domain: string): string | undefined {
  const name = countryRoutedName(serviceName, domain);
  const gateway = inferenceGateways(j).find((g) => regionalGatewayHostname(g.region.code, j.jurisdiction.id, domain) === e.hostname);
  if (gateway?.cloud === 'aws') return undefined;
  if (gateway?.cloud === 'azure') return `API Management Standard v2 binds one custom gateway host name (*.${j.jurisdiction.id}.${domain}) and refuses Host ${name}`;
  if (e.contract?.hostnames.some((h) => certificateCovers(h, name))) return undefined;
  return e.contract ? `its contract.hostnames (${e.contract.hostnames.join(', ')}) do not cover ${name}` : `it declares no contract.hostnames covering ${name}`;
}

/** The endpoints of `j`'s failover chain that serve the country-routed name, in chain order (possibly none). */
export function countryChainOf(j: ChainSource, serviceName: string, domain: string): FailoverEndpointPolicy[] {
  return policyFailoverChain(j, domain).filter((e) => countryNameRefusal(e, j, serviceName, domain) === undefined);
}

/**
 * Whether the routing stack sends any client to `j` by the country-routed name: it claims client
 * countries, or it is the routing default (`*`). A jurisdiction that gets neither never receives
 * `<service>.<domain>`, so its gateways do not claim it (no certificate name, no custom domain).
 */
export function receivesCountryRoute(j: Pick<JurisdictionPolicy, 'clientCountries' | 'jurisdiction'>, routingDefault: string | null): boolean {
  return j.clientCountries.length > 0 || routingDefault === j.jurisdiction.id;
}
