import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { TerraformStack } from 'cdktn';
import type { Construct } from 'constructs';
import { RegionDenyPolicy, ResidencyPolicyAssignments } from '../lib/guardrails';
import type { GuardrailsPolicy, JurisdictionPolicy } from '../lib/policy';
import { residencyTags } from '../lib/tagging';
import { configureEngine } from './engine';

export function guardrailsStackName(jurisdictionId: string): string {
  return `sovereign-${jurisdictionId}-guardrails`;
}

/**
 * The jurisdiction's organization guardrails, in a stack of their own because they need organization
 * rights (the AWS Organizations management account, Azure Policy at a subscription or management
 * group): an SCP that denies every region outside the jurisdiction (and Bedrock profiles that leave
 * it), and Azure Policy assignments limiting locations and refusing worldwide OpenAI deployment types.
 * State sits next to the jurisdiction's own, under its own key.
 */
export class GuardrailsStack extends TerraformStack {
  public readonly regionDeny?: RegionDenyPolicy;
  public readonly policyAssignments?: ResidencyPolicyAssignments;

  constructor(scope: Construct, jp: JurisdictionPolicy, guardrails: GuardrailsPolicy) {
    const j = jp.jurisdiction;
    super(scope, guardrailsStackName(j.id));
    const state = jp.state;
    configureEngine(
      this,
      jp.engine,
      jp.requiredTerraformVersion,
      state,
      state.kind === 's3' ? state.key.replace(/terraform\.tfstate$/, 'guardrails.tfstate') : state.key.replace(/\.tfstate$/, '-guardrails.tfstate'),
    );

    if (guardrails.aws) {
      const provider = new AwsProvider(this, 'aws', {
        region: jp.aws!.primary.code, // Organizations is a global API; the jurisdiction's primary region keeps the provider inside it
        assumeRole: guardrails.aws.roleArn ? [{ roleArn: guardrails.aws.roleArn, sessionName: `cdktf-sovereign-ai-${j.id}-guardrails` }] : undefined,
        defaultTags: [{ tags: residencyTags(j.id, j.residency) }],
      });
      this.regionDeny = new RegionDenyPolicy(this, 'region-deny', {
        provider,
        jurisdiction: j,
        targetId: guardrails.aws.targetId,
        allowEuInferenceProfiles: guardrails.aws.allowEuInferenceProfiles,
      });
    }
    if (guardrails.azure) {
      const provider = new AzurermProvider(this, 'azurerm', { features: [{}], subscriptionId: jp.azure?.subscriptionId, tenantId: jp.azure?.tenantId });
      this.policyAssignments = new ResidencyPolicyAssignments(this, 'policy', {
        provider,
        jurisdiction: j,
        scope: guardrails.azure.managementGroupId ? { managementGroupId: guardrails.azure.managementGroupId } : { subscriptionId: guardrails.azure.subscriptionId! },
      });
    }
  }
}
