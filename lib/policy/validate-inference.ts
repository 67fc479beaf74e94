/**
 * Inference rules of a jurisdiction: models run in the jurisdiction's own placement regions, managed
 * models use a mode or deployment type that keeps processing inside it, artifacts come from one of
 * its data stores, and logs are kept as long as its law asks.
 */
import {
  BedrockResidencyError,
  bedrockLifecycle,
  findRegion,
  minimumLogRetentionDays,
  resolveBedrockInvocation,
  resolveDeployment,
  type BuiltinCloud,
  type Jurisdiction,
  type Region,
} from '../catalog';
import type { InferencePolicy } from './model';
import type { PolicyPath } from './problems';
import type { ParsedPolicy } from './schema';
import type { Finding } from './finding';

type ParsedJurisdiction = ParsedPolicy['jurisdictions'][number];

/**
 * The day model lifecycles are judged on: SOVEREIGN_AS_OF=YYYY-MM-DD (reproducible CI, tests), else today.
 */
export function policyAsOf(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env.SOVEREIGN_AS_OF;
  if (v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))) return new Date(`${v}T00:00:00Z`);
  return new Date();
}

const ECR_REGION = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.(com|eu)\//;

function placementRegion(cloud: BuiltinCloud, j: ParsedJurisdiction, code: string | undefined, path: PolicyPath, out: Finding[]): Region | undefined {
  const placement = j[cloud];
  const allowed = placement ? [placement.primary, ...(placement.secondary ? [placement.secondary] : [])] : [];
  const wanted = code ?? placement?.primary;
  if (!wanted || !allowed.includes(wanted)) {
    out.push({
      severity: 'error',
      path,
      message: placement
        ? `"${wanted}" is not one of jurisdiction "${j.id}"'s ${cloud} regions; allowed: ${allowed.join(', ')}`
        : `jurisdiction "${j.id}" has no \`${cloud}\` section to run this in`,
    });
    return undefined;
  }
  return findRegion(cloud, wanted);
}

export function checkInference(
  parsed: ParsedPolicy,
  j: ParsedJurisdiction,
  base: PolicyPath,
  resolved: Jurisdiction,
  out: Finding[],
): InferencePolicy | undefined {
  const inf = j.inference;
  if (!inf) return undefined;
  const at = (...p: (string | number)[]): PolicyPath => [...base, 'inference', ...p];

  if ((inf.selfHosted || inf.azureOpenAi) && parsed.dns?.provider !== 'route53') {
    out.push({
      severity: 'error',
      path: at(),
      message: 'inference gateways need `dns: { provider: route53 }`: their certificates are validated and their host names published in the jurisdiction zone',
    });
  }

  const minimum = minimumLogRetentionDays(resolved);
  if (inf.logRetentionDays < minimum) {
    out.push({ severity: 'error', path: at('logRetentionDays'), message: `${inf.logRetentionDays} days is below the ${minimum} days jurisdiction "${j.id}" requires for logs (CERT-In Directions 2022 for India)` });
  }

  let selfHosted: InferencePolicy['selfHosted'];
  if (inf.selfHosted) {
    const sh = inf.selfHosted;
    const codes = sh.regions ?? (j.aws ? [j.aws.primary] : []);
    const regions = codes.map((c, k) => placementRegion('aws', j, c, sh.regions ? at('selfHosted', 'regions', k) : at('selfHosted'), out));
    const images: Record<string, string> = {};
    for (const code of codes) {
      const image = sh.image.replace('{region}', code);
      const imageRegion = ECR_REGION.exec(image)?.[1];
      if (imageRegion !== code) {
        out.push({ severity: 'error', path: at('selfHosted', 'image'), message: `image "${image}" is in ${imageRegion}, not ${code}: pull the model server from an ECR registry in the region it runs in (write {region} in the URI)` });
      }
      images[code] = image;
    }
    const store = parsed.dataStores.find((s) => s.jurisdiction === j.id && s.name === sh.modelData.store);
    if (!store) {
      out.push({ severity: 'error', path: at('selfHosted', 'modelData', 'store'), message: `"${sh.modelData.store}" is not a data store of jurisdiction "${j.id}"; add it under dataStores` });
    } else if (codes.some((c) => c !== j.aws?.primary) && !store.replication) {
      out.push({ severity: 'error', path: at('selfHosted', 'modelData', 'store'), message: `store "${store.name}" is not replicated, so its artifacts are not in ${codes.filter((c) => c !== j.aws?.primary).join(', ')}; set replication: true` });
    }
    if (sh.maxInstanceCount < sh.instanceCount) {
      out.push({ severity: 'error', path: at('selfHosted', 'maxInstanceCount'), message: `maxInstanceCount ${sh.maxInstanceCount} is below instanceCount ${sh.instanceCount}` });
    }
    if (regions.every((r) => r)) {
      selfHosted = { ...sh, regions: regions as Region[], images };
    }
  }

  let bedrock: InferencePolicy['bedrock'];
  if (inf.bedrock) {
    const region = placementRegion('aws', j, inf.bedrock.region, at('bedrock', 'region'), out);
    inf.bedrock.models.forEach((m, k) => {
      const life = bedrockLifecycle(m.modelId, policyAsOf());
      if (life.status === 'retired') out.push({ severity: 'error', path: at('bedrock', 'models', k, 'modelId'), message: life.explanation });
      else if (life.status !== 'current') out.push({ severity: 'warning', path: at('bedrock', 'models', k, 'modelId'), message: life.explanation });
      if (!region) return;
      try {
        resolveBedrockInvocation({ modelId: m.modelId, sourceRegion: region, jurisdiction: resolved, crossRegion: m.crossRegion, euProfileDestinations: m.euProfileDestinations });
      } catch (e) {
        if (!(e instanceof BedrockResidencyError)) throw e;
        out.push({ severity: 'error', path: at('bedrock', 'models', k, 'modelId'), message: e.message });
      }
    });
    if (region) bedrock = { region, models: inf.bedrock.models };
  }

  let azureOpenAi: InferencePolicy['azureOpenAi'];
  if (inf.azureOpenAi) {
    const region = placementRegion('azure', j, inf.azureOpenAi.region, at('azureOpenAi', 'region'), out);
    if (!parsed.contact) out.push({ severity: 'error', path: at('azureOpenAi'), message: 'the API Management gateway needs `contact: { email }` at the top of the policy (its publisher)' });
    const asOf = policyAsOf();
    inf.azureOpenAi.deployments.forEach((d, k) => {
      if (!region) return;
      try {
        const r = resolveDeployment({ jurisdiction: resolved, region, model: d.model, version: d.version, deploymentType: d.deploymentType, asOf });
        if (r.lifecycle.status !== 'current') {
          out.push({ severity: 'warning', path: at('azureOpenAi', 'deployments', k, d.version ? 'version' : 'model'), message: `${r.lifecycle.explanation}; pick a current version` });
        }
      } catch (e) {
        const retired = / was retired on | is retired \(/.test((e as Error).message);
        out.push({ severity: 'error', path: at('azureOpenAi', 'deployments', k, ...(retired ? [d.version ? 'version' : 'model'] : [])), message: (e as Error).message });
      }
    });
    if (region) azureOpenAi = { region, deployments: inf.azureOpenAi.deployments, certificateName: inf.azureOpenAi.certificateName };
  }

  return { selfHosted, bedrock, azureOpenAi, logRetentionDays: inf.logRetentionDays };
}
