/**
 * Security rules on Azure resources. Each case starts from a resource that passes every rule and
 * breaks one attribute through an escape hatch (`addOverride`), so the rules are shown to read the
 * final attributes.
 */
import { CognitiveAccount } from '@cdktn/provider-azurerm/lib/cognitive-account';
import { KeyVault } from '@cdktn/provider-azurerm/lib/key-vault';
import { KeyVaultKey } from '@cdktn/provider-azurerm/lib/key-vault-key';
import { PrivateEndpoint } from '@cdktn/provider-azurerm/lib/private-endpoint';
import { StorageAccount } from '@cdktn/provider-azurerm/lib/storage-account';
import { StorageContainer } from '@cdktn/provider-azurerm/lib/storage-container';
import { StorageObjectReplication } from '@cdktn/provider-azurerm/lib/storage-object-replication';
import { TrafficManagerProfile } from '@cdktn/provider-azurerm/lib/traffic-manager-profile';
import type { TerraformResource } from 'cdktn';
import { SECURITY_RULES } from '../../lib/checks';
import { addressOf, describeRules, Fixture } from './harness';

const AZURE_RULES = SECURITY_RULES.filter((r) => r.appliesTo.some((t) => t.startsWith('azurerm_')) && !r.appliesTo.some((t) => t.startsWith('aws_')));
const LOCATION = 'germanywestcentral';

function privateEndpoint(f: Fixture, target: { id: string }, subresource: string) {
  new PrivateEndpoint(f.stack, `pe-${subresource}`, {
    provider: f.azure(),
    name: `pe-${subresource}`,
    location: LOCATION,
    resourceGroupName: f.group().name,
    subnetId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/pe',
    privateServiceConnection: { name: 'psc', privateConnectionResourceId: target.id, subresourceNames: [subresource], isManualConnection: false },
  });
}

function vault(f: Fixture, withEndpoint = true) {
  const v = new KeyVault(f.stack, 'vault', {
    provider: f.azure(),
    name: 'kv-eu-test',
    location: LOCATION,
    resourceGroupName: f.group().name,
    tenantId: '00000000-0000-0000-0000-000000000000',
    skuName: 'premium',
    purgeProtectionEnabled: true,
    softDeleteRetentionDays: 90,
    publicNetworkAccessEnabled: false,
    rbacAuthorizationEnabled: true,
    networkAcls: { bypass: 'AzureServices', defaultAction: 'Deny' },
    lifecycle: { preventDestroy: true },
  });
  if (withEndpoint) privateEndpoint(f, v, 'vault');
  return v;
}

const vaultKey = (f: Fixture) =>
  new KeyVaultKey(f.stack, 'key', {
    provider: f.azure(),
    name: 'cmk',
    keyVaultId: vault(f).id,
    keyType: 'RSA-HSM',
    keySize: 3072,
    keyOpts: ['wrapKey', 'unwrapKey'],
    expirationDate: '2027-11-27T00:00:00Z',
    rotationPolicy: { automatic: { timeBeforeExpiry: 'P30D' }, expireAfter: 'P365D' },
    lifecycle: { preventDestroy: true },
  });

function account(f: Fixture, withEndpoint = true) {
  const a = new StorageAccount(f.stack, 'account', {
    provider: f.azure(),
    name: 'steutest',
    location: LOCATION,
    resourceGroupName: f.group().name,
    accountTier: 'Standard',
    accountKind: 'StorageV2',
    accountReplicationType: 'GZRS',
    httpsTrafficOnlyEnabled: true,
    minTlsVersion: 'TLS1_2',
    publicNetworkAccessEnabled: false,
    allowNestedItemsToBePublic: false,
    sharedAccessKeyEnabled: false,
    localUserEnabled: false,
    crossTenantReplicationEnabled: false,
    allowedCopyScope: 'PrivateLink',
    infrastructureEncryptionEnabled: true,
    networkRules: { defaultAction: 'Deny', bypass: ['AzureServices'] },
    identity: { type: 'UserAssigned', identityIds: ['/subscriptions/s/id'] },
    customerManagedKey: { keyVaultKeyId: 'https://kv-eu-test.vault.azure.net/keys/cmk', userAssignedIdentityId: '/subscriptions/s/id' },
    blobProperties: { versioningEnabled: true, deleteRetentionPolicy: { days: 30 }, containerDeleteRetentionPolicy: { days: 30 } },
    lifecycle: { preventDestroy: true },
  });
  if (withEndpoint) privateEndpoint(f, a, 'blob');
  return a;
}

const openAi = (f: Fixture) =>
  new CognitiveAccount(f.stack, 'openai', {
    provider: f.azure(),
    name: 'oai-eu-test',
    kind: 'OpenAI',
    skuName: 'S0',
    location: LOCATION,
    resourceGroupName: f.group().name,
    customSubdomainName: 'oai-eu-test',
    publicNetworkAccessEnabled: false,
    localAuthEnabled: false,
    outboundNetworkAccessRestricted: true,
    fqdns: [],
    networkAcls: { defaultAction: 'Deny', bypass: 'None' },
    identity: { type: 'SystemAssigned' },
    customerManagedKey: { keyVaultKeyId: 'https://kv-eu-test.vault.azure.net/keys/cmk-openai' },
    lifecycle: { preventDestroy: true },
  });

