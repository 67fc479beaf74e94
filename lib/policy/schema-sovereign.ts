/**
 * The `sovereign` block of a jurisdiction (issue 16): an open-weight model served by vLLM on a
 * Kubernetes cluster that a national operator runs inside the jurisdiction, with the same /v1
 * contract and JWT as the other tiers; built by lib/sovereign, deployed by stack
 * `sovereign-<id>-sovereign`. Cross-field rules (operators and countries inside the jurisdiction,
 * the issuer) are in validate-sovereign.ts.
 */
import { z } from 'zod';
import { country, hostname, operatorName } from './schema-atoms';

const imageRef = z
  .string()
  .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127}|@sha256:[0-9a-f]{64})$/, 'must be a repository path inside the registry with a tag or digest, such as vllm/vllm-openai:v0.11.0 or vllm/vllm-openai@sha256:<64 hex>')
  .describe('Repository path inside `registry.host`, with `:tag` or `@sha256:<digest>` (a digest pins the image; a tag is pulled on every start, imagePullPolicy Always).');
const cidr = z
  .string()
  .regex(/^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/([0-9]|[12]\d|3[0-2])$/, 'must be an IPv4 CIDR range such as 198.51.100.0/24');
export const Sovereign = z
  .strictObject({
    operator: operatorName.describe('Who runs the cluster: a key of `operators` (or built in) whose home country is inside the jurisdiction.'),
    country: country.describe('Where the cluster runs: inside the jurisdiction.'),
    hostname: hostname.describe("The tier's own public name (its ingress): resolvable without Route 53 (e.g. in the national operator's zone), certificate held in `tlsSecret`."),
    position: z.number().int().min(1).optional().describe('1-based position in the failover chain. Default: last.'),
    cluster: z
      .strictObject({
        context: z.string().regex(/^[\x21-\x7e]{1,253}$/, 'must be a kubeconfig context name').describe('kubeconfig context of the cluster (the kubeconfig comes from KUBE_CONFIG_PATH or `configPath`; nothing secret goes in the policy).'),
        configPath: z.string().regex(/^[^\s$]{1,1024}$/, 'must be a file path without spaces or $').optional().describe('kubeconfig file. Default: the provider reads KUBE_CONFIG_PATH from the environment.'),
        namespace: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name (RFC 1123 label)').default('sovereign-ai').describe('Namespace the stack creates. Default: sovereign-ai.'),
        ingressClassName: z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, 'must be an IngressClass name').default('nginx').describe('IngressClass of the cluster ingress controller. Default: nginx.'),
        ingressNamespace: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name').default('ingress-nginx').describe('Namespace of the ingress controller pods: the only source the network policy admits. Default: ingress-nginx.'),
      })
      .describe('How the kubernetes provider reaches the cluster.'),
    registry: z
      .strictObject({
        host: z.string().regex(/^(?=.{4,253}(:|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/, 'must be a registry host name (optionally :port) such as registry.example.eu'),
        operator: operatorName.describe('Who runs the registry: home country inside the jurisdiction.'),
        country: country.describe('Where the registry runs: inside the jurisdiction.'),
      })
      .describe('The only registry images are pulled from (mirror vLLM, Envoy and rclone into it).'),
    images: z
      .strictObject({
        vllm: imageRef.describe('vLLM OpenAI-compatible server, e.g. vllm/vllm-openai:v0.11.0.'),
        proxy: imageRef.describe('Envoy (TLS-terminated by the ingress; JWT check and model health in front of vLLM), e.g. envoyproxy/envoy:v1.35.3.'),
        weightsSync: imageRef.describe('rclone, which copies the weights from the in-jurisdiction object store at pod start, e.g. rclone/rclone:1.71.1.'),
      }),
    weights: z
      .strictObject({
        endpoint: z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?$/, 'must be an https URL of an S3-compatible endpoint such as https://s3.example.eu'),
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name'),
        prefix: z.string().regex(/^[A-Za-z0-9._\/-]{1,512}$/, 'must be an object prefix of letters, digits, . _ / -'),
        operator: operatorName.describe('Who runs the object store: home country inside the jurisdiction.'),
        country: country.describe('Where the object store runs: inside the jurisdiction.'),
        credentialsSecret: z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/).default('weights-credentials').describe('Kubernetes Secret (keys AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) the operator creates in the namespace: read-only access. Default: weights-credentials.'),
        sizeGi: z.number().int().min(1).max(4096).default(100).describe('Scratch volume size for the weights (GiB). Default: 100.'),
      })
      .describe('Open-weight model files (Hugging Face layout) in an S3-compatible store inside the jurisdiction.'),
    gpu: z
      .strictObject({
        count: z.number().int().min(1).max(16).default(1).describe('nvidia.com/gpu per pod (requests = limits; vLLM --tensor-parallel-size). Default: 1.'),
        product: z.string().regex(/^[A-Za-z0-9._-]{1,63}$/).optional().describe('Node label nvidia.com/gpu.product (GPU feature discovery) the pod is scheduled on, e.g. NVIDIA-H100-80GB-HBM3. Default: any GPU node.'),
        cpu: z.number().int().min(1).max(256).default(8).describe('CPU cores per pod (requests = limits). Default: 8.'),
        memoryGi: z.number().int().min(4).max(4096).default(64).describe('Memory per pod in GiB (requests = limits). Default: 64.'),
      })
      .default({ count: 1, cpu: 8, memoryGi: 64 }),
    replicas: z.number().int().min(1).max(64).default(1).describe('vLLM pods. Default: 1.'),
    tlsSecret: z.string().regex(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/).default('sovereign-tls').describe('kubernetes.io/tls Secret in the namespace holding a certificate for every name DNS sends here (README, "The sovereign tier"); issued by a CA the jurisdiction trusts. Default: sovereign-tls.'),
    jwksUri: z.string().regex(/^https:\/\/[a-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/, 'must be an https URL').describe("`jwks_uri` of the jurisdiction issuer's discovery document (`clients.issuer`): the keys the proxy checks client JWTs with."),
    egress: z
      .strictObject({
        weightStore: z.array(cidr).min(1).describe('Addresses of the weight store endpoint.'),
        issuer: z.array(cidr).min(1).describe('Addresses of the JWKS endpoint.'),
      })
      .describe('The only destinations (besides cluster DNS) the network policy lets the pods reach, port 443.'),
  })
  .describe('A sovereign inference tier: an open-weight model served by vLLM on a cluster a national operator runs inside the jurisdiction, with the same /v1 contract and JWT as the other tiers; deployed as stack sovereign-<id>-sovereign.');
