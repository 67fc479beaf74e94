/**
 * Reads a synthesized app (manifest.json and each stack's cdk.tf.json) the way a first
 * `cdktf deploy '*'` runs it, and lists what would make that deploy wait or fail:
 * - an ACM certificate validation whose record zone is created or delegated by a stack that is not
 *   deployed strictly before it (ACM validates only once the record resolves publicly: the zone must
 *   exist and be delegated first; hashicorp/terraform-provider-aws#13031);
 * - a SageMaker model whose artifact bucket is created in the same apply (or a later one): the
 *   artifacts must be uploaded between the bucket's apply and the model's;
 * - a SageMaker model without a plan-time read of its artifact object.
 */
import { join } from 'node:path';
import { inlineRemoteState, readManifest, readStackFile, remoteStateInputsOf } from '../../lib/synth-files';

type Json = Record<string, any>;

export interface SynthesizedApp {
  readonly stacks: Record<string, Json>;
  readonly dependencies: Record<string, string[]>;
}

export function readApp(outdir: string): SynthesizedApp {
  const stacks: Record<string, Json> = {};
  const dependencies: Record<string, string[]> = {};
  for (const s of readManifest(outdir)) {
    stacks[s.name] = readStackFile(join(outdir, s.synthesizedStackPath));
    dependencies[s.name] = [...(s.dependencies ?? [])];
  }
  return { stacks, dependencies };
}

/** Every stack deployed strictly before `name` (its dependencies, transitively). */
export function deployedBefore(app: SynthesizedApp, name: string): Set<string> {
  const out = new Set<string>();
  const visit = (n: string) => {
    for (const d of app.dependencies[n] ?? []) if (!out.has(d)) (out.add(d), visit(d));
  };
  visit(name);
  return out;
}

const entries = (o: Json | undefined) => Object.entries(o ?? {}) as [string, Json][];

/** Zone name → the stacks that create it (`aws_route53_zone`) and that delegate it (an NS record of that name). */
function zoneOwners(app: SynthesizedApp): { created: Map<string, string>; delegated: Map<string, string> } {
  const created = new Map<string, string>();
  const delegated = new Map<string, string>();
  for (const [stack, json] of Object.entries(app.stacks)) {
    for (const [, z] of entries(json.resource?.aws_route53_zone)) created.set(z.name, stack);
    for (const [, r] of entries(json.resource?.aws_route53_record)) if (r.type === 'NS' && typeof r.name === 'string' && !r.name.includes('${')) delegated.set(r.name, stack);
  }
  return { created, delegated };
}

export function deployOrderProblems(app: SynthesizedApp, domain: string): string[] {
  const problems: string[] = [];
  const { created, delegated } = zoneOwners(app);
  for (const [stack, json] of Object.entries(app.stacks)) {
    const before = deployedBefore(app, stack);
    const earlier = (other: string | undefined) => other !== undefined && before.has(other);

    // Certificate validations: the zones their records go into.
    if (Object.keys(json.resource?.aws_acm_certificate_validation ?? {}).length > 0) {
      const validationRecords = entries(json.resource?.aws_route53_record).filter(([, r]) => r.for_each);
      if (validationRecords.length === 0) problems.push(`${stack}: a certificate validation without validation records`);
      for (const [name, r] of validationRecords) {
        const text = JSON.stringify(r.zone_id);
        const zones = new Set([
          ...[...text.matchAll(/data\.aws_route53_zone\.([\w-]+)\./g)].map((m) => json.data.aws_route53_zone[m[1]].name as string),
          ...[...text.matchAll(/(?<!data\.)aws_route53_zone\.([\w-]+)\./g)].map((m) => json.resource.aws_route53_zone[m[1]].name as string),
        ]);
        if (zones.size === 0) problems.push(`${stack}: validation records ${name} name no zone`);
        for (const zone of zones) {
          if (!earlier(created.get(zone))) problems.push(`${stack}: certificate validation waits on zone ${zone}, created by ${created.get(zone) ?? 'no stack'}, not deployed before it`);
          // The parent domain is delegated by its registrar (the one manual step, after the DNS stack); every zone below it by an earlier stack.
          if (zone !== domain && !earlier(delegated.get(zone))) problems.push(`${stack}: certificate validation waits on zone ${zone}, delegated by ${delegated.get(zone) ?? 'no stack'}, not deployed before it`);
        }
      }
    }

    // SageMaker models: the stack that creates the artifact bucket.
    for (const [name, model] of entries(json.resource?.aws_sagemaker_model)) {
      const url = String(model.primary_container?.model_data_url ?? '');
      let bucketStack: string | undefined;
      let ref = /aws_s3_bucket\.([\w-]+)\.bucket/.exec(url);
      if (ref) bucketStack = stack;
      for (const [producer, pjson] of Object.entries(app.stacks)) {
        if (producer === stack || remoteStateInputsOf(json, pjson).length === 0) continue;
        const inlined = String(inlineRemoteState(json, pjson).json.resource.aws_sagemaker_model[name].primary_container.model_data_url);
        const m = /aws_s3_bucket\.([\w-]+)\.bucket/.exec(inlined);
        if (m && pjson.resource?.aws_s3_bucket?.[m[1]]) (bucketStack = producer), (ref = m);
      }
      if (!ref) problems.push(`${stack}: model ${name} reads artifacts from ${url}, no bucket of this app`);
      else if (!earlier(bucketStack)) problems.push(`${stack}: model ${name} reads artifacts from a bucket created by ${bucketStack}, not deployed before it (nothing can be uploaded in between)`);
      const key = /^s3:\/\/[^/]+\/(.+)$/.exec(url)?.[1];
      const checked = entries(json.data?.aws_s3_object).some(([, o]) => o.key === key) && JSON.stringify(model.depends_on ?? []).includes('data.aws_s3_object.');
      if (!checked) problems.push(`${stack}: model ${name} does not read its artifact object at plan`);
    }
  }
  return [...new Set(problems)]; // one line per missing order, however many record groups wait on it
}
