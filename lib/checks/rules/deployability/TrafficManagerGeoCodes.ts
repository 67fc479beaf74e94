import { isTrafficManagerCode, trafficManagerCountryProblem } from '../../../catalog';
import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { asList, isUnresolved } from '../support';

const ENDPOINT_TYPES = ['azurerm_traffic_manager_azure_endpoint', 'azurerm_traffic_manager_external_endpoint', 'azurerm_traffic_manager_nested_endpoint'];

/** Sovereign-TrafficManagerGeoCodes: what the Traffic Manager API refuses in geographic mappings. */
export const TrafficManagerGeoCodes = defineRule(
  {
    id: 'Sovereign-TrafficManagerGeoCodes',
    level: 'error',
    family: 'deployability',
    description:
      'A Traffic Manager endpoint\'s `geo_mappings` hold only codes of the geographic hierarchy (`WORLD`, `GEO-*`, ISO countries such as `GB` (never `UK`), AU/CA/GB/US subdivisions), each mapped once per profile, in a profile whose `traffic_routing_method` is Geographic.',
    appliesTo: ENDPOINT_TYPES,
  },
  function TrafficManagerGeoCodes(endpoint, ctx) {
    const codes = asList(endpoint.attrs.geo_mappings);
    if (codes.length === 0) return NOT_APPLICABLE;
    const profile = ctx.referencedBy(endpoint.attrs.profile_id).find((r) => r.type === 'azurerm_traffic_manager_profile');
    const method = profile?.attrs.traffic_routing_method;
    const siblings = ENDPOINT_TYPES.flatMap((t) => ctx.resourcesOfType(t)).filter((e) => e !== endpoint && e.attrs.profile_id === endpoint.attrs.profile_id);
    const taken = new Set(siblings.flatMap((e) => asList(e.attrs.geo_mappings)));
    const literalCodes = codes.filter((c) => !isUnresolved(c));
    return verdict([
      ...literalCodes.filter((c) => !isTrafficManagerCode(c)).map((c) => trafficManagerCountryProblem(c) ?? `"${c}" is not a Traffic Manager code`),
      ...literalCodes.filter((c, i) => literalCodes.indexOf(c) !== i).map((c) => `"${c}" is listed twice`),
      ...literalCodes.filter((c) => taken.has(c)).map((c) => `"${c}" is already mapped to another endpoint of the profile (a location maps to one endpoint)`),
      typeof method === 'string' && method !== 'Geographic' && `geo_mappings only work in a Geographic profile; ${profile!.address} routes by ${method}`,
    ]);
  },
);
