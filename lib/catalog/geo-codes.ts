/**
 * Location codes of the two DNS geo-routing services, and what each accepts where a country is meant.
 *
 * Sources:
 * - Route 53: API reference `GeoLocation` (https://docs.aws.amazon.com/Route53/latest/APIReference/API_GeoLocation.html):
 *   continent codes AF AN AS EU OC NA SA; country codes ISO 3166-1 alpha-2, "Route 53 also supports the
 *   country code UA for Ukraine"; `*` in CountryCode is the default record (everything no other record
 *   of the same name and type covers). The authoritative per-account list is `ListGeoLocations`.
 * - Traffic Manager: MicrosoftDocs/azure-docs `articles/traffic-manager/traffic-manager-geographic-regions.md`,
 *   two revisions: @c12e70e2 (newer: "North Macedonia") and @12c2ceb9 (older, 2017). The table below is
 *   their union: `CG` and the `GB-ENG/NIR/SCT/WLS` subdivisions appear in the older revision only. The
 *   live list is the REST API `GET /providers/Microsoft.Network/trafficManagerGeographicHierarchies/default`.
 *   Matching rules: `traffic-manager-routing-methods.md` (Geographic): a location maps to one endpoint of
 *   a profile; an unmapped location gets NODATA; `WORLD` catches everything unmapped.
 *
 * Cross-service gotchas:
 * - Route 53 continent `EU` and Traffic Manager `GEO-EU` are geographic Europe (GB, CH, NO, RU, UA, ...),
 *   never the European Union: a jurisdiction lists its member states one by one.
 * - `SA`, `AS`, `NA` are continents in Route 53's *continent* field (South America, Asia, North America)
 *   but countries everywhere else: Saudi Arabia, American Samoa, Namibia, in Route 53's *country* field
 *   and in Traffic Manager (whose regions are `GEO-SA`, `GEO-AS`, `GEO-NA`). This project only ever
 *   writes countries, so `SA` always means Saudi Arabia here.
 * - The United Kingdom is `GB` in both; `UK` is not an ISO code and is refused.
 */
import { COUNTRY_CODES, EU_MEMBER_STATES, type CountryCode } from './countries';

export type Route53ContinentCode = 'AF' | 'AN' | 'AS' | 'EU' | 'NA' | 'OC' | 'SA';

/** Route 53 continent codes (geolocation `continent`). `EU` is geographic Europe, not the European Union. */
export const ROUTE53_CONTINENTS: Readonly<Record<Route53ContinentCode, string>> = Object.freeze({
  AF: 'Africa',
  AN: 'Antarctica',
  AS: 'Asia',
  EU: 'Europe (geographic: includes GB, CH, NO, RU, UA and other non-EU countries)',
  NA: 'North America',
  OC: 'Oceania',
  SA: 'South America',
});

/** Route 53 geolocation `country = "*"`: the default record for every location no other record covers. */
export const ROUTE53_DEFAULT_LOCATION = '*';

/** True for a country Route 53 geolocation accepts in `country`: ISO 3166-1 alpha-2 (with `UA`). */
export function isRoute53CountryCode(code: string): boolean {
  return COUNTRY_CODES.has(code);
}

export type TrafficManagerRegionalGrouping = 'GEO-EU' | 'GEO-ME' | 'GEO-NA' | 'GEO-AS' | 'GEO-AF' | 'GEO-AN' | 'GEO-SA' | 'GEO-AP';

/** Traffic Manager's catch-all location: everything no other mapping of the profile covers. */
export const TRAFFIC_MANAGER_WORLD = 'WORLD';

const group = (name: string, countries: string) => Object.freeze({ name, countries: Object.freeze(countries.split(' ')) });

/** Traffic Manager regional groupings (children of `WORLD`) and the country codes under each. */
export const TRAFFIC_MANAGER_REGIONAL_GROUPINGS: Readonly<Record<TrafficManagerRegionalGrouping, { readonly name: string; readonly countries: readonly string[] }>> = Object.freeze({
  'GEO-EU': group('Europe (geographic: includes GB, CH, NO, RU, UA and other non-EU countries)',
    'AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XJ XK'),
  'GEO-ME': group('Middle East', 'AE BH IL IQ IR JO KW LB OM PS QA SY SA TR YE'),
  'GEO-NA': group('North America / Central America / Caribbean',
    'AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA PM PR SV SX TC TT UM US VC VG VI XE XS'),
  'GEO-AS': group('Asia',
    'AF AM AZ BD BN BT CC CN CX GE HK ID IN IO JP KG KH KP KR KZ LA LK MM MN MO MV MY NP PH PK SG TH TJ TL TM TW UZ VN'),
  'GEO-AF': group('Africa',
    'AO BF BI BJ BV BW CD CF CG CI CM CV DJ DZ EG ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW'),
  'GEO-AN': group('Antarctica', 'AQ'),
  'GEO-SA': group('South America', 'AR BO BR CL CO EC FK GF GS GY PE PY SR UY VE'),
  'GEO-AP': group('Australia / Pacific', 'AS AU CK FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS'),
});

