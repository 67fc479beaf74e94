import { DataAwsRoute53Zone } from '@cdktn/provider-aws/lib/data-aws-route53-zone';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { Aspects, TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import type { Jurisdiction } from '../lib/catalog';
import type { JurisdictionPlacement } from '../lib/composition';
import { jurisdictionZoneName } from '../lib/dns';
import type { JurisdictionPolicy } from '../lib/policy';
import { AzureDefaultTags, residencyTags } from '../lib/tagging';
import type { AwsRegionContext, AzureRegionContext, JurisdictionStack } from './jurisdiction-stack';
import { configureEngine } from './engine';
import { jurisdictionAwsProvider, jurisdictionAzureProvider, jurisdictionStateKey, stackName } from './providers';

export function inferenceStackName(jurisdictionId: string): string {
  return `${stackName(jurisdictionId)}-inference`;
}

/**
 * Phase 3 of one jurisdiction (`sovereign-<id>-inference`): what serves requests, deployed once the base
 * stack exists and the model artifacts are uploaded: SageMaker models and endpoints, Bedrock access,
 * Azure OpenAI, the gateways (binding the certificates the base stack validated), and the Route 53
 * health checks and failover records in the jurisdiction zone.
 *
 * How values cross from the base stack: by cdktn cross-stack references (the base stack's outputs, read
 * here through `terraform_remote_state` of the base stack's backend: same bucket or storage account,
 * inside the jurisdiction, so nothing leaves it and ids that only exist after the base apply, such as
 * subnet ids, key ARNs and the bucket name with its account id, cannot drift). The Route 53 zone is the
 * exception: it belongs to the DNS stack, whose state may sit in another jurisdiction's backend, so it
 * is looked up by its public name (`data.aws_route53_zone`) in the jurisdiction's own account.
 * State: the jurisdiction's backend, key `.../inference.tfstate`.
 */
export class InferenceStack extends TerraformStack implements JurisdictionPlacement {
  public readonly policy: JurisdictionPolicy;
  public readonly base: JurisdictionStack;
  /** The jurisdiction's AWS regions: this stack's providers, the base stack's networks. */
  public readonly aws: AwsRegionContext[] = [];
  public readonly azure: AzureRegionContext[] = [];
  public readonly azureProvider?: AzurermProvider;
  private zone?: DataAwsRoute53Zone;

  constructor(scope: Construct, base: JurisdictionStack) {
    const policy = base.policy;
    const j = policy.jurisdiction;
    super(scope, inferenceStackName(j.id));
    this.policy = policy;
    this.base = base;
    configureEngine(this, policy.engine, policy.requiredTerraformVersion, policy.state, jurisdictionStateKey(policy, 'inference'));
    this.addDependency(base);
    for (const ctx of base.aws) this.aws.push({ ...ctx, provider: jurisdictionAwsProvider(this, policy, ctx.region) });
    if (base.azure.length > 0) {
      this.azureProvider = jurisdictionAzureProvider(this, policy);
      this.azure.push(...base.azure);
      Aspects.of(this).add(new AzureDefaultTags(residencyTags(j.id, j.residency)));
    }
  }

  public get jurisdiction(): Jurisdiction {
    return this.policy.jurisdiction;
  }

  /** The jurisdiction zone `<id>.<domain>` (created and delegated by the DNS stack), looked up by name through the primary provider. */
  public jurisdictionZoneId(domain: string): string {
    if (!this.zone) {
      const primary = this.aws.find((a) => a.role === 'primary');
      if (!primary) throw new Error(`${this.node.path}: Route 53 records need the jurisdiction's AWS provider`);
      this.zone = new DataAwsRoute53Zone(this, 'jurisdiction-zone', { provider: primary.provider, name: jurisdictionZoneName(this.policy.jurisdiction.id, domain), privateZone: false });
    }
    return this.zone.zoneId;
  }
}
