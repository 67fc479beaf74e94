import { DataAwsAvailabilityZones } from '@cdktn/provider-aws/lib/data-aws-availability-zones';
import { DataAwsVpcEndpointService } from '@cdktn/provider-aws/lib/data-aws-vpc-endpoint-service';
import { DefaultSecurityGroup } from '@cdktn/provider-aws/lib/default-security-group';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { RouteTable } from '@cdktn/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktn/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktn/provider-aws/lib/security-group';
import { Subnet } from '@cdktn/provider-aws/lib/subnet';
import { Vpc } from '@cdktn/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktn/provider-aws/lib/vpc-endpoint';
import { Fn, Op, Token } from 'cdktn';
import { Construct } from 'constructs';

export interface AwsNetworkBaselineProps {
  /** The provider of the region this network lives in; every resource is created through it. */
  readonly provider: AwsProvider;
  /** Prefix of the `Name` tags: `sovereign-eu`. */
  readonly namePrefix: string;
  /**
   * IPv4 range of the VPC.
   * @default "10.10.0.0/16"
   */
  readonly cidrBlock?: string;
  /**
   * Private subnets, one per availability zone, each a /20 of the VPC range.
   * @default 2 (the minimum: failover inside a region needs two zones)
   */
  readonly availabilityZoneCount?: number;
  /**
   * Interface endpoint service names (`com.amazonaws.<region>.sagemaker.runtime`) that must be offered in every
   * zone the subnets use: an interface endpoint (and a SageMaker endpoint reached through it) can only
   * sit in zones where its service exists, which differ per region and per account's zone mapping.
   * @default - none: any available zone that needs no opt-in
   */
  readonly requiredEndpointServices?: readonly string[];
  /**
   * Availability zone IDs (`euc1-az2`, the same physical zone in every account, unlike zone names) to
   * put the subnets in, one per subnet, e.g. where a SageMaker instance type has capacity (no API
   * tells that per zone). Overrides the automatic choice.
   * @default - the first availabilityZoneCount zones, sorted by name, that need no opt-in and offer every requiredEndpointServices service
   */
  readonly availabilityZoneIds?: readonly string[];
}

/**
 * Private-only VPC baseline for one region: no internet or NAT gateway, no public subnet, the
 * default security group emptied (it allows nothing), a security group for interface endpoints
 * that admits HTTPS from inside the VPC only, and an S3 gateway endpoint (free; lets residency
 * buckets accept object traffic from this VPC only). Later constructs attach endpoints and services here.
 */
export class AwsNetworkBaseline extends Construct {
  public readonly vpcId: string;
  public readonly cidrBlock: string;
  public readonly privateSubnetIds: string[];
  /** Security group for interface VPC endpoints: inbound 443 from the VPC, no egress. */
  public readonly endpointSecurityGroupId: string;
  /** S3 gateway endpoint of the private route table: S3 traffic stays on the AWS network in this region. */
  public readonly s3GatewayEndpointId: string;

  constructor(scope: Construct, id: string, props: AwsNetworkBaselineProps) {
    super(scope, id);
    const provider = props.provider;
    const region = provider.region;
    if (!region || Token.isUnresolved(region)) {
      throw new Error(`${this.node.path}: the provider must have a literal region (the S3 endpoint service name is per region)`);
    }
    this.cidrBlock = props.cidrBlock ?? '10.10.0.0/16';
    const azCount = props.availabilityZoneCount ?? 2;
    if (!Number.isInteger(azCount) || azCount < 2 || azCount > 6) {
      throw new Error(`${this.node.path}: availabilityZoneCount must be an integer from 2 to 6, got ${azCount}`);
    }

    const pinned = props.availabilityZoneIds;
    if (pinned !== undefined) {
      const bad = pinned.filter((z) => !Token.isUnresolved(z) && !/^[a-z]{2,5}\d+-az\d+$/.test(z));
      if (pinned.length !== azCount || bad.length > 0) {
        throw new Error(`${this.node.path}: availabilityZoneIds must hold ${azCount} zone IDs such as "use1-az1"${bad.length ? `; not zone IDs: ${bad.join(', ')}` : `, got ${pinned.length}`}`);
      }
    }
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      provider,
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
    });
    // Zone names offered by every required endpoint service (data.aws_vpc_endpoint_service.availability_zones).
    const offered = (props.requiredEndpointServices ?? []).map((service) =>
      new DataAwsVpcEndpointService(this, `service-${service.replace(/^com\.amazonaws\.[a-z0-9-]+\./, '').replace(/[^a-z0-9]/g, '-')}`, { provider, serviceName: service, serviceType: 'Interface' }).availabilityZones);
    const usable = offered.length > 0 ? Fn.sort(Fn.setintersection(zones.names, offered)) : Fn.sort(zones.names);
    const zoneIdByName = Fn.zipmap(zones.names, zones.zoneIds);
    const vpc = new Vpc(this, 'vpc', {
      provider,
      cidrBlock: this.cidrBlock,
      enableDnsSupport: true, // interface endpoints with private DNS need both
      enableDnsHostnames: true,
      tags: { Name: `${props.namePrefix}-vpc` },
    });
    new DefaultSecurityGroup(this, 'default-sg', { provider, vpcId: vpc.id, tags: { Name: `${props.namePrefix}-default-deny` } });

    const routes = new RouteTable(this, 'private-routes', { provider, vpcId: vpc.id, tags: { Name: `${props.namePrefix}-private` } });
    this.privateSubnetIds = [];
    for (let i = 0; i < azCount; i++) {
      const subnet = new Subnet(this, `private-${i}`, {
        provider,
        vpcId: vpc.id,
        cidrBlock: Fn.cidrsubnet(this.cidrBlock, 4, i),
        availabilityZoneId: pinned ? pinned[i] : Fn.lookup(zoneIdByName, Fn.element(usable, i), ''),
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.namePrefix}-private-${i}` },
        lifecycle: pinned ? undefined : {
          precondition: [{
            condition: Op.gte(Fn.lengthOf(usable), azCount),
            errorMessage: `${this.node.path}: fewer than ${azCount} availability zones of ${region} need no opt-in${offered.length ? ` and offer ${props.requiredEndpointServices!.join(', ')}` : ''}; give availabilityZoneIds or lower availabilityZoneCount`,
          }],
        },
      });
      new RouteTableAssociation(this, `private-${i}-routes`, { provider, subnetId: subnet.id, routeTableId: routes.id });
      this.privateSubnetIds.push(subnet.id);
    }

    const endpoints = new SecurityGroup(this, 'endpoints-sg', {
      provider,
      vpcId: vpc.id,
      name: `${props.namePrefix}-endpoints`,
      description: 'Interface VPC endpoints: HTTPS from inside the VPC only',
      ingress: [{ description: 'HTTPS from the VPC', protocol: 'tcp', fromPort: 443, toPort: 443, cidrBlocks: [this.cidrBlock] }],
      egress: [],
      tags: { Name: `${props.namePrefix}-endpoints` },
    });
    const s3 = new VpcEndpoint(this, 's3-gateway', {
      provider,
      vpcId: vpc.id,
      serviceName: `com.amazonaws.${region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [routes.id],
      tags: { Name: `${props.namePrefix}-s3` },
    });
    this.vpcId = vpc.id;
    this.endpointSecurityGroupId = endpoints.id;
    this.s3GatewayEndpointId = s3.id;
  }
}
