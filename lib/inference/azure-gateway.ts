/**
 * A public, per-region HTTPS entry point for an in-region Azure OpenAI account, on the gateway's
 * own host name and certificate, so that DNS can fail clients over between regions of a
 * jurisdiction (`*.openai.azure.com` names cannot move between accounts).
 *
 *   client ─TLS (Key Vault certificate, *.<jurisdiction>.<domain>)─► API Management Standard v2 (public gateway)
 *        └─ /openai/* ─► outbound VNet integration ─► private endpoint ─► Azure OpenAI account (Entra token passed through)
 *        └─ /health   ─► one-token chat completion on the deployment, system identity ─► 200, or 503
 *
 * Phases: the integration subnet (with its NSG and Key Vault service endpoint) and the vault's
 * network rule for it come from the base phase (AzureNetworkBaseline `apiManagementSubnetPrefix`,
 * JurisdictionKeyVault `allowedSubnetIds`), the certificate from GatewayCertificateSlot + an import;
 * this construct (inference phase) creates the service with a system-assigned identity, grants that
 * identity the certificate's secret, then binds the host name (`azurerm_api_management_custom_domain`,
 * which exists for this order: `hostname_configuration` on the service is Optional+Computed,
 * azurerm v4.73.0 `internal/services/apimanagement/api_management_resource.go`).
 *
 * Why API Management Standard v2 (azurerm `sku_name = "StandardV2_<units>"`):
 * - it reaches network-isolated backends through outbound VNet integration while the gateway stays
 *   public (learn.microsoft.com/azure/api-management/integrate-vnet-outbound: "the gateway and
 *   developer portal endpoints remain publicly accessible"); Internal/External VNet injection needs
 *   the classic Developer (no SLA) or Premium tier, whose creation takes 30–45 minutes or more,
 *   while Standard v2 deploys "in minutes" (learn.microsoft.com/azure/api-management/v2-service-tiers-overview).
 * - a policy can answer `/health` from a real authenticated call to the backend; an Application
 *   Gateway cannot answer 200 itself, and the account answers 401 to any unauthenticated probe.
 * Limits: Standard v2 binds one custom gateway host name ("multiple custom domain names for
 * gateway": Premium and Developer only), so the default binds the wildcard `*.<jurisdiction>.<domain>`
 * (wildcards work in every tier but Consumption); it covers this region's name and any shared name
 * under the jurisdiction that DNS moves between regions. The integration subnet must be dedicated
 * and delegated to `Microsoft.Web/serverFarms` (/27 recommended, /28 minimum), in the same region
 * and subscription. Cost: Standard v2 is billed per unit and hour, Premium per unit at a far higher
 * rate (check azure.microsoft.com/pricing/details/api-management for the region; not verified here).
 * Custom-domain changes take "15 minutes or longer" to apply (configure-custom-domain doc).
 */
