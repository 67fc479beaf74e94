/**
 * Inference of one jurisdiction, in two phases:
 * - `addInferencePrerequisites` (base stack `sovereign-<id>`): the region keys, each AWS gateway's ACM
 *   certificate validated in the jurisdiction zone (delegated by the DNS stack, deployed before), the
 *   API Gateway account logging setting once per region, the Azure OpenAI key, and outputs naming where
 *   the model artifacts must be uploaded.
 * - `addInference` (inference stack `sovereign-<id>-inference`): self-hosted models on SageMaker and
 *   managed models on Bedrock (AWS), Azure OpenAI, each regional model behind a gateway that serves
 *   `<region>.<id>.<domain>` and the jurisdiction's service name, with a `/health` route that asks the
 *   model, and the failover records in the jurisdiction zone.
 */
import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { TerraformOutput } from 'cdktn';
import { JurisdictionZone, jurisdictionZoneName, tierFqdn, type FailoverEndpoint } from '../lib/dns';
import {
  ApiGatewayAccountLogging,
  AzureInferenceGateway,
  BedrockAccess,
  GatewayCertificate,
  InferenceVpcEndpoints,
  RegionalInferenceGateway,
  SovereignOpenAiAccount,
  SovereignSageMakerEndpoint,
  regionalGatewayHostname,
} from '../lib/inference';
import { policyAsOf, type SovereigntyPolicy } from '../lib/policy';
import type { InferenceStack } from './inference-stack';
import type { JurisdictionStack } from './jurisdiction-stack';
import { addAzureInferenceBase, type AzureInferenceBase } from './azure-inference-base';
import { parentZoneOf } from './dns-account';
import { awsRegionKey, azurePlacement } from './keys';
import type { JurisdictionStores } from './storage';
import { MODEL_ARTIFACTS_OUTPUT_PREFIX, MODEL_ARTIFACTS_UPLOAD_OUTPUT } from '../lib/inference/model-artifact-outputs';

export interface JurisdictionInference {
  readonly sagemaker: SovereignSageMakerEndpoint[];
  readonly awsGateways: RegionalInferenceGateway[];
  readonly bedrock?: BedrockAccess;
  readonly openAi?: SovereignOpenAiAccount;
  readonly azureGateway?: AzureInferenceGateway;
  /** Health checks and failover records in the jurisdiction zone (dns.provider route53). */
  readonly zone?: JurisdictionZone;
}

/** Output names the CLI's `upload` reads (lib/inference/model-artifact-outputs.ts). */
export { MODEL_ARTIFACTS_OUTPUT_PREFIX, MODEL_ARTIFACTS_UPLOAD_OUTPUT };

/** What the base stack prepares for the inference stack. */
export interface InferencePrerequisites {
  /** Validated gateway certificates by AWS region code. */
  readonly certificates: ReadonlyMap<string, GatewayCertificate>;
  /** Where each self-hosted region's model reads its artifacts: `s3://<bucket>/<key>` by region code. */
  readonly artifactUrls: ReadonlyMap<string, string>;
  /** The Azure OpenAI region's vault, key and certificate slot (base phase), when the jurisdiction has Azure OpenAI. */
  readonly azureBase?: AzureInferenceBase;
}

