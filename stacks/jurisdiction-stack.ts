import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { Aspects, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import type { Jurisdiction, Region } from '../lib/catalog';
import { RegionalKeys, type AwsRegionContext, type AzureRegionContext, type JurisdictionPlacement } from '../lib/composition';
import { interfaceEndpointServiceName } from '../lib/inference/aws-common';
import { AwsNetworkBaseline, AzureNetworkBaseline } from '../lib/network';
import type { JurisdictionPolicy } from '../lib/policy';
import { AzureDefaultTags, residencyTags } from '../lib/tagging';
import { configureEngine } from './engine';
import { jurisdictionAwsProvider, jurisdictionAzureProvider, stackName } from './providers';

export { stackName } from './providers';
export type { AwsRegionContext, AzureRegionContext } from '../lib/composition';

/** Address plan inside a jurisdiction: ranges do not overlap, so regions and clouds can be peered later. */
const CIDRS = {
  aws: { primary: '10.10.0.0/16', secondary: '10.11.0.0/16' },
  azure: { primary: '10.20.0.0/16', secondary: '10.21.0.0/16' },
} as const;

/** "10.20.0.0/16" -> "10.20.1.0/27": the API Management integration subnet, next to the private-endpoint /24. */
export function apiManagementSubnetPrefix(addressSpace: string): string {
  const [a, b] = addressSpace.split('.');
  return `${a}.${b}.1.0/27`;
}

/**
 * The base phase of one jurisdiction (`sovereign-<id>`): its state backend inside the jurisdiction,
 * one AWS provider per region (aliased by region code) and one azurerm provider (Azure places
 * resources by `location`, not by provider), a private network baseline per region, and (composed by
 * stacks/app.ts) the data stores, keys, vaults, gateway certificates and the API Gateway account
 * setting that the inference phase (`sovereign-<id>-inference`) binds.
 */
export class JurisdictionStack extends TerraformStack implements JurisdictionPlacement {
  public readonly policy: JurisdictionPolicy;
  /** The region keys and vaults, created on first use (lib/composition `RegionalKeys`). */
  public readonly keys: RegionalKeys;
  public readonly aws: AwsRegionContext[] = [];
  public readonly azure: AzureRegionContext[] = [];
  public readonly azureProvider?: AzurermProvider;

  constructor(scope: Construct, policy: JurisdictionPolicy) {
    const j = policy.jurisdiction;
    super(scope, stackName(j.id));
    this.policy = policy;
    const tags = residencyTags(j.id, j.residency);

    configureEngine(this, policy.engine, policy.requiredTerraformVersion, policy.state);

    if (policy.aws) {
      for (const role of ['primary', 'secondary'] as const) {
        const region = policy.aws[role];
        if (!region) continue;
        const provider = jurisdictionAwsProvider(this, policy, region);
        const network = new AwsNetworkBaseline(this, `network-aws-${region.code}`, {
          provider,
          namePrefix: stackName(j.id),
          cidrBlock: CIDRS.aws[role],
          // The inference stack puts interface endpoints in these subnets (stacks/inference.ts): sagemaker.runtime
          // where a model is hosted, bedrock-runtime where Bedrock is used. CreateVpcEndpoint refuses a subnet in
          // a zone its service does not offer ("does not support the Availability Zone of the subnet"), so the
          // subnets go only into zones that offer every one of them.
          requiredEndpointServices: interfaceServicesIn(policy, region),
        });
        this.aws.push({ role, region, provider, network });
      }
    }

    if (policy.azure) {
      const provider = jurisdictionAzureProvider(this, policy);
      this.azureProvider = provider;
      for (const role of ['primary', 'secondary'] as const) {
        const region = policy.azure[role];
        if (!region) continue;
        const network = new AzureNetworkBaseline(this, `network-azure-${region.code}`, {
          provider,
          location: region.code,
          namePrefix: stackName(j.id),
          addressSpace: CIDRS.azure[role],
          // The API Management integration subnet belongs to the base phase: the vault firewall admits it.
          apiManagementSubnetPrefix: policy.inference?.azureOpenAi?.region.code === region.code ? apiManagementSubnetPrefix(CIDRS.azure[role]) : undefined,
        });
        this.azure.push({ role, region, network });
      }
      Aspects.of(this).add(new AzureDefaultTags(tags));
    }
    this.keys = new RegionalKeys(this, 'regional-keys', { placement: this, deployerIpRanges: policy.azure?.deployerIpRanges });
  }

  public get jurisdiction(): Jurisdiction {
    return this.policy.jurisdiction;
  }
}

/** The interface endpoint services the inference phase creates in `region`'s subnets (stacks/inference.ts, InferenceVpcEndpoints). */
export function interfaceServicesIn(policy: JurisdictionPolicy, region: Region): string[] | undefined {
  const services: string[] = [];
  if (policy.inference?.selfHosted?.regions.some((r) => r.code === region.code)) services.push('sagemaker.runtime');
  if (policy.inference?.bedrock?.region.code === region.code) services.push('bedrock-runtime');
  return services.length > 0 ? services.map((s) => interfaceEndpointServiceName(region, s)) : undefined;
}
