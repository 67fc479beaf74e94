/**
 * Where a synthesized resource or data source runs, read from a stack's Terraform JSON: AWS by its
 * `region` argument (provider 6) or its provider's region; Azure by `location`, or by following
 * references to resources that have one (a subnet sits where its resource group is).
 */

/** The parts of a synthesized stack (`cdk.tf.json`) placement reads. */
export interface TerraformJson {
  terraform?: Record<string, any>;
  provider?: Record<string, any[]>;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
}

export interface Placement {
  readonly cloud: 'aws' | 'azure';
  /** Region code; may hold an unresolved `${...}` expression (see isUnresolved). */
  readonly region: string;
}

/** Data sources with no location at all: they read the caller's identity, nothing regional. */
export const LOCATIONLESS_DATA: ReadonlySet<string> = new Set(['azurerm_client_config']);

const AZURERM_REF = /\$\{(azurerm_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g;

/** True when a value holds a Terraform expression that synth cannot know (`${var.region}`). */
export function isUnresolved(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** The region of the AWS provider a resource names (`aws.eu-central-1`), or of the default provider. */
export function awsProviderRegion(json: TerraformJson, providerRef: unknown): string | undefined {
  const alias = typeof providerRef === 'string' ? providerRef.replace(/^aws\.?/, '') : '';
  const provider = (json.provider?.aws ?? []).find((p) => (p.alias ?? '') === alias);
  return typeof provider?.region === 'string' ? provider.region : undefined;
}

/**
 * Where `<kind>.<type>.<name>` runs, or undefined when it cannot be placed (no provider region, no
 * location and no reference to a resource with one). `seen` breaks reference cycles.
 */
export function placementOf(json: TerraformJson, kind: 'resource' | 'data', type: string, name: string, seen = new Set<string>()): Placement | undefined {
  const attrs = json[kind]?.[type]?.[name];
  if (!attrs) return undefined;
  if (type.startsWith('aws_')) {
    if (typeof attrs.region === 'string') return { cloud: 'aws', region: attrs.region };
    const region = awsProviderRegion(json, attrs.provider);
    return region ? { cloud: 'aws', region } : undefined;
  }
  if (type.startsWith('azurerm_')) {
    if (typeof attrs.location === 'string' && !isUnresolved(attrs.location)) return { cloud: 'azure', region: attrs.location };
    const key = `${kind}.${type}.${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    for (const [, refType, refName] of JSON.stringify(attrs).matchAll(AZURERM_REF)) {
      const p = placementOf(json, 'resource', refType, refName, seen);
      if (p) return p;
    }
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
