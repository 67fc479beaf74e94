/**
 * An Azure OpenAI account that keeps data and prompt processing inside one jurisdiction: no public
 * network access, no API keys, an egress allow-list, a customer-managed key, a private endpoint in
 * the region's baseline network, and model deployments whose SKU the catalog resolver picked.
 *
 *   cognitive account (OpenAI, S0, system-assigned identity) ── private endpoint ── privatelink.openai.azure.com
 *        │   └─ identity ─ Key Vault Crypto User on the key (or an access policy on keyVaultId)
 *        └─ cognitive_account_customer_managed_key (keyVaultKeyId) ◄── deployments (resolveDeployment)
 *
 * Why a system-assigned identity and the separate CMK resource: "Azure OpenAI only supports
 * customer-managed keys (CMK) with system-assigned managed identities. User-assigned managed
 * identities are not supported" (MicrosoftDocs/azure-ai-docs
 * `articles/ai-foundry/openai/encrypt-data-at-rest.md`, ms.date 11/26/2025). A system-assigned
 * identity exists only once the account does, so the key cannot be set in the create call (inline
 * `customer_managed_key`); `azurerm_cognitive_account_customer_managed_key` applies it right after
 * the identity has been granted access, and checkov CKV2_AZURE_22 recognizes only this form.
 * The same page requires: vault in the same region and tenant, soft delete + purge protection,
 * trusted Microsoft services allowed through the vault firewall, and an RSA or RSA-HSM key of 2048 bits.
 */
