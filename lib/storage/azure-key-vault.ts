/**
 * A premium (HSM-backed) key vault per jurisdiction and region, reachable only through a private
 * endpoint, and the customer-managed keys that encrypt residency storage.
 */
import { DataAzurermClientConfig } from '@cdktn/provider-azurerm/lib/data-azurerm-client-config';
import { KeyVault } from '@cdktn/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktn/provider-azurerm/lib/key-vault-key';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktn/provider-azurerm/lib/role-assignment';
import { Annotations, Fn, type TerraformResource } from 'cdktn';
import { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../catalog';
import { jurisdictionKeyVaultName, keyVaultNameProblem } from './azure-names';
import { AzurePrivateLink, assertPlacement, type AzureResidencyPlacement } from './azure-placement';
import type { ResidencyResource } from './attributes';

/** How a customer-managed key is sized and rotated. */
export interface CustomerManagedKeyOptions {
  /**
   * UTC date (`YYYY-MM-DD`) that pins the first version's `expiration_date` to this date +
   * `expireAfterDays`. After creation Terraform ignores `expiration_date`: the rotation policy gives
   * each new version its own expiry, and writing the first date back would shorten the live version.
   * @default - the vault's `keyIssuedOn`; without one, `timeadd(plantimestamp(), "<days*24>h")`: the
   * first version expires `expireAfterDays` after the apply that creates it, however late that is
   */
  readonly issuedOn?: string;
  /**
   * RSA-HSM modulus size in bits: 2048, 3072 or 4096. 3072 gives ~128-bit security (NIST SP 800-57 Pt 1,
   * acceptable beyond 2030, when 2048-bit RSA is disallowed); 4096 costs more per wrap/unwrap for
   * no required gain. Azure Storage CMK accepts RSA/RSA-HSM 2048, 3072 and 4096; Azure OpenAI
   * accepts 2048 only (azure-ai-docs encrypt-data-at-rest.md, 11/2025), so 2048 is allowed for it.
   * @default 3072
   */
  readonly keySize?: number;
  /** Lifetime of each key version (`rotation_policy.expire_after`), 28–36500 days. @default 365 */
  readonly expireAfterDays?: number;
  /** Rotate this many days before a version expires, 7 to `expireAfterDays - 7`. @default 30 */
  readonly rotateBeforeExpiryDays?: number;
  /** Emit the near-expiry Event Grid event this many days before expiry, 7 to `expireAfterDays - 7`. @default 30 */
  readonly notifyBeforeExpiryDays?: number;
}

export interface JurisdictionKeyVaultProps extends AzureResidencyPlacement {
  /**
   * UTC date (`YYYY-MM-DD`) that pins the first expiry of this vault's keys; see `CustomerManagedKeyOptions.issuedOn`.
   * @default - each key's first version expires `expireAfterDays` after the apply that creates it
   */
  readonly keyIssuedOn?: string;
  /**
   * Days a deleted vault or key stays recoverable (7–90). Purge protection is always on, so the
   * name stays reserved for this long after a deletion. Can be set only once.
   * @default 90
   */
  readonly softDeleteRetentionDays?: number;
  /**
   * Public IPv4 addresses or CIDR ranges (/16 or narrower) of the machines that run Terraform.
   * Creating keys is a data-plane call, which a vault without public access only answers through
   * its private endpoint. With ranges, public network access is turned on with ACL default `Deny`
   * and only these `ip_rules` (trusted Azure services still bypass).
   * @default - none: the vault is fully private; run Terraform from a runner inside (or peered
   * with) `virtualNetworkId` that resolves `privatelink.vaultcore.azure.net`
   */
  readonly deployerIpRanges?: readonly string[];
  /**
   * Subnets admitted by the vault firewall (`network_acls.virtual_network_subnet_ids`); each needs the
   * `Microsoft.KeyVault` service endpoint. The API Management integration subnet goes here, so the
   * gateway's system-assigned identity can read its certificate over a network path instead of the
   * trusted-service bypass (Microsoft Learn, includes/api-management-key-vault-network.md).
   * @default - none
   */
  readonly allowedSubnetIds?: readonly string[];
  /**
   * Vault name, globally unique. A deleted vault keeps its name for `softDeleteRetentionDays`
   * (purge protection), so recreating one within that time needs another name.
   * @default - `kv-<jurisdiction>-<short region>-<hash of namespace/jurisdiction/region>`
   */
  readonly vaultName?: string;
}

const IPV4_RANGE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/;

function assertDeployerRange(range: string): void {
  const m = IPV4_RANGE.exec(range);
  const octetsOk = m !== null && m.slice(1, 5).every((o) => Number(o) <= 255);
  const prefix = m?.[5] === undefined ? 32 : Number(m[5]);
  if (!m || !octetsOk || prefix < 16 || prefix > 32) {
    throw new Error(`deployerIpRanges entry "${range}" is invalid: use a public IPv4 address or CIDR range from /16 to /32 (e.g. "203.0.113.0/28")`);
  }
}

function assertIntIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
  }
}

