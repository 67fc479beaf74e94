import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block, isTrue } from '../support';

/** Resource types that hold data or the keys to it: destroying one loses data. */
export const STATEFUL_TYPES = ['aws_s3_bucket', 'aws_kms_key', 'azurerm_key_vault', 'azurerm_key_vault_key', 'azurerm_storage_account', 'azurerm_cognitive_account'];

/** Sovereign-PreventDestroy: a plan that would destroy stored data (or its keys) fails instead. */
export const PreventDestroy = defineRule(
  {
    id: 'Sovereign-PreventDestroy',
    level: 'error',
    family: 'data-safety',
    description: `A stateful resource (${STATEFUL_TYPES.join(', ')}) has \`lifecycle.prevent_destroy\` true.`,
    appliesTo: STATEFUL_TYPES,
  },
  function PreventDestroy(resource) {
    return isTrue(block(resource.attrs.lifecycle)?.prevent_destroy) ? COMPLIANT : nonCompliant('lifecycle.prevent_destroy is not true: a plan may destroy it, and the data (or the key to it) with it');
  },
);