/** Phase 2 (base stack): keys, certificates, the per-region API Gateway account setting, artifact locations. */
export function addInferencePrerequisites(base: JurisdictionStack, policy: SovereigntyPolicy, stores: JurisdictionStores): InferencePrerequisites {
  const inf = base.policy.inference;
  const certificates = new Map<string, GatewayCertificate>();
  const artifactUrls = new Map<string, string>();
  if (!inf) return { certificates, artifactUrls };
  const id = base.policy.jurisdiction.id;
  const awsCtx = (code: string) => base.aws.find((a) => a.region.code === code)!;
  if (inf.bedrock) awsRegionKey(base, awsCtx(inf.bedrock.region.code));

  if (inf.selfHosted) {
    const sh = inf.selfHosted;
    const bucket = stores.buckets[base.policy.dataStores.findIndex((s) => s.name === sh.modelData.store)];
    const primary = base.aws.find((a) => a.role === 'primary')!;
    // Found by name: the DNS stack (deployed first) created and delegated it, so validation completes in this apply.
    const zone = new DataAwsRoute53Zone(base, 'jurisdiction-zone', { provider: primary.provider, name: jurisdictionZoneName(id, policy.domain), privateZone: false });
    // The country-routed name `<service>.<domain>`: validated in the parent zone, through the DNS account.
    const parent = parentZoneOf(base, policy, id, primary.region);
    // Where the upload step (`npx cdktf-sovereign-ai upload`) puts the artifacts: the primary bucket; S3
    // replication copies them to the replica, which the upload step waits for.
    new TerraformOutput(base, MODEL_ARTIFACTS_UPLOAD_OUTPUT, {
      value: `s3://${bucket.bucketName}/${sh.modelData.key}`,
      description: `Upload the model artifacts here before deploying ${id}'s inference stack: npx cdktf-sovereign-ai upload <model.tar.gz> --outputs <cdktf outputs file>`,
    });
    for (const region of sh.regions) {
      const ctx = awsCtx(region.code);
      awsRegionKey(base, ctx);
      const bucketName = region.code === bucket.region.code ? bucket.bucketName : bucket.replicaBucketName!;
      const url = `s3://${bucketName}/${sh.modelData.key}`;
      artifactUrls.set(region.code, url);
      new TerraformOutput(base, `${MODEL_ARTIFACTS_OUTPUT_PREFIX}${region.code.replace(/-/g, '_')}`, {
        value: url,
        description: `Where the model of ${region.code} reads its artifacts (the upload step waits until they are there)`,
      });
      certificates.set(region.code, new GatewayCertificate(base, `gateway-certificate-aws-${region.code}`, {
        provider: ctx.provider,
        dnsProvider: primary.provider,
        hostedZoneId: zone.zoneId,
        regionalHostname: regionalGatewayHostname(region.code, id, policy.domain),
        serviceHostnames: [
          { hostname: tierFqdn(1, policy.dns!.serviceName, id, policy.domain) },
          ...(parent ? [{ hostname: parent.countryName, validationZoneId: parent.zoneId, validationProvider: parent.provider }] : []),
        ],
      }));
      // One account-wide setting per region, here and nowhere else (the gateways do not manage it).
      new ApiGatewayAccountLogging(base, `apigateway-account-aws-${region.code}`, { provider: ctx.provider, region });
    }
  }

  // Azure: the vault, the OpenAI key and the gateway certificate slot (the inference stack only binds them).
  return { certificates, artifactUrls, azureBase: addAzureInferenceBase(base, policy) };
}