/** State/province codes Traffic Manager maps (Australia, Canada, United Kingdom, United States only). */
export const TRAFFIC_MANAGER_SUBDIVISIONS: readonly string[] = Object.freeze([
  ...'ACT NSW NT QLD SA TAS VIC WA'.split(' ').map((s) => `AU-${s}`),
  ...'AB BC MB NB NL NS NT NU ON PE QC SK YT'.split(' ').map((s) => `CA-${s}`),
  ...'ENG NIR SCT WLS'.split(' ').map((s) => `GB-${s}`),
  ...('AK AL AR AZ CA CO CT DC DE FL GA HI IA ID IL IN KS KY LA MA MD ME MI MN MO MS MT NC ND NE NH NJ NM NV NY ' +
    'OH OK OR PA RI SC SD TN TX UT VA VT WA WI WV WY').split(' ').map((s) => `US-${s}`),
]);

const TM_COUNTRIES: ReadonlySet<string> = new Set(Object.values(TRAFFIC_MANAGER_REGIONAL_GROUPINGS).flatMap((g) => g.countries));
const TM_CODES: ReadonlySet<string> = new Set([TRAFFIC_MANAGER_WORLD, ...Object.keys(TRAFFIC_MANAGER_REGIONAL_GROUPINGS), ...TM_COUNTRIES, ...TRAFFIC_MANAGER_SUBDIVISIONS]);

/** True for any code Traffic Manager `geo_mappings` accepts: `WORLD`, a `GEO-*` grouping, a country, a state/province. */
export function isTrafficManagerCode(code: string): boolean {
  return TM_CODES.has(code);
}

/** True for a country (not `WORLD`, a grouping or a state) in Traffic Manager's hierarchy. */
export function isTrafficManagerCountryCode(code: string): boolean {
  return TM_COUNTRIES.has(code);
}

/** Hints shared by both services for codes that look like a country and are not one. */
function commonCountryHint(code: string): string | undefined {
  if (code !== code.toUpperCase() && isRoute53CountryCode(code.toUpperCase())) return `country codes are upper case: "${code.toUpperCase()}"`;
  if (code === 'UK') return 'the United Kingdom is "GB" (ISO 3166-1); "UK" is not a country code';
  if (code === 'EU') return `"EU" is not a country; the European Union is its 27 member states: ${EU_MEMBER_STATES.join(', ')}`;
  return undefined;
}

/**
 * Why `code` cannot be a client country in a Route 53 geolocation record, or undefined if it can.
 * Continents are refused: a jurisdiction is a set of countries.
 */
export function route53CountryProblem(code: CountryCode): string | undefined {
  if (isRoute53CountryCode(code)) return undefined;
  const base = `"${code}" is not a Route 53 country code`;
  const hint = commonCountryHint(code);
  if (hint) return `${base}: ${hint}`;
  if (code === ROUTE53_DEFAULT_LOCATION) return `${base}: "*" is the default record, set by the default jurisdiction, never claimed by a jurisdiction`;
  if (code in ROUTE53_CONTINENTS) {
    return `${base}: it is the Route 53 continent ${ROUTE53_CONTINENTS[code as Route53ContinentCode]}; list the countries instead`;
  }
  return `${base}: use an ISO 3166-1 alpha-2 code such as DE, IN, US`;
}

/**
 * Why `code` cannot be a client country in a Traffic Manager `geo_mappings` list, or undefined if it can.
 * `WORLD`, `GEO-*` groupings and states are refused: a jurisdiction is a set of whole countries.
 */
export function trafficManagerCountryProblem(code: CountryCode): string | undefined {
  if (isTrafficManagerCountryCode(code)) return undefined;
  const base = `"${code}" is not a Traffic Manager country code`;
  const hint = commonCountryHint(code);
  if (hint) return `${base}: ${hint}`;
  if (code === TRAFFIC_MANAGER_WORLD) return `${base}: WORLD is the catch-all, mapped only to the default jurisdiction`;
  if (code in TRAFFIC_MANAGER_REGIONAL_GROUPINGS) {
    return `${base}: it is the regional grouping ${TRAFFIC_MANAGER_REGIONAL_GROUPINGS[code as TrafficManagerRegionalGrouping].name}; list the countries instead`;
  }
  if (TRAFFIC_MANAGER_SUBDIVISIONS.includes(code)) return `${base}: it is a state/province; a jurisdiction maps whole countries`;
  if (COUNTRY_CODES.has(code)) return `${base}: it is an ISO code, but Traffic Manager's geographic hierarchy has no entry for it`;
  return `${base}: use an ISO 3166-1 alpha-2 code such as DE, IN, US`;
}
