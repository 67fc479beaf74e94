/**
 * The operator model: every deployed component is run by an operator, and every operator has a home
 * country whose law, sanctions and export rules reach it wherever its data centres are. The built-in
 * operators are the rows of the catalog's operator table (lib/catalog/operators.ts).
 *
 * - AWS (partitions aws, aws-us-gov) and Azure: home US.
 * - AWS European Sovereign Cloud (partition aws-eusc, region eusc-de-east-1): home DE, "EU-operated
 *   by design" (an EU company, EU-resident staff, no dependency on the global AWS control plane).
 *   Whether its US parent can still be compelled under US law (CLOUD Act, IEEPA) is disputed; this
 *   model takes the design claim, so a `cutoff:US` that spares it rests on that claim.
 * - External endpoints and DNS providers: the home country the policy declares under `operators`;
 *   an operator without one has an unknown home and is counted as lost in every cut-off.
 */
import { EU_MEMBER_STATES, JURISDICTION_PRESETS, builtinOperators, operatorOfPartition, type CountryCode } from '../catalog';

/** The operator of everything deployed in a partition: a catalog fact (lib/catalog/operators.ts). */
export { operatorOfPartition };

export interface Operator {
  readonly name: string;
  /** Home country; undefined when the policy did not declare it. */
  readonly home?: CountryCode;
  readonly description?: string;
}

export type OperatorTable = ReadonlyMap<string, Operator>;

/** The catalog's operator rows (lib/catalog/operators.ts) plus the policy's declared ones. */
export function operatorTable(declared: Readonly<Record<string, { readonly country: CountryCode; readonly description?: string }>> = {}): OperatorTable {
  const table = new Map<string, Operator>();
  for (const [name, o] of Object.entries({ ...declared, ...builtinOperators() })) table.set(name, { name, home: o.country, description: o.description });
  return table;
}

/** Looks an operator up; unknown names get an undeclared home. */
export function operatorNamed(table: OperatorTable, name: string): Operator {
  return table.get(name) ?? { name };
}

/** `aws, US` or `natcloud-fr, home not declared` */
export function describeOperator(o: Operator): string {
  return `${o.name}, ${o.home ?? 'home not declared'}`;
}

/** Countries a `cutoff:<X>` reaches: a preset (US, EU, IN), `EU`, or one ISO country. */
export function cutoffCountries(target: string): readonly CountryCode[] {
  if (target === 'EU') return EU_MEMBER_STATES;
  return Object.hasOwn(JURISDICTION_PRESETS, target) ? JURISDICTION_PRESETS[target as keyof typeof JURISDICTION_PRESETS].countries : [target];
}
