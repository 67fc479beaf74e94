/**
 * The sovereign tier as synthesized from the shipped EU example: the properties that carry the
 * contract (routes, model name, JWT), residency (registry, weight store, egress), security (TLS on
 * every name, pod security, network policy) and deployability (GPU requests = limits, probes that
 * exercise the model).
 */
import { HEALTH_PATH, JWT_CLOCK_SKEW_SECONDS, PROXY_PORT, VLLM_PORT, registryImage } from '../../lib/sovereign';
import { EU_FILE, only, policyText, sovereignStackJson } from './support';

const json = sovereignStackJson(policyText(EU_FILE), 'eu');
const deployment = only(json, 'kubernetes_deployment_v1');
const pod = deployment.spec[0].template[0].spec[0];
const containers: any[] = [...pod.init_container, ...pod.container];
const vllm = pod.container.find((c: any) => c.name === 'vllm');
const proxyConfig = JSON.parse(only(json, 'kubernetes_config_map_v1').data['envoy.json']);
const hcm = proxyConfig.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;

describe('stack', () => {
  test('its own state key in the jurisdiction backend, the kubernetes provider pinned, connected by kubeconfig context only', () => {
    // The jurisdiction's state.s3Compatible: the national operator's storage, the tier's own key.
    expect(json.terraform!.backend.s3).toMatchObject({ bucket: 'eu-cutoff-proof-eu-tfstate', region: 'fr-par', key: 'sovereign-eu/terraform-sovereign.tfstate', endpoints: { s3: 'https://s3.natcloud.example.eu' }, use_path_style: true });
    expect(json.terraform!.required_providers.kubernetes).toEqual({ source: 'hashicorp/kubernetes', version: '3.2.1' });
    expect(json.provider!.kubernetes).toEqual([{ config_context: 'natcloud-fr-gpu' }]);
  });
});

