/**
 * The sovereign inference tier on one Kubernetes cluster: an open-weight model served by vLLM's
 * OpenAI-compatible server behind an Envoy proxy (lib/sovereign/envoy.ts) in a namespace of its own.
 *
 * What it creates (hashicorp/kubernetes 3.2.1, lib/kubernetes/binding.ts):
 * - namespace, labelled for Pod Security Admission `restricted` (kubernetes.io/docs/concepts/security/pod-security-standards);
 * - config map with the proxy configuration;
 * - network policies: default deny (ingress and egress) for every pod of the namespace; the model pods
 *   admit only the ingress controller's namespace on the proxy port, and reach only cluster DNS, the
 *   weight store and the issuer's JWKS on 443;
 * - deployment: an init container (rclone) copies the weights from the in-jurisdiction S3-compatible
 *   store, then vLLM (GPU requests = limits, CPU and memory requests = limits, loopback only, offline:
 *   HF_HUB_OFFLINE, no usage stats) and the proxy; every container non-root, no privilege escalation,
 *   all capabilities dropped, read-only root filesystem (vLLM's caches go to an emptyDir via HOME and
 *   XDG_CACHE_HOME), images only from the policy's registry (a digest: IfNotPresent; a tag: Always);
 *   startup, readiness and liveness probes send a one-token chat completion to the model;
 * - service (ClusterIP: nothing public but through the ingress);
 * - ingress with TLS for every name DNS sends here, from a kubernetes.io/tls secret the operator
 *   provides (README, "The sovereign tier": why not cert-manager with a public ACME CA).
 */
import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { KubernetesObject, type Body, type KubernetesProvider } from '../kubernetes/binding';
import { TIER_LABELS } from '../catalog/kubernetes-labels';
import type { SovereignTierPolicy } from '../policy/model-sovereign';
import { PROXY_PORT, VLLM_PORT, proxyConfig } from './envoy';

export interface KubernetesVllmTierProps {
  readonly provider: KubernetesProvider;
  readonly tier: SovereignTierPolicy;
  /** Jurisdiction id (labels, names). */
  readonly jurisdictionId: string;
  /** The model name clients send (`clients.model`): vLLM's --served-model-name. */
  readonly model: string;
  readonly issuer: string;
  readonly audience: string;
  /** Every name DNS may send clients to (the TLS hosts and ingress rules); the tier's own host name first. */
  readonly hostnames: readonly string[];
}

/** Labels the analysis reads (lib/analysis/topology-sovereign.ts): in the catalog, so the analysis need not import this construct. */
export { TIER_LABELS };
export const APP_LABEL = 'app.kubernetes.io/name';
const APP = 'vllm';
const MODEL_DIR = '/models';

/** An image from the policy's registry; a digest is never re-pulled, a tag always is (the registry is in the jurisdiction). */
export function registryImage(host: string, ref: string): { image: string; image_pull_policy: 'IfNotPresent' | 'Always' } {
  return { image: `${host}/${ref}`, image_pull_policy: ref.includes('@sha256:') ? 'IfNotPresent' : 'Always' };
}

/** The security context of every container: what Pod Security `restricted` demands, plus a read-only root. */
export const CONTAINER_SECURITY: Body = Object.freeze({
  allow_privilege_escalation: false,
  privileged: false,
  read_only_root_filesystem: true,
  run_as_non_root: true,
  capabilities: { drop: ['ALL'] },
  seccomp_profile: { type: 'RuntimeDefault' },
});

/** A probe command: one-token chat completion of the served model on loopback (python3 ships in the vLLM image). */
export function modelProbeCommand(model: string): string[] {
  const body = JSON.stringify({ model, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 });
  const py = `import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:${VLLM_PORT}/v1/chat/completions', data=${JSON.stringify(body)}.encode(), headers={'content-type': 'application/json'}), timeout=20).read()`;
  return ['python3', '-c', py];
}

export class KubernetesVllmTier extends Construct {
  public readonly namespace: KubernetesObject;
  public readonly deployment: KubernetesObject;
  public readonly service: KubernetesObject;
  public readonly ingress: KubernetesObject;
  public readonly networkPolicies: KubernetesObject[];