/**
 * `azurerm_key_vault` (premium, purge protection, RBAC, no public access, network ACL default Deny
 * with the trusted-services bypass that storage CMK needs), a private endpoint with its DNS zone,
 * and a `Key Vault Crypto Officer` role assignment for the principal running Terraform, so that it
 * can create keys under RBAC. The deployer must be allowed to create role assignments (Owner,
 * User Access Administrator or Role Based Access Control Administrator on the resource group).
 */
export class JurisdictionKeyVault extends Construct implements ResidencyResource {
  public readonly vaultId: string;
  public readonly vaultName: string;
  public readonly vaultUri: string;
  public readonly tenantId: string;
  /** Object id of the principal running Terraform (`data.azurerm_client_config.object_id`). */
  public readonly deployerObjectId: string;
  public readonly privateEndpointId: string;
  /** The `privatelink.vaultcore.azure.net` zone: pass it as `privateDnsZoneId` to another vault in the same VNet. */
  public readonly privateDnsZoneId: string;
  public readonly jurisdiction: Jurisdiction;
  public readonly region: Region;
  public readonly provider: AzurermProvider;
  public readonly keyIssuedOn?: string;
  /** What a key must wait for: the deployer's role assignment and the private endpoint (+ DNS link). */
  public readonly keyPrerequisites: TerraformResource[];

  constructor(scope: Construct, id: string, props: JurisdictionKeyVaultProps) {
    super(scope, id);
    assertPlacement(props, `JurisdictionKeyVault ${this.node.path}`);
    const { provider, region } = props;
    if (props.keyIssuedOn !== undefined) assertIssueDate(props.keyIssuedOn);
    const softDeleteRetentionDays = props.softDeleteRetentionDays ?? 90;
    assertIntIn('softDeleteRetentionDays', softDeleteRetentionDays, 7, 90);
    const deployerIpRanges = props.deployerIpRanges ?? [];
    deployerIpRanges.forEach(assertDeployerRange);
    const name = props.vaultName ?? jurisdictionKeyVaultName(props.namespace, props.jurisdiction, region);
    const problem = keyVaultNameProblem(name);
    if (problem) throw new Error(problem);
    if (region.restricted) {
      Annotations.of(this).addWarning(`${region.code} is a restricted Azure region: the subscription needs approved access before deploying there.`);
    }

    const client = new DataAzurermClientConfig(this, 'client', { provider });
    const vault = new KeyVault(this, 'vault', {
      provider,
      name,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
      tenantId: client.tenantId,
      skuName: 'premium',
      purgeProtectionEnabled: true,
      softDeleteRetentionDays,
      rbacAuthorizationEnabled: true,
      enabledForDeployment: false,
      enabledForDiskEncryption: false,
      enabledForTemplateDeployment: false,
      // Public access on only for the deployer's ranges (and the allowed subnets' service endpoints): ACL default Deny.
      publicNetworkAccessEnabled: deployerIpRanges.length > 0 || (props.allowedSubnetIds ?? []).length > 0,
      networkAcls: {
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        ipRules: deployerIpRanges.length > 0 ? [...deployerIpRanges] : undefined,
        virtualNetworkSubnetIds: props.allowedSubnetIds?.length ? [...props.allowedSubnetIds] : undefined,
      },
      lifecycle: { preventDestroy: true },
    });
    const link = new AzurePrivateLink(this, 'private-link', {
      provider,
      location: region.code,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.privateEndpointSubnetId,
      virtualNetworkId: props.virtualNetworkId,
      targetResourceId: vault.id,
      targetName: name,
      subresource: 'vault',
      privateDnsZoneId: props.privateDnsZoneId,
    });
    const deployer = new RoleAssignment(this, 'deployer-crypto-officer', {
      provider,
      scope: vault.id,
      roleDefinitionName: 'Key Vault Crypto Officer',
      principalId: client.objectId,
      description: 'Lets the Terraform principal create and rotate customer-managed keys (RBAC vault).',
    });

    this.vaultId = vault.id;
    this.vaultName = name;
    this.vaultUri = vault.vaultUri;
    this.tenantId = client.tenantId;
    this.deployerObjectId = client.objectId;
    this.privateEndpointId = link.privateEndpointId;
    this.privateDnsZoneId = link.privateDnsZoneId;
    this.jurisdiction = props.jurisdiction;
    this.region = region;
    this.provider = provider;
    this.keyIssuedOn = props.keyIssuedOn;
    this.keyPrerequisites = [deployer, ...link.dependables];
  }

  /** Shared vocabulary (`ResidencyResource`, lib/storage/attributes.ts): vaultId. */
  public get resourceId(): string {
    return this.vaultId;
  }

