import { defineRule, verdict } from '../../rule';
import { block, isFalse } from '../support';

/** Sovereign-StoragePublicAccess (checkov CKV_AZURE_59, CKV_AZURE_190, CKV2_AZURE_47, CKV_AZURE_35; trivy AZU-0012, AZU-0007). */
export const StoragePublicAccess = defineRule(
  {
    id: 'Sovereign-StoragePublicAccess',
    level: 'error',
    family: 'security',
    description:
      'An `azurerm_storage_account` has `public_network_access_enabled` false, `allow_nested_items_to_be_public` false (azurerm 4 defaults both to true) and `network_rules.default_action` Deny.',
    appliesTo: ['azurerm_storage_account'],
  },
  function StoragePublicAccess(account, ctx) {
    const inline = block(account.attrs.network_rules)?.default_action;
    const separate = ctx.referencing(account, 'azurerm_storage_account_network_rules', 'storage_account_id').map((r) => r.attrs.default_action);
    const actions = [...(inline !== undefined ? [inline] : []), ...separate];
    return verdict([
      !isFalse(account.attrs.public_network_access_enabled) && 'public_network_access_enabled is not false',
      !isFalse(account.attrs.allow_nested_items_to_be_public) && 'allow_nested_items_to_be_public is not false (blobs may be made anonymous)',
      (actions.length === 0 || actions.some((a) => a !== 'Deny')) && `network rules default_action is ${actions.join(', ') || '(not set: Allow)'}; use Deny`,
    ]);
  },
);
