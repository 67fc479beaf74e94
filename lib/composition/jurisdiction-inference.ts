/**
 * Inference phase (`sovereign-<id>-inference`) of one jurisdiction (was stacks/inference.ts `addInference`):
 * self-hosted models on SageMaker and managed models on Bedrock (AWS), Azure OpenAI, each regional model
 * behind a gateway that serves `<region>.<id>.<domain>` and the jurisdiction's service name, with a
 * `/health` route that asks the model, and the failover records in the jurisdiction zone. Binds what
 * `JurisdictionInferenceBase` created in the base phase.
 */
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import type { Construct } from 'constructs';
import { JurisdictionZone, type FailoverDrill, type FailoverEndpoint } from '../dns';
import {
  AzureInferenceGateway,
  BedrockAccess,
  InferenceVpcEndpoints,
  RegionalInferenceGateway,
  SovereignOpenAiAccount,
  SovereignSageMakerEndpoint,
} from '../inference';
import { policyAsOf, type ClientContract, type InferencePolicy } from '../policy';
import { Composition } from './composition';
import { azurePlacement, type JurisdictionPlacement } from './context';
import type { JurisdictionInferenceBase } from './inference-base';
import type { RegionalKeys } from './regional-keys';

export interface JurisdictionInferenceProps {
  /** This phase's regions and providers (the networks are the base phase's). */
  readonly placement: JurisdictionPlacement;
  /** The base phase: certificates, artifact locations, the Azure OpenAI vault, key and certificate slot. */
  readonly base: JurisdictionInferenceBase;
  /** The base phase's region keys (models, logs and gateways are encrypted with them). */
  readonly keys: RegionalKeys;
  /** What the jurisdiction serves (policy `inference`). @default - no models or gateways (failover records only) */
  readonly inference?: InferencePolicy;
  /** The client contract every gateway serves (policy `clients`). */
  readonly clients: ClientContract;
  /** The parent domain; the jurisdiction zone is `<id>.<domain>`. */
  readonly domain: string;
  /** The jurisdiction's service name (policy `dns.serviceName`); required with a self-hosted model. */
  readonly serviceName?: string;
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** API Management publisher (policy `contact`); required with Azure OpenAI. */
  readonly contact?: { readonly email: string; readonly name?: string };
  /**
   * Route 53 health checks and failover records for this chain in the jurisdiction zone.
   * @default - none (the chain is served by another DNS provider, or there is no DNS failover)
   */
  readonly failoverRecords?: {
    readonly chain: readonly FailoverEndpoint[];
    readonly allowCrossBorder?: boolean;
    readonly drill?: FailoverDrill;
    /** Endpoints that serve the country-routed name (`JurisdictionZone` `countryChain`). @default - every endpoint */
    readonly countryChain?: readonly string[];
  };
  /** The jurisdiction zone's id; called only when a record needs it, so no lookup exists otherwise. */
  readonly hostedZoneId: () => string;
}

/** Models, gateways and failover records of a jurisdiction, on both clouds. */
export interface InferenceResources {
  readonly sagemaker: SovereignSageMakerEndpoint[];
  readonly awsGateways: RegionalInferenceGateway[];
  readonly bedrock?: BedrockAccess;
  readonly openAi?: SovereignOpenAiAccount;
  readonly azureGateway?: AzureInferenceGateway;
  /** Health checks and failover records in the jurisdiction zone (dns.provider route53). */
  readonly zone?: JurisdictionZone;
}

/**
 * The inference phase. Parts (`dns-zone`, `bedrock-aws-<region>`, `model-aws-<region>`, `gateway-aws-<region>`,
 * `endpoints-aws-<region>`, `openai-azure-<region>`, `gateway-azure-<region>` and its `-dns` record) are created
 * next to this construct.
 */
export class JurisdictionInference extends Composition implements InferenceResources {
  public readonly sagemaker: SovereignSageMakerEndpoint[] = [];
  public readonly awsGateways: RegionalInferenceGateway[] = [];
  public readonly bedrock?: BedrockAccess;
  public readonly openAi?: SovereignOpenAiAccount;
  public readonly azureGateway?: AzureInferenceGateway;
  public readonly zone?: JurisdictionZone;

