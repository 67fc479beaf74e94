/**
 * The thin kubernetes bindings (lib/kubernetes) emit only arguments that hashicorp/kubernetes v3.2.1
 * declares, at the place it declares them, with its types and allowed values. No provider binary is
 * here (Terraform can only parse the configuration: test/terraform/gate.test.ts), so the schema is
 * encoded from the provider source at tag v3.2.1 (github.com/hashicorp/terraform-provider-kubernetes):
 * - provider.go: provider arguments (config_path, config_context) and the resource map;
 * - schema_metadata.go (metadata: annotations, labels, name, namespace, generate_name);
 * - resource_kubernetes_deployment_v1.go (spec: replicas TypeString, selector, strategy type
 *   RollingUpdate|Recreate, rolling_update max_surge/max_unavailable; wait_for_rollout; Timeouts);
 * - schema_pod_spec.go (pod spec, pod security_context run_as_* TypeString, toleration, volume
 *   config_map / empty_dir medium, size_limit);
 * - schema_container.go (container, probes exec/http_get/tcp_socket/grpc and thresholds, resources
 *   limits/requests TypeMap, container security_context, port container_port TypeInt, env, env_from);
 * - resource_kubernetes_service_v1.go (port TypeInt, target_port TypeString, type enum);
 * - resource_kubernetes_ingress_v1.go, schema_backend_spec_v1.go (tls hosts/secret_name, rule host/http/path,
 *   path_type enum, backend service name/port number TypeInt);
 * - resource_kubernetes_network_policy_v1.go (pod_selector, policy_types, ingress from/ports, egress to/ports,
 *   ip_block cidr/except, port TypeString).
 */
import { isMapArgument, toHclAttributes, toTerraformJson } from '../../lib/kubernetes';
import { EU_FILE, policyText, sovereignStackJson } from './support';

const META = ['annotations', 'generate_name', 'labels', 'name', 'namespace'];
const SELECTOR = ['match_expressions', 'match_labels'];
const PROBE = ['exec', 'failure_threshold', 'grpc', 'http_get', 'initial_delay_seconds', 'period_seconds', 'success_threshold', 'tcp_socket', 'timeout_seconds'];
const CONTAINER = ['args', 'command', 'env', 'env_from', 'image', 'image_pull_policy', 'lifecycle', 'liveness_probe', 'name', 'port', 'readiness_probe', 'resources', 'restart_policy', 'security_context', 'startup_probe', 'stdin', 'stdin_once', 'termination_message_path', 'termination_message_policy', 'tty', 'volume_device', 'volume_mount', 'working_dir'];
const CONTAINER_SC = ['allow_privilege_escalation', 'capabilities', 'privileged', 'read_only_root_filesystem', 'run_as_group', 'run_as_non_root', 'run_as_user', 'seccomp_profile', 'se_linux_options'];
const container = (p: string): Record<string, string[]> => ({
  [p]: CONTAINER,
  [`${p}.env`]: ['name', 'value', 'value_from'],
  [`${p}.env_from`]: ['config_map_ref', 'prefix', 'secret_ref'],
  [`${p}.env_from.secret_ref`]: ['name', 'optional'],
  [`${p}.port`]: ['container_port', 'host_ip', 'host_port', 'name', 'protocol'],
  [`${p}.resources`]: ['limits', 'requests'],
  [`${p}.security_context`]: CONTAINER_SC,
  [`${p}.security_context.capabilities`]: ['add', 'drop'],
  [`${p}.security_context.seccomp_profile`]: ['localhost_profile', 'type'],
  [`${p}.volume_mount`]: ['mount_path', 'mount_propagation', 'name', 'read_only', 'sub_path', 'sub_path_expr'],
  ...Object.fromEntries(['liveness_probe', 'readiness_probe', 'startup_probe'].flatMap((k) => [[`${p}.${k}`, PROBE], [`${p}.${k}.exec`, ['command']], [`${p}.${k}.tcp_socket`, ['port']]])),
});
const POD = 'kubernetes_deployment_v1.spec.template.spec';

