import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { Aspects, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import type { Region } from '../lib/catalog';
import { AwsNetworkBaseline, AzureNetworkBaseline } from '../lib/network';
import type { JurisdictionPolicy } from '../lib/policy';
import { AzureDefaultTags, residencyTags } from '../lib/tagging';
import { configureEngine } from './engine';

/** Address plan inside a jurisdiction: ranges do not overlap, so regions and clouds can be peered later. */
const CIDRS = {
  aws: { primary: '10.10.0.0/16', secondary: '10.11.0.0/16' },
  azure: { primary: '10.20.0.0/16', secondary: '10.21.0.0/16' },
} as const;

export interface AwsRegionContext {
  readonly role: 'primary' | 'secondary';
  readonly region: Region;
  readonly provider: AwsProvider;
  readonly network: AwsNetworkBaseline;
}

export interface AzureRegionContext {
  readonly role: 'primary' | 'secondary';
  readonly region: Region;
  readonly network: AzureNetworkBaseline;
}

/** "10.20.0.0/16" -> "10.20.1.0/27": the API Management integration subnet, next to the private-endpoint /24. */
export function apiManagementSubnetPrefix(addressSpace: string): string {
  const [a, b] = addressSpace.split('.');
  return `${a}.${b}.1.0/27`;
}

export function stackName(jurisdictionId: string): string {
  return `sovereign-${jurisdictionId}`;
}

/**
 * Everything one jurisdiction deploys, deployable alone (`cdktn deploy sovereign-eu`): its state
 * backend inside the jurisdiction, one AWS provider per region (aliased by region code) and one azurerm
 * provider (Azure places resources by `location`, not by provider), and a private network baseline
 * per region.
 */
export class JurisdictionStack extends TerraformStack {
  public readonly policy: JurisdictionPolicy;
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
        const provider = new AwsProvider(this, `aws-${region.code}`, {
          alias: region.code,
          region: region.code,
          allowedAccountIds: policy.aws.accountId ? [policy.aws.accountId] : undefined,
          assumeRole: policy.aws.roleArn ? [{ roleArn: policy.aws.roleArn, sessionName: `cdktf-sovereign-ai-${j.id}` }] : undefined,
          defaultTags: [{ tags }],
        });
        const network = new AwsNetworkBaseline(this, `network-aws-${region.code}`, {
          provider,
          namePrefix: stackName(j.id),
          cidrBlock: CIDRS.aws[role],
        });
        this.aws.push({ role, region, provider, network });
      }
    }

    if (policy.azure) {
      const provider = new AzurermProvider(this, 'azurerm', {
        features: [{
          // Storage accounts here have public access and shared keys off: manage them through ARM only.
          storage: [{ dataPlaneAvailable: false }],
          // Nothing is lost: never purge soft-deleted vaults or keys on destroy; recover them on re-create.
          keyVault: [{ purgeSoftDeleteOnDestroy: false, purgeSoftDeletedKeysOnDestroy: false, recoverSoftDeletedKeyVaults: true, recoverSoftDeletedKeys: true }],
          // The provider default (true) purges a destroyed Azure OpenAI account: keep it recoverable instead.
          cognitiveAccount: [{ purgeSoftDeleteOnDestroy: false }],
        }],
        subscriptionId: policy.azure.subscriptionId,
        tenantId: policy.azure.tenantId,
        storageUseAzuread: true, // storage accounts run with shared keys off
      });
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
  }
}