  constructor(scope: Construct, id: string, props: KubernetesVllmTierProps) {
    super(scope, id);
    const { tier, provider } = props;
    const ns = tier.cluster.namespace;
    if (props.hostnames.length === 0) throw new Error(`${this.node.path}: the tier needs at least one host name for its ingress`);
    const tierLabels = { [TIER_LABELS.jurisdiction]: props.jurisdictionId, [TIER_LABELS.operator]: tier.operator, [TIER_LABELS.country]: tier.country };
    const appLabels = { [APP_LABEL]: APP, [TIER_LABELS.jurisdiction]: props.jurisdictionId };

    this.namespace = new KubernetesObject(this, 'namespace', 'kubernetes_namespace_v1', {
      provider,
      body: {
        metadata: {
          name: ns,
          labels: { ...tierLabels, 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'latest' },
        },
      },
    });
    const inNs = (name: string, labels: Record<string, string> = appLabels) => ({ name, namespace: this.namespace.metadataName, labels });

    const proxyJson = JSON.stringify(proxyConfig({ model: props.model, issuer: props.issuer, audience: props.audience, jwksUri: tier.jwksUri }));
    const config = new KubernetesObject(this, 'proxy-config', 'kubernetes_config_map_v1', {
      provider,
      body: { metadata: inNs('vllm-proxy'), data: { 'envoy.json': proxyJson } },
    });

    // To the weight store and the issuer, on the port their URLs name (443 by default).
    const portOf = (url: string) => new URL(url).port || '443';
    const egressTo = (cidrs: readonly string[], url: string) => ({ to: cidrs.map((cidr) => ({ ip_block: { cidr } })), ports: [{ port: portOf(url), protocol: 'TCP' }] });
    this.networkPolicies = [
      new KubernetesObject(this, 'default-deny', 'kubernetes_network_policy_v1', {
        provider,
        body: { metadata: inNs('default-deny'), spec: { pod_selector: {}, policy_types: ['Ingress', 'Egress'] } },
      }),
      new KubernetesObject(this, 'vllm-network', 'kubernetes_network_policy_v1', {
        provider,
        body: {
          metadata: inNs('vllm'),
          spec: {
            pod_selector: { match_labels: appLabels },
            policy_types: ['Ingress', 'Egress'],
            ingress: [{ from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': tier.cluster.ingressNamespace } } }], ports: [{ port: String(PROXY_PORT), protocol: 'TCP' }] }],
            egress: [
              {
                to: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } }, pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } } }],
                ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }],
              },
              egressTo(tier.egress.weightStore, tier.weights.endpoint),
              egressTo(tier.egress.issuer, tier.jwksUri),
            ],
          },
        },
      }),
    ];

    const r = tier.registry.host;
    const resources = (cpu: string, memory: string, gpus?: number) => {
      const amounts: Record<string, string> = { cpu, memory, ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}) };
      return { requests: amounts, limits: { ...amounts } };
    };
    const probe = (extra: Body) => ({ exec: { command: modelProbeCommand(props.model) }, timeout_seconds: 25, ...extra });
    const u = new URL(tier.weights.endpoint);
    this.deployment = new KubernetesObject(this, 'deployment', 'kubernetes_deployment_v1', {
      provider,
      dependsOn: [config, ...this.networkPolicies],
      body: {
        metadata: inNs('vllm', {
          ...appLabels,
          ...tierLabels,
          [TIER_LABELS.weightsOperator]: tier.weights.operator,
          [TIER_LABELS.weightsCountry]: tier.weights.country,
          [TIER_LABELS.registryOperator]: tier.registry.operator,
          [TIER_LABELS.registryCountry]: tier.registry.country,
        }),
        spec: {
          replicas: String(tier.replicas),
          // The provider stops waiting for the rollout at the deployment's progress deadline (default 600 s,
          // resource_kubernetes_deployment_v1.go waitForDeploymentReplicasFunc: ProgressDeadlineExceeded), whatever
          // `timeouts` says; nothing counts as progress until the pod is available (weights copy + model load).
          progress_deadline_seconds: 3600,
          // GPUs are scarce: replace a pod rather than surge a second one that finds no GPU.
          strategy: { type: 'RollingUpdate', rolling_update: { max_surge: '0', max_unavailable: '1' } },
          selector: { match_labels: appLabels },
          template: {
            // Envoy reads its static config at start only: a new config (issuer, audience, JWKS) rolls the pods.
            metadata: { labels: appLabels, annotations: { 'sovereign-ai/proxy-config-sha256': createHash('sha256').update(proxyJson).digest('hex') } },
            spec: {
              automount_service_account_token: false,
              enable_service_links: false,
              security_context: { run_as_non_root: true, run_as_user: '1000', run_as_group: '1000', fs_group: '1000', seccomp_profile: { type: 'RuntimeDefault' } },
              node_selector: tier.gpu.product ? { 'nvidia.com/gpu.product': tier.gpu.product } : undefined,
              toleration: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
              init_container: [
                {
                  name: 'weights',
                  ...registryImage(r, tier.images.weightsSync),
                  args: ['copy', `:s3:${tier.weights.bucket}/${tier.weights.prefix}`, `${MODEL_DIR}/weights`, '--s3-provider=Other', `--s3-endpoint=${u.origin}`, '--s3-env-auth', '--transfers=8', '--checksum'],
                  env: [{ name: 'HOME', value: '/tmp' }],
                  env_from: [{ secret_ref: { name: tier.weights.credentialsSecret } }],
                  resources: resources('1', '1Gi'),
                  security_context: CONTAINER_SECURITY,
                  volume_mount: [{ name: 'weights', mount_path: MODEL_DIR }, { name: 'tmp', mount_path: '/tmp' }],
                },
              ],
              container: [
                {
                  name: 'vllm',
                  ...registryImage(r, tier.images.vllm),
                  command: ['vllm', 'serve'],
                  args: [`${MODEL_DIR}/weights`, '--served-model-name', props.model, '--host', '127.0.0.1', '--port', String(VLLM_PORT), '--tensor-parallel-size', String(tier.gpu.count)],
                  env: [
                    { name: 'HOME', value: '/tmp' },
                    // uid 1000 has no passwd entry in the image: getpass.getuser() reads USER first (vllm-project/vllm#44548).
                    { name: 'USER', value: 'vllm' },
                    { name: 'XDG_CACHE_HOME', value: '/tmp/cache' },
                    { name: 'HF_HUB_OFFLINE', value: '1' },
                    { name: 'TRANSFORMERS_OFFLINE', value: '1' },
                    { name: 'VLLM_NO_USAGE_STATS', value: '1' },
                    { name: 'DO_NOT_TRACK', value: '1' },
                  ],
                  resources: resources(String(tier.gpu.cpu), `${tier.gpu.memoryGi}Gi`, tier.gpu.count),
                  startup_probe: probe({ period_seconds: 30, failure_threshold: 60 }),
                  readiness_probe: probe({ period_seconds: 30, failure_threshold: 2 }),
                  liveness_probe: probe({ period_seconds: 60, failure_threshold: 3 }),
                  security_context: CONTAINER_SECURITY,
                  volume_mount: [
                    { name: 'weights', mount_path: MODEL_DIR, read_only: true },
                    { name: 'tmp', mount_path: '/tmp' },
                    { name: 'shm', mount_path: '/dev/shm' },
                  ],
                },
                {
                  name: 'proxy',
                  ...registryImage(r, tier.images.proxy),
                  command: ['envoy'],
                  args: ['-c', '/etc/envoy/envoy.json', '--log-level', 'warn'],
                  port: [{ name: 'https-backend', container_port: PROXY_PORT, protocol: 'TCP' }],
                  resources: resources('500m', '512Mi'),
                  readiness_probe: { tcp_socket: { port: String(PROXY_PORT) }, period_seconds: 10 },
                  liveness_probe: { tcp_socket: { port: String(PROXY_PORT) }, period_seconds: 30 },
                  security_context: CONTAINER_SECURITY,
                  volume_mount: [{ name: 'proxy-config', mount_path: '/etc/envoy', read_only: true }],
                },
              ],
              volume: [
                { name: 'weights', empty_dir: { size_limit: `${tier.weights.sizeGi}Gi` } },
                { name: 'tmp', empty_dir: { size_limit: '20Gi' } },
                { name: 'shm', empty_dir: { medium: 'Memory', size_limit: '16Gi' } },
                { name: 'proxy-config', config_map: { name: config.metadataName } },
              ],
            },
          },
        },
        wait_for_rollout: true,
        // Weights copy plus model load exceed the provider's 10-minute default (resource_kubernetes_deployment_v1.go Timeouts).
        timeouts: { create: '60m', update: '60m' },
      },
    });

    this.service = new KubernetesObject(this, 'service', 'kubernetes_service_v1', {
      provider,
      body: { metadata: inNs('vllm'), spec: { type: 'ClusterIP', selector: appLabels, port: [{ name: 'http', port: PROXY_PORT, target_port: String(PROXY_PORT), protocol: 'TCP' }] } },
    });

    this.ingress = new KubernetesObject(this, 'ingress', 'kubernetes_ingress_v1', {
      provider,
      body: {
        metadata: {
          ...inNs('vllm', { ...appLabels, ...tierLabels }),
          annotations: {
            // ingress-nginx: HTTP is redirected, never served; streamed answers are not buffered; long generations are not cut.
            'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
            'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true',
            'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
            'nginx.ingress.kubernetes.io/proxy-read-timeout': '600',
            // ingress-nginx answers 413 above 1m by default; long contexts need more.
            'nginx.ingress.kubernetes.io/proxy-body-size': '32m',
          },
        },
        spec: {
          ingress_class_name: tier.cluster.ingressClassName,
          tls: [{ hosts: [...props.hostnames], secret_name: tier.tlsSecret }],
          rule: props.hostnames.map((host) => ({
            host,
            http: { path: [{ path: '/', path_type: 'Prefix', backend: { service: { name: this.service.metadataName, port: { number: PROXY_PORT } } } }] },
          })),
        },
      },
    });
  }
}
