/**
 * Follows the chain across stack boundaries. A jurisdiction deploys in phases (base stack, then its
 * inference stack), and the inference stack reads the base stack's values through cdktn cross-stack
 * references: `data.terraform_remote_state.<input>.outputs.<output>`, whose backend config names the
 * base stack's state, and whose output's value is the base stack's own expression
 * (`${aws_kms_key.key.arn}`). Here a consumer stack of the same jurisdiction is folded into the stack
 * it reads from, each remote reference replaced by the expression it stands for, so a gateway in
 * `-inference` leads to its model, the model to its bucket and key in the base stack, as if they were
 * one stack. Every resource keeps the stack it is declared in (`origins`), for addresses in reports.
 */
import { awsDefaultTags, type SynthOutput, type SynthStack, type TerraformJson } from './synth-output';

import { backendIdentity, inlineRemoteState, remoteStateInputsOf } from '../synth-files/cross-stack';

type Json = Record<string, any>;

function jurisdictionTag(stack: SynthStack): string | undefined {
  const aws = awsDefaultTags(stack).jurisdiction;
  if (aws) return aws;
  for (const byName of Object.values(stack.json.resource ?? {})) for (const attrs of Object.values(byName)) if (attrs.tags?.jurisdiction) return attrs.tags.jurisdiction;
  return undefined;
}

function mergeInto(target: Json, source: Json): void {
  for (const [type, byName] of Object.entries(source ?? {})) target[type] = { ...(target[type] ?? {}), ...(byName as Json) };
}

/**
 * The synthesized app with every consumer stack folded into the stack of the same jurisdiction whose
 * state it reads. Stacks of different jurisdictions (or without one) are never folded: their links
 * stay references to other stacks.
 */
export function foldCrossStackReferences(synth: SynthOutput): SynthOutput {
  const byState = new Map<string, SynthStack>();
  for (const s of synth.stacks) {
    const id = backendIdentity(s.json);
    if (id) byState.set(id, s);
  }
  const folded = new Map<string, { json: Json; origins: Record<string, string> }>();
  const foldedAway = new Set<string>();
  for (const consumer of synth.stacks) {
    const producer = synth.stacks.find((p) => p !== consumer && jurisdictionTag(p) !== undefined && jurisdictionTag(p) === jurisdictionTag(consumer) && remoteStateInputsOf(consumer.json, p.json).length > 0);
    if (!producer || foldedAway.has(producer.name)) continue;
    const { json } = inlineRemoteState(consumer.json, producer.json);
    const entry = folded.get(producer.name) ?? { json: structuredClone(producer.json) as Json, origins: {} };
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(json[kind] ?? {})) {
        if (type === 'terraform_remote_state') continue;
        for (const name of Object.keys(byName as Json)) entry.origins[`${kind === 'data' ? 'data.' : ''}${type}.${name}`] = consumer.name;
      }
      entry.json[kind] = entry.json[kind] ?? {};
      mergeInto(entry.json[kind], json[kind]);
    }
    folded.set(producer.name, entry);
    foldedAway.add(consumer.name);
  }
  const stacks = synth.stacks
    .filter((s) => !foldedAway.has(s.name))
    .map((s) => {
      const f = folded.get(s.name);
      return f ? { name: s.name, json: f.json as TerraformJson, origins: f.origins, parts: [s.name, ...new Set(Object.values(f.origins))] } : s;
    });
  return { ...synth, stacks };
}

/** The stack a resource of a (possibly folded) stack is declared in. */
export function originOf(stack: SynthStack, type: string, name: string): string {
  return stack.origins?.[`${type}.${name}`] ?? stack.name;
}
