import { defineRule, verdict } from '../../rule';
import { block } from '../support';

/** Sovereign-CognitiveCmk (checkov CKV_AZURE_238, CKV2_AZURE_22): a managed identity and a customer-managed key. */
export const CognitiveCmk = defineRule(
  {
    id: 'Sovereign-CognitiveCmk',
    level: 'error',
    family: 'security',
    description:
      'An `azurerm_cognitive_account` has a managed `identity` and a customer-managed key (inline `customer_managed_key` or an `azurerm_cognitive_account_customer_managed_key`).',
    appliesTo: ['azurerm_cognitive_account'],
  },
  function CognitiveCmk(account, ctx) {
    const cmk = !!block(account.attrs.customer_managed_key)?.key_vault_key_id || ctx.referencing(account, 'azurerm_cognitive_account_customer_managed_key', 'cognitive_account_id').length > 0;
    return verdict([!block(account.attrs.identity)?.type && 'no managed identity', !cmk && 'no customer-managed key: Microsoft holds the key']);
  },
);
