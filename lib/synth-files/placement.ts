/**
 * Where a synthesized resource or data source runs, read from a stack's Terraform JSON the way the
 * operator row recognising its type says (lib/catalog/operators.ts): AWS by its `region` argument
 * (provider 6) or its provider's region; Azure by `location`, or by following references to
 * resources that have one (a subnet sits where its resource group is).
 */
import { operatorOfResourceType, type Cloud } from '../catalog';
import { isUnresolved } from './json';

/** The parts of a synthesized stack (`cdk.tf.json`) placement reads. */
export interface TerraformJson {
  terraform?: Record<string, any>;
  provider?: Record<string, any[]>;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
}

export interface Placement {
  /** The region catalog of the operator row that recognises the resource type (lib/catalog/operators.ts). */
  readonly cloud: Cloud;
  /** Region code; may hold an unresolved `${...}` expression (see isUnresolved). */
  readonly region: string;
  /** How it was placed, for messages: `its region argument`, `its provider aws.eu`, `its location`, ... */
  readonly via: string;
  /** The region value that means "no region" for this operator (azurerm `global`). */
  readonly globalRegion?: string;
}

/** Data sources with no location at all: they read the caller's identity, nothing regional. */
export const LOCATIONLESS_DATA: ReadonlySet<string> = new Set(['azurerm_client_config']);

export { isUnresolved };

/** The region of the provider a resource names (`aws.eu-central-1`), or of the default provider. */
export function providerRegion(json: TerraformJson, providerName: string, providerRef: unknown): string | undefined {
  const alias = typeof providerRef === 'string' ? providerRef.replace(new RegExp(`^${providerName}\\.?`), '') : '';
  const provider = (json.provider?.[providerName] ?? []).find((p) => (p.alias ?? '') === alias);
  return typeof provider?.region === 'string' ? provider.region : undefined;
}

/** The region of the AWS provider a resource names (`aws.eu-central-1`), or of the default provider. */
export function awsProviderRegion(json: TerraformJson, providerRef: unknown): string | undefined {
  return providerRegion(json, 'aws', providerRef);
}

/**
 * Where `<kind>.<type>.<name>` runs, or undefined when it cannot be placed. The operator row whose
 * `terraform.resourcePrefix` the type starts with says how: its region attribute (AWS `region`,
 * azurerm `location`; an unresolved value is returned as is where the operator has no references
 * to follow), else its provider's region, else (where `followReferences`) the placement of a
 * resource of the same operator it refers to (a subnet sits where its resource group is). `seen`
 * breaks reference cycles.
 */
export function placementOf(json: TerraformJson, kind: 'resource' | 'data', type: string, name: string, seen = new Set<string>()): Placement | undefined {
  const attrs = json[kind]?.[type]?.[name];
  const row = operatorOfResourceType(type);
  if (!attrs || !row?.terraform) return undefined;
  const t = row.terraform;
  const at = (region: string, via: string): Placement => ({ cloud: row.cloud, region, via, ...(t.globalRegion ? { globalRegion: t.globalRegion } : {}) });
  const own = attrs[t.regionAttribute];
  if (typeof own === 'string' && (!t.followReferences || !isUnresolved(own))) return at(own, t.regionAttribute === 'region' ? 'its region argument' : `its ${t.regionAttribute}`);
  const fromProvider = providerRegion(json, t.providerName, attrs.provider);
  if (fromProvider) return at(fromProvider, `its provider ${attrs.provider ?? t.providerName}`);
  if (!t.followReferences) return undefined;
  const key = `${kind}.${type}.${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const reference = new RegExp(`\\$\\{(${t.resourcePrefix}[a-z0-9_]+)\\.([A-Za-z0-9_-]+)\\.`, 'g');
  for (const [, refType, refName] of JSON.stringify(attrs).matchAll(reference)) {
    const p = placementOf(json, 'resource', refType, refName, seen);
    if (p) return { ...p, via: `the ${t.regionAttribute} of the resources it refers to` };
  }
  return undefined;
}

/** Every resource and data source of a stack with its placement (undefined = could not be placed), except location-less data sources. */
export function placements(json: TerraformJson): { address: string; placement?: Placement }[] {
  const out: { address: string; placement?: Placement }[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(json[kind] ?? {})) {
      if (kind === 'data' && LOCATIONLESS_DATA.has(type)) continue;
      for (const name of Object.keys(byName)) {
        out.push({ address: `${kind === 'data' ? 'data.' : ''}${type}.${name}`, placement: placementOf(json, kind, type, name) });
      }
    }
  }
  return out;
}