  /** Shared vocabulary (`ResidencyResource`): vaultName. */
  public get resourceName(): string {
    return this.vaultName;
  }

  public get jurisdictionId(): string {
    return this.jurisdiction.id;
  }
}

export interface CustomerManagedKeyProps extends CustomerManagedKeyOptions {
  /** The vault that holds the key. */
  readonly keyVault: JurisdictionKeyVault;
  /** Key name, 1–127 letters, digits and hyphens, unique in the vault. */
  readonly keyName: string;
}

/**
 * An `azurerm_key_vault_key` for wrapping data-encryption keys: RSA-HSM, `wrapKey`/`unwrapKey`
 * only, rotated automatically before expiry. Use `versionlessId` so consumers follow rotations.
 */
export class CustomerManagedKey extends Construct {
  /** Versioned key id (the version current when Terraform last read it). */
  public readonly keyId: string;
  /** Key id without version: services given this id pick up new versions after rotation. */
  public readonly versionlessId: string;
  /** ARM id of the key (`.../vaults/<vault>/keys/<name>`): the scope of key-level role assignments. */
  public readonly resourceVersionlessId: string;
  public readonly keyName: string;
  /** `expiration_date` of the first version (RFC 3339, or the `timeadd(plantimestamp(), ...)` expression). */
  public readonly expirationDate: string;
  public readonly keyVault: JurisdictionKeyVault;

  constructor(scope: Construct, id: string, props: CustomerManagedKeyProps) {
    super(scope, id);
    const { keyVault, keyName } = props;
    if (!/^[a-zA-Z0-9-]{1,127}$/.test(keyName)) {
      throw new Error(`keyName "${keyName}" is invalid: use 1–127 letters, digits and hyphens`);
    }
    const keySize = props.keySize ?? 3072;
    if (![2048, 3072, 4096].includes(keySize)) throw new Error(`keySize must be 2048, 3072 or 4096, got ${keySize}`);
    const expireAfterDays = props.expireAfterDays ?? 365;
    assertIntIn('expireAfterDays', expireAfterDays, 28, 36500);
    const rotateBeforeExpiryDays = props.rotateBeforeExpiryDays ?? 30;
    assertIntIn('rotateBeforeExpiryDays', rotateBeforeExpiryDays, 7, expireAfterDays - 7);
    const notifyBeforeExpiryDays = props.notifyBeforeExpiryDays ?? 30;
    assertIntIn('notifyBeforeExpiryDays', notifyBeforeExpiryDays, 7, expireAfterDays - 7);
    const issuedOn = props.issuedOn ?? keyVault.keyIssuedOn;
    // Without a pinned date the first version expires expireAfterDays after the apply that creates it;
    // ignore_changes keeps that value afterwards (plantimestamp() changes on every plan).
    const expirationDate = issuedOn === undefined ? Fn.timeadd(Fn.plantimestamp(), `${expireAfterDays * 24}h`) : expirationDateFor(issuedOn, expireAfterDays);
    if (issuedOn !== undefined && Date.parse(expirationDate) <= Date.now()) {
      Annotations.of(this).addWarning(
        `Key ${keyName} would expire on ${expirationDate}, which is past: if the key does not exist yet it is created expired and unusable; set a recent issuedOn.`,
      );
    }

    const key = new KeyVaultKey(this, 'key', {
      provider: keyVault.provider,
      name: keyName,
      keyVaultId: keyVault.vaultId,
      keyType: 'RSA-HSM',
      keySize,
      keyOpts: ['wrapKey', 'unwrapKey'],
      expirationDate,
      rotationPolicy: {
        automatic: { timeBeforeExpiry: `P${rotateBeforeExpiryDays}D` },
        expireAfter: `P${expireAfterDays}D`,
        notifyBeforeExpiry: `P${notifyBeforeExpiryDays}D`,
      },
      dependsOn: keyVault.keyPrerequisites,
      lifecycle: { preventDestroy: true, ignoreChanges: ['expiration_date'] },
    });

    this.keyId = key.id;
    this.versionlessId = key.versionlessId;
    this.resourceVersionlessId = key.resourceVersionlessId;
    this.keyName = keyName;
    this.expirationDate = expirationDate;
    this.keyVault = keyVault;
  }
}

function assertIssueDate(date: string): void {
  const t = Date.parse(`${date}T00:00:00Z`);
  const ok = /^\d{4}-\d{2}-\d{2}$/.test(date) && !Number.isNaN(t) && new Date(t).toISOString().startsWith(date);
  if (!ok) throw new Error(`key issue date "${date}" is invalid: use a real UTC calendar date as YYYY-MM-DD`);
}

/** `2026-01-15` + 365 days → `2027-01-15T00:00:00Z` (RFC 3339, static at synth). */
export function expirationDateFor(issuedOn: string, days: number): string {
  assertIssueDate(issuedOn);
  const t = Date.parse(`${issuedOn}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
