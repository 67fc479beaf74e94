/**
 * Issue 13, Done-when: every gateway holds a certificate for, and accepts as Host, every name DNS can
 * send a client to it with. Read from the synthesized default policy's Terraform JSON alone (not
 * through lib/analysis): the parent zone's geolocation records, the jurisdiction zones' failover sets
 * and CNAMEs, followed to the gateways; then, per gateway kind, what it accepts:
 * - API Gateway (REST, regional): the custom domain names (`aws_api_gateway_domain_name`) mapped to
 *   the API, each covered by the ACM certificate of its region (the base stack's `aws_acm_certificate`
 *   domain_name + subject_alternative_names). API Gateway routes a request on the regional endpoint to
 *   the custom domain named by its SNI/Host; a name without a custom domain is refused (403), and
 *   CreateDomainName refuses a certificate that does not cover the name.
 * - API Management: its custom gateway host name (`azurerm_api_management_custom_domain` gateway
 *   host_name; the Key Vault certificate must cover it) and `<name>.azure-api.net`; "API Management only
 *   accepts requests with host header values matching the default domain name or any of the configured
 *   custom domain names" (learn.microsoft.com/azure/api-management/configure-custom-domain).
 * Names clients are given: the country-routed name (geolocation records), `<service>.<id>.<domain>` of
 * each jurisdiction zone, each gateway's regional name. The nested set names (`tier<n>.`, `<service>-country.`)
 * are CNAME targets, not names a client dials (TLS and Host carry the dialled name).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { certificateCovers } from '../../lib/catalog';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { synthPolicy } from '../analysis/support';

type Stacks = Record<string, any>;
interface Gateway { readonly kind: 'API Gateway' | 'API Management'; readonly id: string; readonly accepts: readonly string[] }

const resources = (stacks: Stacks, type: string) =>
  Object.entries(stacks).flatMap(([stack, json]) => Object.entries<any>(json.resource?.[type] ?? {}).map(([name, attrs]) => ({ stack, name, attrs })));
const ref = (value: unknown, type: string) => new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(String(value))?.[1];

function loadStacks(outdir: string): Stacks {
  const dir = join(outdir, 'stacks');
  return Object.fromEntries(readdirSync(dir).map((s) => [s, JSON.parse(readFileSync(join(dir, s, 'cdk.tf.json'), 'utf8'))]));
}

/** API Gateway reached through custom domain `domain` (stack, resource name): its REST API, with the names it accepts. */
function apiGatewayOf(stacks: Stacks, stack: string, domain: string): Gateway {
  const mappings = resources(stacks, 'aws_api_gateway_base_path_mapping').filter((m) => m.stack === stack);
  const api = ref(mappings.find((m) => ref(m.attrs.domain_name, 'aws_api_gateway_domain_name') === domain)!.attrs.api_id, 'aws_api_gateway_rest_api')!;
  const domains = resources(stacks, 'aws_api_gateway_domain_name').filter((d) => d.stack === stack);
  const mapped = mappings.filter((m) => ref(m.attrs.api_id, 'aws_api_gateway_rest_api') === api).map((m) => domains.find((d) => d.name === ref(m.attrs.domain_name, 'aws_api_gateway_domain_name'))!);
  // The domain's certificate: the base stack's ACM certificate of the same region (a cross-stack reference in the JSON).
  const base = stack.replace(/-inference$/, '');
  const accepts = mapped.filter((d) => {
    const cert = resources(stacks, 'aws_acm_certificate').find((c) => c.stack === base && c.attrs.provider === d.attrs.provider)!;
    return [cert.attrs.domain_name, ...(cert.attrs.subject_alternative_names ?? [])].some((n: string) => certificateCovers(n, d.attrs.domain_name));
  }).map((d) => d.attrs.domain_name as string);
  return { kind: 'API Gateway', id: `${stack}/${api}`, accepts };
}

function apiManagementOf(stacks: Stacks, host: string): Gateway {
  const apim = resources(stacks, 'azurerm_api_management').find((a) => `${a.attrs.name}.azure-api.net` === host)!;
  const custom = resources(stacks, 'azurerm_api_management_custom_domain').filter((c) => ref(c.attrs.api_management_id, 'azurerm_api_management') === apim.name && c.stack === apim.stack);
  return { kind: 'API Management', id: `${apim.stack}/${apim.attrs.name}`, accepts: [host, ...custom.flatMap((c) => [c.attrs.gateway].flat().map((g: any) => g.host_name as string))] };
}

