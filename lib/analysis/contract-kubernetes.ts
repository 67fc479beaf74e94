/**
 * The client contract of the sovereign tier (issue 16), read from its synthesized hashicorp/kubernetes
 * resources the way lib/analysis/contract.ts reads the API Gateway and API Management ones: what a
 * client reaching the ingress actually gets, following the objects a request crosses.
 *
 *   ingress (TLS hosts: the names it holds a certificate for)
 *     → the Service its rules send to (backend.service.name)
 *     → the Deployment whose pod template the Service selects (selector ⊆ template labels)
 *     → the container listening on the Service's target port (the proxy)
 *     → the config map mounted into it holding `envoy.json` (Envoy's static bootstrap)
 *     → the listener on that port: its routes (a `route` action, not `direct_response`) and the
 *       `envoy.filters.http.jwt_authn` filter ahead of the router, whose rule for each route `requires`
 *       a provider with one issuer and one audience.
 *
 * Envoy semantics relied on: route matching takes the first route whose match applies, and
 * `jwt_authn` applies the first rule whose match applies (a rule without `requires` lets the request
 * through unverified); http filters run in list order, the router last
 * (envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/http/jwt_authn/v3/config.proto,
 * envoyproxy.io/docs/envoy/latest/api-v3/config/route/v3/route_components.proto). A link that cannot be
 * followed gives no route, no credential or no name, so the tier is judged as breaking the contract.
 */
import { CONTRACT_ROUTES, type Credential, type TierContract } from './contract';
import { block, follow, resourcesOf, type SynthResource, type SynthStack } from './synth-output';

const JWT_FILTER = 'envoy.filters.http.jwt_authn';
const ROUTER_FILTER = 'envoy.filters.http.router';
const HCM_FILTER = 'envoy.filters.network.http_connection_manager';

function listOf(value: unknown): Record<string, any>[] {
  return Array.isArray(value) ? value : value && typeof value === 'object' ? [value as Record<string, any>] : [];
}

/** Does an Envoy route/rule match (path, prefix, `:method` exact header) apply to `method path`? */
function matches(match: Record<string, any> | undefined, method: string, path: string): boolean {
  if (!match) return false;
  const pathOk = match.path !== undefined ? match.path === path : match.prefix !== undefined ? path.startsWith(match.prefix) : false;
  const methodHeader = listOf(match.headers).find((h) => h.name === ':method');
  const methodOk = !methodHeader || methodHeader.string_match?.exact === method || methodHeader.exact_match === method;
  return pathOk && methodOk && listOf(match.headers).every((h) => h.name === ':method');
}

/** The Envoy bootstrap a Service's target port leads to, or a reason it cannot be read. */
function envoyBehind(stack: SynthStack, service: SynthResource): { config?: Record<string, any>; port?: number } {
  const spec = block(service.attrs.spec) ?? {};
  const selector = (spec.selector ?? {}) as Record<string, string>;
  const targetPort = Number(listOf(spec.port)[0]?.target_port ?? listOf(spec.port)[0]?.port);
  const ns = block(service.attrs.metadata)?.namespace;
  const deployment = resourcesOf(stack, 'kubernetes_deployment_v1').find((d) => {
    const labels = (block(block(block(d.attrs.spec)?.template)?.metadata)?.labels ?? {}) as Record<string, string>;
    return block(d.attrs.metadata)?.namespace === ns && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
  });
  const pod = block(block(block(deployment?.attrs.spec)?.template)?.spec);
  const container = listOf(pod?.container).find((c) => listOf(c.port).some((p) => Number(p.container_port) === targetPort));
  if (!container) return { port: targetPort };
  const mounted = new Set(listOf(container.volume_mount).map((m) => m.name));
  for (const v of listOf(pod?.volume).filter((x) => mounted.has(x.name))) {
    const cm = follow(stack, block(v.config_map)?.name, 'kubernetes_config_map_v1');
    const text = cm?.attrs.data?.['envoy.json'];
    if (typeof text === 'string') {
      try {
        return { config: JSON.parse(text), port: targetPort };
      } catch {
        return { port: targetPort };
      }
    }
  }
  return { port: targetPort };
}

/** Routes (`POST /v1/chat/completions`) and the credential of each, from the listener on `port`. */
function envoyRoutes(config: Record<string, any> | undefined, port: number | undefined): { route: string; credential: Credential }[] {
  const listener = listOf(config?.static_resources?.listeners).find((l) => Number(l.address?.socket_address?.port_value) === port);
  const hcm = listOf(listener?.filter_chains).flatMap((c) => listOf(c.filters)).find((f) => f.name === HCM_FILTER)?.typed_config;
  if (!hcm) return [];
  const routes = listOf(hcm.route_config?.virtual_hosts).flatMap((vh) => listOf(vh.routes));
  const filters = listOf(hcm.http_filters);
  const jwtAt = filters.findIndex((f) => f.name === JWT_FILTER);
  const routerAt = filters.findIndex((f) => f.name === ROUTER_FILTER);
  const jwt = jwtAt >= 0 && (routerAt < 0 || jwtAt < routerAt) ? filters[jwtAt].typed_config : undefined;
  const credentialOf = (method: string, path: string): Credential => {
    const rule = listOf(jwt?.rules).find((r) => matches(r.match, method, path));
    const name = rule?.requires?.provider_name;
    if (!name) return { kind: 'none' };
    const provider = jwt.providers?.[name];
    const audiences: string[] = provider?.audiences ?? [];
    return provider?.issuer && audiences.length === 1 ? { kind: 'jwt', issuer: provider.issuer, audience: audiences[0] } : { kind: 'mixed', detail: `JWT provider ${name} without one issuer and one audience` };
  };
  return CONTRACT_ROUTES.flatMap((r) => {
    const [method, path] = r.split(' ');
    const first = routes.find((x) => matches(x.match, method, path));
    return first?.route ? [{ route: r, credential: credentialOf(method, path) }] : [];
  });
}

/** The contract of the sovereign tier behind one `kubernetes_ingress_v1`. */
export function kubernetesIngressContract(stack: SynthStack, ingress: SynthResource): TierContract {
  const spec = block(ingress.attrs.spec) ?? {};
  const certificateNames = listOf(spec.tls).filter((t) => t.secret_name).flatMap((t) => (t.hosts ?? []) as string[]);
  const backends = listOf(spec.rule).flatMap((r) => listOf(block(r.http)?.path)).map((p) => block(p.backend)?.service?.name ?? block(block(p.backend)?.service)?.name);
  const services = [...new Set(backends.map((b) => follow(stack, b, 'kubernetes_service_v1')?.name))];
  const service = services.length === 1 && services[0] ? resourcesOf(stack, 'kubernetes_service_v1').find((s) => s.name === services[0]) : undefined;
  const found = service ? envoyBehind(stack, service) : {};
  const routes = envoyRoutes(found.config, found.port);
  const contract = routes.filter((r) => CONTRACT_ROUTES.includes(r.route));
  const first = contract[0]?.credential ?? { kind: 'none' as const };
  const same = contract.every((r) => JSON.stringify(r.credential) === JSON.stringify(first));
  const credential: Credential = same ? first : { kind: 'mixed', detail: contract.map((r) => `${r.route}: ${r.credential.kind}`).join('; ') };
  return { routes: routes.map((r) => r.route), credential, certificateNames, source: 'synthesized' };
}