/** Block path → the arguments the provider declares there (v3.2.1). */
const SCHEMA: Record<string, string[]> = {
  'provider.kubernetes': ['client_certificate', 'client_key', 'cluster_ca_certificate', 'config_context', 'config_context_auth_info', 'config_context_cluster', 'config_path', 'config_paths', 'exec', 'experiments', 'host', 'ignore_annotations', 'ignore_labels', 'insecure', 'password', 'proxy_url', 'tls_server_name', 'token', 'username'],
  kubernetes_namespace_v1: ['metadata', 'timeouts', 'wait_for_default_service_account'],
  'kubernetes_namespace_v1.metadata': ['annotations', 'generate_name', 'labels', 'name'],
  kubernetes_config_map_v1: ['binary_data', 'data', 'immutable', 'metadata'],
  'kubernetes_config_map_v1.metadata': META,
  kubernetes_deployment_v1: ['metadata', 'spec', 'timeouts', 'wait_for_rollout'],
  'kubernetes_deployment_v1.metadata': META,
  'kubernetes_deployment_v1.timeouts': ['create', 'delete', 'update'],
  'kubernetes_deployment_v1.spec': ['min_ready_seconds', 'paused', 'progress_deadline_seconds', 'replicas', 'revision_history_limit', 'selector', 'strategy', 'template'],
  'kubernetes_deployment_v1.spec.selector': SELECTOR,
  'kubernetes_deployment_v1.spec.strategy': ['rolling_update', 'type'],
  'kubernetes_deployment_v1.spec.strategy.rolling_update': ['max_surge', 'max_unavailable'],
  'kubernetes_deployment_v1.spec.template': ['metadata', 'spec'],
  'kubernetes_deployment_v1.spec.template.metadata': META,
  [POD]: ['active_deadline_seconds', 'affinity', 'automount_service_account_token', 'container', 'dns_config', 'dns_policy', 'enable_service_links', 'host_aliases', 'host_ipc', 'host_network', 'host_pid', 'hostname', 'image_pull_secrets', 'init_container', 'node_name', 'node_selector', 'os', 'priority_class_name', 'readiness_gate', 'restart_policy', 'runtime_class_name', 'scheduler_name', 'security_context', 'service_account_name', 'share_process_namespace', 'subdomain', 'termination_grace_period_seconds', 'toleration', 'topology_spread_constraint', 'volume'],
  [`${POD}.security_context`]: ['fs_group', 'fs_group_change_policy', 'run_as_group', 'run_as_non_root', 'run_as_user', 'seccomp_profile', 'se_linux_options', 'supplemental_groups', 'sysctl', 'windows_options'],
  [`${POD}.security_context.seccomp_profile`]: ['localhost_profile', 'type'],
  [`${POD}.toleration`]: ['effect', 'key', 'operator', 'toleration_seconds', 'value'],
  [`${POD}.volume`]: ['config_map', 'empty_dir', 'name', 'persistent_volume_claim', 'secret'],
  [`${POD}.volume.config_map`]: ['default_mode', 'items', 'name', 'optional'],
  [`${POD}.volume.empty_dir`]: ['medium', 'size_limit'],
  ...container(`${POD}.container`),
  ...container(`${POD}.init_container`),
  kubernetes_service_v1: ['metadata', 'spec', 'timeouts', 'wait_for_load_balancer'],
  'kubernetes_service_v1.metadata': META,
  'kubernetes_service_v1.spec': ['allocate_load_balancer_node_ports', 'cluster_ip', 'cluster_ips', 'external_ips', 'external_name', 'external_traffic_policy', 'health_check_node_port', 'internal_traffic_policy', 'ip_families', 'ip_family_policy', 'load_balancer_class', 'load_balancer_ip', 'load_balancer_source_ranges', 'port', 'publish_not_ready_addresses', 'selector', 'session_affinity', 'session_affinity_config', 'type'],
  'kubernetes_service_v1.spec.port': ['app_protocol', 'name', 'node_port', 'port', 'protocol', 'target_port'],
  kubernetes_ingress_v1: ['metadata', 'spec', 'wait_for_load_balancer'],
  'kubernetes_ingress_v1.metadata': META,
  'kubernetes_ingress_v1.spec': ['default_backend', 'ingress_class_name', 'rule', 'tls'],
  'kubernetes_ingress_v1.spec.tls': ['hosts', 'secret_name'],
  'kubernetes_ingress_v1.spec.rule': ['host', 'http'],
  'kubernetes_ingress_v1.spec.rule.http': ['path'],
  'kubernetes_ingress_v1.spec.rule.http.path': ['backend', 'path', 'path_type'],
  'kubernetes_ingress_v1.spec.rule.http.path.backend': ['resource', 'service'],
  'kubernetes_ingress_v1.spec.rule.http.path.backend.service': ['name', 'port'],
  'kubernetes_ingress_v1.spec.rule.http.path.backend.service.port': ['name', 'number'],
  kubernetes_network_policy_v1: ['metadata', 'spec'],
  'kubernetes_network_policy_v1.metadata': META,
  'kubernetes_network_policy_v1.spec': ['egress', 'ingress', 'pod_selector', 'policy_types'],
  'kubernetes_network_policy_v1.spec.pod_selector': SELECTOR,
  'kubernetes_network_policy_v1.spec.ingress': ['from', 'ports'],
  'kubernetes_network_policy_v1.spec.ingress.ports': ['end_port', 'port', 'protocol'],
  'kubernetes_network_policy_v1.spec.ingress.from': ['ip_block', 'namespace_selector', 'pod_selector'],
  'kubernetes_network_policy_v1.spec.ingress.from.namespace_selector': SELECTOR,
  'kubernetes_network_policy_v1.spec.egress': ['ports', 'to'],
  'kubernetes_network_policy_v1.spec.egress.ports': ['end_port', 'port', 'protocol'],
  'kubernetes_network_policy_v1.spec.egress.to': ['ip_block', 'namespace_selector', 'pod_selector'],
  'kubernetes_network_policy_v1.spec.egress.to.ip_block': ['cidr', 'except'],
  'kubernetes_network_policy_v1.spec.egress.to.namespace_selector': SELECTOR,
  'kubernetes_network_policy_v1.spec.egress.to.pod_selector': SELECTOR,
};
/** Terraform meta-arguments every resource may carry. */
const META_ARGUMENTS = ['depends_on', 'provider', 'lifecycle', 'count', 'for_each'];

