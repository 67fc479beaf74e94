/**
 * Inference of one jurisdiction: self-hosted models on SageMaker and managed models on Bedrock
 * (AWS), Azure OpenAI, each regional model behind a gateway that serves `<region>.<id>.<domain>`
 * and the jurisdiction's service name, with a `/health` route for DNS failover.
 */
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import type { JurisdictionZone, FailoverEndpoint } from '../lib/dns';
import {
  AzureInferenceGateway,
  BedrockAccess,
  InferenceVpcEndpoints,
  RegionalInferenceGateway,
  SovereignOpenAiAccount,
  SovereignSageMakerEndpoint,
  regionalGatewayHostname,
} from '../lib/inference';
import { inferenceGateways, policyAsOf, type SovereigntyPolicy } from '../lib/policy';
import type { JurisdictionStack } from './jurisdiction-stack';
import type { AzureInferenceBase } from './azure-inference-base';
import { awsRegionKey, azurePlacement } from './keys';
import type { JurisdictionStores } from './storage';

export interface JurisdictionInference {
  readonly sagemaker: SovereignSageMakerEndpoint[];
  readonly awsGateways: RegionalInferenceGateway[];
  readonly bedrock?: BedrockAccess;
  readonly openAi?: SovereignOpenAiAccount;
  readonly azureGateway?: AzureInferenceGateway;
}

/** The gateways the policy asks for, in failover order (AWS self-hosted regions, then Azure), known before they exist. */
export function gatewayChain(stack: JurisdictionStack, domain: string): FailoverEndpoint[] {
  const id = stack.policy.jurisdiction.id;
  return inferenceGateways(stack.policy).map((g) => ({
    name: g.name,
    hostname: g.cloud === 'aws' ? regionalGatewayHostname(g.region.code, id, domain) : `${g.region.code}.${id}.${domain}`,
    operator: g.cloud,
    country: g.region.country,
  }));
}

export function addInference(
  stack: JurisdictionStack,
  policy: SovereigntyPolicy,
  zone: JurisdictionZone | undefined,
  stores: JurisdictionStores,
  azureBase?: AzureInferenceBase,
): JurisdictionInference {
  const inf = stack.policy.inference;
  const out = { sagemaker: [] as SovereignSageMakerEndpoint[], awsGateways: [] as RegionalInferenceGateway[] } as { -readonly [K in keyof JurisdictionInference]: JurisdictionInference[K] };
  if (!inf) return out;
  const j = stack.policy.jurisdiction;
  const id = j.id;
  const awsCtx = (code: string) => stack.aws.find((a) => a.region.code === code)!;
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
      kmsKeyArn: awsRegionKey(stack, ctx).keyArn,
      logRetentionInDays: inf.logRetentionDays,
    });
    arnsIn(ctx.region.code).bedrock.push(...out.bedrock.invokeResourceArns);
  }

  if (inf.selfHosted) {
    const sh = inf.selfHosted;
    const storeIndex = stack.policy.dataStores.findIndex((s) => s.name === sh.modelData.store);
    const bucket = stores.buckets[storeIndex];
    for (const region of sh.regions) {
      const ctx = awsCtx(region.code);
      const key = awsRegionKey(stack, ctx);
      const bucketName = region.code === bucket.region.code ? bucket.bucketName : bucket.replicaBucketName!;
      const model = new SovereignSageMakerEndpoint(stack, `model-aws-${region.code}`, {
        provider: ctx.provider,
        region,
        jurisdiction: j,
        name: `${policy.namespace}-${id}-llm`,
        image: sh.images[region.code],
        modelDataUrl: `s3://${bucketName}/${sh.modelData.key}`,
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
        region,
        jurisdiction: j,
        domain: policy.domain,
        hostedZoneId: zone!.zoneId,
        serviceHostnames: [{ hostname: zone!.serviceFqdn }],
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
      healthDeploymentName: account.deploymentNames[0],
      publisherEmail: policy.contact!.email,
      publisherName: policy.contact!.name,
    });
    out.azureGateway = gateway;
    const primary = stack.aws.find((a) => a.role === 'primary')!;
    new Route53Record(stack, `gateway-azure-${ctx.region.code}-dns`, {
      provider: primary.provider,
      zoneId: zone!.zoneId,
      name: gateway.gatewayHostname,
      type: 'CNAME',
      ttl: 300,
      records: [gateway.publicFqdn],
    });
  }
  return out;
}
