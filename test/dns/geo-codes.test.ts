import { EU_MEMBER_STATES } from '../../lib/catalog';
import {
  isRoute53CountryCode,
  isTrafficManagerCode,
  isTrafficManagerCountryCode,
  ROUTE53_CONTINENTS,
  route53CountryProblem,
  TRAFFIC_MANAGER_REGIONAL_GROUPINGS,
  trafficManagerCountryProblem,
} from '../../lib/catalog/geo-codes';

describe('Route 53 country codes', () => {
  test.each([
    ['DE', true], ['GB', true], ['UA', true], ['IN', true], ['US', true], ['SA', true], // SA = Saudi Arabia in `country`
    ['UK', false], ['EU', false], ['OC', false], ['AN', false], ['*', false], ['de', false], ['DEU', false],
  ])('isRoute53CountryCode(%s) is %s', (code, ok) => {
    expect(isRoute53CountryCode(code)).toBe(ok);
  });

  test('every EU member state is a Route 53 country', () => {
    expect(EU_MEMBER_STATES.filter((c) => !isRoute53CountryCode(c))).toEqual([]);
  });

  test('the seven continents are listed, EU described as geographic Europe', () => {
    expect(Object.keys(ROUTE53_CONTINENTS).sort()).toEqual(['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA']);
    expect(ROUTE53_CONTINENTS.EU).toContain('includes GB, CH, NO');
  });

  test.each([
    ['UK', '"UK" is not a Route 53 country code: the United Kingdom is "GB" (ISO 3166-1); "UK" is not a country code'],
    ['OC', '"OC" is not a Route 53 country code: it is the Route 53 continent Oceania; list the countries instead'],
    ['de', '"de" is not a Route 53 country code: country codes are upper case: "DE"'],
    ['*', '"*" is the default record, set by the default jurisdiction'],
    ['ZZ', '"ZZ" is not a Route 53 country code: use an ISO 3166-1 alpha-2 code'],
  ])('route53CountryProblem(%s) explains', (code, message) => {
    expect(route53CountryProblem(code)).toContain(message);
  });
});

describe('Traffic Manager codes', () => {
  test.each([
    ['WORLD', true], ['GEO-EU', true], ['GEO-AP', true], ['GB', true], ['SA', true], ['US-CA', true], ['AU-NSW', true], ['XK', true],
    ['UK', false], ['EU', false], ['GEO-OC', false], ['world', false], ['EH', false],
  ])('isTrafficManagerCode(%s) is %s', (code, ok) => {
    expect(isTrafficManagerCode(code)).toBe(ok);
  });

  test('SA, AS and NA are countries (Saudi Arabia, American Samoa, Namibia), not the Route 53 continents', () => {
    expect(TRAFFIC_MANAGER_REGIONAL_GROUPINGS['GEO-ME'].countries).toContain('SA');
    expect(TRAFFIC_MANAGER_REGIONAL_GROUPINGS['GEO-AP'].countries).toContain('AS');
    expect(TRAFFIC_MANAGER_REGIONAL_GROUPINGS['GEO-AF'].countries).toContain('NA');
  });

  test('GEO-EU is geographic Europe: all 27 member states and non-EU countries too', () => {
    const geoEu = TRAFFIC_MANAGER_REGIONAL_GROUPINGS['GEO-EU'].countries;
    expect(EU_MEMBER_STATES.filter((c) => !geoEu.includes(c))).toEqual([]);
    expect(geoEu).toEqual(expect.arrayContaining(['GB', 'CH', 'NO', 'RU', 'UA']));
  });

  test('a country sits in one regional grouping only', () => {
    const all = Object.values(TRAFFIC_MANAGER_REGIONAL_GROUPINGS).flatMap((g) => g.countries);
    expect(all.length).toBe(new Set(all).size);
  });

  test.each([
    ['WORLD', 'WORLD is the catch-all, mapped only to the default jurisdiction'],
    ['GEO-EU', 'it is the regional grouping Europe (geographic'],
    ['US-CA', 'it is a state/province; a jurisdiction maps whole countries'],
    ['EH', "it is an ISO code, but Traffic Manager's geographic hierarchy has no entry for it"],
    ['UK', 'the United Kingdom is "GB"'],
  ])('trafficManagerCountryProblem(%s) explains', (code, message) => {
    expect(isTrafficManagerCountryCode(code)).toBe(false);
    expect(trafficManagerCountryProblem(code)).toContain(message);
  });
});
