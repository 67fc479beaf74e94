import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isFalse } from '../support';

/** Sovereign-CognitiveLocalAuth (checkov CKV_AZURE_236): Entra ID tokens only, no API keys. */
export const CognitiveLocalAuth = defineRule(
  {
    id: 'Sovereign-CognitiveLocalAuth',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_cognitive_account` has `local_auth_enabled` false (the provider default is true: API keys).',
    appliesTo: ['azurerm_cognitive_account'],
  },
  function CognitiveLocalAuth(account) {
    return isFalse(account.attrs.local_auth_enabled) ? COMPLIANT : nonCompliant('local_auth_enabled is not false: anyone with an API key can call the model');
  },
);