/** Phase 3 (inference stack): models, gateways and failover records. */
export function addInference(stack: InferenceStack, policy: SovereigntyPolicy, chain: readonly FailoverEndpoint[] | undefined, prereqs: InferencePrerequisites): JurisdictionInference {
  const base = stack.base;
  const inf = stack.policy.inference;
  const out = { sagemaker: [] as SovereignSageMakerEndpoint[], awsGateways: [] as RegionalInferenceGateway[] } as { -readonly [K in keyof JurisdictionInference]: JurisdictionInference[K] };
  const j = stack.policy.jurisdiction;
  const id = j.id;
  const route53 = policy.dns?.provider === 'route53';
  if (route53 && chain) {
    const primary = stack.aws.find((a) => a.role === 'primary');
    if (!primary) throw new Error(`${stack.node.path}: Route 53 failover records need the jurisdiction's AWS provider`);
    const f = stack.policy.failover;
    out.zone = new JurisdictionZone(stack, 'dns-zone', {
      provider: primary.provider, // Route 53 is global; the primary provider carries the jurisdiction's account and tags
      jurisdiction: j,
      domain: policy.domain,
      serviceName: policy.dns!.serviceName,
      chain,
      allowCrossBorder: f.allowCrossBorder,
      drill: f.drill,
      hostedZoneId: stack.jurisdictionZoneId(policy.domain),
    });
  }
  if (!inf) return out;
  const awsCtx = (code: string) => stack.aws.find((a) => a.region.code === code)!;
  const baseKey = (code: string) => awsRegionKey(base, base.aws.find((a) => a.region.code === code)!);
  const vpceArns = new Map<string, { sagemaker: string[]; bedrock: string[] }>();
  const arnsIn = (code: string) => vpceArns.get(code) ?? vpceArns.set(code, { sagemaker: [], bedrock: [] }).get(code)!;

  if (inf.bedrock) {
    const ctx = awsCtx(inf.bedrock.region.code);
    out.bedrock = new BedrockAccess(stack, `bedrock-aws-${ctx.region.code}`, {
      provider: ctx.provider,
      region: ctx.region,
      jurisdiction: j,
      namePrefix: `${policy.namespace}-${id}`,
      models: inf.bedrock.models,
      kmsKeyArn: baseKey(ctx.region.code).keyArn,
      logRetentionInDays: inf.logRetentionDays,
    });
    arnsIn(ctx.region.code).bedrock.push(...out.bedrock.invokeResourceArns);
  }

  if (inf.selfHosted) {
    const sh = inf.selfHosted;
    for (const region of sh.regions) {
      const ctx = awsCtx(region.code);
      const key = baseKey(region.code);
      const model = new SovereignSageMakerEndpoint(stack, `model-aws-${region.code}`, {
        provider: ctx.provider,
        region,
        jurisdiction: j,
        name: `${policy.namespace}-${id}-llm`,
        image: sh.images[region.code],
        modelDataUrl: prereqs.artifactUrls.get(region.code)!,
        environment: sh.environment,
        kmsKeyArn: key.keyArn,
        modelDataKmsKeyArn: key.keyArn,
        vpcId: ctx.network.vpcId,
        vpcCidrBlock: ctx.network.cidrBlock,
        subnetIds: ctx.network.privateSubnetIds,
        instanceType: sh.instanceType,
        initialInstanceCount: sh.instanceCount,
        maxInstanceCount: sh.maxInstanceCount,
        targetInvocationsPerInstance: sh.targetInvocationsPerInstance,
        logRetentionInDays: inf.logRetentionDays,
      });
      out.sagemaker.push(model);
      arnsIn(region.code).sagemaker.push(model.endpointArn);
      out.awsGateways.push(new RegionalInferenceGateway(stack, `gateway-aws-${region.code}`, {
        provider: ctx.provider,
        dnsProvider: stack.aws.find((a) => a.role === 'primary')!.provider,
        region,
        jurisdiction: j,
        domain: policy.domain,
        hostedZoneId: stack.jurisdictionZoneId(policy.domain),
        // Every name DNS can send a client to: the jurisdiction's name and, with Route 53 routing, the country-routed name.
        serviceHostnames: prereqs.certificates.get(region.code)!.serviceHostnames.map((hostname) => ({ hostname })),
        certificateArn: prereqs.certificates.get(region.code)!.certificateArn,
        manageAccountCloudWatchRole: false, // the base stack sets it once for the account and region
        // GET /health asks the model (policy selfHosted.healthProbe, default one TGI token): 200 only when it answers, 503 otherwise.
        healthProbe: sh.healthProbe,
        // The client contract (policy `clients`): one model name; the jurisdiction's JWT when it declares an issuer, else IAM.
        clientModel: stack.policy.clients.model,
        clientJwt: stack.policy.clients.jwt,
        sagemakerEndpointName: model.endpointName,
        sagemakerEndpointArn: model.endpointArn,
        kmsKeyArn: key.keyArn,
        logRetentionInDays: inf.logRetentionDays,
      }));
    }
  }

  for (const [code, arns] of vpceArns) {
    const ctx = awsCtx(code);
    new InferenceVpcEndpoints(stack, `endpoints-aws-${code}`, {
      provider: ctx.provider,
      region: ctx.region,
      jurisdiction: j,
      vpcId: ctx.network.vpcId,
      subnetIds: ctx.network.privateSubnetIds,
      securityGroupIds: [ctx.network.endpointSecurityGroupId],
      sagemakerEndpointArns: arns.sagemaker.length ? arns.sagemaker : undefined,
      bedrockResourceArns: arns.bedrock.length ? arns.bedrock : undefined,
    });
  }

  if (inf.azureOpenAi) {
    // Inference phase: binds what the base phase (azure-inference-base.ts) created.
    const azureBase = prereqs.azureBase;
    if (!azureBase) throw new Error(`${stack.node.path}: Azure OpenAI needs the base-phase resources (addAzureInferenceBase)`);
    const { ctx, vault, openAiKey } = azureBase;
    const account = new SovereignOpenAiAccount(stack, `openai-azure-${ctx.region.code}`, {
      ...azurePlacement(stack, ctx, policy.namespace),
      keyVaultId: vault.vaultId,
      keyVaultKeyId: openAiKey.keyId,
      keyVaultKeyResourceId: openAiKey.resourceVersionlessId,
      outboundFqdns: [], // the model calls nothing outside: no egress
      deployments: inf.azureOpenAi.deployments,
      modelLifecycleAsOf: policyAsOf(), // the day the policy was validated against (SOVEREIGN_AS_OF or today)
    });
    out.openAi = account;
    const gateway = new AzureInferenceGateway(stack, `gateway-azure-${ctx.region.code}`, {
      provider: stack.azureProvider!,
      jurisdiction: j,
      region: ctx.region,
      namespace: policy.namespace,
      domain: policy.domain,
      resourceGroupName: ctx.network.resourceGroupName,
      integrationSubnetId: azureBase.integrationSubnetId,
      keyVaultId: vault.vaultId,
      certificateName: azureBase.certificateSlot.certificateName,
      openAiAccountId: account.accountId,
      openAiHostname: account.hostname,
      deploymentName: account.deploymentNames[0],
      clientModel: stack.policy.clients.model, // the one model name of the chain
      clientJwt: stack.policy.clients.jwt, // the jurisdiction's credential, checked by every route but /health
      publisherEmail: policy.contact!.email,
      publisherName: policy.contact!.name,
    });
    out.azureGateway = gateway;
    const primary = stack.aws.find((a) => a.role === 'primary')!;
    new Route53Record(stack, `gateway-azure-${ctx.region.code}-dns`, {
      provider: primary.provider,
      zoneId: stack.jurisdictionZoneId(policy.domain),
      name: gateway.gatewayHostname,
      type: 'CNAME',
      ttl: 300,
      records: [gateway.publicFqdn],
    });
  }
  return out;
}
