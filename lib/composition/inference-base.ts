/**
 * Base phase (`sovereign-<id>`) of a jurisdiction's inference (was stacks/inference.ts
 * `addInferencePrerequisites` and stacks/azure-inference-base.ts): the region keys, each AWS gateway's
 * ACM certificate validated in the jurisdiction zone (delegated beforehand), the API Gateway account
 * logging setting once per region, outputs naming where the model artifacts must be uploaded, and for
 * Azure OpenAI what API Management and the account need before they exist:
 *   - the region's Key Vault, whose firewall admits the deployer ranges and the gateway subnet
 *     (the subnet itself is in the region's AzureNetworkBaseline),
 *   - the Azure OpenAI customer-managed key (RSA-HSM 2048, the only size Azure OpenAI accepts),
 *   - the gateway certificate slot: the deployer's Certificates Officer role and the import command.
 * The inference phase (`JurisdictionInference`) only binds these.
 */
import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformOutput } from 'cdktn';
import type { Construct } from 'constructs';
import { jurisdictionZoneName, tierFqdn } from '../dns';
import { ApiGatewayAccountLogging, GatewayCertificate, GatewayCertificateSlot, regionalGatewayHostname } from '../inference';
import type { InferencePolicy } from '../policy';
import { CustomerManagedKey, type JurisdictionKeyVault } from '../storage';
import { Composition } from './composition';
import type { AzureRegionContext } from './context';
import type { RegionalKeys } from './regional-keys';
import type { ResidencyStorage } from './residency-storage';

/** Base stack output: `s3://<primary bucket>/<key>`, where the upload step puts the model artifacts. */
export const MODEL_ARTIFACTS_UPLOAD_OUTPUT = 'model_artifacts_upload';
/** Base stack outputs `model_artifacts_<region, underscores>`: where each region's model reads them. */
export const MODEL_ARTIFACTS_OUTPUT_PREFIX = 'model_artifacts_';

export interface JurisdictionInferenceBaseProps {
  /** The jurisdiction's region keys and vaults; their placement is this phase's placement. */
  readonly keys: RegionalKeys;
  /** The stores; a self-hosted model reads its artifacts from `inference.selfHosted.modelData.store`. */
  readonly storage: ResidencyStorage;
  /** What the jurisdiction serves (policy `inference`). @default - nothing: the construct creates nothing */
  readonly inference?: InferencePolicy;
  /** The parent domain; the jurisdiction zone is `<id>.<domain>`. */
  readonly domain: string;
  /** The jurisdiction's service name (policy `dns.serviceName`); required with a self-hosted model. */
  readonly serviceName?: string;
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** Pins the first expiry of Azure keys (YYYY-MM-DD). @default - 365 days after the creating apply */
  readonly keyIssuedOn?: string;
  /**
   * The country-routed name `<service>.<domain>` every AWS gateway also serves, with where its ACM validation
   * record goes (the parent zone, through the DNS account's provider). Called once, when the jurisdiction has a
   * self-hosted model. @default - no country-routed name (the policy does not route by country with Route 53)
   */
  readonly countryName?: () => CountryNameValidation | undefined;
}

/** The country-routed name and the zone and provider that hold its certificate validation record. */
export interface CountryNameValidation {
  readonly countryName: string;
  readonly zoneId: string;
  readonly provider: AwsProvider;
}

/** The Azure OpenAI region's base-phase resources. */
export interface AzureInferenceBase {
  readonly ctx: AzureRegionContext;
  readonly vault: JurisdictionKeyVault;
  readonly openAiKey: CustomerManagedKey;
  readonly certificateSlot: GatewayCertificateSlot;
  /** The API Management integration subnet of the region (base network). */
  readonly integrationSubnetId: string;
}

/**
 * What the base stack prepares for the inference stack. Parts (`jurisdiction-zone`, `gateway-certificate-aws-<region>`,
 * `apigateway-account-aws-<region>`, `openai-key-azure-<region>`, `gateway-certificate-azure-<region>`, the outputs)
 * are created next to this construct.
 */
export class JurisdictionInferenceBase extends Composition {
  /** Validated gateway certificates by AWS region code. */
  public readonly certificates = new Map<string, GatewayCertificate>();
  /** Where each self-hosted region's model reads its artifacts: `s3://<bucket>/<key>` by region code. */
  public readonly artifactUrls = new Map<string, string>();
  /** The Azure OpenAI region's vault, key and certificate slot, when the jurisdiction has Azure OpenAI. */
  public readonly azureBase?: AzureInferenceBase;

