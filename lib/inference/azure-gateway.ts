/**
 * A public, per-region HTTPS entry point for an in-region Azure OpenAI account, on the gateway's
 * own host name and certificate, so that DNS can fail clients over between regions of a
 * jurisdiction (`*.openai.azure.com` names cannot move between accounts).
 *
 *   client ─TLS (Key Vault certificate, *.<jurisdiction>.<domain>)─► API Management Standard v2 (public gateway)
 *        ├─ credential: the jurisdiction's JWT (validate-jwt: issuer, audience, expiry, signature), or an Entra token for the account
 *        ├─ POST /v1/chat/completions ─ model <clients.model> → <deployment> ─► outbound VNet integration ─► private endpoint
 *        │                              ─► Azure OpenAI v1 API (system identity; streamed, 230 s to the first byte)
 *        ├─ GET  /v1/models           ─► {"object":"list","data":[{"id":"<clients.model>",...}]} from the gateway
 *        └─ GET  /health (anonymous)  ─► one-token chat completion on the deployment, system identity ─► 200, or 503
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
import { regionalGatewayHostname, type Jurisdiction, type Region } from '../catalog';
import { GatewayCertificate } from './azure-gateway-certificate';
import { OPENAI_BACKEND_ID, chatOperationPolicy, healthOperationPolicy, modelsOperationPolicy, v1ApiPolicy, type ClientJwt } from './azure-gateway-policies';
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
  /**
   * Deployment that serves the clients' model name and that `/health` runs a one-token completion on
   * (`SovereignOpenAiAccount.deploymentNames[0]`).
   */
  readonly deploymentName: string;
  /**
   * The model name clients send in `POST /v1/chat/completions` and `GET /v1/models` lists (policy `clients.model`),
   * rewritten to `deploymentName`; any other name gets an OpenAI-style 404 `model_not_found`.
   * @default "chat"
   */
  readonly clientModel?: string;
  /**
   * The jurisdiction's client credential (policy `clients.issuer` / `clients.audience`): every route but
   * `/health` validates the JWT (signature from `<issuer>/.well-known/openid-configuration`, issuer,
   * audience, expiry) and does not forward it; the gateway calls the model with its own identity.
   * @default - no jurisdiction JWT: clients need an Entra ID token for the account (audience
   * https://cognitiveservices.azure.com), which the account itself judges (Azure RBAC)
   */
  readonly clientJwt?: ClientJwt;
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
    const hostname = props.hostname ?? regionalGatewayHostname(region.code, jid, domain);
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
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(props.deploymentName)) throw new Error(`deploymentName "${props.deploymentName}" is not a deployment name`);
    const clientModel = props.clientModel ?? 'chat';
    // the policy schema's rule (lib/policy/schema.ts Clients.model): it is also a C# string literal in the chat policy
    if (!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(clientModel)) throw new Error(`clientModel "${clientModel}" is invalid: use 1-63 lower-case letters, digits, dots, hyphens and underscores`);
    if (props.clientJwt && !/^https:\/\/[^\s"'<>&]+$/.test(props.clientJwt.issuer)) throw new Error(`clientJwt.issuer "${props.clientJwt.issuer}" is not an https URL`);

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
      url: `https://${props.openAiHostname}/openai/v1`, // the GA v1 API: /chat/completions is appended
      description: `Azure OpenAI in ${region.code}, reached through its private endpoint`,
      tls: { validateCertificateChain: true, validateCertificateName: true },
    });
    // One OpenAI-compatible API at /v1: the same routes every gateway of the chain serves (no pass-through:
    // a path without an operation gets API Management's 404). subscription_required is false on purpose
    // (the provider's default is true, api_management_api_resource.go): a subscription key is a credential
    // only API Management knows, which no other tier of the chain would accept; the credential is the
    // jurisdiction's JWT (or an Entra token) checked by the API policy instead.
    const v1 = { clientModel, deploymentName: props.deploymentName, ownedBy: jid, jwt: props.clientJwt, openAiHostname: props.openAiHostname };
    const v1Api = new ApiManagementApi(this, 'v1-api', {
      ...common,
      name: 'openai-v1',
      displayName: 'OpenAI-compatible v1',
      path: 'v1',
      protocols: ['https'],
      revision: '1',
      subscriptionRequired: false,
    });
    new ApiManagementApiPolicy(this, 'v1-api-policy', { ...common, apiName: v1Api.name, xmlContent: v1ApiPolicy(v1) });
    const operations = [
      { id: 'chat-completions', method: 'POST', urlTemplate: '/chat/completions', xml: chatOperationPolicy(v1) },
      { id: 'list-models', method: 'GET', urlTemplate: '/models', xml: modelsOperationPolicy(v1) },
    ];
    for (const op of operations) {
      const operation = new ApiManagementApiOperation(this, `v1-${op.id}`, {
        ...common,
        apiName: v1Api.name,
        operationId: op.id,
        displayName: `${op.method} /v1${op.urlTemplate}`,
        method: op.method,
        urlTemplate: op.urlTemplate,
      });
      new ApiManagementApiOperationPolicy(this, `v1-${op.id}-policy`, { ...common, apiName: v1Api.name, operationId: operation.operationId, xmlContent: op.xml });
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
        deploymentName: props.deploymentName,
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
