/**
 * Where an Azure residency resource lives (jurisdiction, region, network) and how it is reached
 * (a private endpoint with its private DNS zone), shared by the key vault and the storage account.
 */
import { PrivateDnsZone } from '@cdktn/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink } from '@cdktn/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PrivateEndpoint } from '@cdktn/provider-azurerm/lib/private-endpoint';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import type { TerraformResource } from 'cdktn';
import { Construct } from 'constructs';
import { regionProblem, type Jurisdiction, type Region } from '../catalog';
import { assertNamespace } from './azure-names';

/** The props every Azure residency storage construct shares. */
export interface AzureResidencyPlacement {
  /** The jurisdiction the data belongs to; `region` must be in one of its countries. */
  readonly jurisdiction: Jurisdiction;
  /** Short organisation or policy name (1–32 lower-case letters, digits, hyphens) mixed into the globally unique names. */
  readonly namespace: string;
  /** The azurerm provider every resource is created through. */
  readonly provider: AzurermProvider;
  /** The Azure region of the resource; `location` of every resource that has one. */
  readonly region: Region;
  /** Resource group of the resource, its private endpoint and (when created here) its private DNS zone. */
  readonly resourceGroupName: string;
  /** Subnet for the private endpoint; its virtual network must be in `region`. */
  readonly privateEndpointSubnetId: string;
  /** Virtual network the created private DNS zone is linked to (the one holding `privateEndpointSubnetId`). */
  readonly virtualNetworkId: string;
  /**
   * Id of an existing private DNS zone for this service (`privatelink.vaultcore.azure.net` for a
   * vault, `privatelink.blob.core.windows.net` for blobs), already linked to the virtual network.
   * Pass the zone of a sibling construct (`privateDnsZoneId`) when several share one VNet: a VNet
   * can be linked to only one zone of a given name.
   * @default - a zone of that name is created in `resourceGroupName` and linked to `virtualNetworkId`
   */
  readonly privateDnsZoneId?: string;
}

/** Throws unless the region is an Azure region inside the jurisdiction and the namespace is valid. */
export function assertPlacement(p: AzureResidencyPlacement, what: string): void {
  assertNamespace(p.namespace);
  const problem = regionProblem(p.region, p.jurisdiction, 'azure');
  if (problem) throw new Error(`${what}: ${problem}`);
}

/** Private DNS zone names of the Azure public cloud, by private-link sub-resource. */
export const PRIVATE_DNS_ZONE_BY_SUBRESOURCE = Object.freeze({
  vault: 'privatelink.vaultcore.azure.net',
  blob: 'privatelink.blob.core.windows.net',
});

export type PrivateLinkSubresource = keyof typeof PRIVATE_DNS_ZONE_BY_SUBRESOURCE;

export interface AzurePrivateLinkProps {
  readonly provider: AzurermProvider;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly subnetId: string;
  readonly virtualNetworkId: string;
  /** Resource id of the vault or storage account the endpoint connects to. */
  readonly targetResourceId: string;
  /** Name of the target, used to name the endpoint: `pe-<targetName>-<subresource>`. */
  readonly targetName: string;
  readonly subresource: PrivateLinkSubresource;
  /** @default - a zone is created and linked to `virtualNetworkId` */
  readonly privateDnsZoneId?: string;
}

/**
 * A private endpoint for one sub-resource, registered in its private DNS zone through a
 * `private_dns_zone_group`, so that the public name of the target resolves to the private IP
 * inside the linked virtual network.
 */
export class AzurePrivateLink extends Construct {
  public readonly privateEndpointId: string;
  public readonly privateDnsZoneId: string;
  /** Resources a data-plane call (e.g. creating a key) must wait for: the endpoint and, if created here, the VNet link. */
  public readonly dependables: TerraformResource[];

  constructor(scope: Construct, id: string, props: AzurePrivateLinkProps) {
    super(scope, id);
    const { provider, subresource, targetName } = props;
    const zoneName = PRIVATE_DNS_ZONE_BY_SUBRESOURCE[subresource];
    const dependables: TerraformResource[] = [];

    let zoneId = props.privateDnsZoneId;
    if (zoneId === undefined) {
      const zone = new PrivateDnsZone(this, 'zone', { provider, name: zoneName, resourceGroupName: props.resourceGroupName });
      const link = new PrivateDnsZoneVirtualNetworkLink(this, 'vnet-link', {
        provider,
        name: `link-${targetName}-${subresource}`,
        resourceGroupName: props.resourceGroupName,
        privateDnsZoneName: zone.name,
        virtualNetworkId: props.virtualNetworkId,
        registrationEnabled: false,
      });
      zoneId = zone.id;
      dependables.push(link);
    }

    const endpoint = new PrivateEndpoint(this, 'endpoint', {
      provider,
      name: `pe-${targetName}-${subresource}`,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      privateServiceConnection: {
        name: `psc-${targetName}-${subresource}`,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [subresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: [zoneId] },
    });
    dependables.push(endpoint);

    this.privateEndpointId = endpoint.id;
    this.privateDnsZoneId = zoneId;
    this.dependables = dependables;
  }
}
