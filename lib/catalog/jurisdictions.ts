/**
 * Jurisdictions: a jurisdiction is a set of countries, never a continent or a name prefix.
 * Presets name the three this project ships; a policy may also list countries itself.
 */
import { EU_MEMBER_STATES, type CountryCode } from './countries';

export type JurisdictionPreset = 'US' | 'EU' | 'IN';

export interface JurisdictionPresetInfo {
  readonly name: string;
  readonly countries: readonly CountryCode[];
}

export const JURISDICTION_PRESETS: Readonly<Record<JurisdictionPreset, JurisdictionPresetInfo>> = Object.freeze({
  US: { name: 'United States', countries: ['US'] },
  EU: { name: 'European Union (27 member states)', countries: EU_MEMBER_STATES },
  IN: { name: 'India', countries: ['IN'] },
});

/** What constructs need to know about a jurisdiction: plain data, no policy file. */
export interface Jurisdiction {
  /** Lower-case id used in stack names, DNS labels and resource names: `eu`. */
  readonly id: string;
  /** Countries where data and processing may be. */
  readonly countries: readonly CountryCode[];
  /** Value of the `data-residency` tag: the preset (`EU`) or the countries joined with `+` (`DE+AT`). */
  readonly residency: string;
}

/** Builds a Jurisdiction from a preset or a country list. */
export function jurisdiction(id: string, spec: { preset: JurisdictionPreset } | { countries: readonly CountryCode[] }): Jurisdiction {
  if ('preset' in spec) {
    return Object.freeze({ id, countries: JURISDICTION_PRESETS[spec.preset].countries, residency: spec.preset });
  }
  const countries = Object.freeze([...spec.countries]);
  return Object.freeze({ id, countries, residency: countries.join('+') });
}

// findRegion, regionsOf, isRegionIn, regionsIn and describeRegion live in the residency kernel (./residency).
