import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block } from '../support';

/** Sovereign-KeyVaultKeyRotation: keys rotate before they expire. */
export const KeyVaultKeyRotation = defineRule(
  {
    id: 'Sovereign-KeyVaultKeyRotation',
    level: 'warning',
    family: 'security',
    description: 'An `azurerm_key_vault_key` has a `rotation_policy` with `automatic` rotation.',
    appliesTo: ['azurerm_key_vault_key'],
  },
  function KeyVaultKeyRotation(key) {
    return block(block(key.attrs.rotation_policy)?.automatic) ? COMPLIANT : nonCompliant('no rotation_policy.automatic: the key expires instead of rotating');
  },
);