describe('images', () => {
  test.each(containers.map((c) => [c.name, c]))('%s comes from the policy registry, tag re-pulled (Always)', (_, c) => {
    expect(c.image).toMatch(/^registry\.natcloud\.example\.eu\//);
    expect(c.image_pull_policy).toBe('Always');
  });
});

test('a digest-pinned image is never re-pulled; a tag is pulled on every start from the in-jurisdiction registry', () => {
  const digest = `vllm/vllm-openai@sha256:${'a'.repeat(64)}`;
  expect(registryImage('registry.example.eu', digest)).toEqual({ image: `registry.example.eu/${digest}`, image_pull_policy: 'IfNotPresent' });
  expect(registryImage('registry.example.eu:5000', 'vllm/vllm-openai:v0.11.0')).toEqual({ image: 'registry.example.eu:5000/vllm/vllm-openai:v0.11.0', image_pull_policy: 'Always' });
});

describe('vLLM', () => {
  test('serves clients.model, on loopback only, offline, no usage stats', () => {
    expect(vllm.command).toEqual(['vllm', 'serve']);
    const args: string[] = vllm.args;
    expect(args[args.indexOf('--served-model-name') + 1]).toBe('chat');
    expect(args[args.indexOf('--host') + 1]).toBe('127.0.0.1');
    expect(args[args.indexOf('--port') + 1]).toBe(String(VLLM_PORT));
    const env = Object.fromEntries(vllm.env.map((e: any) => [e.name, e.value]));
    expect(env).toMatchObject({ HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1', VLLM_NO_USAGE_STATS: '1' });
    expect(vllm.port).toBeUndefined();
  });

  test('GPU, CPU and memory requests equal limits', () => {
    const r = vllm.resources[0];
    expect(r.limits).toEqual({ cpu: '8', memory: '64Gi', 'nvidia.com/gpu': '1' });
    expect(r.requests).toEqual(r.limits);
    expect(pod.node_selector).toEqual({ 'nvidia.com/gpu.product': 'NVIDIA-H100-80GB-HBM3' });
  });

  test.each(['startup_probe', 'readiness_probe', 'liveness_probe'])('%s sends a one-token chat completion of the served model', (probe) => {
    const cmd: string[] = vllm[probe][0].exec[0].command;
    expect(cmd.slice(0, 2)).toEqual(['python3', '-c']);
    expect(cmd[2]).toContain(`http://127.0.0.1:${VLLM_PORT}/v1/chat/completions`);
    expect(cmd[2]).toContain(JSON.stringify(JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 })));
  });
});

describe('weights', () => {
  test('an init container copies them from the in-jurisdiction store with the operator-provided secret', () => {
    const init = pod.init_container[0];
    expect(init.args).toEqual(expect.arrayContaining(['copy', ':s3:sovereign-ai-weights/mistral-small-3.2-24b-instruct', '--s3-endpoint=https://s3.natcloud.example.eu', '--s3-env-auth']));
    expect(init.env_from[0].secret_ref[0].name).toBe('weights-credentials');
    expect(vllm.volume_mount.find((m: any) => m.name === 'weights')).toMatchObject({ mount_path: '/models', read_only: true });
  });
});

describe('pod security', () => {
  test.each(containers.map((c) => [c.name, c]))('%s: non-root, no escalation, no capabilities, read-only root', (_, c) => {
    expect(c.security_context[0]).toMatchObject({ privileged: false, allow_privilege_escalation: false, read_only_root_filesystem: true, run_as_non_root: true, capabilities: [{ drop: ['ALL'] }] });
  });
  test('the namespace enforces Pod Security restricted; no service account token is mounted', () => {
    expect(only(json, 'kubernetes_namespace_v1').metadata[0].labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(pod.automount_service_account_token).toBe(false);
  });
});

describe('network', () => {
  const policies = Object.values(json.resource!.kubernetes_network_policy_v1) as any[];
  test('default deny for ingress and egress in the namespace', () => {
    const deny = policies.find((p) => p.metadata[0].name === 'default-deny').spec[0];
    expect(deny).toEqual({ pod_selector: [{}], policy_types: ['Ingress', 'Egress'] });
  });
  test('ingress only from the ingress controller namespace on the proxy port; egress only DNS, the weight store and the issuer', () => {
    const p = policies.find((x) => x.metadata[0].name === 'vllm').spec[0];
    expect(p.ingress).toEqual([{ from: [{ namespace_selector: [{ match_labels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }] }], ports: [{ port: String(PROXY_PORT), protocol: 'TCP' }] }]);
    const cidrs = p.egress.flatMap((e: any) => e.to.flatMap((t: any) => (t.ip_block ? [t.ip_block[0].cidr] : [])));
    expect(cidrs.sort()).toEqual(['198.51.100.10/32', '198.51.100.20/32']);
    expect(p.egress.flatMap((e: any) => e.ports.map((x: any) => x.port)).sort()).toEqual(['443', '443', '53', '53']);
  });
  test('the service is ClusterIP; the ingress serves TLS for every name DNS sends here', () => {
    expect(only(json, 'kubernetes_service_v1').spec[0].type).toBe('ClusterIP');
    const ing = only(json, 'kubernetes_ingress_v1').spec[0];
    const names = ['llm.natcloud.example.eu', 'api.eu.ai.example.eu', 'api.ai.example.eu'];
    expect(ing.tls).toEqual([{ hosts: names, secret_name: 'sovereign-tls' }]);
    expect(ing.rule.map((r: any) => r.host)).toEqual(names);
  });
});

describe('proxy: the one contract and the one credential', () => {
  const routes = hcm.route_config.virtual_hosts[0].routes;
  const jwt = hcm.http_filters.find((f: any) => f.name === 'envoy.filters.http.jwt_authn').typed_config;
  test('the jurisdiction JWT: issuer, audience, JWKS, 60 s clock skew like the other tiers', () => {
    expect(jwt.providers.jurisdiction).toEqual({
      issuer: 'https://id.ai.example.eu/realms/sovereign-ai',
      audiences: ['sovereign-ai-eu'],
      remote_jwks: { http_uri: { uri: 'https://id.ai.example.eu/realms/sovereign-ai/protocol/openid-connect/certs', cluster: 'jwks', timeout: '5s' }, cache_duration: '600s' },
      clock_skew_seconds: 60,
    });
    expect(JWT_CLOCK_SKEW_SECONDS).toBe(60);
  });
  test('/health is the only route without a token requirement; everything else needs the JWT', () => {
    expect(jwt.rules).toEqual([{ match: { path: HEALTH_PATH } }, { match: { prefix: '/' }, requires: { provider_name: 'jurisdiction' } }]);
  });
  test('exactly POST /v1/chat/completions, GET /v1/models and /health reach vLLM; any other path is 404', () => {
    const forwarded = routes.filter((r: any) => r.route).map((r: any) => `${r.match.headers?.[0].string_match.exact ?? '*'} ${r.match.path}`);
    expect(forwarded).toEqual(['POST /v1/chat/completions', 'GET /v1/models', `* ${HEALTH_PATH}`]);
    expect(routes[routes.length - 1]).toMatchObject({ match: { prefix: '/' }, direct_response: { status: 404 } });
  });
  test('/health answers from a one-token completion of the served model, 503 otherwise', () => {
    const lua: string = hcm.http_filters.find((f: any) => f.name === 'envoy.filters.http.lua').typed_config.default_source_code.inline_string;
    expect(lua).toContain('handle:httpCall("vllm"');
    expect(lua).toContain('/v1/chat/completions');
    expect(lua).toContain('\\"model\\":\\"chat\\"');
    expect(lua).toContain('\\"max_tokens\\":1');
    expect(lua).toMatch(/ok and "200" or "503"/);
  });
  test('the JWT filter runs before the Lua health filter and the router', () => {
    expect(hcm.http_filters.map((f: any) => f.name)).toEqual(['envoy.filters.http.jwt_authn', 'envoy.filters.http.lua', 'envoy.filters.http.router']);
  });
});
