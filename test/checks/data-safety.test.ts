/** Data-safety rules: nothing stateful is destroyed, purged or overwritten without a way back. */
import { KmsKey } from '@cdktn/provider-aws/lib/kms-key';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { S3BucketVersioningA } from '@cdktn/provider-aws/lib/s3-bucket-versioning';
import { CognitiveAccount } from '@cdktn/provider-azurerm/lib/cognitive-account';
import { KeyVault } from '@cdktn/provider-azurerm/lib/key-vault';
import { StorageAccount } from '@cdktn/provider-azurerm/lib/storage-account';
import { DATA_SAFETY_RULES } from '../../lib/checks';
import { addressOf, describeRules, Fixture } from './harness';

const bucket = (f: Fixture, props: Partial<ConstructorParameters<typeof S3Bucket>[2]> = {}) =>
  new S3Bucket(f.stack, 'data', { provider: f.aws(), bucket: 'sovai-data', lifecycle: { preventDestroy: true }, ...props });

function versioned(f: Fixture, status: string) {
  const b = bucket(f);
  new S3BucketVersioningA(f.stack, 'versioning', { provider: f.aws(), bucket: b.id, versioningConfiguration: { status } });
  return b;
}

const storage = (f: Fixture, blobProperties: ConstructorParameters<typeof StorageAccount>[2]['blobProperties']) =>
  new StorageAccount(f.stack, 'account', {
    provider: f.azure(),
    name: 'steudata',
    location: 'germanywestcentral',
    resourceGroupName: f.group().name,
    accountTier: 'Standard',
    accountReplicationType: 'GZRS',
    blobProperties,
  });

const vault = (f: Fixture, purgeProtectionEnabled: boolean, softDeleteRetentionDays = 90) =>
  new KeyVault(f.stack, 'vault', {
    provider: f.azure(),
    name: 'kv-eu-data',
    location: 'germanywestcentral',
    resourceGroupName: f.group().name,
    tenantId: '00000000-0000-0000-0000-000000000000',
    skuName: 'premium',
    purgeProtectionEnabled,
    softDeleteRetentionDays,
  });

/** A vault (the purge settings matter where there are vaults) and the provider's purge setting, through an escape hatch. */
function purging(f: Fixture, purge: boolean) {
  vault(f, true);
  f.azure().addOverride('features.0.key_vault.0.purge_soft_delete_on_destroy', purge);
  return 'provider.azurerm';
}

describeRules(DATA_SAFETY_RULES, {
  'Sovereign-PreventDestroy': { violating: (f) => bucket(f, { lifecycle: {} }), compliant: (f) => bucket(f), message: /prevent_destroy is not true/ },
  'Sovereign-NoForceDestroy': { violating: (f) => bucket(f, { forceDestroy: true }), compliant: (f) => bucket(f, { forceDestroy: false }), message: /deletes every object/ },
  'Sovereign-S3Versioning': { violating: (f) => versioned(f, 'Suspended'), compliant: (f) => versioned(f, 'Enabled'), message: /versioning status is Suspended/ },
  'Sovereign-StorageSoftDelete': {
    violating: (f) => storage(f, { versioningEnabled: true, containerDeleteRetentionPolicy: { days: 30 } }),
    compliant: (f) => storage(f, { versioningEnabled: true, deleteRetentionPolicy: { days: 30 }, containerDeleteRetentionPolicy: { days: 30 } }),
    message: /no blob soft delete/,
  },
  'Sovereign-KeyVaultPurgeProtection': { violating: (f) => vault(f, false), compliant: (f) => vault(f, true), message: /purge_protection_enabled is not true/ },
  'Sovereign-KmsDeletionWindow': {
    violating: (f) => new KmsKey(f.stack, 'key', { provider: f.aws(), deletionWindowInDays: 3 }),
    compliant: (f) => new KmsKey(f.stack, 'key', { provider: f.aws(), deletionWindowInDays: 30 }),
    message: /deletion_window_in_days 3 is outside 7-30/,
  },
});

describe('data-safety rules, finer cases', () => {
  test('NoForceDestroy: an azurerm provider that purges soft-deleted vaults on destroy, where the stack has vaults', () => {
    const f = new Fixture();
    purging(f, true);
    expect(f.findings('Sovereign-NoForceDestroy')).toEqual([expect.objectContaining({ resource: 'provider.azurerm', message: expect.stringMatching(/purge_soft_delete_on_destroy is not false/) })]);
    const g = new Fixture();
    purging(g, false);
    expect(g.findings('Sovereign-NoForceDestroy')).toEqual([]);
    const h = new Fixture();
    h.azure().addOverride('features.0.key_vault.0.purge_soft_delete_on_destroy', true);
    expect(h.findings('Sovereign-NoForceDestroy')).toEqual([]); // no vault in the stack: nothing to purge
  });

  test('NoForceDestroy: where the stack has an AI account, an absent cognitive_account purge setting is the provider default (true): a finding', () => {
    // azurerm v4.73.0 internal/features/defaults.go: CognitiveAccount.PurgeSoftDeleteOnDestroy = true
    const account = (f: Fixture) =>
      new CognitiveAccount(f.stack, 'oai', { provider: f.azure(), name: 'oai-eu', location: 'swedencentral', resourceGroupName: f.group().name, kind: 'OpenAI', skuName: 'S0' });
    const f = new Fixture();
    account(f);
    expect(f.findings('Sovereign-NoForceDestroy')).toEqual([
      expect.objectContaining({ resource: 'provider.azurerm', message: expect.stringMatching(/cognitive_account\.purge_soft_delete_on_destroy is not set \(provider default true\)/) }),
    ]);
    const g = new Fixture();
    account(g);
    g.azure().addOverride('features.0.cognitive_account', [{ purge_soft_delete_on_destroy: false }]);
    expect(g.findings('Sovereign-NoForceDestroy')).toEqual([]);
    const h = new Fixture();
    h.azure().addOverride('features.0.cognitive_account', [{ purge_soft_delete_on_destroy: true }]);
    expect(h.findings('Sovereign-NoForceDestroy').map((x) => x.message)).toEqual([expect.stringMatching(/is true/)]); // set to purge even without an account
  });

  test('PreventDestroy covers every stateful type: a vault without it', () => {
    const f = new Fixture();
    const v = vault(f, true);
    expect(f.findings('Sovereign-PreventDestroy').map((x) => x.resource)).toEqual([addressOf(v)]);
  });

  test('KeyVaultPurgeProtection: soft-delete retention 7-90', () => {
    const f = new Fixture();
    const v = vault(f, true, 120);
    expect(f.findings('Sovereign-KeyVaultPurgeProtection')).toEqual([expect.objectContaining({ resource: addressOf(v), message: 'soft_delete_retention_days 120 is outside 7-90' })]);
  });

  test('S3Versioning: Object Lock implies versioning', () => {
    const f = new Fixture();
    bucket(f, { objectLockEnabled: true });
    expect(f.findings('Sovereign-S3Versioning')).toEqual([]);
  });
});
