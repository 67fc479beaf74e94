/**
 * The rule pack's Kubernetes rules: each fires on a violating workload and passes the compliant one
 * (the tier lib/sovereign builds); the shipped tier passes every rule (tier.test.ts synthesizes it,
 * and synth refuses error findings: test/stacks/synth.test.ts).
 */
import { KubernetesObject, KubernetesProvider, type Body } from '../../lib/kubernetes';
import { KUBERNETES_RULES } from '../../lib/checks/rules';
import { registryOf } from '../../lib/checks/rules/kubernetes/ResidencyImageRegistry';
import { CONTAINER_SECURITY } from '../../lib/sovereign';
import { describeRules, Fixture } from '../checks/harness';

function provider(f: Fixture): KubernetesProvider {
  return (f.stack.node.tryFindChild('k8s') as KubernetesProvider) ?? new KubernetesProvider(f.stack, 'k8s', { configContext: 'test' });
}

const LIMITED = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } };

function container(overrides: Body = {}): Body {
  return { name: 'app', image: 'registry.example.eu/app:1', image_pull_policy: 'Always', resources: LIMITED, security_context: CONTAINER_SECURITY, ...overrides };
}

function deployment(f: Fixture, c: Body = container(), pod: Body = {}, labels: Record<string, string> = { 'sovereign-ai/registry-country': 'FR' }): KubernetesObject {
  return new KubernetesObject(f.stack, 'deployment', 'kubernetes_deployment_v1', {
    provider: provider(f),
    body: {
      metadata: { name: 'vllm', namespace: 'ns', labels },
      spec: { replicas: '1', selector: { match_labels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { container: [c], ...pod } } },
    },
  });
}

function ingress(f: Fixture, spec: Body, annotations: Record<string, string> = {}): KubernetesObject {
  return new KubernetesObject(f.stack, 'ingress', 'kubernetes_ingress_v1', { provider: provider(f), body: { metadata: { name: 'vllm', namespace: 'ns', annotations }, spec } });
}

const rule = (host: string) => ({ host, http: { path: [{ path: '/', path_type: 'Prefix', backend: { service: { name: 'vllm', port: { number: 8080 } } } }] } });

describeRules(KUBERNETES_RULES, {
  'Sovereign-ResidencyImageRegistry': {
    violating: (f) => deployment(f, container({ image: 'vllm/vllm-openai:v0.11.0' })),
    compliant: (f) => deployment(f),
    message: /names no registry \(Docker Hub is implied\)/,
  },
  'Sovereign-KubernetesTlsIngress': {
    violating: (f) => ingress(f, { tls: [{ hosts: ['a.example.eu'], secret_name: 'tls' }], rule: [rule('a.example.eu'), rule('b.example.eu')] }),
    compliant: (f) => ingress(f, { tls: [{ hosts: ['a.example.eu', 'b.example.eu'], secret_name: 'tls' }], rule: [rule('a.example.eu'), rule('b.example.eu')] }),
    message: /host b\.example\.eu has no tls block/,
  },
  'Sovereign-KubernetesResourceLimits': {
    violating: (f) => deployment(f, container({ resources: { requests: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' }, limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '2' } } })),
    compliant: (f) => deployment(f, container({ resources: { requests: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' }, limits: { cpu: '1', memory: '1Gi', 'nvidia.com/gpu': '1' } } })),
    message: /GPUs need requests equal to limits/,
  },
  'Sovereign-KubernetesPodSecurity': {
    violating: (f) => deployment(f, container({ security_context: { ...CONTAINER_SECURITY, privileged: true } })),
    compliant: (f) => deployment(f),
    message: /container app is privileged/,
  },
});

describe('more violations, each named', () => {
  test.each<[string, string, (f: Fixture) => KubernetesObject, RegExp]>([
    ['Sovereign-ResidencyImageRegistry', 'a public registry', (f) => deployment(f, container({ image: 'ghcr.io/org/app:1' })), /public registry ghcr\.io/],
    ['Sovereign-ResidencyImageRegistry', 'a registry outside the jurisdiction', (f) => deployment(f, container(), {}, { 'sovereign-ai/registry-country': 'US' }), /registry runs in .*United States.*outside/],
    ['Sovereign-ResidencyImageRegistry', 'no declared registry country', (f) => deployment(f, container(), {}, {}), /does not declare its registry's country/],
    ['Sovereign-KubernetesTlsIngress', 'ssl-redirect off', (f) => ingress(f, { tls: [{ hosts: ['a.example.eu'], secret_name: 'tls' }], rule: [rule('a.example.eu')] }, { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' }), /ssl-redirect is "false"/],
    ['Sovereign-KubernetesTlsIngress', 'a tls block without a secret', (f) => ingress(f, { tls: [{ hosts: ['a.example.eu'] }], rule: [rule('a.example.eu')] }), /host a\.example\.eu has no tls block with a secret_name/],
    ['Sovereign-KubernetesTlsIngress', 'a LoadBalancer service', (f) => new KubernetesObject(f.stack, 'svc', 'kubernetes_service_v1', { provider: provider(f), body: { metadata: { name: 's' }, spec: { type: 'LoadBalancer', port: [{ port: 80 }] } } }), /service type LoadBalancer/],
    ['Sovereign-KubernetesResourceLimits', 'no memory limit', (f) => deployment(f, container({ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1' } } })), /container app has no memory limit/],
    ['Sovereign-KubernetesPodSecurity', 'escalation allowed', (f) => deployment(f, container({ security_context: { ...CONTAINER_SECURITY, allow_privilege_escalation: true } })), /does not set allow_privilege_escalation = false/],
    ['Sovereign-KubernetesPodSecurity', 'root user', (f) => deployment(f, container({ security_context: { ...CONTAINER_SECURITY, run_as_user: '0' } })), /runs as user 0/],
    ['Sovereign-KubernetesPodSecurity', 'host network', (f) => deployment(f, container(), { host_network: true }), /the pod sets host_network/],
    ['Sovereign-KubernetesPodSecurity', 'capabilities kept', (f) => deployment(f, container({ security_context: { ...CONTAINER_SECURITY, capabilities: { drop: ['NET_RAW'] } } })), /does not drop ALL capabilities/],
  ])('%s fires on %s', (id, _, build, message) => {
    const f = new Fixture(); // jurisdiction EU
    build(f);
    const found = f.findings(id);
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(message);
  });
});

test.each([
  ['registry.example.eu/vllm/vllm-openai:v1', 'registry.example.eu'],
  ['registry.example.eu:5000/app@sha256:' + 'a'.repeat(64), 'registry.example.eu:5000'],
  ['localhost/app:1', 'localhost'],
  ['vllm/vllm-openai:v1', undefined],
  ['ubuntu', undefined],
])('registryOf(%s) = %s (Docker reference grammar: the first component is a host when it has a dot or port, or is localhost)', (image, host) => {
  expect(registryOf(image)).toBe(host);
});
