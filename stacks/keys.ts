/**
 * One jurisdiction key per AWS region and one Key Vault per Azure region of a stack, created on first
 * use and shared by the stores, models and logs of that region.
 */
import { JurisdictionKey, JurisdictionKeyVault } from '../lib/storage';
import type { AwsRegionContext, AzureRegionContext, JurisdictionStack } from './jurisdiction-stack';

const awsKeys = new WeakMap<JurisdictionStack, Map<string, JurisdictionKey>>();
const azureVaults = new WeakMap<JurisdictionStack, Map<string, JurisdictionKeyVault>>();

function registry<T>(map: WeakMap<JurisdictionStack, Map<string, T>>, stack: JurisdictionStack): Map<string, T> {
  let m = map.get(stack);
  if (!m) map.set(stack, (m = new Map()));
  return m;
}

/** The region's key: encrypts buckets, SageMaker volumes and (through CloudWatch Logs) log groups. */
export function awsRegionKey(stack: JurisdictionStack, ctx: AwsRegionContext): JurisdictionKey {
  const keys = registry(awsKeys, stack);
  let key = keys.get(ctx.region.code);
  if (!key) {
    key = new JurisdictionKey(stack, `key-aws-${ctx.region.code}`, {
      jurisdiction: stack.policy.jurisdiction,
      provider: ctx.provider,
      region: ctx.region,
      purpose: 'data',
      allowCloudWatchLogs: true,
    });
    keys.set(ctx.region.code, key);
  }
  return key;
}

export interface VaultOptions {
  readonly namespace: string;
  /** @default - keys expire 365 days after the apply that creates them */
  readonly keyIssuedOn?: string;
}

/** Where an Azure residency construct of this stack and region lives (the props every one of them shares). */
export function azurePlacement(stack: Pick<JurisdictionStack, 'policy' | 'azureProvider'>, ctx: AzureRegionContext, namespace: string) {
  return {
    jurisdiction: stack.policy.jurisdiction,
    namespace,
    provider: stack.azureProvider!,
    region: ctx.region,
    resourceGroupName: ctx.network.resourceGroupName,
    privateEndpointSubnetId: ctx.network.privateEndpointSubnetId,
    virtualNetworkId: ctx.network.virtualNetworkId,
  };
}

/**
 * The region's Key Vault: customer-managed keys of storage accounts and Azure OpenAI, gateway certificates.
 * Its firewall admits the policy's deployer ranges (Terraform's data-plane calls) and, where the
 * region runs an API Management gateway, the gateway's integration subnet.
 */
export function azureRegionVault(stack: JurisdictionStack, ctx: AzureRegionContext, options: VaultOptions): JurisdictionKeyVault {
  const vaults = registry(azureVaults, stack);
  let vault = vaults.get(ctx.region.code);
  if (!vault) {
    vault = new JurisdictionKeyVault(stack, `vault-azure-${ctx.region.code}`, {
      ...azurePlacement(stack, ctx, options.namespace),
      keyIssuedOn: options.keyIssuedOn,
      deployerIpRanges: stack.policy.azure?.deployerIpRanges,
      allowedSubnetIds: ctx.network.apiManagementSubnetId ? [ctx.network.apiManagementSubnetId] : undefined,
    });
    vaults.set(ctx.region.code, vault);
  }
  return vault;
}