/** Every (block path, argument) the JSON holds; map arguments are leaves. */
function argumentsOf(path: string, value: unknown, out: [string, string][] = []): [string, string][] {
  for (const v of Array.isArray(value) ? value : [value]) {
    if (!v || typeof v !== 'object') continue;
    for (const [k, x] of Object.entries(v)) {
      if (k === '//') continue;
      out.push([path, k]);
      if (isMapArgument(k, x)) continue;
      if (x && typeof x === 'object' && (!Array.isArray(x) || x.some((e) => e && typeof e === 'object'))) argumentsOf(`${path}.${k}`, x, out);
    }
  }
  return out;
}

const json = sovereignStackJson(policyText(EU_FILE), 'eu');
const emitted = [
  ...argumentsOf('provider.kubernetes', json.provider!.kubernetes),
  ...Object.entries(json.resource!).flatMap(([type, byName]) => Object.values(byName).flatMap((attrs) => argumentsOf(type, attrs))),
];

test('the stack uses only the six bound resource types', () => {
  expect(Object.keys(json.resource!).sort()).toEqual(['kubernetes_config_map_v1', 'kubernetes_deployment_v1', 'kubernetes_ingress_v1', 'kubernetes_namespace_v1', 'kubernetes_network_policy_v1', 'kubernetes_service_v1']);
});

test.each([...new Set(emitted.map(([p, k]) => `${p} ${k}`))].map((s) => s.split(' ')))('%s: %s is declared by hashicorp/kubernetes v3.2.1 there', (path, key) => {
  const isTopLevel = !path.includes('.') && path !== 'provider';
  const allowed = [...(SCHEMA[path] ?? []), ...(isTopLevel ? META_ARGUMENTS : [])];
  expect(allowed).toContain(key);
});

