/**
 * Base phase (`sovereign-<id>`) of a jurisdiction's Azure inference: what API Management and Azure
 * OpenAI need before they exist, so that the inference phase only binds it.
 *   - the region's Key Vault, whose firewall admits the deployer ranges and the gateway subnet
 *     (the subnet itself is in the region's AzureNetworkBaseline),
 *   - the Azure OpenAI customer-managed key (RSA-HSM 2048, the only size Azure OpenAI accepts),
 *   - the gateway certificate slot: the deployer's Certificates Officer role and the import command.
 * Values the inference phase reads: `vault.vaultId`, `openAiKey.keyId`, `openAiKey.resourceVersionlessId`,
 * `integrationSubnetId`, `certificateName`.
 */
import { GatewayCertificateSlot } from '../lib/inference';
import type { SovereigntyPolicy } from '../lib/policy';
import { CustomerManagedKey, type JurisdictionKeyVault } from '../lib/storage';
import type { AzureRegionContext, JurisdictionStack } from './jurisdiction-stack';
import { azureRegionVault } from './keys';

export interface AzureInferenceBase {
  readonly ctx: AzureRegionContext;
  readonly vault: JurisdictionKeyVault;
  readonly openAiKey: CustomerManagedKey;
  readonly certificateSlot: GatewayCertificateSlot;
  /** The API Management integration subnet of the region (base network). */
  readonly integrationSubnetId: string;
}

export function addAzureInferenceBase(stack: JurisdictionStack, policy: SovereigntyPolicy): AzureInferenceBase | undefined {
  const az = stack.policy.inference?.azureOpenAi;
  if (!az) return undefined;
  const id = stack.policy.jurisdiction.id;
  const ctx = stack.azure.find((a) => a.region.code === az.region.code)!;
  const vault = azureRegionVault(stack, ctx, { namespace: policy.namespace, keyIssuedOn: policy.keyIssuedOn });
  const openAiKey = new CustomerManagedKey(stack, `openai-key-azure-${ctx.region.code}`, { keyVault: vault, keyName: `cmk-openai-${id}`, keySize: 2048 });
  const certificateSlot = new GatewayCertificateSlot(stack, `gateway-certificate-azure-${ctx.region.code}`, {
    provider: stack.azureProvider!,
    keyVaultId: vault.vaultId,
    keyVaultName: vault.vaultName,
    certificateName: az.certificateName,
    certificateHostname: `*.${id}.${policy.domain}`,
    deployerObjectId: vault.deployerObjectId,
  });
  return { ctx, vault, openAiKey, certificateSlot, integrationSubnetId: ctx.network.apiManagementSubnetId! };
}
