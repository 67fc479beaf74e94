import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isTrue } from '../support';

/**
 * Sovereign-CognitiveOutbound (checkov CKV_AZURE_247, data loss prevention): OpenAI-kind accounts
 * restrict outbound access. Unlike checkov, an empty `fqdns` list passes: it allows nothing, which is stricter.
 */
export const CognitiveOutbound = defineRule(
  {
    id: 'Sovereign-CognitiveOutbound',
    level: 'error',
    family: 'security',
    description: 'An `azurerm_cognitive_account` of kind OpenAI or AIServices has `outbound_network_access_restricted` true (its `fqdns` list, possibly empty, is all it may reach).',
    appliesTo: ['azurerm_cognitive_account'],
  },
  function CognitiveOutbound(account) {
    const kind = String(account.attrs.kind ?? '').toLowerCase();
    if (kind !== 'openai' && kind !== 'aiservices') return NOT_APPLICABLE;
    return isTrue(account.attrs.outbound_network_access_restricted) ? COMPLIANT : nonCompliant('outbound_network_access_restricted is not true: the account may send data to any endpoint');
  },
);
