/**
 * cdktn cross-stack references, as synthesized: the producer stack gets an output
 * (`cross-stack-output-<address>`, value `${<address>.<attribute>}`), the consumer a
 * `data.terraform_remote_state` whose backend config names the producer's state, and reads
 * `data.terraform_remote_state.<input>.outputs.<output>`. Inlining puts the producer's expression back
 * in place of each such reference, so a reader of the consumer's JSON (the rule pack, the cut-off
 * analysis) can follow it to the producer's resource. Pure functions over synthesized JSON.
 */

type Json = Record<string, any>;

/** Identity of a state object: the backend settings that name it (`s3:<bucket>/<key>`, `azurerm:<account>/<container>/<key>`). */
export function stateIdentity(kind: string, config: Json | undefined): string | undefined {
  if (!config) return undefined;
  if (kind === 's3') return `s3:${config.bucket}/${config.key}`;
  if (kind === 'azurerm') return `azurerm:${config.storage_account_name}/${config.container_name}/${config.key}`;
  return undefined;
}

/** The identity of the state a synthesized stack writes (its `terraform.backend`). */
export function backendIdentity(json: Json): string | undefined {
  const backend = (json.terraform?.backend ?? {}) as Json;
  const [kind] = Object.keys(backend);
  return kind ? stateIdentity(kind, backend[kind]) : undefined;
}

/** The names of the consumer's `terraform_remote_state` data sources that read the producer's state. */
export function remoteStateInputsOf(consumer: Json, producer: Json): string[] {
  const id = backendIdentity(producer);
  if (!id) return [];
  return Object.entries((consumer.data?.terraform_remote_state ?? {}) as Json)
    .filter(([, r]) => stateIdentity(String(r.backend), r.config) === id)
    .map(([name]) => name);
}

/**
 * The consumer's JSON with every reference to one of the producer's outputs replaced by the
 * expression that output holds (`${aws_kms_key.k.arn}` → `aws_kms_key.k.arn`). `inlined` counts them.
 */
export function inlineRemoteState(consumer: Json, producer: Json): { json: Json; inlined: number } {
  const inputs = remoteStateInputsOf(consumer, producer);
  if (inputs.length === 0) return { json: consumer, inlined: 0 };
  let text = JSON.stringify(consumer);
  let inlined = 0;
  for (const input of inputs) {
    for (const [name, written] of Object.entries((producer.output ?? {}) as Json)) {
      const output = Array.isArray(written) ? written[0] : written; // `cdktn synth --hcl`, read back: blocks come as lists
      const m = typeof output?.value === 'string' ? /^\$\{(.+)\}$/s.exec(output.value) : null;
      if (!m) continue;
      const parts = text.split(`data.terraform_remote_state.${input}.outputs.${name}`);
      inlined += parts.length - 1;
      text = parts.join(m[1]);
    }
  }
  return { json: JSON.parse(text) as Json, inlined };
}
