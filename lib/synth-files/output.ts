/**
 * The one reader of what `cdktn synth` wrote, for the rule pack, the analysis and the tests: `manifest.json` names the stacks, each stack's `cdk.tf.json` (or
 * `cdk.tf` with `--hcl`) holds its providers, backend, resources and data sources. Helpers follow Terraform references
 * (`${aws_kms_key.key_1.arn}`) and providers (`aws.eu-central-1`) as they appear in that JSON.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { block, literal } from './json';
import { providerRegion, type TerraformJson } from './placement';
import { readStackFile } from './stack-file';

export { block, literal, type TerraformJson };

export interface SynthStack {
  readonly name: string;
  readonly json: TerraformJson;
  /** For a stack with others folded in (cross-stack.ts): the declaring stack by `type.name` / `data.type.name`, where it is another. */
  readonly origins?: Readonly<Record<string, string>>;
  /** For a stack with others folded in: every stack it stands for, itself first. */
  readonly parts?: readonly string[];
}

export interface SynthOutput {
  readonly outdir: string;
  readonly stacks: readonly SynthStack[];
}

/** One resource of a stack: `type.name` and its attributes. */
export interface SynthResource {
  readonly stack: SynthStack;
  readonly type: string;
  readonly name: string;
  readonly attrs: Record<string, any>;
}

/** A stack as `manifest.json` lists it: paths relative to the output folder. */
export interface ManifestStack {
  readonly name: string;
  readonly synthesizedStackPath: string;
  readonly stackMetadataPath?: string;
  readonly workingDirectory?: string;
  readonly dependencies?: readonly string[];
}

/** The stacks `manifest.json` lists, in its order; throws with the path when the folder holds no synthesized app. */
export function readManifest(outdir: string): ManifestStack[] {
  const manifestFile = join(outdir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`${manifestFile} does not exist: synthesize first (npm run synth, or the CLI's report command)`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { stacks: Record<string, ManifestStack> };
  return Object.values(manifest.stacks);
}

/** Reads every stack the manifest lists; throws with the path when the folder holds no synthesized app. */
export function readSynthOutput(outdir: string): SynthOutput {
  const stacks = readManifest(outdir)
    // cdk.tf.json, or cdk.tf (with its metadata.json) after `cdktn synth --hcl`
    .map((s) => ({ name: s.name, json: readStackFile(join(outdir, s.synthesizedStackPath), s.stackMetadataPath && join(outdir, s.stackMetadataPath)) as TerraformJson }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { outdir, stacks };
}

export function resourcesOf(stack: SynthStack, type: string): SynthResource[] {
  return Object.entries(stack.json.resource?.[type] ?? {}).map(([name, attrs]) => ({ stack, type, name, attrs }));
}

/** Names of the resources of `type` referenced anywhere inside `value`. */
export function referencesTo(value: unknown, type: string): string[] {
  const re = new RegExp(`\\$\\{${type}\\.([A-Za-z0-9_-]+)\\.`, 'g');
  return [...new Set([...JSON.stringify(value ?? null).matchAll(re)].map((m) => m[1]))];
}

/** The resource of `type` that `value` refers to (first reference), in the same stack. */
export function follow(stack: SynthStack, value: unknown, type: string): SynthResource | undefined {
  const [name] = referencesTo(value, type);
  const attrs = name === undefined ? undefined : stack.json.resource?.[type]?.[name];
  return attrs ? { stack, type, name, attrs } : undefined;
}

/** Region of an AWS resource: its `region` argument, else the region of the provider it names (`aws.<alias>`). */
export function awsRegionOf(stack: SynthStack, attrs: Record<string, any>): string | undefined {
  if (typeof attrs.region === 'string' && !attrs.region.includes('${')) return attrs.region;
  return providerRegion(stack.json, 'aws', attrs.provider);
}

/** Construct path cdktf records for a resource (`sovereign-eu/store-models-aws/primary/bucket`). */
export function constructPathOf(attrs: Record<string, any>): string {
  return String(attrs['//']?.metadata?.path ?? '');
}

/** Tags a stack's AWS providers add to every resource (`default_tags`), merged. */
export function awsDefaultTags(stack: SynthStack): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const p of stack.json.provider?.aws ?? []) {
    const d = p.default_tags as { tags?: Record<string, string> }[] | { tags?: Record<string, string> } | undefined;
    for (const block of Array.isArray(d) ? d : d ? [d] : []) Object.assign(tags, block.tags ?? {});
  }
  return tags;
}

