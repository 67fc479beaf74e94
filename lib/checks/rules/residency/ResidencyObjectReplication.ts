import { defineRule, verdict } from '../../rule';
import { describeJurisdiction, placedOutside } from '../support';

/** Sovereign-ResidencyObjectReplication: Azure object replication copies blobs only between accounts in the jurisdiction. */
export const ResidencyObjectReplication = defineRule(
  {
    id: 'Sovereign-ResidencyObjectReplication',
    level: 'error',
    family: 'residency',
    description:
      'An `azurerm_storage_object_replication` connects two storage accounts of this stack, both located in the jurisdiction (an account given by literal id cannot be placed and is refused).',
    appliesTo: ['azurerm_storage_object_replication'],
  },
  function ResidencyObjectReplication(replication, ctx) {
    const j = ctx.jurisdiction!;
    const problems: (string | undefined)[] = [];
    for (const attribute of ['source_storage_account_id', 'destination_storage_account_id']) {
      const value = replication.attrs[attribute];
      if (value === undefined) continue;
      const accounts = ctx.referencedBy(value).filter((r) => r.type === 'azurerm_storage_account');
      if (accounts.length === 0) {
        problems.push(`${attribute} ${value} is not a storage account of this stack, so its location cannot be checked against jurisdiction ${describeJurisdiction(j)}`);
      }
      for (const account of accounts) problems.push(placedOutside(account, ctx, j, `${attribute} ${account.address}`));
    }
    return verdict(problems);
  },
);