/** Every gateway any record at `name` can lead to (every routing policy's answers, not only today's). */
function reach(stacks: Stacks, name: string, hops = 0): Gateway[] {
  if (hops > 16) throw new Error(`${name}: too many hops`);
  if (name.endsWith('.azure-api.net')) return [apiManagementOf(stacks, name)];
  // CNAMEs, and A/AAAA aliases (a regional API Gateway name is an alias A record to the domain's regional endpoint).
  const records = resources(stacks, 'aws_route53_record').filter((r) => r.attrs.name === name && ['CNAME', 'A', 'AAAA'].includes(r.attrs.type));
  return records.flatMap((r) => {
    const domain = r.attrs.alias && ref(r.attrs.alias.name, 'aws_api_gateway_domain_name');
    if (domain) return [apiGatewayOf(stacks, r.stack, domain)];
    const next: string[] = r.attrs.alias ? [r.attrs.alias.name] : r.attrs.records;
    return next.flatMap((t) => reach(stacks, t, hops + 1));
  });
}

/** The names clients are given, and every (name, gateway) pair DNS can produce, with the pairs the gateway refuses. */
function audit(stacks: Stacks): { pairs: { name: string; gateway: Gateway }[]; refused: string[] } {
  const geo = resources(stacks, 'aws_route53_record').filter((r) => r.attrs.geolocation_routing_policy);
  const countryNames = [...new Set(geo.map((r) => r.attrs.name as string))];
  const service = countryNames[0].split('.')[0];
  const domain = countryNames[0].slice(service.length + 1);
  const zones = resources(stacks, 'aws_route53_zone').map((z) => z.attrs.name as string).filter((z) => z.endsWith(`.${domain}`));
  const regional = resources(stacks, 'aws_route53_record')
    .filter((r) => !r.attrs.failover_routing_policy && (ref(r.attrs.alias?.name, 'aws_api_gateway_domain_name') || (r.attrs.type === 'CNAME' && String(r.attrs.records).endsWith('.azure-api.net'))))
    .map((r) => r.attrs.name as string);
  const names = [...new Set([...countryNames, ...zones.map((z) => `${service}.${z}`), ...regional])];
  const pairs = names.flatMap((name) => reach(stacks, name).map((gateway) => ({ name, gateway })));
  const refused = pairs.filter((p) => !p.gateway.accepts.some((a) => certificateCovers(a, p.name))).map((p) => `${p.name} → ${p.gateway.kind} ${p.gateway.id} (accepts ${p.gateway.accepts.join(', ')})`);
  return { pairs, refused: [...new Set(refused)] };
}

const stacks = loadStacks(synthPolicy(DEFAULT_POLICY_YAML).outdir);

describe('the default policy: every name DNS can resolve to a gateway is one that gateway holds a certificate for and accepts', () => {
  const { pairs, refused } = audit(stacks);
  const reached = (kind: Gateway['kind'], id: string) => [...new Set(pairs.filter((p) => p.gateway.kind === kind && p.gateway.id.startsWith(`sovereign-${id}-`)).map((p) => p.name))].sort();

  test('no name reaches a gateway that refuses it', () => {
    expect(refused).toEqual([]);
  });

  test.each([['us', 'us-east-1', 'eastus2'], ['eu', 'eu-central-1', 'swedencentral'], ['in', 'ap-south-1', 'southindia']])('%s: API Gateway is reached by its regional name, the jurisdiction name and the country-routed name; API Management by its regional name and the jurisdiction name only', (id, awsRegion, azureRegion) => {
    expect(reached('API Gateway', id)).toEqual([`${awsRegion}.${id}.ai.example.com`, `api.${id}.ai.example.com`, 'api.ai.example.com'].sort());
    expect(reached('API Management', id)).toEqual([`${azureRegion}.${id}.ai.example.com`, `api.${id}.ai.example.com`].sort());
  });

  test('the check fails on the records this replaced: geolocation records pointing at the whole chain send api.ai.example.com to API Management', () => {
    const before = JSON.parse(JSON.stringify(stacks));
    for (const r of resources(before, 'aws_route53_record').filter((x) => x.attrs.geolocation_routing_policy)) {
      r.attrs.records = r.attrs.records.map((t: string) => t.replace(/^api-country\./, 'api.'));
    }
    const { refused: broken } = audit(before);
    expect(broken).toEqual(expect.arrayContaining(['us', 'eu', 'in'].map((id) => expect.stringMatching(new RegExp(`^api\\.ai\\.example\\.com → API Management sovereign-${id}-inference/apim-${id}-[a-z0-9-]+ \\(accepts apim-[^,]+\\.azure-api\\.net, \\*\\.${id}\\.ai\\.example\\.com\\)$`)))));
  });
});
