/**
 * The proxy in front of vLLM in every pod of the sovereign tier (Envoy, static v3 configuration):
 * the one client contract of the chain, on the tier the jurisdiction runs.
 *
 * - Routes: exactly `POST /v1/chat/completions`, `GET /v1/models` (to vLLM on 127.0.0.1) and
 *   `GET /health`; every other path is answered 404 by Envoy (vLLM's other routes, /metrics,
 *   /tokenize, are not served outside the pod).
 * - Credential: the jurisdiction's JWT, checked by `envoy.filters.http.jwt_authn` against the issuer's
 *   JWKS (`remote_jwks`), its `iss` and `aud`, with the 60 s clock skew of the other tiers
 *   (JwtProvider.clock_skew_seconds; envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/http/jwt_authn/v3/config.proto).
 *   `/health` is the only route without a requirement (a rule with no `requires`).
 * - `/health` tests the model: the Lua filter sends a one-token completion to vLLM
 *   (`handle:httpCall`) and answers 200 only when vLLM answers it 200 (`handle:respond`),
 *   envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/lua_filter.
 * TLS is terminated by the cluster's ingress controller with the certificate of every name DNS sends
 * here; the listener (port 8080) is reachable only from the ingress controller (network policy).
 */

/** Port of the proxy (the Service's target port). */
export const PROXY_PORT = 8080;
/** vLLM listens on loopback only: nothing outside the pod reaches it but through the proxy. */
export const VLLM_PORT = 8000;
/** Seconds of clock skew accepted on `exp`/`nbf`: the other tiers' (AWS authorizer leeway, Azure validate-jwt clock-skew). */
export const JWT_CLOCK_SKEW_SECONDS = 60;
/** The routes of the contract, forwarded to vLLM. */
export const CONTRACT_ROUTES = Object.freeze([
  { method: 'POST', path: '/v1/chat/completions' },
  { method: 'GET', path: '/v1/models' },
]);
export const HEALTH_PATH = '/health';

export interface ProxyConfigProps {
  /** The model name clients send (`clients.model`), vLLM's `--served-model-name`. */
  readonly model: string;
  readonly issuer: string;
  readonly audience: string;
  readonly jwksUri: string;
}

/** The Lua script behind `/health`: a one-token completion of the served model. */
export function healthScript(model: string): string {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 });
  return [
    'function envoy_on_request(handle)',
    // Envoy's route and jwt_authn rule match the path without its query (route_components.proto `path`):
    // compare the same, or `/health?x` would pass unauthenticated to vLLM's own /health.
    `  local path = string.gsub(handle:headers():get(":path"), "%?.*$", "")`,
    `  if path ~= "${HEALTH_PATH}" then return end`,
    '  local headers, _ = handle:httpCall("vllm", {',
    '    [":method"] = "POST", [":path"] = "/v1/chat/completions", [":authority"] = "localhost",',
    '    ["content-type"] = "application/json"',
    `  }, ${JSON.stringify(body)}, 30000)`,
    '  local ok = headers ~= nil and headers[":status"] == "200"',
    '  handle:respond({ [":status"] = ok and "200" or "503", ["content-type"] = "text/plain" }, ok and "ok" or "model did not answer")',
    'end',
  ].join('\n');
}

/** `https://id.example.eu:8443/x` → host, port. */
function hostPort(url: string): { host: string; port: number } {
  const u = new URL(url);
  return { host: u.hostname, port: u.port ? Number(u.port) : 443 };
}

/** The Envoy bootstrap (JSON; Envoy reads a `.json` file given with `-c`). */
export function proxyConfig(p: ProxyConfigProps): Record<string, unknown> {
  const jwks = hostPort(p.jwksUri);
  const routes = [
    ...CONTRACT_ROUTES.map((r) => ({
      match: { path: r.path, headers: [{ name: ':method', string_match: { exact: r.method } }] },
      route: { cluster: 'vllm', timeout: '600s' },
    })),
    { match: { path: HEALTH_PATH }, route: { cluster: 'vllm', timeout: '35s' } },
    { match: { prefix: '/' }, direct_response: { status: 404, body: { inline_string: 'not found: this tier serves POST /v1/chat/completions, GET /v1/models and GET /health' } } },
  ];
  const cluster = (name: string, host: string, port: number, tls: boolean) => ({
    name,
    type: tls ? 'LOGICAL_DNS' : 'STATIC',
    connect_timeout: '5s',
    dns_lookup_family: 'V4_ONLY',
    load_assignment: { cluster_name: name, endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: host, port_value: port } } } }] }] },
    ...(tls
      ? {
          transport_socket: {
            name: 'envoy.transport_sockets.tls',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext',
              sni: host,
              common_tls_context: { validation_context: { trusted_ca: { filename: '/etc/ssl/certs/ca-certificates.crt' }, match_typed_subject_alt_names: [{ san_type: 'DNS', matcher: { exact: host } }] } },
            },
          },
        }
      : {}),
  });
  return {
    static_resources: {
      listeners: [
        {
          name: 'api',
          address: { socket_address: { address: '0.0.0.0', port_value: PROXY_PORT } },
          filter_chains: [
            {
              filters: [
                {
                  name: 'envoy.filters.network.http_connection_manager',
                  typed_config: {
                    '@type': 'type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager',
                    stat_prefix: 'api',
                    // A non-streamed completion may send nothing for minutes: the 5-minute default idle timeout would cut it.
                    stream_idle_timeout: '600s',
                    route_config: { name: 'api', virtual_hosts: [{ name: 'api', domains: ['*'], routes }] },
                    http_filters: [
                      {
                        name: 'envoy.filters.http.jwt_authn',
                        typed_config: {
                          '@type': 'type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication',
                          providers: {
                            jurisdiction: {
                              issuer: p.issuer,
                              audiences: [p.audience],
                              remote_jwks: { http_uri: { uri: p.jwksUri, cluster: 'jwks', timeout: '5s' }, cache_duration: '600s' },
                              clock_skew_seconds: JWT_CLOCK_SKEW_SECONDS,
                            },
                          },
                          rules: [{ match: { path: HEALTH_PATH } }, { match: { prefix: '/' }, requires: { provider_name: 'jurisdiction' } }],
                        },
                      },
                      { name: 'envoy.filters.http.lua', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua', default_source_code: { inline_string: healthScript(p.model) } } },
                      { name: 'envoy.filters.http.router', typed_config: { '@type': 'type.googleapis.com/envoy.extensions.filters.http.router.v3.Router' } },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
      clusters: [cluster('vllm', '127.0.0.1', VLLM_PORT, false), cluster('jwks', jwks.host, jwks.port, true)],
    },
  };
}
