/**
 * Thin typed bindings for the few hashicorp/kubernetes resources the sovereign tier needs.
 *
 * Why not a prebuilt binding: no `@cdktn/provider-kubernetes` (nor `-helm`) is published for CDK
 * Terrain (npm 404, checked 2026-11-29); `@cdktf/provider-kubernetes` peers on the archived `cdktf`
 * core, and mixing it in gives two cores and silent instanceof failures (shared facts §5). So these
 * are cdktn `TerraformProvider` / `TerraformResource` subclasses that emit the provider's own
 * argument names, pinned to one provider version whose schema they were written against:
 * hashicorp/terraform-provider-kubernetes v3.2.1, kubernetes/provider.go (provider arguments and
 * the resource map), resource_kubernetes_{namespace,deployment,service,ingress,network_policy,
 * config_map}_v1.go, schema_pod_spec.go, schema_container.go, schema_backend_spec_v1.go.
 * test/sovereign/kubernetes-schema.test.ts holds every emitted argument against that schema.
 *
 * Bodies are written as plain objects in the provider's snake_case names; nested blocks (everything
 * object-valued except the map arguments in {@link MAP_ARGUMENTS}) are emitted as one-element lists,
 * as Terraform JSON and the generated bindings write them, and rendered as blocks in HCL.
 */
import { TerraformProvider, TerraformResource, type ITerraformDependable } from 'cdktn';
import type { Construct } from 'constructs';

/** The provider version the bindings are written against (`required_providers`). */
export const KUBERNETES_PROVIDER_VERSION = '3.2.1';
export const KUBERNETES_PROVIDER_SOURCE = 'hashicorp/kubernetes';

/**
 * Arguments of type map (schema.TypeMap) in the bodies used here: attributes, not blocks. `selector`
 * is a map in a Service spec and a block (`match_labels`) in a Deployment spec: a value counts as a
 * map only when every entry is a string ({@link isMapArgument}).
 */
export const MAP_ARGUMENTS: ReadonlySet<string> = new Set(['labels', 'annotations', 'match_labels', 'limits', 'requests', 'node_selector', 'selector', 'data']);

/** Blocks of nesting mode single (SDK `Timeouts`): an object in Terraform JSON, not a list. */
export const SINGLE_BLOCKS: ReadonlySet<string> = new Set(['timeouts']);

export type Body = { readonly [key: string]: unknown };

export function isMapArgument(key: string, value: unknown): boolean {
  return MAP_ARGUMENTS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** A body as Terraform JSON: nested blocks as lists. */
export function toTerraformJson(body: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    if (isMapArgument(k, v) || v === null || typeof v !== 'object') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map((e) => (e !== null && typeof e === 'object' ? toTerraformJson(e as Body) : e));
    else out[k] = SINGLE_BLOCKS.has(k) ? toTerraformJson(v as Body) : [toTerraformJson(v as Body)];
  }
  return out;
}

/**
 * A string as the body of an HCL quoted string. cdktn 0.24's renderer (node_modules/cdktn/lib/hcl/render.js,
 * `renderString`/`escapeQuotes`) escapes only quotes not already after a backslash and never a backslash,
 * so a value holding `\\n` or `\\"` (the proxy's envoy.json, the probes' Python) would reach Terraform
 * with a newline or a bare quote instead (hcl2json and Terraform read HCL escapes). Escaped here, every
 * quote is after a backslash and the renderer leaves the string alone. A string with `${` is an expression
 * (a reference), which the renderer also passes through: unchanged.
 */
export function hclQuoted(value: unknown): unknown {
  if (typeof value !== 'string' || value.includes('${')) return value;
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(/%\{/g, '%%{');
}

/** The same body in the shape cdktn's HCL renderer reads (what generated bindings' `...ToHclTerraform` return), its strings escaped for HCL. */
export function toHclAttributes(body: Body): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (v === undefined) continue;
    if (isMapArgument(k, v)) out[k] = { value: Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([mk, mv]) => [mk, hclQuoted(mv)])), isBlock: false, type: 'map', storageClassType: 'stringMap' };
    else if (v === null || typeof v !== 'object') out[k] = { value: hclQuoted(v), isBlock: false, type: 'simple', storageClassType: typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string' };
    else if (Array.isArray(v) && v.every((e) => e === null || typeof e !== 'object')) out[k] = { value: v.map(hclQuoted), isBlock: false, type: 'list', storageClassType: 'stringList' };
    else {
      const list = (Array.isArray(v) ? v : [v]) as Body[];
      out[k] = { value: list.map(toHclAttributes), isBlock: true, type: 'list', storageClassType: `${k}List` };
    }
  }
  return out;
}

export interface KubernetesProviderConfig {
  /** kubeconfig context (`config_context`). */
  readonly configContext: string;
  /**
   * kubeconfig file (`config_path`).
   * @default - the provider reads KUBE_CONFIG_PATH from the environment
   */
  readonly configPath?: string;
}

const METADATA = { providerName: 'kubernetes', providerVersion: KUBERNETES_PROVIDER_VERSION, providerVersionConstraint: KUBERNETES_PROVIDER_VERSION };

/** `provider "kubernetes"`: connects through a kubeconfig context; no credential in the configuration. */
export class KubernetesProvider extends TerraformProvider {
  constructor(scope: Construct, id: string, private readonly config: KubernetesProviderConfig) {
    super(scope, id, { terraformResourceType: 'kubernetes', terraformGeneratorMetadata: METADATA, terraformProviderSource: KUBERNETES_PROVIDER_SOURCE });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { config_context: this.config.configContext, config_path: this.config.configPath };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toHclAttributes({ config_context: this.config.configContext, config_path: this.config.configPath });
  }
}

/** The hashicorp/kubernetes resource types bound here. */
export type KubernetesResourceType =
  | 'kubernetes_namespace_v1'
  | 'kubernetes_deployment_v1'
  | 'kubernetes_service_v1'
  | 'kubernetes_ingress_v1'
  | 'kubernetes_network_policy_v1'
  | 'kubernetes_config_map_v1';

export interface KubernetesObjectConfig {
  readonly provider: KubernetesProvider;
  /** The resource's arguments in the provider's names (`metadata`, `spec`, `data`, `wait_for_rollout`). */
  readonly body: Body;
  readonly dependsOn?: ITerraformDependable[];
}

/** One hashicorp/kubernetes resource. */
export class KubernetesObject extends TerraformResource {
  public readonly body: Body;

  constructor(scope: Construct, id: string, type: KubernetesResourceType, config: KubernetesObjectConfig) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: METADATA, provider: config.provider, dependsOn: config.dependsOn });
    this.body = config.body;
  }

  /** `metadata[0].name` as a reference (orders dependents after this object). */
  public get metadataName(): string {
    return this.getStringAttribute('metadata.0.name');
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return toTerraformJson(this.body);
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return toHclAttributes(this.body);
  }
}
