/**
 * The shape of a sovereignty rule (cdk-nag v2 style): a pure function over one synthesized resource
 * and its stack, returning compliant / non-compliant / not-applicable, with a stable id and a level.
 */
import type { Jurisdiction } from '../catalog';
import type { Placement } from './placement';

/** `error` fails `cdktn synth`; `warning` is reported and synthesis goes on. */
export type RuleLevel = 'error' | 'warning';

/** Residency rules run only in stacks with a known jurisdiction; the others run everywhere. */
export type RuleFamily = 'residency' | 'security' | 'data-safety' | 'deployability';

export type RuleResult =
  | { readonly status: 'compliant' }
  | { readonly status: 'not-applicable' }
  | { readonly status: 'non-compliant'; readonly message: string };

export const COMPLIANT: RuleResult = Object.freeze({ status: 'compliant' });
export const NOT_APPLICABLE: RuleResult = Object.freeze({ status: 'not-applicable' });

/** A non-compliant result; the message names the bad value and what is allowed. */
export function nonCompliant(message: string): RuleResult {
  return { status: 'non-compliant', message };
}

/** Compliant when `problems` is empty, else non-compliant with the problems joined. */
export function verdict(problems: readonly (string | undefined | false)[]): RuleResult {
  const found = problems.filter((p): p is string => typeof p === 'string' && p.length > 0);
  return found.length === 0 ? COMPLIANT : nonCompliant(found.join('; '));
}

/**
 * What a rule looks at. Besides Terraform resources (`kind: 'resource'`, type `aws_s3_bucket`) and
 * data sources (`kind: 'data'`), the stack's providers (`kind: 'provider'`, type `provider.aws`) and
 * its backend (`kind: 'backend'`, type `terraform.backend`) are checked as pseudo-resources.
 */
export interface CheckedResource {
  readonly kind: 'resource' | 'data' | 'provider' | 'backend';
  /** `aws_s3_bucket`, `aws_caller_identity` (data), `provider.aws`, `terraform.backend`. */
  readonly type: string;
  /** Logical id (`bucket_1A2B3C4D`), provider alias (`""` for the default provider), backend type (`s3`). */
  readonly name: string;
  /** Terraform address: `aws_s3_bucket.x`, `data.aws_caller_identity.x`, `provider.aws.eu-central-1`, `terraform.backend.s3`. */
  readonly address: string;
  /** Final attributes, escape-hatch overrides included (cdktf's `//` metadata removed). */
  readonly attrs: Readonly<Record<string, any>>;
  /** Construct path, when cdktf recorded one. */
  readonly path?: string;
}

/** The stack around a resource: lookups over its synthesized JSON, computed once per stack. */
export interface RuleContext {
  readonly stackName: string;
  /** The stack's jurisdiction; undefined for stacks that hold none (residency rules do not run there). */
  readonly jurisdiction?: Jurisdiction;
  /** Resources (not data sources) of one type. */
  resourcesOfType(type: string): readonly CheckedResource[];
  /** The resource or data source at a Terraform address (`aws_s3_bucket.x`, `data.aws_partition.p`). */
  resourceAt(address: string): CheckedResource | undefined;
  /** Resources and data sources a value refers to through `${type.name...}` expressions, in order. */
  referencedBy(value: unknown): readonly CheckedResource[];
  /**
   * Resources of `type` that refer to `target` (in `attribute` only, when given): cdktf's way of
   * attaching `aws_s3_bucket_versioning` and friends to their bucket.
   */
  referencing(target: CheckedResource, type: string, attribute?: string): readonly CheckedResource[];
  /** Where a resource or data source runs: the AWS region of its provider (or `region`), the Azure `location` (followed through references). */
  placementOf(resource: CheckedResource): Placement | undefined;
  /** The stack's providers of one type (`aws`, `azurerm`) as pseudo-resources. */
  providers(type: string): readonly CheckedResource[];
}

export interface RuleMetadata {
  /** Stable id, `Sovereign-<Name>`: used in findings, suppressions and the README. */
  readonly id: string;
  readonly level: RuleLevel;
  readonly family: RuleFamily;
  /** One sentence: what a compliant resource looks like. */
  readonly description: string;
  /** Resource types checked (`aws_s3_bucket`), `data.<type>`, `provider.aws`, `terraform.backend`, or `*` for every resource and data source. */
  readonly appliesTo: readonly string[];
}

export type RuleFunction = (resource: CheckedResource, context: RuleContext) => RuleResult;

/** A rule: a pure function named like its file, carrying its metadata. */
export type SovereigntyRule = RuleFunction & RuleMetadata;

const ID = /^Sovereign-[A-Z][A-Za-z0-9]+$/;

/** Attaches metadata to a rule function: `export const S3Tls = defineRule({ id: 'Sovereign-S3Tls', ... }, function S3Tls(r, ctx) {...})`. */
export function defineRule(metadata: RuleMetadata, check: RuleFunction): SovereigntyRule {
  if (!ID.test(metadata.id)) throw new Error(`rule id "${metadata.id}" must look like Sovereign-<Name>`);
  if (metadata.appliesTo.length === 0) throw new Error(`rule ${metadata.id} applies to no resource type`);
  return Object.freeze(Object.assign(check, metadata));
}
