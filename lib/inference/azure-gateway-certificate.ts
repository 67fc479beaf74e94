/**
 * The API Management gateway's TLS certificate, in two phases:
 *
 *   base phase (sovereign-<id>)          manual step                          inference phase (sovereign-<id>-inference)
 *   GatewayCertificateSlot               az keyvault certificate import       GatewayCertificate (data source, checked)
 *   - deployer: Key Vault Certificates   --vault-name <vault> -n <name>       - Key Vault Secrets User for the gateway's
 *     Officer on the vault               -f <pfx> (from a deployer IP)          system identity on that secret only
 *   - output: the import command                                             - custom domain binds versionless_secret_id
 *
 * Why imported, not created by Terraform: a publicly trusted certificate comes from a CA; Key Vault
 * creates one itself only with a DigiCert/GlobalSign issuer account, and with any other issuer
 * (`Unknown`) `azurerm_key_vault_certificate` waits for a merge that never comes (azurerm v4.73.0
 * `internal/services/keyvault/key_vault_certificate_resource.go`, createCertificate: polls until
 * "Ready"). So the vault (phase 2) exists first, the operator imports the PFX, and phase 3 reads it
 * with a data source whose postconditions refuse a missing, expired or wrong-name certificate at plan.
 *
 * Why the system-assigned identity and the subnet rule: "You must use the API Management instance's
 * system-assigned managed identity to access the key vault" behind a Key Vault firewall, and the
 * instance needs "networking line of sight to the key vault" (a network rule for its subnet or
 * Private Link) rather than the trusted-service exception, which is not supported for gateways of
 * services created on or after 2025-12-01 (MicrosoftDocs/azure-docs includes/api-management-key-vault-network.md,
 * ms.date 12/04/2025; api-management/breaking-changes/trusted-service-connectivity-retirement-march-2026,
 * ms.date 12/05/2025). The vault keeps `bypass = AzureServices`, which the 04/30/2026 revision of the
 * include still lists for control-plane certificate fetches.
 */
import { DataAzurermKeyVaultCertificate } from '@cdktn/provider-azurerm/lib/data-azurerm-key-vault-certificate';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { RoleAssignment } from '@cdktn/provider-azurerm/lib/role-assignment';
import { TerraformOutput } from 'cdktn';
import { Construct } from 'constructs';

const CERT_NAME = /^[a-zA-Z0-9-]{1,127}$/;

function assertCertificateName(name: string): void {
  if (!CERT_NAME.test(name)) throw new Error(`certificateName "${name}" is invalid: use 1–127 letters, digits and hyphens`);
}

export interface GatewayCertificateSlotProps {
  readonly provider: AzurermProvider;
  /** Vault the certificate is imported into (the gateway region's `JurisdictionKeyVault.vaultId`). */
  readonly keyVaultId: string;
  /** Its name, for the printed import command. */
  readonly keyVaultName: string;
  /** Key Vault certificate name. */
  readonly certificateName: string;
  /** Host name the certificate must cover: `*.<id>.<domain>`. */
  readonly certificateHostname: string;
  /** Object id of the principal running Terraform (`data.azurerm_client_config.object_id`). */
  readonly deployerObjectId: string;
}

/** Base phase: lets the deployer import the certificate and prints how. */
export class GatewayCertificateSlot extends Construct {
  public readonly certificateName: string;
  public readonly keyVaultId: string;

  constructor(scope: Construct, id: string, props: GatewayCertificateSlotProps) {
    super(scope, id);
    assertCertificateName(props.certificateName);
    new RoleAssignment(this, 'deployer-certificates-officer', {
      provider: props.provider,
      scope: props.keyVaultId,
      roleDefinitionName: 'Key Vault Certificates Officer',
      principalId: props.deployerObjectId,
      description: `Lets the Terraform principal import and read the gateway certificate ${props.certificateName} (RBAC vault).`,
    });
    new TerraformOutput(this, 'import-command', {
      description: `Manual step before the inference phase: import a PFX for ${props.certificateHostname} from a deployer IP`,
      value: `az keyvault certificate import --vault-name ${props.keyVaultName} --name ${props.certificateName} --file <pfx covering ${props.certificateHostname}>`,
    });
    this.certificateName = props.certificateName;
    this.keyVaultId = props.keyVaultId;
  }
}

export interface GatewayCertificateProps {
  readonly provider: AzurermProvider;
  readonly keyVaultId: string;
  readonly certificateName: string;
  /** Host name the certificate must name exactly as a DNS subject alternative name: `*.<id>.<domain>`. */
  readonly certificateHostname: string;
}

/**
 * Inference phase: the imported certificate, read from the vault. Plan fails (postcondition) when it
 * has expired or does not name the host name the gateway binds as a DNS subject alternative name.
 */
export class GatewayCertificate extends Construct {
  /** `https://<vault>.vault.azure.net/secrets/<name>`: renewals (new versions) are picked up by API Management. */
  public readonly versionlessSecretId: string;
  /** ARM id of the certificate's secret (through the data source, so it exists first): the scope of the gateway's read access. */
  public readonly secretResourceId: string;

  constructor(scope: Construct, id: string, props: GatewayCertificateProps) {
    super(scope, id);
    assertCertificateName(props.certificateName);
    const cert = new DataAzurermKeyVaultCertificate(this, 'certificate', {
      provider: props.provider,
      name: props.certificateName,
      keyVaultId: props.keyVaultId,
      lifecycle: { postcondition: gatewayCertificateConditions(props.certificateHostname) },
    });
    this.versionlessSecretId = cert.versionlessSecretId;
    // The name read back from the certificate (same value): whatever is scoped to the secret waits for
    // the certificate to exist, so a role is never assigned on a secret that has not been imported yet.
    this.secretResourceId = `${props.keyVaultId}/secrets/${cert.name}`;
  }
}

/**
 * The postconditions on `data.azurerm_key_vault_certificate` (exported for the terraform expression test).
 * The name check reads the DNS subject alternative names only: HTTPS clients must not match the subject
 * CN ("A reference identity of type CN-ID MUST NOT be used by clients", RFC 9110 section 4.3.4; RFC 6125
 * section 6.4.4 forbids it whenever a DNS-ID is present), so a certificate that names the gateway only in
 * its CN would bind in API Management and then fail every client's TLS check.
 */
export function gatewayCertificateConditions(hostname: string): { condition: string; errorMessage: string }[] {
  const props = 'self.certificate_policy[0].x509_certificate_properties[0]';
  return [
    {
      condition: '${timecmp(self.expires, plantimestamp()) > 0}',
      errorMessage: `The gateway certificate has expired: import a renewed certificate for ${hostname}.`,
    },
    {
      condition: `\${contains(flatten(${props}.subject_alternative_names[*].dns_names), "${hostname}")}`,
      errorMessage: `The gateway certificate does not name ${hostname} as a DNS subject alternative name (clients ignore the subject CN): import one that does.`,
    },
  ];
}
