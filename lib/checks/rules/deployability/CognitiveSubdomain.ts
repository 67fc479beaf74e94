import { defineRule, verdict } from '../../rule';
import { block, literal } from '../support';

/** Sovereign-CognitiveSubdomain: what the Azure API (not the provider) refuses for AI accounts' names. */
export const CognitiveSubdomain = defineRule(
  {
    id: 'Sovereign-CognitiveSubdomain',
    level: 'error',
    family: 'deployability',
    description:
      'An `azurerm_cognitive_account` name is 2-64 letters, digits and hyphens starting and ending with a letter or digit; `custom_subdomain_name` is 2-64 letters, digits and hyphens not ending with `-`, and is set whenever `network_acls` are (the provider requires it, and private endpoints and Entra ID tokens need it). Values with `${...}` are skipped.',
    appliesTo: ['azurerm_cognitive_account'],
  },
  function CognitiveSubdomain(account) {
    const name = literal(account.attrs.name);
    const subdomain = account.attrs.custom_subdomain_name;
    const sub = literal(subdomain);
    return verdict([
      name !== undefined && !/^[a-zA-Z0-9]([a-zA-Z0-9-]{0,62}[a-zA-Z0-9])$/.test(name) && `name "${name}" must be 2-64 letters, digits and hyphens, starting and ending with a letter or digit`,
      subdomain === undefined && block(account.attrs.network_acls) !== undefined && 'network_acls need custom_subdomain_name (the provider refuses the plan)',
      sub !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}[a-zA-Z0-9]$/.test(sub) && `custom_subdomain_name "${sub}" must be 2-64 letters, digits and hyphens, not starting or ending with "-"`,
    ]);
  },
);
