/**
 * The providers a jurisdiction's stacks share, built the same way in each stack that needs them (a
 * provider belongs to one stack): one AWS provider per region, aliased by region code, and one azurerm
 * provider. Jurisdiction tags go on every resource through the AWS default tags (Azure: an aspect).
 */
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import type { TerraformStack } from 'cdktn';
import type { Region } from '../lib/catalog';
import type { JurisdictionPolicy } from '../lib/policy';
import { residencyTags } from '../lib/tagging';

export function stackName(jurisdictionId: string): string {
  return `sovereign-${jurisdictionId}`;
}

/** The jurisdiction's AWS provider of `region`, aliased by the region code, in its account (accountId, roleArn). */
export function jurisdictionAwsProvider(stack: TerraformStack, policy: JurisdictionPolicy, region: Region): AwsProvider {
  const j = policy.jurisdiction;
  return new AwsProvider(stack, `aws-${region.code}`, {
    alias: region.code,
    region: region.code,
    allowedAccountIds: policy.aws?.accountId ? [policy.aws.accountId] : undefined,
    assumeRole: policy.aws?.roleArn ? [{ roleArn: policy.aws.roleArn, sessionName: `cdktf-sovereign-ai-${j.id}` }] : undefined,
    defaultTags: [{ tags: residencyTags(j.id, j.residency) }],
  });
}

/** The jurisdiction's azurerm provider (Azure places resources by `location`, not by provider). */
export function jurisdictionAzureProvider(stack: TerraformStack, policy: JurisdictionPolicy): AzurermProvider {
  return new AzurermProvider(stack, 'azurerm', {
    features: [{
      // Storage accounts here have public access and shared keys off: manage them through ARM only.
      storage: [{ dataPlaneAvailable: false }],
      // Nothing is lost: never purge soft-deleted vaults or keys on destroy; recover them on re-create.
      keyVault: [{ purgeSoftDeleteOnDestroy: false, purgeSoftDeletedKeysOnDestroy: false, recoverSoftDeletedKeyVaults: true, recoverSoftDeletedKeys: true }],
      // The provider default (true) purges a destroyed Azure OpenAI account: keep it recoverable instead.
      cognitiveAccount: [{ purgeSoftDeleteOnDestroy: false }],
    }],
    subscriptionId: policy.azure?.subscriptionId,
    tenantId: policy.azure?.tenantId,
    storageUseAzuread: true, // storage accounts run with shared keys off
  });
}

/** The jurisdiction's state backend settings, under another state key for a further stack of the jurisdiction (`inference`, `guardrails`). */
export function jurisdictionStateKey(policy: JurisdictionPolicy, phase: string): string {
  const state = policy.state;
  return state.kind === 's3' ? state.key.replace(/terraform\.tfstate$/, `${phase}.tfstate`) : state.key.replace(/\.tfstate$/, `-${phase}.tfstate`);
}
