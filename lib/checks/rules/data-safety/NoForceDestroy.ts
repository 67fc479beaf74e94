import { COMPLIANT, defineRule, nonCompliant, verdict } from '../../rule';
import { block, isFalse, isTrue } from '../support';

/** Sovereign-NoForceDestroy: destroying a container never silently deletes what it holds. */
export const NoForceDestroy = defineRule(
  {
    id: 'Sovereign-NoForceDestroy',
    level: 'error',
    family: 'data-safety',
    description:
      'No `aws_s3_bucket` has `force_destroy` true (it deletes every object version on destroy); in a stack with Key Vaults the azurerm provider sets `features.key_vault.purge_soft_delete_on_destroy` and `purge_soft_deleted_keys_on_destroy` false (azurerm 4 defaults: true), in a stack with AI accounts sets `features.cognitive_account.purge_soft_delete_on_destroy` false (azurerm 4 default: true, `internal/features/defaults.go` at v4.73.0) and keeps `resource_group.prevent_deletion_if_contains_resources`.',
    appliesTo: ['aws_s3_bucket', 'provider.azurerm'],
  },
  function NoForceDestroy(resource, ctx) {
    if (resource.kind !== 'provider') {
      return isTrue(resource.attrs.force_destroy) ? nonCompliant('force_destroy is true: destroying the bucket deletes every object and version in it') : COMPLIANT;
    }
    const features = block(resource.attrs.features) ?? {};
    const vault = block(features.key_vault) ?? {};
    const cognitive = block(features.cognitive_account) ?? {};
    const groups = block(features.resource_group) ?? {};
    const vaults = ctx.resourcesOfType('azurerm_key_vault').length > 0;
    const accounts = ctx.resourcesOfType('azurerm_cognitive_account').length > 0;
    return verdict([
      // azurerm 4 defaults both purge settings to true: a stack with vaults must set them false
      vaults && !isFalse(vault.purge_soft_delete_on_destroy) && 'features.key_vault.purge_soft_delete_on_destroy is not false: destroying a vault purges it (and every key) for good',
      vaults && !isFalse(vault.purge_soft_deleted_keys_on_destroy) && 'features.key_vault.purge_soft_deleted_keys_on_destroy is not false: destroyed keys are purged, and data encrypted with them is lost',
      // absent is not compliant: the provider default (true) purges a destroyed account, its deployments and fine-tunes
      (accounts ? !isFalse(cognitive.purge_soft_delete_on_destroy) : isTrue(cognitive.purge_soft_delete_on_destroy)) &&
        `features.cognitive_account.purge_soft_delete_on_destroy is ${cognitive.purge_soft_delete_on_destroy ?? 'not set (provider default true)'}: destroying an AI account purges it for good; set it false`,
      isFalse(groups.prevent_deletion_if_contains_resources) && 'features.resource_group.prevent_deletion_if_contains_resources is false: deleting a group deletes resources Terraform does not know',
    ]);
  },
);
