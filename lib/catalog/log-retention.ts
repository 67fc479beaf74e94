/**
 * Log retention facts.
 * - Values CloudWatch Logs `PutRetentionPolicy` accepts for `retentionInDays` (API reference;
 *   docs/facts/security-rules.md §5.10). 0 means never expire and is left out on purpose.
 * - Legal minimum retention of ICT logs per country: India, CERT-In Directions No. 20(3)/2022
 *   (28 Apr 2022): 180 days, within Indian jurisdiction (docs/facts/regions-services-law.md §5).
 */
import type { CountryCode } from './countries';

export const LOG_RETENTION_DAYS: readonly number[] = Object.freeze([
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
]);

export const LOG_RETENTION_MINIMUM_BY_COUNTRY: Readonly<Record<CountryCode, number>> = Object.freeze({ IN: 180 });

/** The largest legal minimum among the countries, or 1 where none is recorded. */
export function minimumLogRetentionDays(j: { readonly countries: readonly CountryCode[] }): number {
  return Math.max(1, ...j.countries.map((c) => LOG_RETENTION_MINIMUM_BY_COUNTRY[c] ?? 1));
}
