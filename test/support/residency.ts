import type { SynthJson } from './synth';

export interface Placement {
  readonly cloud: 'aws' | 'azure';
  readonly region: string;
}

/** Data sources with no location at all: they read the caller's identity, nothing regional. */
export const LOCATIONLESS_DATA = new Set(['azurerm_client_config']);

const REF = /\$\{(azurerm_[a-z0-9_]+)\.([A-Za-z0-9_-]+)\./g;

/**
 * Where a synthesized resource or data source runs: AWS by its `region` argument or its provider's
 * region; Azure by `location`, or by following references to resources that have one.
 */
export function placementOf(json: SynthJson, kind: 'resource' | 'data', type: string, name: string, seen = new Set<string>()): Placement | undefined {
  const attrs = json[kind]?.[type]?.[name];
  if (!attrs) return undefined;
  if (type.startsWith('aws_')) {
    if (typeof attrs.region === 'string') return { cloud: 'aws', region: attrs.region };
    const alias = typeof attrs.provider === 'string' ? attrs.provider.replace(/^aws\.?/, '') : '';
    const provider = (json.provider?.aws ?? []).find((p) => (p.alias ?? '') === alias);
    return provider ? { cloud: 'aws', region: provider.region } : undefined;
  }
  if (type.startsWith('azurerm_')) {
    if (typeof attrs.location === 'string' && !attrs.location.includes('${')) return { cloud: 'azure', region: attrs.location };
    const key = `${kind}.${type}.${name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const refs = [...JSON.stringify(attrs).matchAll(REF)];
    for (const [, refType, refName] of refs) {
      const p = placementOf(json, 'resource', refType, refName, seen);
      if (p) return p;
    }
  }
  return undefined;
}

/** Every resource and data source of a stack with its placement (undefined = could not be placed), except location-less data sources. */
export function placements(json: SynthJson): { address: string; placement?: Placement }[] {
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
