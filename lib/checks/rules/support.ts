/**
 * Small helpers the rules share: reading cdktf's JSON shapes (a nested block is an object or a list
 * of objects), literal IAM policy documents, and region / jurisdiction wording.
 */
import { BEDROCK_GEOGRAPHIES, allowedRegions, describeCountry, describeRegion, findRegion, regionCodeInJurisdiction, type Cloud, type Jurisdiction } from '../../catalog';
import { block, blocks, isUnresolved, literal } from '../../synth-files/json';
import type { CheckedResource, RuleContext } from '../rule';

export { block, blocks, isUnresolved, literal };

/** `true` also when Terraform JSON carries it as the string "true". */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

export function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
}

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/**
 * The statements of a literal-JSON policy document (`JSON.stringify` output; references inside
 * strings are fine), or undefined for `${jsonencode(...)}` / data-source documents synth cannot read.
 */
export function policyStatements(policy: unknown): PolicyStatement[] | undefined {
  if (typeof policy !== 'string' || !policy.trim().startsWith('{')) return undefined;
  try {
    const doc = JSON.parse(policy);
    return blocks(doc?.Statement) as PolicyStatement[];
  } catch {
    return undefined;
  }
}

export function isAllow(s: PolicyStatement): boolean {
  return s.Effect === undefined || s.Effect === 'Allow';
}

/** True when a statement's principal is everyone: `"*"` or `{"AWS": "*"}` (or a list holding `*`). */
export function hasWildcardPrincipal(s: PolicyStatement): boolean {
  const p = s.Principal;
  if (p === '*') return true;
  if (p && typeof p === 'object') return asList((p as Record<string, unknown>).AWS).includes('*');
  return false;
}

export function hasCondition(s: PolicyStatement): boolean {
  return !!s.Condition && Object.keys(s.Condition).length > 0;
}

/** `"eu" (AT, BE, ...)` */
export function describeJurisdiction(j: Jurisdiction): string {
  return `"${j.id}" (${j.residency ?? j.countries.join('+')}: ${j.countries.join(', ')})`;
}

/** True when a catalog region of `cloud` with this code lies in one of the jurisdiction's countries (the residency kernel, lib/catalog/residency.ts). */
export { regionCodeInJurisdiction as regionInJurisdiction, allowedRegions };

/** `eu-west-2 (London, GB (United Kingdom))`, also for AWS regions only the Bedrock catalog knows. */
export function describeRegionCode(cloud: Cloud, code: string): string {
  const region = findRegion(cloud, code);
  if (region) return describeRegion(region);
  const known = Object.values(BEDROCK_GEOGRAPHIES).flatMap((g) => g.destinations ?? []).find((d) => d.code === code);
  return known ? `${code} (${known.city}, ${describeCountry(known.country)})` : `${code} (not in the region catalog, so its country is unknown)`;
}

/**
 * Why a region code read from synthesized JSON is not acceptable for the jurisdiction, or undefined:
 * the finding's wording around the residency kernel's rule (`regionCodeInJurisdiction`, `allowedRegions`).
 */
export function regionProblem(cloud: Cloud, code: string, j: Jurisdiction, what: string): string | undefined {
  if (regionCodeInJurisdiction(cloud, code, j)) return undefined;
  return `${what} is in ${describeRegionCode(cloud, code)}, outside jurisdiction ${describeJurisdiction(j)}; ${allowedRegions(cloud, j)}`;
}

/** True when an S3 bucket receives server access logs (it is a `target_bucket` of `aws_s3_bucket_logging`). */
export function isAccessLogTarget(bucket: CheckedResource, ctx: RuleContext): boolean {
  return ctx.referencing(bucket, 'aws_s3_bucket_logging', 'target_bucket').length > 0;
}

/** The split `aws_s3_bucket_*` resources attached to a bucket through their `bucket` argument. */
export function attached(bucket: CheckedResource, ctx: RuleContext, type: string): readonly CheckedResource[] {
  return ctx.referencing(bucket, type, 'bucket');
}

/** Bucket policies of a bucket: the `aws_s3_bucket_policy` resources and the legacy inline `policy`. */
export function bucketPolicies(bucket: CheckedResource, ctx: RuleContext): unknown[] {
  return [...attached(bucket, ctx, 'aws_s3_bucket_policy').map((p) => p.attrs.policy), ...(bucket.attrs.policy !== undefined ? [bucket.attrs.policy] : [])];
}

/** Why a resource of this stack is placed outside the jurisdiction, or undefined (inside, or not placeable at synth). */
export function placedOutside(resource: CheckedResource, ctx: RuleContext, j: Jurisdiction, what: string): string | undefined {
  const placement = ctx.placementOf(resource);
  if (!placement || isUnresolved(placement.region)) return undefined;
  return regionProblem(placement.cloud, placement.region, j, what);
}
