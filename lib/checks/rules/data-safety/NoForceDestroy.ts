import { COMPLIANT, defineRule, nonCompliant, verdict } from '../../rule';
import { block, isFalse, isTrue } from '../support';

/** Sovereign-NoForceDestroy: destroying a container never silently deletes what it holds. */
export const NoForceDestroy = defineRule(
  {
    id: 'Sovereign-NoForceDestroy',
    level: 'error',
    family: 'data-safety',
    description:
      'No `aws_s3_bucket` has `force_destroy` true (it deletes every object version on destroy); in a stack with Key Vaults the azurerm provider sets `features.key_vault.purge_soft_delete_on_destroy` and `purge_soft_deleted_keys_on_destroy` false (azurerm 4 defaults: true), never purges soft-deleted AI accounts (`features.cognitive_account.purge_soft_delete_on_destroy`) and keeps `resource_group.prevent_deletion_if_contains_resources`.',
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
    return verdict([
      // azurerm 4 defaults both purge settings to true: a stack with vaults must set them false
      vaults && !isFalse(vault.purge_soft_delete_on_destroy) && 'features.key_vault.purge_soft_delete_on_destroy is not false: destroying a vault purges it (and every key) for good',
      vaults && !isFalse(vault.purge_soft_deleted_keys_on_destroy) && 'features.key_vault.purge_soft_deleted_keys_on_destroy is not false: destroyed keys are purged, and data encrypted with them is lost',
      isTrue(cognitive.purge_soft_delete_on_destroy) && 'features.cognitive_account.purge_soft_delete_on_destroy is true',
      isFalse(groups.prevent_deletion_if_contains_resources) && 'features.resource_group.prevent_deletion_if_contains_resources is false: deleting a group deletes resources Terraform does not know',
    ]);
  },
);
