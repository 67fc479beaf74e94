import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { literal } from '../support';

/** Sovereign-KeyVaultName (provider validation; Azure naming rules for vaults). */
export const KeyVaultName = defineRule(
  {
    id: 'Sovereign-KeyVaultName',
    level: 'error',
    family: 'deployability',
    description: 'An `azurerm_key_vault` name is 3-24 letters, digits and hyphens, starts with a letter, ends with a letter or digit, with no `--`. Names with `${...}` are skipped.',
    appliesTo: ['azurerm_key_vault'],
  },
  function KeyVaultName(vault) {
    const name = literal(vault.attrs.name);
    if (name === undefined) return NOT_APPLICABLE;
    return verdict([
      !/^[a-zA-Z0-9-]{3,24}$/.test(name) && `name "${name}" must be 3-24 letters, digits and hyphens`,
      !/^[a-zA-Z].*[a-zA-Z0-9]$/.test(name) && `name "${name}" must start with a letter and end with a letter or digit`,
      name.includes('--') && `name "${name}" has consecutive hyphens`,
    ]);
  },
);
