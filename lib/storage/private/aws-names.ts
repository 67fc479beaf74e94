/**
 * Names and placements for the AWS storage constructs: pure functions, each throwing a message
 * that names the bad value, the rule it breaks and, where there is one, the allowed values.
 * Sources: docs/facts/security-rules.md §5.1 (S3 bucket names), §5.8 (KMS aliases),
 * §5.9 (KMS deletion window); docs/facts/regions-services-law.md §4.4 (replication stays in the jurisdiction).
 */
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Token } from 'cdktn';
import { allowedRegions, describeJurisdictionCountries, describeRegion, integerRangeProblem, regionProblem, s3BucketNameProblems, type AllowedRegionsOptions, type Jurisdiction, type Region } from '../../catalog';

/** Stand-in for the account id (a token at synth time): account ids are always 12 digits. */
export const ACCOUNT_ID_PLACEHOLDER = '000000000000';

/** The S3 naming rule (lib/catalog/names.ts), shared with the rule pack's Sovereign-S3BucketName. */
export { s3BucketNameProblems };

/**
 * The bucket names of one store in one region. The account id and the region make them unique
 * per partition (S3 names are global) and stable across deployments; the jurisdiction and the
 * store say what the data is. `accountId` is a token in constructs, the placeholder when validating.
 */
export function residencyBucketNames(parts: {
  namespace: string;
  jurisdictionId: string;
  storeName: string;
  regionCode: string;
  accountId: string;
}): { data: string; logs: string } {
  const stem = `${parts.namespace}-${parts.jurisdictionId}-${parts.storeName}`;
  return {
    data: `${stem}-${parts.regionCode}-${parts.accountId}`,
    logs: `${stem}-logs-${parts.regionCode}-${parts.accountId}`,
  };
}

/** Throws unless every name (computed with the 12-digit placeholder) is a valid bucket name. */
export function assertBucketNames(path: string, names: { data: string; logs: string }): void {
  for (const [kind, name] of Object.entries(names)) {
    const problems = s3BucketNameProblems(name);
    if (problems.length > 0) {
      throw new Error(
        `${path}: ${kind} bucket name "${name}" (${name.length} characters, account id counted as 12 digits) ` +
          `is not a valid S3 bucket name: ${problems.join('; ')}. Shorten or fix namespace, jurisdiction id or storeName.`,
      );
    }
  }
}

/** `storeName`: 2–12 lower-case letters or digits, so that names stay short and unambiguous. */
export function assertStoreName(path: string, storeName: string): void {
  if (!/^[a-z0-9]{2,12}$/.test(storeName)) {
    throw new Error(`${path}: storeName "${storeName}" must be 2 to 12 lower-case letters or digits (^[a-z0-9]{2,12}$)`);
  }
}

/** A name part (namespace, jurisdiction id, key purpose): lower-case letters, digits, inner hyphens. */
export function assertNamePart(path: string, what: string, value: string, maxLength: number): void {
  if (value.length > maxLength || !/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(value)) {
    throw new Error(
      `${path}: ${what} "${value}" must be 1 to ${maxLength} lower-case letters, digits or inner hyphens ` +
        `(^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$), is ${value.length} characters`,
    );
  }
}

/** KMS alias rule (§5.8): `alias/` + 1–250 of `[a-zA-Z0-9/_-]`, never under the reserved `alias/aws/`. */
export function assertKmsAliasName(path: string, alias: string): void {
  if (alias.length > 256 || !/^alias\/[a-zA-Z0-9/_-]+$/.test(alias) || alias.startsWith('alias/aws/')) {
    throw new Error(
      `${path}: KMS alias "${alias}" (${alias.length} characters) must match ^alias/[a-zA-Z0-9/_-]+$, ` +
        'be at most 256 characters and not begin with the reserved "alias/aws/"',
    );
  }
}

/** IAM role names: 1–64 of `[A-Za-z0-9+=,.@_-]`, unique per account (IAM is global). */
export function replicationRoleName(path: string, namespace: string, jurisdictionId: string, storeName: string): string {
  const name = `${namespace}-${jurisdictionId}-${storeName}-s3-replication`;
  if (name.length > 64 || !/^[\w+=,.@-]+$/.test(name)) {
    throw new Error(`${path}: IAM role name "${name}" (${name.length} characters) must be 1 to 64 of [A-Za-z0-9+=,.@_-]`);
  }
  return name;
}

export function assertIntegerInRange(path: string, what: string, value: number, min: number, max: number): void {
  const problem = integerRangeProblem(what, value, min, max);
  if (problem) throw new Error(`${path}: ${problem}`);
}

/** Throws unless `region` is an AWS region inside the jurisdiction (the residency kernel's rule, lib/catalog/residency.ts). */
export function assertRegionInJurisdiction(path: string, role: string, region: Region, j: Jurisdiction, options: AllowedRegionsOptions = { partition: region.partition }): void {
  const problem = regionProblem(region, j, 'aws', options);
  if (problem) throw new Error(`${path}: ${role} ${problem}`);
}

/**
 * Replication placement rules, in order (the first that fails throws):
 * | replica region                          | result                                   |
 * |-----------------------------------------|------------------------------------------|
 * | country outside the jurisdiction        | refused: data would leave the jurisdiction |
 * | same code as the primary                | refused: a replica must survive the region |
 * | other partition (aws ↔ aws-eusc/us-gov) | refused: S3 cannot replicate across partitions |
 * | otherwise                               | accepted                                 |
 */
export function assertReplicaPlacement(path: string, primary: Region, replica: Region, j: Jurisdiction): void {
  const options = { partition: primary.partition, exclude: [primary.code] };
  assertRegionInJurisdiction(path, 'replica', replica, j, options);
  const where = `replica region ${describeRegion(replica)}`;
  if (replica.code === primary.code) {
    throw new Error(`${path}: ${where} is the primary region; a replica of ${describeJurisdictionCountries(j)} must be in another region. ${allowedRegions('aws', j, options)}`);
  }
  if (replica.partition !== primary.partition) {
    throw new Error(
      `${path}: ${where} is in partition ${replica.partition}, the primary ${primary.code} in ${primary.partition}; S3 replication stays in one partition. ${allowedRegions('aws', j, options)}`,
    );
  }
}

/** Throws when the provider is configured for another region than the one the construct is told about. */
export function assertProviderRegion(path: string, provider: AwsProvider, region: Region): void {
  const configured = provider.region;
  if (configured !== undefined && !Token.isUnresolved(configured) && configured !== region.code) {
    throw new Error(`${path}: the AWS provider ${provider.alias ?? '(default)'} is configured for ${configured}, not ${region.code}`);
  }
}
