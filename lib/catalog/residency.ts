/**
 * The residency kernel: the one answer to "is this placement inside this jurisdiction, and who
 * operates it". Policy validation (a located error), constructs (a thrown error), the rule pack (a
 * finding) and the cut-off analysis (a component's operator and country) call these functions and
 * wrap their answer; none of them re-implements the rule.
 *
 * A placement is (cloud or operator, region, partition, country, the operator's home country).
 * A region is inside a jurisdiction when its country is one of the jurisdiction's countries: never
 * by a name prefix (`eu-` includes London and Zurich) or a continent (lib/catalog/regions.ts).
 */
import { describeCountry, type CountryCode } from './countries';
import type { Jurisdiction } from './jurisdictions';
import { cloudDisplayName, operatorOfRegion, operatorRows } from './operators';
import { REGIONS, type Cloud, type Partition, type Region } from './regions';

/** Where something runs and who runs it. */
export interface RegionPlacement {
  /** The region catalog (`aws`, `azure`, or a registered operator's cloud). */
  readonly cloud: Cloud;
  /** The operator row's name: `aws`, `aws-eusc`, `azure`. */
  readonly operator: string;
  readonly region: Region;
  readonly partition: Partition;
  /** The country the region is in. */
  readonly country: CountryCode;
  /** The operator's home country, whose law reaches it wherever it runs. */
  readonly home: CountryCode;
}

function allRegions(): readonly Region[] {
  const extra = operatorRows().flatMap((r) => r.regions ?? []);
  return extra.length ? [...REGIONS, ...extra] : REGIONS;
}

const BY_CLOUD_AND_CODE = new Map(REGIONS.map((r) => [`${r.cloud}:${r.code}`, r]));

/** The catalog region of a cloud with this code, or undefined. */
export function findRegion(cloud: Cloud, code: string): Region | undefined {
  return BY_CLOUD_AND_CODE.get(`${cloud}:${code}`) ?? operatorRows().flatMap((r) => r.regions ?? []).find((r) => r.cloud === cloud && r.code === code);
}

/** The region with this code in any cloud's catalog (codes differ between clouds), or undefined. */
export function findRegionInAnyCloud(code: string): Region | undefined {
  return allRegions().find((r) => r.code === code);
}

/** Every catalog region of a cloud. */
export function regionsOf(cloud: Cloud): Region[] {
  return allRegions().filter((r) => r.cloud === cloud);
}

/** THE rule: a country is inside a jurisdiction when the jurisdiction lists it. */
export function isCountryIn(country: CountryCode, j: Pick<Jurisdiction, 'countries'>): boolean {
  return j.countries.includes(country);
}

/** A region (or anything with a country: a Bedrock destination, a paired region) is inside when its country is. */
export function isRegionIn(region: Pick<Region, 'country'>, j: Pick<Jurisdiction, 'countries'>): boolean {
  return isCountryIn(region.country, j);
}

/** Regions of a cloud whose country is in the jurisdiction. */
export function regionsIn(cloud: Cloud, j: Pick<Jurisdiction, 'countries'>): Region[] {
  return regionsOf(cloud).filter((r) => isRegionIn(r, j));
}

/** The full placement of a catalog region: operator, partition, country, the operator's home. */
export function placementOfRegion(region: Region): RegionPlacement {
  const row = operatorOfRegion(region);
  return { cloud: region.cloud, operator: row?.name ?? region.cloud, region, partition: region.partition, country: region.country, home: row?.home ?? region.country };
}

/**
 * Who runs something of `cloud` in region `code`: the operator of the region's partition, or the
 * cloud's first operator row when the region is unknown (or not given).
 */
export function operatorAt(cloud: Cloud, code: string | undefined): { readonly operator: string; readonly region?: Region } {
  const region = code === undefined ? undefined : findRegion(cloud, code);
  const row = region ? operatorOfRegion(region) : operatorRows().find((r) => r.cloud === cloud);
  return { operator: row?.name ?? cloud, region };
}

/** `eu-west-2 (London, GB (United Kingdom))` */
export function describeRegion(r: Region): string {
  return `${r.code} (${r.city}, ${describeCountry(r.country)})`;
}

export interface AllowedRegionsOptions {
  /** Only regions of this partition (S3 replication and Organizations stay in one partition). */
  readonly partition?: Partition;
  /** Codes to leave out (the primary, for a replica). */
  readonly exclude?: readonly string[];
}

/** The regions of `cloud` a jurisdiction allows, optionally of one partition and minus some codes. */
export function allowedRegionList(cloud: Cloud, j: Pick<Jurisdiction, 'countries'>, options: AllowedRegionsOptions = {}): Region[] {
  return regionsIn(cloud, j).filter((r) => (options.partition === undefined || r.partition === options.partition) && !(options.exclude ?? []).includes(r.code));
}

/** `AWS regions allowed there: eu-central-1, eu-west-1`, or `the catalog has no AWS region in those countries`. */
export function allowedRegions(cloud: Cloud, j: Pick<Jurisdiction, 'countries'>, options: AllowedRegionsOptions = {}): string {
  const codes = allowedRegionList(cloud, j, options).map((r) => r.code);
  const name = cloudDisplayName(cloud);
  return codes.length ? `${name} regions allowed there: ${codes.join(', ')}` : `the catalog has no ${name} region in those countries`;
}

/** `jurisdiction "eu" (AT, BE, ...)` */
export function describeJurisdictionCountries(j: Pick<Jurisdiction, 'id' | 'countries'>): string {
  return `jurisdiction "${j.id}" (${j.countries.join(', ')})`;
}

/**
 * Why `region` may not hold something of jurisdiction `j`, or undefined when it may. With `cloud`,
 * a region of another cloud is refused too. The message names the region, its country, the
 * jurisdiction and the allowed regions; callers prefix what is placed (`replica region`, a policy path).
 */
export function regionProblem(region: Region, j: Pick<Jurisdiction, 'id' | 'countries'>, cloud: Cloud = region.cloud, options: AllowedRegionsOptions = {}): string | undefined {
  if (region.cloud !== cloud) {
    const a = (c: string) => (/^[aeiou]/i.test(c) ? `an ${c}` : `a ${c}`);
    return `region ${region.code} is ${a(region.cloud)} region, not ${a(cloud)} region; ${allowedRegions(cloud, j, options)}`;
  }
  if (isRegionIn(region, j)) return undefined;
  return `region ${describeRegion(region)} is outside ${describeJurisdictionCountries(j)}; ${allowedRegions(cloud, j, options)}`;
}

/**
 * The same rule for a region code read from somewhere (synthesized JSON, an ARN): unknown codes are
 * outside, since their country cannot be checked.
 */
export function regionCodeInJurisdiction(cloud: Cloud, code: string, j: Pick<Jurisdiction, 'countries'>): boolean {
  const region = findRegion(cloud, code);
  return !!region && isRegionIn(region, j);
}