  constructor(scope: Construct, id: string, props: JurisdictionInferenceBaseProps) {
    super(scope, id);
    const inf = props.inference;
    if (!inf) return;
    const base = this.partScope;
    const { keys, storage } = props;
    const placement = keys.placement;
    const id_ = placement.jurisdiction.id;
    const awsCtx = (code: string) => placement.aws.find((a) => a.region.code === code)!;
    if (inf.bedrock) keys.awsKey(awsCtx(inf.bedrock.region.code));

    if (inf.selfHosted) {
      const sh = inf.selfHosted;
      const bucket = storage.store(sh.modelData.store).aws!;
      const primary = placement.aws.find((a) => a.role === 'primary')!;
      // Found by name: the DNS stack (deployed first) created and delegated it, so validation completes in this apply.
      const zone = new DataAwsRoute53Zone(base, 'jurisdiction-zone', { provider: primary.provider, name: jurisdictionZoneName(id_, props.domain), privateZone: false });
      // The country-routed name `<service>.<domain>`: validated in the parent zone, through the DNS account.
      const parent = props.countryName?.();
      // Where the upload step (`npx cdktf-sovereign-ai upload`) puts the artifacts: the primary bucket; S3
      // replication copies them to the replica, which the upload step waits for.
      new TerraformOutput(base, MODEL_ARTIFACTS_UPLOAD_OUTPUT, {
        value: `s3://${bucket.bucketName}/${sh.modelData.key}`,
        description: `Upload the model artifacts here before deploying ${id_}'s inference stack: npx cdktf-sovereign-ai upload <model.tar.gz> --outputs <cdktf outputs file>`,
      });
      for (const region of sh.regions) {
        const ctx = awsCtx(region.code);
        keys.awsKey(ctx);
        const bucketName = region.code === bucket.region.code ? bucket.bucketName : bucket.replicaBucketName!;
        const url = `s3://${bucketName}/${sh.modelData.key}`;
        this.artifactUrls.set(region.code, url);
        new TerraformOutput(base, `${MODEL_ARTIFACTS_OUTPUT_PREFIX}${region.code.replace(/-/g, '_')}`, {
          value: url,
          description: `Where the model of ${region.code} reads its artifacts (the upload step waits until they are there)`,
        });
        this.certificates.set(region.code, new GatewayCertificate(base, `gateway-certificate-aws-${region.code}`, {
          provider: ctx.provider,
          dnsProvider: primary.provider,
          hostedZoneId: zone.zoneId,
          regionalHostname: regionalGatewayHostname(region.code, id_, props.domain),
          serviceHostnames: [
            { hostname: tierFqdn(1, props.serviceName!, id_, props.domain) },
            ...(parent ? [{ hostname: parent.countryName, validationZoneId: parent.zoneId, validationProvider: parent.provider }] : []),
          ],
        }));
        // One account-wide setting per region, here and nowhere else (the gateways do not manage it).
        new ApiGatewayAccountLogging(base, `apigateway-account-aws-${region.code}`, { provider: ctx.provider, region });
      }
    }

    // Azure: the vault, the OpenAI key and the gateway certificate slot (the inference stack only binds them).
    const az = inf.azureOpenAi;
    if (!az) return;
    const ctx = placement.azure.find((a) => a.region.code === az.region.code)!;
    const vault = keys.azureVault(ctx, { namespace: props.namespace, keyIssuedOn: props.keyIssuedOn });
    const openAiKey = new CustomerManagedKey(base, `openai-key-azure-${ctx.region.code}`, { keyVault: vault, keyName: `cmk-openai-${id_}`, keySize: 2048 });
    const certificateSlot = new GatewayCertificateSlot(base, `gateway-certificate-azure-${ctx.region.code}`, {
      provider: placement.azureProvider!,
      keyVaultId: vault.vaultId,
      keyVaultName: vault.vaultName,
      certificateName: az.certificateName,
      certificateHostname: `*.${id_}.${props.domain}`,
      deployerObjectId: vault.deployerObjectId,
    });
    this.azureBase = { ctx, vault, openAiKey, certificateSlot, integrationSubnetId: ctx.network.apiManagementSubnetId! };
  }
}
