import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { literal } from '../support';

/** Sovereign-StorageAccountName (checkov CKV_AZURE_43; provider validation at plan). */
export const StorageAccountName = defineRule(
  {
    id: 'Sovereign-StorageAccountName',
    level: 'error',
    family: 'deployability',
    description: 'An `azurerm_storage_account` name is 3-24 lower-case letters and digits. Names with `${...}` are skipped.',
    appliesTo: ['azurerm_storage_account'],
  },
  function StorageAccountName(account) {
    const name = literal(account.attrs.name);
    if (name === undefined) return NOT_APPLICABLE;
    return /^[a-z0-9]{3,24}$/.test(name) ? COMPLIANT : nonCompliant(`name "${name}" must be 3-24 lower-case letters and digits (${name.length} characters)`);
  },
);
