/**
 * Countries and country groups.
 *
 * Sources:
 * - ISO 3166-1 alpha-2 officially assigned codes (https://www.iso.org/iso-3166-country-codes.html).
 *   `XK` (Kosovo) is a user-assigned code that Route 53 and Traffic Manager accept; it is listed too.
 * - EU member states: https://european-union.europa.eu/principles-countries-history/eu-countries_en
 *   (27 since 1 Feb 2020; the United Kingdom left on 31 Jan 2020).
 * - EEA (EU + IS, LI, NO): https://www.efta.int/eea
 */

/** An ISO 3166-1 alpha-2 country code, upper case. */
export type CountryCode = string;

const ISO_3166_ALPHA2 =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS ' +
  'BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE ' +
  'EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM ' +
  'HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC ' +
  'LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA ' +
  'NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO ' +
  'TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK';

/** Every country code a policy may name. */
export const COUNTRY_CODES: ReadonlySet<CountryCode> = new Set(ISO_3166_ALPHA2.split(' '));

/** The 27 member states of the European Union, by ISO code. */
export const EU_MEMBER_STATES: readonly CountryCode[] = Object.freeze([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE',
  'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

/** Names for the countries that host a region in the catalog, and a few often confused with them. */
export const COUNTRY_NAMES: Readonly<Record<CountryCode, string>> = Object.freeze({
  AT: 'Austria', BE: 'Belgium', BG: 'Bulgaria', CH: 'Switzerland', CY: 'Cyprus', CZ: 'Czechia',
  DE: 'Germany', DK: 'Denmark', EE: 'Estonia', ES: 'Spain', FI: 'Finland', FR: 'France',
  GB: 'United Kingdom', GR: 'Greece', HR: 'Croatia', HU: 'Hungary', IE: 'Ireland', IN: 'India',
  IS: 'Iceland', IT: 'Italy', LI: 'Liechtenstein', LT: 'Lithuania', LU: 'Luxembourg', LV: 'Latvia',
  MT: 'Malta', NL: 'Netherlands', NO: 'Norway', PL: 'Poland', PT: 'Portugal', RO: 'Romania',
  SE: 'Sweden', SI: 'Slovenia', SK: 'Slovakia', US: 'United States',
});

/** "DE (Germany)", or the bare code where the catalog has no name for it. */
export function describeCountry(code: CountryCode): string {
  const name = COUNTRY_NAMES[code];
  return name ? `${code} (${name})` : code;
}