describe('types and allowed values the provider validates', () => {
  const deployment = Object.values(json.resource!.kubernetes_deployment_v1)[0] as any;
  const pod = deployment.spec[0].template[0].spec[0];
  const containers: any[] = [...pod.init_container, ...pod.container];
  test('TypeString where the provider takes IntOrString or quantities: replicas, pod run_as_*, target_port, network policy ports', () => {
    expect(typeof deployment.spec[0].replicas).toBe('string');
    for (const k of ['run_as_user', 'run_as_group', 'fs_group']) expect(typeof pod.security_context[0][k]).toBe('string');
    const service = Object.values(json.resource!.kubernetes_service_v1)[0] as any;
    expect(typeof service.spec[0].port[0].port).toBe('number');
    expect(typeof service.spec[0].port[0].target_port).toBe('string');
    for (const np of Object.values(json.resource!.kubernetes_network_policy_v1) as any[]) {
      for (const rule of [...(np.spec[0].ingress ?? []), ...(np.spec[0].egress ?? [])]) for (const p of rule.ports) expect(typeof p.port).toBe('string');
    }
  });
  test('TypeInt: container_port, ingress backend port number', () => {
    expect(typeof pod.container.find((c: any) => c.name === 'proxy').port[0].container_port).toBe('number');
    const ingress = Object.values(json.resource!.kubernetes_ingress_v1)[0] as any;
    expect(typeof ingress.spec[0].rule[0].http[0].path[0].backend[0].service[0].port[0].number).toBe('number');
  });
  test('enums: image_pull_policy, seccomp type, strategy type, path_type, policy_types, toleration operator/effect, protocol', () => {
    for (const c of containers) {
      expect(['Always', 'IfNotPresent', 'Never']).toContain(c.image_pull_policy);
      expect(['Localhost', 'RuntimeDefault', 'Unconfined']).toContain(c.security_context[0].seccomp_profile[0].type);
    }
    expect(['RollingUpdate', 'Recreate']).toContain(deployment.spec[0].strategy[0].type);
    expect(['Exists', 'Equal']).toContain(pod.toleration[0].operator);
    expect(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).toContain(pod.toleration[0].effect);
    const ingress = Object.values(json.resource!.kubernetes_ingress_v1)[0] as any;
    for (const r of ingress.spec[0].rule) expect(['ImplementationSpecific', 'Prefix', 'Exact']).toContain(r.http[0].path[0].path_type);
    for (const np of Object.values(json.resource!.kubernetes_network_policy_v1) as any[]) {
      for (const t of np.spec[0].policy_types) expect(['Ingress', 'Egress']).toContain(t);
    }
  });
  test('timeouts is a single block (an object in Terraform JSON), every other block a list', () => {
    expect(deployment.timeouts).toEqual({ create: '60m', update: '60m' });
    expect(Array.isArray(deployment.metadata)).toBe(true);
  });
});

describe('binding', () => {
  test('JSON: nested objects become one-element blocks, string maps stay maps; a Service selector is a map, a Deployment selector a block', () => {
    expect(toTerraformJson({ metadata: { name: 'x', labels: { a: 'b' } }, spec: { selector: { app: 'v' } } })).toEqual({ metadata: [{ name: 'x', labels: { a: 'b' } }], spec: [{ selector: { app: 'v' } }] });
    expect(toTerraformJson({ spec: { selector: { match_labels: { app: 'v' } } } })).toEqual({ spec: [{ selector: [{ match_labels: { app: 'v' } }] }] });
  });
  test('HCL: blocks are rendered as blocks, maps as map attributes, lists of strings as list attributes', () => {
    const hcl = toHclAttributes({ metadata: { labels: { a: 'b' } }, args: ['x'], replicas: '1' }) as any;
    expect(hcl.metadata).toMatchObject({ isBlock: true, type: 'list' });
    expect(hcl.metadata.value[0].labels).toMatchObject({ isBlock: false, type: 'map', value: { a: 'b' } });
    expect(hcl.args).toMatchObject({ isBlock: false, type: 'list', value: ['x'] });
    expect(hcl.replicas).toMatchObject({ isBlock: false, type: 'simple', value: '1' });
  });
});
