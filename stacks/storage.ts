/**
 * The policy's data stores of one jurisdiction, mapped to the library's `ResidencyStorage`
 * (lib/composition/residency-storage.ts): an S3 bucket per store on AWS, a storage account per store
 * on Azure, encrypted with the stack's region keys.
 */
import { ResidencyStorage } from '../lib/composition';
import type { JurisdictionStack } from './jurisdiction-stack';

export { azureRedundancy } from '../lib/composition';

export interface DataStoreOptions {
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** Pins the first expiry of Azure keys (YYYY-MM-DD). @default - 365 days after the creating apply */
  readonly keyIssuedOn?: string;
}

/** The stores of a jurisdiction: `buckets`, `storageAccounts`, `store(name)` with grant methods on each half. */
export type JurisdictionStores = ResidencyStorage;

export function addDataStores(stack: JurisdictionStack, options: DataStoreOptions): JurisdictionStores {
  return new ResidencyStorage(stack, 'data-stores', {
    stores: stack.policy.dataStores,
    keys: stack.keys,
    namespace: options.namespace,
    keyIssuedOn: options.keyIssuedOn,
  });
}