/** The compliant resource, then the same with `path` overridden to `value`. */
function broken<T extends TerraformResource>(build: (f: Fixture) => T, path: string, value: unknown) {
  return {
    compliant: build,
    violating: (f: Fixture) => {
      const r = build(f);
      r.addOverride(path, value);
      return r;
    },
  };
}

describeRules(AZURE_RULES, {
  'Sovereign-KeyVaultNetwork': { ...broken(vault, 'network_acls.default_action', 'Allow'), message: /default_action is Allow, use Deny/ },
  'Sovereign-KeyVaultRbac': broken(vault, 'rbac_authorization_enabled', false),
  'Sovereign-KeyVaultPrivateEndpoint': { compliant: (f) => vault(f), violating: (f) => vault(f, false) },
  'Sovereign-KeyVaultKeyExpiry': { ...broken(vaultKey, 'expiration_date', '27/11/2027'), message: /is not RFC 3339/ },
  'Sovereign-KeyVaultKeyHsm': broken(vaultKey, 'key_type', 'RSA'),
  'Sovereign-KeyVaultKeyRotation': broken(vaultKey, 'rotation_policy', null),
  'Sovereign-StorageTls': { ...broken(account, 'min_tls_version', 'TLS1_0'), message: /min_tls_version is TLS1_0/ },
  'Sovereign-StoragePublicAccess': { ...broken(account, 'allow_nested_items_to_be_public', true), message: /blobs may be made anonymous/ },
  'Sovereign-StorageSharedKey': broken(account, 'shared_access_key_enabled', true),
  'Sovereign-StorageCopyScope': { ...broken(account, 'cross_tenant_replication_enabled', true), message: /another tenant/ },
  'Sovereign-StorageEncryption': { ...broken(account, 'customer_managed_key', null), message: /no customer-managed key/ },
  'Sovereign-StoragePrivateEndpoint': { compliant: (f) => account(f), violating: (f) => account(f, false) },
  'Sovereign-StorageRedundancy': { ...broken(account, 'account_replication_type', 'ZRS'), message: /replication ZRS keeps every copy in one region/ },
  'Sovereign-StorageContainerPrivate': broken((f) => new StorageContainer(f.stack, 'container', { provider: f.azure(), name: 'data', storageAccountId: account(f).id, containerAccessType: 'private' }), 'container_access_type', 'blob'),
  'Sovereign-CognitivePublicAccess': broken(openAi, 'public_network_access_enabled', true),
  'Sovereign-CognitiveLocalAuth': broken(openAi, 'local_auth_enabled', true),
  'Sovereign-CognitiveCmk': { ...broken(openAi, 'customer_managed_key', null), message: /no customer-managed key/ },
  'Sovereign-CognitiveOutbound': broken(openAi, 'outbound_network_access_restricted', false),
});

describe('Azure security rules, finer cases', () => {
  test('HealthCheckHttps covers Traffic Manager monitors', () => {
    const f = new Fixture(null);
    const profile = (protocol: string) =>
      new TrafficManagerProfile(f.stack, `tm-${protocol}`, {
        provider: f.azure(),
        name: `tm-${protocol}`,
        resourceGroupName: f.group().name,
        trafficRoutingMethod: 'Priority',
        dnsConfig: { relativeName: `tm-${protocol}`, ttl: 60 },
        monitorConfig: { protocol, port: 443, path: '/health' },
      });
    const http = profile('HTTP');
    profile('HTTPS');
    expect(f.findings('Sovereign-HealthCheckHttps').map((x) => x.resource)).toEqual([addressOf(http)]);
  });

  test('StorageRedundancy accepts zone redundancy plus object replication to a second region', () => {
    const f = new Fixture();
    const a = account(f);
    a.addOverride('account_replication_type', 'ZRS');
    const target = new StorageAccount(f.stack, 'target', { provider: f.azure(), name: 'stsecond', location: 'swedencentral', resourceGroupName: f.group('swedencentral').name, accountTier: 'Standard', accountReplicationType: 'ZRS' });
    new StorageObjectReplication(f.stack, 'copy', { provider: f.azure(), sourceStorageAccountId: a.id, destinationStorageAccountId: target.id, rules: [{ sourceContainerName: 'data', destinationContainerName: 'data' }] });
    expect(f.findings('Sovereign-StorageRedundancy').map((x) => x.resource)).not.toContain(addressOf(a));
  });

  test('StoragePublicAccess reads azurerm 4 defaults: an account that sets nothing is public', () => {
    const f = new Fixture();
    const bare = new StorageAccount(f.stack, 'bare', { provider: f.azure(), name: 'stbare', location: LOCATION, resourceGroupName: f.group().name, accountTier: 'Standard', accountReplicationType: 'GZRS' });
    const [finding] = f.findings('Sovereign-StoragePublicAccess');
    expect(finding.resource).toBe(addressOf(bare));
    expect(finding.message).toMatch(/public_network_access_enabled is not false; allow_nested_items_to_be_public is not false .*; network rules default_action is \(not set: Allow\)/);
  });
});
