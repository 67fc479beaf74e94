/**
 * The operator seam: clouds and operators are rows of ONE table. A row says who runs a placement
 * (name, home country, description), which region catalog and partitions it uses, its service DNS
 * suffixes, and how its resources are recognised in synthesized Terraform JSON (resource type
 * prefix, provider name, the attribute that holds the region). Policy validation, constructs, the
 * rule pack and the cut-off analysis read this table instead of spelling `'aws' | 'azure'`.
 *
 * Adding a cloud or operator (README, "Adding a cloud or operator"):
 * 1. one row: `registerOperator({ name, home, cloud, regions, terraform, ... })` (or a literal row
 *    in `BUILTIN_OPERATOR_ROWS` for a built-in one); its regions join the region catalog;
 * 2. one construct adapter under `lib/<capability>/<operator>.ts` that checks its placement with
 *    the residency kernel (`placementProblem`, lib/catalog/residency.ts) and creates resources of
 *    the row's `terraform.resourcePrefix`. Policy, checks and analysis then place them by the row.
 *
 * Home countries: AWS and Azure are US companies (Amazon.com, Inc.; Microsoft Corporation). AWS
 * European Sovereign Cloud (partition aws-eusc) is run by AWS European Sovereign Cloud GmbH, an EU
 * company with EU-resident staff, "EU-operated by design" (a separate partition with its own billing,
 * account and identity systems: https://docs.aws.amazon.com/whitepapers/latest/overview-aws-european-sovereign-cloud/design-approach.html);
 * whether its US parent can still be compelled under US law (CLOUD Act) is disputed, so a cut-off
 * of US operators that spares it rests on that design claim.
 * DNS suffixes: botocore `botocore/data/partitions.json` (`aws-eusc` uses `amazonaws.eu`); Azure
 * public cloud service names end in `azure.com`, `windows.net`, `azure-api.net`.
 */
import type { CountryCode } from './countries';
import type { Partition, Region } from './regions';

/** How an operator's resources appear in synthesized Terraform JSON. */
export interface TerraformRecognition {
  /** Resource and data source types start with it: `aws_`, `azurerm_`. */
  readonly resourcePrefix: string;
  /** The provider block name (`provider.aws`), whose `region` places resources without their own. */
  readonly providerName: string;
  /** The resource argument that holds the region code: `region` (AWS provider 6), `location` (azurerm). */
  readonly regionAttribute: string;
  /** A region value that means "no region" for this operator (azurerm `global`). */
  readonly globalRegion?: string;
  /**
   * A resource without its own region sits where a resource of this operator it refers to sits
   * (azurerm: a subnet where its resource group is). Without it, an unresolved region stays unresolved.
   */
  readonly followReferences?: boolean;
  /** The provider tags every resource (`default_tags`); when false, lib/tagging tags each resource. */
  readonly providerDefaultTags: boolean;
}

export interface OperatorRow {
  /** Name in policies, scenarios (`operator:<name>`) and the analysis: `aws`, `aws-eusc`, `azure`. */
  readonly name: string;
  /** How messages name it: `AWS`, `Azure`. */
  readonly displayName: string;
  readonly description: string;
  /** Home country: whose law, sanctions and export rules reach the operator (not where it runs). */
  readonly home: CountryCode;
  /** The region catalog its placements use (`Region.cloud`); aws and aws-eusc share `aws`. */
  readonly cloud: string;
  /** Partitions it runs; a region's partition names its operator. */
  readonly partitions: readonly Partition[];
  /** Service endpoint DNS suffix: `amazonaws.com`, `amazonaws.eu`. */
  readonly dnsSuffix: string;
  /** Absent for an operator this tool does not provision (declared endpoints, DNS operators). */
  readonly terraform?: TerraformRecognition;
  /** Regions of an operator that `regions.ts` does not list (a national cluster, a test operator). */
  readonly regions?: readonly Region[];
}

const AWS_TERRAFORM: TerraformRecognition = { resourcePrefix: 'aws_', providerName: 'aws', regionAttribute: 'region', providerDefaultTags: true };

