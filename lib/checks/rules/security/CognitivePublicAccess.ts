import { defineRule, verdict } from '../../rule';
import { block, isFalse } from '../support';

/** Sovereign-CognitivePublicAccess (checkov CKV_AZURE_134). */
export const CognitivePublicAccess = defineRule(
  {
    id: 'Sovereign-CognitivePublicAccess',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_cognitive_account` has `public_network_access_enabled` false (the provider default is true) and `network_acls.default_action` Deny.',
    appliesTo: ['azurerm_cognitive_account'],
  },
  function CognitivePublicAccess(account) {
    const action = block(account.attrs.network_acls)?.default_action;
    return verdict([
      !isFalse(account.attrs.public_network_access_enabled) && 'public_network_access_enabled is not false',
      action !== 'Deny' && `network_acls.default_action is ${action ?? '(not set)'}; use Deny`,
    ]);
  },
);
