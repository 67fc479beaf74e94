/**
 * The per-stack view the rules share: every resource, data source, provider and backend of one
 * synthesized stack as a CheckedResource, with lookups built once (lazily) and memoised.
 */
import type { Jurisdiction } from '../catalog';
import { placementOf, type Placement, type TerraformJson } from './placement';
import type { CheckedResource, RuleContext } from './rule';

/** `${aws_s3_bucket.name.arn}`, `${data.aws_partition.p.partition}`, `element(split("/", azurerm_x.y.id), 8)`. */
const REFERENCE = /(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

interface IncomingReference {
  readonly source: CheckedResource;
  readonly attribute: string;
}

function withoutMetadata(attrs: Record<string, any>): Record<string, any> {
  if (!attrs || typeof attrs !== 'object' || !('//' in attrs)) return attrs ?? {};
  const { '//': _metadata, ...rest } = attrs;
  return rest;
}

function pathOf(attrs: Record<string, any> | undefined): string | undefined {
  const path = attrs?.['//']?.metadata?.path;
  return typeof path === 'string' ? path : undefined;
}

export class StackContext implements RuleContext {
  /** Resources and data sources, in synthesized order. */
  public readonly resources: readonly CheckedResource[];
  /** Providers, the backend and OpenTofu state encryption key providers. */
  public readonly pseudoResources: readonly CheckedResource[];
  private readonly byAddress = new Map<string, CheckedResource>();
  private readonly byType = new Map<string, CheckedResource[]>();
  private readonly providersByType = new Map<string, CheckedResource[]>();
  private incoming?: Map<string, IncomingReference[]>;
  private readonly placements = new Map<string, Placement | undefined>();
  /** The stack's JSON plus the resources of the stacks it reads by cross-stack reference: what placement and references are followed through. */
  private readonly json: TerraformJson;

  /**
   * @param json the stack's synthesized JSON, its cross-stack references inlined (lib/state/cross-stack.ts)
   * @param upstream synthesized JSON of the stacks it reads (a jurisdiction's base stack for its inference
   *   stack): their resources are followed (placement, references) but not checked here
   */
  constructor(
    public readonly stackName: string,
    json: TerraformJson,
    public readonly jurisdiction?: Jurisdiction,
    upstream: readonly TerraformJson[] = [],
  ) {
    this.json = json;
    for (const up of upstream) {
      const merged: TerraformJson = { ...this.json };
      for (const kind of ['resource', 'data'] as const) {
        const target: Record<string, Record<string, any>> = {};
        for (const src of [up[kind] ?? {}, merged[kind] ?? {}]) for (const [type, byName] of Object.entries(src)) target[type] = { ...(target[type] ?? {}), ...byName };
        merged[kind] = target;
      }
      this.json = merged;
    }
    const resources: CheckedResource[] = [];
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        for (const [name, raw] of Object.entries(byName ?? {})) {
          const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
          const r: CheckedResource = { kind, type, name, address, attrs: withoutMetadata(raw), path: pathOf(raw) };
          resources.push(r);
          this.byAddress.set(address, r);
          const key = kind === 'data' ? `data.${type}` : type;
          const list = this.byType.get(key) ?? [];
          list.push(r);
          this.byType.set(key, list);
        }
      }
    }
    const pseudo: CheckedResource[] = [];
    for (const [providerType, configs] of Object.entries(json.provider ?? {})) {
      const list = (configs ?? []).map((attrs): CheckedResource => {
        const alias = typeof attrs?.alias === 'string' ? attrs.alias : '';
        return { kind: 'provider', type: `provider.${providerType}`, name: alias, address: alias ? `provider.${providerType}.${alias}` : `provider.${providerType}`, attrs: attrs ?? {} };
      });
      this.providersByType.set(providerType, list);
      pseudo.push(...list);
    }
    const backends: [string, unknown][] = [...Object.entries(json.terraform?.backend ?? {}), ...(json.terraform?.cloud ? [['cloud', json.terraform.cloud] as [string, unknown]] : [])];
    for (const [backendType, attrs] of backends) {
      pseudo.push({ kind: 'backend', type: 'terraform.backend', name: backendType, address: `terraform.backend.${backendType}`, attrs: (attrs as Record<string, any>) ?? {} });
    }
    // OpenTofu state encryption: each key provider, e.g. terraform.encryption.key_provider.aws_kms.<name>.
    for (const [providerType, byName] of Object.entries(json.terraform?.encryption?.key_provider ?? {})) {
      for (const [name, attrs] of Object.entries((byName as Record<string, unknown>) ?? {})) {
        const address = `terraform.encryption.key_provider.${providerType}.${name}`;
        pseudo.push({ kind: 'backend', type: `terraform.encryption.key_provider`, name: `${providerType}.${name}`, address, attrs: (attrs as Record<string, any>) ?? {} });
      }
    }
    this.resources = resources;
    this.pseudoResources = pseudo;
    // Upstream resources can be referred to and placed, never checked: only byAddress knows them.
    for (const up of upstream) {
      for (const kind of ['resource', 'data'] as const) {
        for (const [type, byName] of Object.entries(up[kind] ?? {})) {
          for (const [name, raw] of Object.entries(byName ?? {})) {
            const address = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
            if (!this.byAddress.has(address)) this.byAddress.set(address, { kind, type, name, address, attrs: withoutMetadata(raw), path: pathOf(raw) });
          }
        }
      }
    }
  }

  /** Everything a rule with these `appliesTo` entries looks at. */
  public targets(appliesTo: readonly string[]): CheckedResource[] {
    const out: CheckedResource[] = [];
    for (const selector of appliesTo) {
      if (selector === '*') out.push(...this.resources);
      else if (selector.startsWith('provider.') || selector.startsWith('terraform.')) out.push(...this.pseudoResources.filter((p) => p.type === selector));
      else out.push(...(this.byType.get(selector) ?? []));
    }
    return out;
  }

  public resourcesOfType(type: string): readonly CheckedResource[] {
    return this.byType.get(type) ?? [];
  }

  public resourceAt(address: string): CheckedResource | undefined {
    return this.byAddress.get(address);
  }

  public providers(type: string): readonly CheckedResource[] {
    return this.providersByType.get(type) ?? [];
  }

  public referencedBy(value: unknown): readonly CheckedResource[] {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    if (!text.includes('${')) return [];
    const out: CheckedResource[] = [];
    for (const [, data, type, name] of text.matchAll(REFERENCE)) {
      const r = this.byAddress.get(`${data ?? ''}${type}.${name}`);
      if (r && !out.includes(r)) out.push(r);
    }
    return out;
  }

  public referencing(target: CheckedResource, type: string, attribute?: string): readonly CheckedResource[] {
    const incoming = this.incomingIndex().get(target.address) ?? [];
    const out: CheckedResource[] = [];
    for (const ref of incoming) {
      if (ref.source.type !== type || ref.source.kind !== 'resource') continue;
      if (attribute !== undefined && ref.attribute !== attribute) continue;
      if (!out.includes(ref.source)) out.push(ref.source);
    }
    return out;
  }

  public placementOf(resource: CheckedResource): Placement | undefined {
    if (resource.kind !== 'resource' && resource.kind !== 'data') return undefined;
    if (!this.placements.has(resource.address)) {
      this.placements.set(resource.address, placementOf(this.json, resource.kind, resource.type, resource.name));
    }
    return this.placements.get(resource.address);
  }

  /** Target address → the resources (and their top-level attributes) that refer to it; built on first use. */
  private incomingIndex(): Map<string, IncomingReference[]> {
    if (this.incoming) return this.incoming;
    const index = new Map<string, IncomingReference[]>();
    for (const source of this.resources) {
      for (const [attribute, value] of Object.entries(source.attrs)) {
        for (const target of this.referencedBy(value)) {
          const list = index.get(target.address) ?? [];
          list.push({ source, attribute });
          index.set(target.address, list);
        }
      }
    }
    this.incoming = index;
    return index;
  }
}