/** The built-in rows. Order matters where rows share a cloud: the first row of a cloud is its default operator. */
export const BUILTIN_OPERATOR_ROWS: readonly OperatorRow[] = Object.freeze([
  { name: 'aws', displayName: 'AWS', description: 'Amazon Web Services (Amazon.com, Inc.)', home: 'US', cloud: 'aws', partitions: ['aws', 'aws-us-gov'], dnsSuffix: 'amazonaws.com', terraform: AWS_TERRAFORM },
  {
    name: 'aws-eusc',
    displayName: 'AWS',
    description: 'AWS European Sovereign Cloud (AWS European Sovereign Cloud GmbH, EU-operated by design)',
    home: 'DE',
    cloud: 'aws',
    partitions: ['aws-eusc'],
    dnsSuffix: 'amazonaws.eu',
    terraform: AWS_TERRAFORM,
  },
  {
    name: 'azure',
    displayName: 'Azure',
    description: 'Microsoft Azure (Microsoft Corporation)',
    home: 'US',
    cloud: 'azure',
    partitions: ['azure-public'],
    dnsSuffix: 'azure.com',
    terraform: { resourcePrefix: 'azurerm_', providerName: 'azurerm', regionAttribute: 'location', globalRegion: 'global', followReferences: true, providerDefaultTags: false },
  },
] satisfies OperatorRow[]);

const rows: OperatorRow[] = [...BUILTIN_OPERATOR_ROWS];

/** Every operator row: the built-in ones, then the registered ones. */
export function operatorRows(): readonly OperatorRow[] {
  return rows;
}

/**
 * Adds an operator row (a plug-in operator, or a test-only one). Its regions join the region
 * catalog (`findRegion(row.cloud, code)`). Returns a function that removes it again.
 */
export function registerOperator(row: OperatorRow): () => void {
  if (rows.some((r) => r.name === row.name)) throw new Error(`operator "${row.name}" is already in the catalog`);
  for (const region of row.regions ?? []) {
    if (region.cloud !== row.cloud) throw new Error(`operator "${row.name}": region ${region.code} belongs to cloud ${region.cloud}, not ${row.cloud}`);
    if (!row.partitions.includes(region.partition)) throw new Error(`operator "${row.name}": region ${region.code} is in partition ${region.partition}, not one of ${row.partitions.join(', ')}`);
  }
  rows.push(row);
  return () => {
    const i = rows.indexOf(row);
    if (i >= 0) rows.splice(i, 1);
  };
}

/** The row of an operator name, or undefined. */
export function findOperator(name: string): OperatorRow | undefined {
  return rows.find((r) => r.name === name);
}

/** The operator of everything deployed in a partition (`aws-eusc` → aws-eusc, `azure-public` → azure). */
export function operatorOfPartition(partition: Partition): string {
  return rows.find((r) => r.partitions.includes(partition))?.name ?? 'aws';
}

/** The operator running a region: the row whose partitions hold the region's partition. */
export function operatorOfRegion(region: Pick<Region, 'cloud' | 'partition'>): OperatorRow | undefined {
  return rows.find((r) => r.cloud === region.cloud && r.partitions.includes(region.partition));
}

/** How messages name a cloud's regions: `AWS`, `Azure`, or the cloud's own name. */
export function cloudDisplayName(cloud: string): string {
  return rows.find((r) => r.cloud === cloud)?.displayName ?? cloud;
}

/** The row that recognises a Terraform resource or data source type (`aws_s3_bucket` → aws), first of its cloud. */
export function operatorOfResourceType(type: string): OperatorRow | undefined {
  return rows.find((r) => r.terraform && type.startsWith(r.terraform.resourcePrefix));
}

/** Endpoint DNS suffix of a region's partition (botocore partitions.json: `aws-eusc` uses `amazonaws.eu`). */
export function dnsSuffixOf(region: Pick<Region, 'cloud' | 'partition'>): string {
  return operatorOfRegion(region)?.dnsSuffix ?? 'amazonaws.com';
}

/**
 * Operators every policy knows, with their home country: the table's rows, by name. A policy's
 * `operators` section adds others (external endpoints, DNS providers) and may not redeclare these.
 */
export function builtinOperators(): Readonly<Record<string, { readonly country: CountryCode; readonly description: string }>> {
  return Object.fromEntries(rows.map((r) => [r.name, { country: r.home, description: r.description }]));
}