import { CognitiveAccount } from '@cdktn/provider-azurerm/lib/cognitive-account';
import { CognitiveAccountCustomerManagedKeyA } from '@cdktn/provider-azurerm/lib/cognitive-account-customer-managed-key';
import { CognitiveDeployment } from '@cdktn/provider-azurerm/lib/cognitive-deployment';
import { KeyVaultAccessPolicyA } from '@cdktn/provider-azurerm/lib/key-vault-access-policy';
import { MonitorDiagnosticSetting } from '@cdktn/provider-azurerm/lib/monitor-diagnostic-setting';
import { PrivateDnsZone } from '@cdktn/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktn/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktn/provider-azurerm/lib/private-endpoint';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktn/provider-azurerm/lib/role-assignment';
import { Annotations, Token, type TerraformResource } from 'cdktn';
import { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import { resolveDeployment, type AzureOpenAiDeploymentType, type ResolvedDeployment } from '../catalog/azure-openai';
import type { Grantee } from '../storage/attributes';
import { assertAzureRegionIn, assertIntIn, customSubdomainProblem, regionalName } from './azure-names';

/** Private DNS zone of the `account` sub-resource of kind OpenAI (Azure public cloud). */
export const OPENAI_PRIVATE_DNS_ZONE = 'privatelink.openai.azure.com';

export type VersionUpgradeOption = 'OnceCurrentVersionExpired' | 'OnceNewDefaultVersionAvailable' | 'NoAutoUpgrade';

/** One model deployment; its SKU comes from `resolveDeployment` for the account's jurisdiction and region. */
export interface OpenAiDeploymentSpec {
  /** Model name: `gpt-4o`. */
  readonly model: string;
  /** @default - the newest version the catalog records for the resolved deployment type in the region */
  readonly version?: string;
  /** @default - `DataZoneStandard` where the region's data zone lies inside the jurisdiction, else `Standard` */
  readonly deploymentType?: AzureOpenAiDeploymentType;
  /** Standard / DataZoneStandard: thousands of tokens per minute; provisioned types: PTUs (needs a reservation). */
  readonly capacity: number;
  /**
   * Deployment name, the `/openai/deployments/<name>/` path segment clients call. Keep it the same
   * in every region of a jurisdiction so that DNS failover between gateways is invisible to clients.
   * @default - the model name
   */
  readonly name?: string;
  /** @default "OnceCurrentVersionExpired" - the pinned version stays until Microsoft retires it */
  readonly versionUpgradeOption?: VersionUpgradeOption;
  /** @default - the provider default content filter (`Microsoft.DefaultV2`) */
  readonly raiPolicyName?: string;
}

/** How the account's identity is allowed to use the key: RBAC role, or a legacy vault access policy. */
export type KeyVaultAuthorization = 'rbac' | 'accessPolicy';

export interface SovereignOpenAiAccountProps {
  /** The azurerm provider every resource is created through. */
  readonly provider: AzurermProvider;
  /** The jurisdiction prompts and data belong to; `region` must be in one of its countries. */
  readonly jurisdiction: Jurisdiction;
  /** Azure region of the account: `location` of every resource here. */
  readonly region: Region;
  /** Short organisation or policy name (1–32 lower-case letters, digits, hyphens) mixed into the globally unique subdomain. */
  readonly namespace: string;
  /** Resource group of the account, its private endpoint and (when created here) its private DNS zone. */
  readonly resourceGroupName: string;
  /** Subnet for the private endpoint (the baseline's `privateEndpointSubnetId`). */
  readonly privateEndpointSubnetId: string;
  /** Virtual network the created private DNS zone is linked to. */
  readonly virtualNetworkId: string;
  /**
   * Id of an existing `privatelink.openai.azure.com` zone already linked to the virtual network
   * (a VNet can link only one zone of a name: pass `privateDnsZoneId` of a sibling account).
   * @default - the zone is created in `resourceGroupName` and linked to `virtualNetworkId`
   */
  readonly privateDnsZoneId?: string;
  /** Vault holding the key: same region and tenant, soft delete and purge protection on, trusted services allowed. */
  readonly keyVaultId: string;
  /**
   * Versioned id of an RSA/RSA-HSM 2048-bit key in `keyVaultId` (Azure OpenAI accepts no other size).
   * After a rotation the next apply points the account at the new version.
   */
  readonly keyVaultKeyId: string;
  /** @default "rbac" - role `Key Vault Crypto User` on the key; "accessPolicy" grants Get/WrapKey/UnwrapKey on the vault */
  readonly keyVaultAuthorization?: KeyVaultAuthorization;
  /**
   * ARM id of the key without version (`CustomerManagedKey.resourceVersionlessId`): the scope of the
   * identity's role, so it can use this key and no other in the vault.
   * @default - the vault (`keyVaultId`)
   */
  readonly keyVaultKeyResourceId?: string;
  /**
   * Host names the account itself may reach (`fqdns`, with `outbound_network_access_restricted` on).
   * Empty = no outbound access at all (features such as "on your data" need their data source here).
   */
  readonly outboundFqdns: readonly string[];
  /** @default - no deployments */
  readonly deployments?: readonly OpenAiDeploymentSpec[];
  /** @default - `oai-<jurisdiction>-<short region>-<hash of namespace/jurisdiction/region>` */
  readonly customSubdomainName?: string;
  /**
   * Day model lifecycles are judged on: a retired version is refused, a deprecated one warned about
   * (lib/catalog/model-lifecycle.ts).
   * @default - now (the day of synth)
   */
  readonly modelLifecycleAsOf?: Date;
  /** Log Analytics workspace (inside the jurisdiction) for audit and request logs. @default - no diagnostic setting */
  readonly logAnalyticsWorkspaceId?: string;
}

const FQDN = /^(?=.{1,253}$)(?:\*\.)?(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
const DEPLOYMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `azurerm_cognitive_account` kind OpenAI with residency settings, its CMK, private endpoint and deployments. */
export class SovereignOpenAiAccount extends Construct implements Grantee {
  public readonly accountId: string;
  public readonly accountName: string;
  public readonly customSubdomainName: string;
  /** `https://<subdomain>.openai.azure.com/` as returned by Azure. */
  public readonly endpoint: string;
  /** `<subdomain>.openai.azure.com`: resolves to the private endpoint inside the linked VNet. */
  public readonly hostname: string;
  public readonly privateEndpointId: string;
  public readonly privateEndpointIp: string;
  public readonly privateDnsZoneId: string;
  /** Principal id of the account's system-assigned identity. */
  public readonly principalId: string;
  /** Deployment names, in the order given. */
  public readonly deploymentNames: string[];
  /** What the resolver chose for each deployment, in the order given. */
  public readonly resolvedDeployments: ResolvedDeployment[];
  public readonly region: Region;
  public readonly jurisdiction: Jurisdiction;
  /** Resources a data-plane caller must wait for: the endpoint, its DNS link, the CMK, the deployments. */
  public readonly dependables: TerraformResource[];

  constructor(scope: Construct, id: string, props: SovereignOpenAiAccountProps) {
    super(scope, id);
    const { provider, region, jurisdiction } = props;
    assertAzureRegionIn(region, jurisdiction, `SovereignOpenAiAccount ${this.node.path}`);
    const subdomain = props.customSubdomainName ?? regionalName('oai', props.namespace, jurisdiction, region);
    const problem = customSubdomainProblem(subdomain);
    if (problem) throw new Error(problem);
    for (const fqdn of props.outboundFqdns) {
      if (!Token.isUnresolved(fqdn) && !FQDN.test(fqdn)) {
        throw new Error(`outboundFqdns entry "${fqdn}" is invalid: give a host name such as "mysearch.search.windows.net", without scheme, port or path`);
      }
    }
    const specs = props.deployments ?? [];
    const resolved = specs.map((d) =>
      resolveDeployment({ jurisdiction, region, model: d.model, version: d.version, deploymentType: d.deploymentType, asOf: props.modelLifecycleAsOf }),
    );
    resolved.forEach((r) => {
      if (r.lifecycle.status !== 'current') Annotations.of(this).addWarning(`${r.lifecycle.explanation}; pick a current version`);
    });
    const names = specs.map((d) => d.name ?? d.model);
    names.forEach((n, i) => {
      if (!DEPLOYMENT_NAME.test(n)) throw new Error(`deployment name "${n}" is invalid: use 1–64 letters, digits, ".", "_" and "-", starting with a letter or digit`);
      if (names.indexOf(n) !== i) throw new Error(`deployment name "${n}" is used twice in account ${subdomain}; give one of them another name`);
      assertIntIn(`capacity of deployment "${n}"`, specs[i].capacity, 1, 100_000);
    });
    if (region.restricted) {
      Annotations.of(this).addWarning(`${region.code} is a restricted Azure region: the subscription needs approved access before deploying there.`);
    }

    const account = new CognitiveAccount(this, 'account', {
      provider,
      name: subdomain,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
      kind: 'OpenAI',
      skuName: 'S0',
      customSubdomainName: subdomain,
      localAuthEnabled: false,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: 'Deny', bypass: 'None' },
      outboundNetworkAccessRestricted: true,
      fqdns: [...props.outboundFqdns],
      identity: { type: 'SystemAssigned' },
      // customer_managed_key is Optional, not Computed (azurerm v4.73.0 internal/services/cognitive/
      // cognitive_account_resource.go): with the key set by the separate resource below, every later
      // plan would revert the account to Microsoft-managed keys; the provider's own acceptance test
      // ignores it the same way.
      lifecycle: { preventDestroy: true, ignoreChanges: ['customer_managed_key'] },
    });
    const principalId = account.identity.principalId;

    const grant =
      (props.keyVaultAuthorization ?? 'rbac') === 'rbac'
        ? new RoleAssignment(this, 'key-access', {
            provider,
            scope: props.keyVaultKeyResourceId ?? props.keyVaultId,
            // The role Microsoft names for Foundry/Azure OpenAI CMK under RBAC (learn.microsoft.com/azure/foundry/
            // concepts/encryption-keys-portal, read 2026-11-29: "If you're using Azure RBAC, assign the Key Vault
            // Crypto User role to the managed identity"), scoped to the key rather than the vault.
            roleDefinitionName: 'Key Vault Crypto User',
            principalId,
            principalType: 'ServicePrincipal',
            description: `Lets Azure OpenAI account ${subdomain} wrap and unwrap its customer-managed key.`,
          })
        : new KeyVaultAccessPolicyA(this, 'key-access', {
            provider,
            keyVaultId: props.keyVaultId,
            tenantId: account.identity.tenantId,
            objectId: principalId,
            keyPermissions: ['Get', 'WrapKey', 'UnwrapKey'],
          });
    const cmk = new CognitiveAccountCustomerManagedKeyA(this, 'cmk', {
      provider,
      cognitiveAccountId: account.id,
      keyVaultKeyId: props.keyVaultKeyId,
      dependsOn: [grant],
      // Removing this resource would switch the account back to Microsoft-managed keys.
      lifecycle: { preventDestroy: true },
    });

    const dependables: TerraformResource[] = [cmk];
    let zoneId = props.privateDnsZoneId;
    if (zoneId === undefined) {
      const zone = new PrivateDnsZone(this, 'dns-zone', { provider, name: OPENAI_PRIVATE_DNS_ZONE, resourceGroupName: props.resourceGroupName });
      dependables.push(
        new PrivateDnsZoneVirtualNetworkLink(this, 'dns-vnet-link', {
          provider,
          name: `link-${subdomain}`,
          resourceGroupName: props.resourceGroupName,
          privateDnsZoneName: zone.name,
          virtualNetworkId: props.virtualNetworkId,
          registrationEnabled: false,
        }),
      );
      zoneId = zone.id;
    }
    const endpoint = new PrivateEndpoint(this, 'private-endpoint', {
      provider,
      name: `pe-${subdomain}-account`,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.privateEndpointSubnetId,
      privateServiceConnection: {
        name: `psc-${subdomain}-account`,
        privateConnectionResourceId: account.id,
        subresourceNames: ['account'],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [zoneId] },
    });
    dependables.push(endpoint);

    specs.forEach((spec, i) => {
      const r = resolved[i];
      dependables.push(
        new CognitiveDeployment(this, `deployment-${names[i]}`, {
          provider,
          name: names[i],
          cognitiveAccountId: account.id,
          model: { format: 'OpenAI', name: r.model, version: r.version },
          sku: { name: r.deploymentType, capacity: spec.capacity },
          versionUpgradeOption: spec.versionUpgradeOption ?? 'OnceCurrentVersionExpired',
          raiPolicyName: spec.raiPolicyName,
          // The account must be CMK-encrypted before it holds anything, and updates to it conflict with deployment writes.
          dependsOn: [cmk],
        }),
      );
    });

    if (props.logAnalyticsWorkspaceId !== undefined) {
      new MonitorDiagnosticSetting(this, 'diagnostics', {
        provider,
        name: `diag-${subdomain}`,
        targetResourceId: account.id,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        enabledLog: [{ categoryGroup: 'allLogs' }],
        enabledMetric: [{ category: 'AllMetrics' }],
      });
    }

    this.accountId = account.id;
    this.accountName = subdomain;
    this.customSubdomainName = subdomain;
    this.endpoint = account.endpoint;
    this.hostname = `${subdomain}.openai.azure.com`;
    this.privateEndpointId = endpoint.id;
    this.privateEndpointIp = endpoint.privateServiceConnection.privateIpAddress;
    this.privateDnsZoneId = zoneId;
    this.principalId = principalId;
    this.deploymentNames = names;
    this.resolvedDeployments = resolved;
    this.region = region;
    this.jurisdiction = jurisdiction;
    this.dependables = dependables;
  }

  /** Shared vocabulary (`ResidencyResource`, lib/storage/attributes.ts): accountId. */
  public get resourceId(): string {
    return this.accountId;
  }

  /** Shared vocabulary (`ResidencyResource`): accountName. */
  public get resourceName(): string {
    return this.accountName;
  }
}
