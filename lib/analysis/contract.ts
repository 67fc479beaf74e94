/**
 * The client contract a tier honours, read from what is synthesized (the gateways' routes, the
 * credential they check, the names they hold a certificate for) or from what the policy declares for
 * endpoints this tool does not build; and whether it is the jurisdiction's contract for the name its
 * clients dial. A tier that breaks it does not answer those clients, however healthy it is.
 *
 * Sources of each fact:
 * - AWS (API Gateway REST): methods and their resource paths; `authorization = CUSTOM` with a Lambda
 *   authorizer whose function carries `ISSUER`/`AUDIENCE` (lib/inference/aws-gateway-authorizer.ts), or
 *   `AWS_IAM` (SigV4 of the account's principals); the custom domain names mapped to the API (API Gateway
 *   refuses a domain name whose certificate does not cover it: CreateDomainName, "certificate ... must
 *   cover the domain name").
 * - Azure (API Management): the `v1` API's operations; `validate-jwt` in its policy with `<issuer>` and
 *   `<audience>`, else the account's Entra ID token is forwarded; the gateway host name of the custom
 *   domain, which is the only custom Host the service accepts besides `<name>.azure-api.net`
 *   (learn.microsoft.com/azure/api-management/configure-custom-domain: "API Management only accepts
 *   requests with host header values matching the default domain name or any of the configured custom
 *   domain names").
 */
import { certificateCovers } from '../catalog';
import type { DeclaredContract } from '../policy/model';
import { follow, resourcesOf, type SynthResource, type SynthStack } from './synth-output';

/** The routes of the one API (issue 13): every tier serves both. */
export const CONTRACT_ROUTES = Object.freeze(['POST /v1/chat/completions', 'GET /v1/models']);

export type Credential =
  | { readonly kind: 'jwt'; readonly issuer: string; readonly audience: string }
  | { readonly kind: 'aws-iam' }
  | { readonly kind: 'entra-id' }
  | { readonly kind: 'none' }
  | { readonly kind: 'mixed'; readonly detail: string };

/** What one tier serves to clients. */
export interface TierContract {
  /** `POST /v1/chat/completions`, ... */
  readonly routes: readonly string[];
  /** The credential its contract routes check. */
  readonly credential: Credential;
  /** Names (exact or `*.` wildcard) it holds a certificate for and accepts as Host. */
  readonly certificateNames: readonly string[];
  /** `synthesized` or `declared` (by the policy, for an endpoint this tool does not build). */
  readonly source: 'synthesized' | 'declared';
}

/** The jurisdiction's contract (policy `clients`, resolved to the name its clients dial). */
export interface ExpectedContract {
  readonly model: string;
  readonly jwt?: { readonly issuer: string; readonly audience: string };
  /**
   * `api.eu.ai.example.com` (clients.hostname jurisdiction) or `api.ai.example.com` (country).
   * @default - not judged (Traffic Manager: clients dial a name of yours CNAMEd to the profile, unknown here)
   */
  readonly hostname?: string;
}

/** True if certificate name `cert` (exact, or a `*.` wildcard of one label) covers `host` (RFC 6125 6.4.3): the catalog's one rule. */
export { certificateCovers };

export function describeCredential(c: Credential): string {
  switch (c.kind) {
    case 'jwt': return `JWT of ${c.issuer} (aud ${c.audience})`;
    case 'aws-iam': return 'AWS SigV4 of the account (IAM)';
    case 'entra-id': return 'Entra ID token for the Azure OpenAI account';
    case 'none': return 'no credential';
    case 'mixed': return `different credentials per route (${c.detail})`;
  }
}

function sameCredential(a: Credential, b: Credential): boolean {
  return a.kind === b.kind && (a.kind !== 'jwt' || (b.kind === 'jwt' && a.issuer === b.issuer && a.audience === b.audience));
}

/**
 * Why a client of the jurisdiction cannot use a tier with this contract, or [] when it can. Without a
 * jurisdiction JWT, the credential a client holds is the one of the chain's first tier (`fallback`).
 */
/** Marks a verdict line about a contract mismatch. */
export const CONTRACT_BROKEN = 'breaks the client contract';

export function contractBreaks(tier: TierContract | undefined, expected: ExpectedContract, fallback?: Credential): string[] {
  if (!tier) return ['declares no client contract (give it `contract:` in the policy: api, issuer, audience, hostnames)'];
  const out: string[] = [];
  const missing = CONTRACT_ROUTES.filter((r) => !tier.routes.includes(r));
  if (missing.length) out.push(`does not serve ${missing.join(' and ')}`);
  const wanted: Credential | undefined = expected.jwt ? { kind: 'jwt', ...expected.jwt } : fallback;
  if (wanted && !sameCredential(tier.credential, wanted)) out.push(`accepts ${describeCredential(tier.credential)}, not the ${expected.jwt ? "jurisdiction's" : "first tier's"} ${describeCredential(wanted)}`);
  if (expected.hostname !== undefined && !tier.certificateNames.some((n) => certificateCovers(n, expected.hostname!))) {
    out.push(`holds no certificate for ${expected.hostname}, the name clients dial (it serves ${tier.certificateNames.join(', ') || 'no custom name'})`);
  }
  return out;
}