  constructor(scope: Construct, id: string, props: JurisdictionInferenceProps) {
    super(scope, id);
    const stack = this.partScope;
    const placement = props.placement;
    const inf = props.inference;
    const prereqs = props.base;
    const j = placement.jurisdiction;
    const id_ = j.id;
    if (props.failoverRecords) {
      const primary = placement.aws.find((a) => a.role === 'primary');
      if (!primary) throw new Error(`${stack.node.path}: Route 53 failover records need the jurisdiction's AWS provider`);
      const f = props.failoverRecords;
      this.zone = new JurisdictionZone(stack, 'dns-zone', {
        provider: primary.provider, // Route 53 is global; the primary provider carries the jurisdiction's account and tags
        jurisdiction: j,
        domain: props.domain,
        serviceName: props.serviceName!,
        chain: f.chain,
        allowCrossBorder: f.allowCrossBorder,
        drill: f.drill,
        countryChain: f.countryChain,
        hostedZoneId: props.hostedZoneId(),
      });
    }
    if (!inf) return;
    const awsCtx = (code: string) => placement.aws.find((a) => a.region.code === code)!;
    const baseKey = (code: string) => props.keys.awsKey(props.keys.placement.aws.find((a) => a.region.code === code)!);
    const vpceArns = new Map<string, { sagemaker: string[]; bedrock: string[] }>();
    const arnsIn = (code: string) => vpceArns.get(code) ?? vpceArns.set(code, { sagemaker: [], bedrock: [] }).get(code)!;

    if (inf.bedrock) {
      const ctx = awsCtx(inf.bedrock.region.code);
      this.bedrock = new BedrockAccess(stack, `bedrock-aws-${ctx.region.code}`, {
        provider: ctx.provider,
        region: ctx.region,
        jurisdiction: j,
        namePrefix: `${props.namespace}-${id_}`,
        models: inf.bedrock.models,
        kmsKeyArn: baseKey(ctx.region.code).keyArn,
        logRetentionInDays: inf.logRetentionDays,
      });
      arnsIn(ctx.region.code).bedrock.push(...this.bedrock.invokeResourceArns);
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
          name: `${props.namespace}-${id_}-llm`,
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
        this.sagemaker.push(model);
        arnsIn(region.code).sagemaker.push(model.endpointArn);
        this.awsGateways.push(new RegionalInferenceGateway(stack, `gateway-aws-${region.code}`, {
          provider: ctx.provider,
          dnsProvider: placement.aws.find((a) => a.role === 'primary')!.provider,
          region,
          jurisdiction: j,
          domain: props.domain,
          hostedZoneId: props.hostedZoneId(),
          // Every name DNS can send a client to: the jurisdiction's name and, with Route 53 routing, the country-routed name.
          serviceHostnames: prereqs.certificates.get(region.code)!.serviceHostnames.map((hostname) => ({ hostname })),
          certificateArn: prereqs.certificates.get(region.code)!.certificateArn,
          manageAccountCloudWatchRole: false, // the base stack sets it once for the account and region
          // GET /health asks the model (policy selfHosted.healthProbe, default one TGI token): 200 only when it answers, 503 otherwise.
          healthProbe: sh.healthProbe,
          // The client contract (policy `clients`): one model name; the jurisdiction's JWT when it declares an issuer, else IAM.
          clientModel: props.clients.model,
          clientJwt: props.clients.jwt,
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
      // Inference phase: binds what the base phase (JurisdictionInferenceBase) created.
      const azureBase = prereqs.azureBase;
      if (!azureBase) throw new Error(`${stack.node.path}: Azure OpenAI needs the base-phase resources (JurisdictionInferenceBase)`);
      const { ctx, vault, openAiKey } = azureBase;
      const account = new SovereignOpenAiAccount(stack, `openai-azure-${ctx.region.code}`, {
        ...azurePlacement(placement, ctx, props.namespace),
        keyVaultId: vault.vaultId,
        keyVaultKeyId: openAiKey.keyId,
        keyVaultKeyResourceId: openAiKey.resourceVersionlessId,
        outboundFqdns: [], // the model calls nothing outside: no egress
        deployments: inf.azureOpenAi.deployments,
        modelLifecycleAsOf: policyAsOf(), // the day the policy was validated against (SOVEREIGN_AS_OF or today)
      });
      this.openAi = account;
      const gateway = new AzureInferenceGateway(stack, `gateway-azure-${ctx.region.code}`, {
        provider: placement.azureProvider!,
        jurisdiction: j,
        region: ctx.region,
        namespace: props.namespace,
        domain: props.domain,
        resourceGroupName: ctx.network.resourceGroupName,
        integrationSubnetId: azureBase.integrationSubnetId,
        keyVaultId: vault.vaultId,
        certificateName: azureBase.certificateSlot.certificateName,
        openAiAccountId: account.accountId,
        openAiHostname: account.hostname,
        deploymentName: account.deploymentNames[0],
        clientModel: props.clients.model, // the one model name of the chain
        clientJwt: props.clients.jwt, // the jurisdiction's credential, checked by every route but /health
        publisherEmail: props.contact!.email,
        publisherName: props.contact!.name,
      });
      this.azureGateway = gateway;
      const primary = placement.aws.find((a) => a.role === 'primary')!;
      new Route53Record(stack, `gateway-azure-${ctx.region.code}-dns`, {
        provider: primary.provider,
        zoneId: props.hostedZoneId(),
        name: gateway.gatewayHostname,
        type: 'CNAME',
        ttl: 300,
        records: [gateway.publicFqdn],
      });
    }
  }
}
