import { NetworkSecurityGroup } from '@cdktn/provider-azurerm/lib/network-security-group';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktn/provider-azurerm/lib/resource-group';
import { Subnet } from '@cdktn/provider-azurerm/lib/subnet';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktn/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktn/provider-azurerm/lib/virtual-network';
import { Construct } from 'constructs';

export interface AzureNetworkBaselineProps {
  readonly provider: AzurermProvider;
  /** Azure region name: `germanywestcentral`. Every resource is placed there. */
  readonly location: string;
  /** Prefix of resource names: `sovereign-eu`. */
  readonly namePrefix: string;
  /**
   * IPv4 range of the virtual network.
   * @default "10.20.0.0/16"
   */
  readonly addressSpace?: string;
  /**
   * Range of the private-endpoint subnet, inside `addressSpace`.
   * @default the first /24 of `addressSpace`
   */
  readonly privateEndpointSubnetPrefix?: string;
}

/**
 * Private-only network baseline for one Azure region: a resource group, a VNet, and a subnet for
 * private endpoints with no default outbound internet access, behind an NSG that denies all inbound
 * traffic from the Internet service tag.
 */
export class AzureNetworkBaseline extends Construct {
  public readonly resourceGroupName: string;
  public readonly location: string;
  /** IPv4 range of the virtual network. */
  public readonly addressSpace: string;
  public readonly virtualNetworkId: string;
  public readonly privateEndpointSubnetId: string;

  constructor(scope: Construct, id: string, props: AzureNetworkBaselineProps) {
    super(scope, id);
    const { provider, location, namePrefix } = props;
    const addressSpace = props.addressSpace ?? '10.20.0.0/16';
    const peSubnet = props.privateEndpointSubnetPrefix ?? firstSlash24(addressSpace);

    const rg = new ResourceGroup(this, 'rg', { provider, name: `rg-${namePrefix}-${location}`, location });
    const vnet = new VirtualNetwork(this, 'vnet', {
      provider,
      name: `vnet-${namePrefix}-${location}`,
      location,
      resourceGroupName: rg.name,
      addressSpace: [addressSpace],
    });
    const subnet = new Subnet(this, 'private-endpoints', {
      provider,
      name: 'snet-private-endpoints',
      resourceGroupName: rg.name,
      virtualNetworkName: vnet.name,
      addressPrefixes: [peSubnet],
      privateEndpointNetworkPolicies: 'Enabled', // NSG rules apply to private endpoints too
      defaultOutboundAccessEnabled: false,
    });
    const nsg = new NetworkSecurityGroup(this, 'nsg', {
      provider,
      name: `nsg-${namePrefix}-${location}-pe`,
      location,
      resourceGroupName: rg.name,
      securityRule: [
        {
          name: 'deny-internet-inbound',
          priority: 4000,
          direction: 'Inbound',
          access: 'Deny',
          protocol: '*',
          sourcePortRange: '*',
          destinationPortRange: '*',
          sourceAddressPrefix: 'Internet',
          destinationAddressPrefix: '*',
          description: 'No public ingress by default',
        },
      ],
    });
    new SubnetNetworkSecurityGroupAssociation(this, 'private-endpoints-nsg', { provider, subnetId: subnet.id, networkSecurityGroupId: nsg.id });

    this.resourceGroupName = rg.name;
    this.location = location;
    this.addressSpace = addressSpace;
    this.virtualNetworkId = vnet.id;
    this.privateEndpointSubnetId = subnet.id;
  }
}

/** "10.20.0.0/16" -> "10.20.0.0/24" (synth-time, so the value is checkable; no Terraform function needed). */
function firstSlash24(cidr: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.\d+\/(\d+)$/.exec(cidr);
  if (!m || Number(m[4]) > 24) throw new Error(`addressSpace must be an IPv4 CIDR of /24 or larger, got "${cidr}"`);
  return `${m[1]}.${m[2]}.${m[3]}.0/24`;
}
