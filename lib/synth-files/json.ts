/**
 * Small readers of cdktn's Terraform JSON shapes, shared by the rule pack, the analysis and the tests:
 * a nested block is `{...}` in `cdk.tf.json` and `[{...}]` in HCL read back; a Terraform expression
 * is a string holding `${...}`.
 */

/** True when a value holds a Terraform expression that synth cannot know (`${var.region}`). */
export function isUnresolved(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** A nested block as a list: cdktf writes `{...}` for single blocks and `[{...}]` for lists. */
export function blocks(value: unknown): Record<string, any>[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== null && typeof v === 'object');
}

/** The first (usually only) block. */
export function block(value: unknown): Record<string, any> | undefined {
  return blocks(value)[0];
}

/** A string value that synth knows (no `${...}`), else undefined. */
export function literal(value: unknown): string | undefined {
  return typeof value === 'string' && !isUnresolved(value) ? value : undefined;
}
