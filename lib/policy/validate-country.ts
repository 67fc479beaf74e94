/**
 * The country-routed name `<service>.<domain>` in a policy: which tiers serve it (a jurisdiction that
 * asks its clients to dial it), and which jurisdictions would claim it in one AWS region.
 */
import { countryNameRefusal, countryRoutedName, receivesCountryRoute } from './country-route';
import type { Finding } from './finding';
import { policyFailoverChain, type JurisdictionPolicy } from './model';
import type { PolicyPath } from './problems';

/**
 * `clients.hostname: country`: DNS sends `<service>.<domain>` only to tiers that serve it (lib/policy
 * country-route.ts); with none the name answers nothing for this jurisdiction (an error), with some
 * clients of that name get a shorter chain (a warning naming the tiers left out).
 */
export function countryNameFindings(j: JurisdictionPolicy, i: number, serviceName: string, domain: string): Finding[] {
  if (j.clients.hostname !== 'country') return [];
  const path: PolicyPath = ['jurisdictions', i, 'clients', 'hostname'];
  const name = countryRoutedName(serviceName, domain);
  const refused = policyFailoverChain(j, domain).map((e) => ({ e, why: countryNameRefusal(e, j, serviceName, domain) })).filter((x) => x.why);
  if (!refused.length) return [];
  const list = refused.map(({ e, why }) => `${e.name}: ${why}`).join('; ');
  if (refused.length === policyFailoverChain(j, domain).length) {
    return [{ severity: 'error', path, message: `"country" (${name}) is served by no tier of jurisdiction "${j.jurisdiction.id}"'s chain (${list}), so DNS sends that name nowhere for its clients; use "jurisdiction" (clients dial ${serviceName}.${j.jurisdiction.id}.${domain}), or add a tier that serves ${name}` }];
  }
  return [{ severity: 'warning', path, message: `clients dialling "country" (${name}) fail over only between the tiers that serve it; DNS never sends that name to ${refused.map((x) => x.e.name).join(', ')} (${list}); "jurisdiction" (${serviceName}.${j.jurisdiction.id}.${domain}) reaches every tier` }];
}

/**
 * With Route 53 routing every AWS gateway serves the country-routed name `<service>.<domain>` through
 * an API Gateway custom domain, and "a custom domain name must be unique within a Region across all
 * AWS accounts" (docs.aws.amazon.com/apigateway/latest/developerguide/how-to-custom-domains.html,
 * Considerations): two jurisdictions' gateways in one region would both create it, and the second
 * apply fails. Refused here, at the second jurisdiction's region. A jurisdiction that receives no
 * country-routed clients (no client countries, not the routing default) claims no such domain.
 */
export function sharedGatewayRegionFindings(resolved: readonly (JurisdictionPolicy | undefined)[], serviceName: string, domain: string, routingDefault: string | null): Finding[] {
  const first = new Map<string, string>();
  const out: Finding[] = [];
  resolved.forEach((j, i) =>
    (j && receivesCountryRoute(j, routingDefault) ? j.inference?.selfHosted?.regions ?? [] : []).forEach((region, k) => {
      const owner = first.get(region.code);
      if (owner === undefined) return void first.set(region.code, j!.jurisdiction.id);
      out.push({
        severity: 'error',
        path: ['jurisdictions', i, 'inference', 'selfHosted', 'regions', k],
        message: `jurisdiction "${owner}" already runs an AWS gateway in ${region.code}: both would create the API Gateway custom domain ${countryRoutedName(serviceName, domain)}, and a custom domain name is unique within a region across all AWS accounts; give "${j!.jurisdiction.id}" another region`,
      });
    }),
  );
  return out;
}