export function declaredContract(c: DeclaredContract | undefined): TierContract | undefined {
  if (!c) return undefined;
  return { routes: [...CONTRACT_ROUTES], credential: { kind: 'jwt', issuer: c.issuer, audience: c.audience }, certificateNames: [...c.hostnames], source: 'declared' };
}

/** `/v1/chat/completions` of an API Gateway resource, following parent_id up to the root. */
function resourcePath(stack: SynthStack, resource: SynthResource | undefined, hops = 0): string {
  if (!resource || hops > 16) return '';
  const parent = follow(stack, resource.attrs.parent_id, 'aws_api_gateway_resource');
  return `${parent ? resourcePath(stack, parent, hops + 1) : ''}/${resource.attrs.path_part}`;
}

function awsMethodCredential(stack: SynthStack, method: SynthResource): Credential {
  if (method.attrs.authorization === 'AWS_IAM') return { kind: 'aws-iam' };
  if (method.attrs.authorization !== 'CUSTOM') return { kind: 'none' };
  const authorizer = follow(stack, method.attrs.authorizer_id, 'aws_api_gateway_authorizer');
  const fn = authorizer && follow(stack, authorizer.attrs.authorizer_uri, 'aws_lambda_function');
  const env = fn?.attrs.environment;
  const vars = (Array.isArray(env) ? env[0] : env)?.variables as Record<string, string> | undefined;
  return vars?.ISSUER && vars.AUDIENCE ? { kind: 'jwt', issuer: vars.ISSUER, audience: vars.AUDIENCE } : { kind: 'mixed', detail: 'a custom authorizer without ISSUER/AUDIENCE' };
}

function oneCredential(routes: readonly { route: string; credential: Credential }[]): Credential {
  const contract = routes.filter((r) => CONTRACT_ROUTES.includes(r.route));
  if (!contract.length) return { kind: 'none' };
  const first = contract[0].credential;
  return contract.every((r) => sameCredential(r.credential, first)) ? first : { kind: 'mixed', detail: contract.map((r) => `${r.route}: ${describeCredential(r.credential)}`).join('; ') };
}

/** The contract of one API Gateway REST API, with the custom domain names mapped to it. */
export function awsGatewayContract(stack: SynthStack, api: SynthResource, domainNames: readonly string[]): TierContract {
  const methods = resourcesOf(stack, 'aws_api_gateway_method').filter((m) => follow(stack, m.attrs.rest_api_id, 'aws_api_gateway_rest_api')?.name === api.name);
  const routes = methods.map((m) => ({ route: `${m.attrs.http_method} ${resourcePath(stack, follow(stack, m.attrs.resource_id, 'aws_api_gateway_resource'))}`, credential: awsMethodCredential(stack, m) }));
  return { routes: routes.map((r) => r.route), credential: oneCredential(routes), certificateNames: [...domainNames], source: 'synthesized' };
}

const XML_ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
const unescapeXml = (s: string) => s.replace(/&(amp|lt|gt|quot|apos);/g, (e) => XML_ENTITIES[e]);

/** The contract of one API Management service: the `v1` API's operations, its validate-jwt, its custom gateway host name. */
export function azureGatewayContract(stack: SynthStack, apim: SynthResource): TierContract {
  const ofApim = (r: SynthResource) => follow(stack, r.attrs.api_management_name, 'azurerm_api_management')?.name === apim.name;
  const apis = resourcesOf(stack, 'azurerm_api_management_api').filter(ofApim);
  const routes: string[] = [];
  let credential: Credential = { kind: 'none' };
  for (const api of apis) {
    const ops = resourcesOf(stack, 'azurerm_api_management_api_operation').filter((o) => ofApim(o) && follow(stack, o.attrs.api_name, 'azurerm_api_management_api')?.name === api.name);
    routes.push(...ops.map((o) => `${o.attrs.method} /${api.attrs.path}${o.attrs.url_template === '/' ? '' : o.attrs.url_template}`));
    if (api.attrs.path !== 'v1') continue;
    const policy = resourcesOf(stack, 'azurerm_api_management_api_policy').find((p) => ofApim(p) && follow(stack, p.attrs.api_name, 'azurerm_api_management_api')?.name === api.name);
    const xml = String(policy?.attrs.xml_content ?? '');
    const jwt = /<validate-jwt[\s\S]*?<\/validate-jwt>/.exec(xml)?.[0];
    const issuer = jwt && /<issuer>([^<]*)<\/issuer>/.exec(jwt)?.[1];
    const audience = jwt && /<audience>([^<]*)<\/audience>/.exec(jwt)?.[1];
    credential = issuer && audience ? { kind: 'jwt', issuer: unescapeXml(issuer), audience: unescapeXml(audience) } : jwt ? { kind: 'mixed', detail: 'validate-jwt without one issuer and audience' } : { kind: 'entra-id' };
  }
  const domains = resourcesOf(stack, 'azurerm_api_management_custom_domain').filter((d) => follow(stack, d.attrs.api_management_id, 'azurerm_api_management')?.name === apim.name);
  const names = domains.flatMap((d) => [d.attrs.gateway].flat().filter(Boolean).map((g: any) => String(g.host_name)));
  return { routes, credential, certificateNames: names, source: 'synthesized' };
}
