/**
 * Where a jurisdiction's composed constructs live: its regions on each cloud, with the provider and the
 * private network of each. The shipped stacks (stacks/jurisdiction-stack.ts, stacks/inference-stack.ts)
 * implement `JurisdictionPlacement`; a library user builds one from their own providers and networks.
 */
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import type { Jurisdiction, Region } from '../catalog';
import type { AwsNetworkBaseline, AzureNetworkBaseline } from '../network';

/** One AWS region of a jurisdiction: its role, the provider configured for it and its network baseline. */
export interface AwsRegionContext {
  readonly role: 'primary' | 'secondary';
  readonly region: Region;
  readonly provider: AwsProvider;
  readonly network: AwsNetworkBaseline;
}

/** One Azure region of a jurisdiction (Azure places resources by `location`: one provider serves every region). */
export interface AzureRegionContext {
  readonly role: 'primary' | 'secondary';
  readonly region: Region;
  readonly network: AzureNetworkBaseline;
}

/** A jurisdiction's regions, as the composed constructs (`ResidencyStorage`, `RegionalKeys`, the inference phases) see them. */
export interface JurisdictionPlacement {
  readonly jurisdiction: Jurisdiction;
  /** At most one `primary` and one `secondary` region. */
  readonly aws: readonly AwsRegionContext[];
  readonly azure: readonly AzureRegionContext[];
  /** Required when `azure` has a region. */
  readonly azureProvider?: AzurermProvider;
}

/** Where an Azure residency construct of this placement and region lives (the props every one of them shares). */
export function azurePlacement(placement: Pick<JurisdictionPlacement, 'jurisdiction' | 'azureProvider'>, ctx: AzureRegionContext, namespace: string) {
  return {
    jurisdiction: placement.jurisdiction,
    namespace,
    provider: placement.azureProvider!,
    region: ctx.region,
    resourceGroupName: ctx.network.resourceGroupName,
    privateEndpointSubnetId: ctx.network.privateEndpointSubnetId,
    virtualNetworkId: ctx.network.virtualNetworkId,
  };
}

/** The region context of `role`, if the placement has one. */
export function regionOf<T extends { readonly role: 'primary' | 'secondary' }>(contexts: readonly T[], role: T['role']): T | undefined {
  return contexts.find((c) => c.role === role);
}
