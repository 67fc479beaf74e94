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
  /**
   * Range (/24 to /28, /27 recommended) of a dedicated subnet for API Management Standard v2
   * outbound VNet integration, created here (the base phase) so the Key Vault firewall can admit it
   * before the gateway exists. Delegated to `Microsoft.Web/serverFarms`, with its own NSG ("a network
   * security group must be associated with the subnet") and the `Microsoft.KeyVault` service endpoint.
   * Sources: learn.microsoft.com/azure/api-management/integrate-vnet-outbound; includes/api-management-key-vault-network.md.
   * @default - no gateway subnet
   */
  readonly apiManagementSubnetPrefix?: string;
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
  /** The API Management integration subnet, when `apiManagementSubnetPrefix` was given (read through its NSG association, so users wait for the NSG). */
  public readonly apiManagementSubnetId?: string;
  /** The NSG association of that subnet: API Management must wait for it. */
  public readonly apiManagementSubnetNsgAssociationId?: string;

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

    if (props.apiManagementSubnetPrefix !== undefined) {
      assertGatewaySubnetPrefix(props.apiManagementSubnetPrefix);
      const gw = new Subnet(this, 'apim-integration', {
        provider,
        name: 'snet-apim-integration',
        resourceGroupName: rg.name,
        virtualNetworkName: vnet.name,
        addressPrefixes: [props.apiManagementSubnetPrefix],
        serviceEndpoints: ['Microsoft.KeyVault'],
        delegation: [{ name: 'apim-outbound', serviceDelegation: { name: 'Microsoft.Web/serverFarms', actions: ['Microsoft.Network/virtualNetworks/subnets/action'] } }],
      });
      const gwNsg = new NetworkSecurityGroup(this, 'apim-nsg', {
        provider,
        name: `nsg-${namePrefix}-${location}-apim`,
        location,
        resourceGroupName: rg.name,
        // Outbound integration carries only the gateway's calls into the VNet and to Key Vault / Entra ID;
        // nothing enters through this subnet (the gateway's public endpoint is not in it).
        securityRule: [
          { name: 'allow-keyvault-outbound', priority: 100, direction: 'Outbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'AzureKeyVault', description: 'Gateway reads its certificate from Key Vault' },
          { name: 'allow-entra-outbound', priority: 110, direction: 'Outbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'AzureActiveDirectory', description: 'Managed identity tokens' },
          { name: 'allow-vnet-https-outbound', priority: 120, direction: 'Outbound', access: 'Allow', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '443', sourceAddressPrefix: 'VirtualNetwork', destinationAddressPrefix: 'VirtualNetwork', description: 'Private endpoints of the model account' },
          { name: 'deny-internet-inbound', priority: 4000, direction: 'Inbound', access: 'Deny', protocol: '*', sourcePortRange: '*', destinationPortRange: '*', sourceAddressPrefix: 'Internet', destinationAddressPrefix: '*', description: 'No public ingress into the integration subnet' },
        ],
      });
      const assoc = new SubnetNetworkSecurityGroupAssociation(this, 'apim-integration-nsg', { provider, subnetId: gw.id, networkSecurityGroupId: gwNsg.id });
      // The association's subnet_id (the same id): whatever uses the subnet waits for its NSG.
      this.apiManagementSubnetId = assoc.subnetId;
      this.apiManagementSubnetNsgAssociationId = assoc.id;
    }

    this.resourceGroupName = rg.name;
    this.location = location;
    this.addressSpace = addressSpace;
    this.virtualNetworkId = vnet.id;
    this.privateEndpointSubnetId = subnet.id;
  }
}

function assertGatewaySubnetPrefix(cidr: string): void {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) < 24 || Number(m[5]) > 28) {
    throw new Error(`apiManagementSubnetPrefix "${cidr}" is invalid: use an IPv4 CIDR from /24 to /28 inside the virtual network (/27 recommended for API Management outbound integration)`);
  }
}

/** "10.20.0.0/16" -> "10.20.0.0/24" (synth-time, so the value is checkable; no Terraform function needed). */
function firstSlash24(cidr: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)\.\d+\/(\d+)$/.exec(cidr);
  if (!m || Number(m[4]) > 24) throw new Error(`addressSpace must be an IPv4 CIDR of /24 or larger, got "${cidr}"`);
  return `${m[1]}.${m[2]}.${m[3]}.0/24`;
}