import { ApiManagement } from '@cdktn/provider-azurerm/lib/api-management';
import { ApiManagementApi } from '@cdktn/provider-azurerm/lib/api-management-api';
import { ApiManagementApiOperation } from '@cdktn/provider-azurerm/lib/api-management-api-operation';
import { ApiManagementApiOperationPolicy } from '@cdktn/provider-azurerm/lib/api-management-api-operation-policy';
import { ApiManagementApiPolicy } from '@cdktn/provider-azurerm/lib/api-management-api-policy';
import { ApiManagementBackend } from '@cdktn/provider-azurerm/lib/api-management-backend';
import { ApiManagementCustomDomain } from '@cdktn/provider-azurerm/lib/api-management-custom-domain';
import { MonitorDiagnosticSetting } from '@cdktn/provider-azurerm/lib/monitor-diagnostic-setting';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktn/provider-azurerm/lib/role-assignment';
import { Annotations } from 'cdktn';
import { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import { GatewayCertificate } from './azure-gateway-certificate';
import { OPENAI_BACKEND_ID, healthOperationPolicy, openAiApiPolicy } from './azure-gateway-policies';
import { apiManagementNameProblem, assertAzureRegionIn, assertIntIn, regionalName } from './azure-names';

export interface AzureInferenceGatewayProps {
  /** The azurerm provider every resource is created through. */
  readonly provider: AzurermProvider;
  /** The jurisdiction served; `region` must be in one of its countries. */
  readonly jurisdiction: Jurisdiction;
  /** Azure region of the gateway and of the OpenAI account it fronts. */
  readonly region: Region;
  /** Short organisation or policy name (1–32 lower-case letters, digits, hyphens) mixed into the globally unique gateway name. */
  readonly namespace: string;
  /** Public DNS domain of the policy: `ai.example.com`. */
  readonly domain: string;
  /** Resource group of the gateway. */
  readonly resourceGroupName: string;
  /**
   * The dedicated integration subnet from the base phase (`AzureNetworkBaseline.apiManagementSubnetId`):
   * delegated to `Microsoft.Web/serverFarms`, with an NSG, in the region's VNet (where the model's private endpoint is).
   */
  readonly integrationSubnetId: string;
  /** Vault holding the imported certificate (its firewall admits `integrationSubnetId`). */
  readonly keyVaultId: string;
  /** Name of the Key Vault certificate (imported after the base phase) covering `certificateHostname`. */
  readonly certificateName: string;
  /** Resource id of the in-region Azure OpenAI account (the gateway's identity gets `Cognitive Services OpenAI User` for `/health`). */
  readonly openAiAccountId: string;
  /** `<subdomain>.openai.azure.com` of that account (`SovereignOpenAiAccount.hostname`). */
  readonly openAiHostname: string;
  /** Deployment `/health` runs a one-token completion on (`SovereignOpenAiAccount.deploymentNames[0]`). */
  readonly healthDeploymentName: string;
  /** Where API Management sends service notifications. */
  readonly publisherEmail: string;
  /** @default `sovereign-<jurisdiction id>` */
  readonly publisherName?: string;
  /** Name clients and DNS health checks use for this region. @default `<region>.<jurisdiction id>.<domain>` */
  readonly hostname?: string;
  /**
   * Host name bound to the gateway with the certificate; it must cover `hostname`.
   * @default `*.<jurisdiction id>.<domain>` - also covers a shared failover name such as `api.<jurisdiction id>.<domain>`
   */
  readonly certificateHostname?: string;
  /** Standard v2 scale units, 1–10. @default 1 */
  readonly capacity?: number;
  /** Log Analytics workspace (inside the jurisdiction) for gateway logs. @default - no diagnostic setting */
  readonly logAnalyticsWorkspaceId?: string;
  /** API Management service name, globally unique. @default - `apim-<jurisdiction>-<short region>-<hash of namespace/jurisdiction/region>` */
  readonly apiManagementName?: string;
}

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** True if certificate host name `cert` (exact or `*.` wildcard of one label) covers `host`. */
export function hostnameCovers(cert: string, host: string): boolean {
  if (cert === host) return true;
  return cert.startsWith('*.') && host.split('.').length > 2 && host.slice(host.indexOf('.') + 1) === cert.slice(2);
}

/** API Management Standard v2 in front of one in-region Azure OpenAI account, with a `/health` route. */
export class AzureInferenceGateway extends Construct {
  /** Name clients and DNS health checks use for this region: `germanywestcentral.eu.ai.example.com`. */
  public readonly gatewayHostname: string;
  /** Host name bound with the certificate: `*.eu.ai.example.com`. */
  public readonly certificateHostname: string;
  /** `https://<gatewayHostname>/health`: 200 when the in-region model answers, 503 otherwise. */
  public readonly healthUrl: string;
  /**
   * What DNS records point at (CNAME): `<apim name>.azure-api.net`. Health checks may also probe
   * `https://<publicFqdn>/health`: API Management always accepts its default host name.
   */
  public readonly publicFqdn: string;
  /** `https://<apim name>.azure-api.net` as returned by Azure. */
  public readonly gatewayUrl: string;
  public readonly apiManagementId: string;
  public readonly apiManagementName: string;
  /** Principal id of the gateway's system-assigned identity. */
  public readonly identityPrincipalId: string;
  public readonly region: Region;

  constructor(scope: Construct, id: string, props: AzureInferenceGatewayProps) {
    super(scope, id);
    const { provider, region, jurisdiction, domain } = props;
    assertAzureRegionIn(region, jurisdiction, `AzureInferenceGateway ${this.node.path}`);
    if (!DNS_NAME.test(domain)) throw new Error(`domain "${domain}" is invalid: use a lower-case DNS name such as "ai.example.com"`);
    const jid = jurisdiction.id.toLowerCase();
    const hostname = props.hostname ?? `${region.code}.${jid}.${domain}`;
    const certificateHostname = props.certificateHostname ?? `*.${jid}.${domain}`;
    if (!DNS_NAME.test(hostname)) throw new Error(`gateway hostname "${hostname}" is not a valid lower-case DNS name`);
    if (!hostnameCovers(certificateHostname, hostname)) {
      throw new Error(`certificateHostname "${certificateHostname}" does not cover hostname "${hostname}": use "${hostname}" or "*.${hostname.slice(hostname.indexOf('.') + 1)}"`);
    }
    const name = props.apiManagementName ?? regionalName('apim', props.namespace, jurisdiction, region);
    const nameProblem = apiManagementNameProblem(name);
    if (nameProblem) throw new Error(nameProblem);
    const capacity = props.capacity ?? 1;
    assertIntIn('capacity', capacity, 1, 10);
    if (!EMAIL.test(props.publisherEmail)) throw new Error(`publisherEmail "${props.publisherEmail}" is not an e-mail address`);
    if (!hostname.endsWith(`.${domain}`)) Annotations.of(this).addWarning(`gateway hostname ${hostname} is outside the policy domain ${domain}`);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(props.healthDeploymentName)) throw new Error(`healthDeploymentName "${props.healthDeploymentName}" is not a deployment name`);

    const apim = new ApiManagement(this, 'apim', {
      provider,
      name,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
      skuName: `StandardV2_${capacity}`,
      publisherEmail: props.publisherEmail,
      publisherName: props.publisherName ?? `sovereign-${jid}`,
      publicNetworkAccessEnabled: true,
      virtualNetworkType: 'External',
      virtualNetworkConfiguration: { subnetId: props.integrationSubnetId },
      // System-assigned: the only identity API Management may use behind a Key Vault firewall.
      identity: { type: 'SystemAssigned' },
      // No hostname_configuration here: the custom domain below binds it once the identity can read the certificate.
      security: {
        frontendSsl30Enabled: false,
        frontendTls10Enabled: false,
        frontendTls11Enabled: false,
        backendSsl30Enabled: false,
        backendTls10Enabled: false,
        backendTls11Enabled: false,
        tripleDesCiphersEnabled: false,
      },
    });
    const principalId = apim.identity.principalId;
    const certificate = new GatewayCertificate(this, 'certificate', { provider, keyVaultId: props.keyVaultId, certificateName: props.certificateName, certificateHostname });
    const certificateAccess = new RoleAssignment(this, 'certificate-access', {
      provider,
      scope: certificate.secretResourceId, // this certificate's secret, not the vault
      roleDefinitionName: 'Key Vault Secrets User',
      principalId,
      principalType: 'ServicePrincipal',
      description: `Lets API Management ${name} read its TLS certificate ${props.certificateName}.`,
    });
    new RoleAssignment(this, 'openai-access', {
      provider,
      scope: props.openAiAccountId,
      roleDefinitionName: 'Cognitive Services OpenAI User',
      principalId,
      principalType: 'ServicePrincipal',
      description: `Lets API Management ${name} probe the in-region model for /health.`,
    });
    new ApiManagementCustomDomain(this, 'custom-domain', {
      provider,
      apiManagementId: apim.id,
      gateway: [
        {
          hostName: certificateHostname,
          keyVaultCertificateId: certificate.versionlessSecretId,
          defaultSslBinding: true,
          negotiateClientCertificate: false,
        },
      ],
      dependsOn: [certificateAccess],
    });
    const common = { provider, apiManagementName: apim.name, resourceGroupName: props.resourceGroupName };

    new ApiManagementBackend(this, 'openai-backend', {
      ...common,
      name: OPENAI_BACKEND_ID,
      protocol: 'http',
      url: `https://${props.openAiHostname}/openai`,
      description: `Azure OpenAI in ${region.code}, reached through its private endpoint`,
      tls: { validateCertificateChain: true, validateCertificateName: true },
    });
    const openAiApi = new ApiManagementApi(this, 'openai-api', {
      ...common,
      name: 'openai',
      displayName: 'Azure OpenAI',
      path: 'openai',
      protocols: ['https'],
      revision: '1',
      subscriptionRequired: false,
    });
    new ApiManagementApiPolicy(this, 'openai-api-policy', { ...common, apiName: openAiApi.name, xmlContent: openAiApiPolicy() });
    for (const method of ['GET', 'POST', 'DELETE']) {
      new ApiManagementApiOperation(this, `openai-${method.toLowerCase()}`, {
        ...common,
        apiName: openAiApi.name,
        operationId: `${method.toLowerCase()}-all`,
        displayName: `${method} /*`,
        method,
        urlTemplate: '/*',
      });
    }

    const healthApi = new ApiManagementApi(this, 'health-api', {
      ...common,
      name: 'health',
      displayName: 'Health',
      path: 'health',
      protocols: ['https'],
      revision: '1',
      subscriptionRequired: false,
    });
    const healthGet = new ApiManagementApiOperation(this, 'health-get', {
      ...common,
      apiName: healthApi.name,
      operationId: 'get-health',
      displayName: 'GET /health',
      method: 'GET',
      urlTemplate: '/',
    });
    new ApiManagementApiOperationPolicy(this, 'health-policy', {
      ...common,
      apiName: healthApi.name,
      operationId: healthGet.operationId,
      xmlContent: healthOperationPolicy({
        openAiHostname: props.openAiHostname,
        deploymentName: props.healthDeploymentName,
        region: region.code,
        timeoutSeconds: 10,
      }),
    });

    if (props.logAnalyticsWorkspaceId !== undefined) {
      new MonitorDiagnosticSetting(this, 'diagnostics', {
        provider,
        name: `diag-${name}`,
        targetResourceId: apim.id,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        logAnalyticsDestinationType: 'Dedicated',
        enabledLog: [{ category: 'GatewayLogs' }],
        enabledMetric: [{ category: 'AllMetrics' }],
      });
    }

    this.gatewayHostname = hostname;
    this.certificateHostname = certificateHostname;
    this.healthUrl = `https://${hostname}/health`;
    this.publicFqdn = `${name}.azure-api.net`;
    this.gatewayUrl = apim.gatewayUrl;
    this.apiManagementId = apim.id;
    this.apiManagementName = name;
    this.identityPrincipalId = principalId;
    this.region = region;
  }
}
