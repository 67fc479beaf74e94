import { Testing, TerraformStack } from 'cdktn';

/** A synthesized stack as JSON (what `cdk.tf.json` holds). */
export type SynthJson = {
  terraform?: Record<string, any>;
  provider?: Record<string, any[]>;
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
};

export function synthJson(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack));
}

/** All resources of one type: [logical id, attributes]. */
export function resourcesOf(json: SynthJson, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {});
}
