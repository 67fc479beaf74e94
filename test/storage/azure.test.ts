import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { Testing, TerraformStack } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction, type Region } from '../../lib/catalog';
import { AzureNetworkBaseline } from '../../lib/network/azure';
import {
  checkReplicationType,
  CustomerManagedKey,
  expirationDateFor,
  JurisdictionKeyVault,
  jurisdictionKeyVaultName,
  keyVaultNameProblem,
  objectReplicationProblem,
  residencyStorageAccountName,
  ResidencyStorageAccount,
  type JurisdictionKeyVaultProps,
  type ResidencyStorageAccountProps,
} from '../../lib/storage/azure';
import { resourcesOf, synthJson, type SynthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const CH = jurisdiction('ch', { countries: ['CH'] });
const region = (code: string): Region => findRegion('azure', code)!;
const ISSUED = '2026-12-01';

/** A stack with a provider, a network in `regionCode`, and a vault there. */
function setup(regionCode = 'germanywestcentral', j: Jurisdiction = EU, vault: Partial<JurisdictionKeyVaultProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const r = region(regionCode);
  const place = (scope: TerraformStack | JurisdictionKeyVault, id: string, code: string) => {
    const net = new AzureNetworkBaseline(scope, id, { provider, location: code, namePrefix: `sovereign-${j.id}` });
    return { provider, jurisdiction: j, namespace: 'acme', region: region(code), resourceGroupName: net.resourceGroupName, privateEndpointSubnetId: net.privateEndpointSubnetId, virtualNetworkId: net.virtualNetworkId };
  };
  const base = place(stack, 'net', r.code);
  const kv = new JurisdictionKeyVault(stack, 'kv', { ...base, keyIssuedOn: ISSUED, ...vault });
  const account = (id: string, props: Partial<ResidencyStorageAccountProps> = {}, at = base) =>
    new ResidencyStorageAccount(stack, id, { ...at, storeName: 'docs', keyVault: kv, ...props });
  return { stack, provider, base, kv, account, place: (id: string, code: string) => place(stack, id, code) };
}

const only = (json: SynthJson, type: string): [string, any] => {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0];
};
const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;
const warnings = (c: { node: { metadata: { type: string; data: unknown }[] } }) =>
  c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));

describe('JurisdictionKeyVault', () => {
  const { stack, kv } = setup();
  const json = synthJson(stack);
  const [vaultId, vault] = only(json, 'azurerm_key_vault');
  const clientId = Object.keys(json.data!.azurerm_client_config)[0];

  test('premium, purge-protected, RBAC, private vault in the jurisdiction region', () => {
    expect(vault).toMatchObject({
      provider: 'azurerm',
      location: 'germanywestcentral',
      sku_name: 'premium',
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      rbac_authorization_enabled: true,
      public_network_access_enabled: false,
      network_acls: { default_action: 'Deny', bypass: 'AzureServices' },
      tenant_id: ref('data.azurerm_client_config', clientId, 'tenant_id'),
      lifecycle: { prevent_destroy: true },
    });
    expect(vault.network_acls.ip_rules).toBeUndefined();
    expect(vault.name).toBe(kv.vaultName);
    expect(vault.name).toMatch(/^kv-eu-germanywc-[0-9a-f]{6}$/);
  });

  test('private endpoint on "vault" registered in privatelink.vaultcore.azure.net linked to the VNet', () => {
    const [zoneId, zone] = only(json, 'azurerm_private_dns_zone');
    expect(zone.name).toBe('privatelink.vaultcore.azure.net');
    const [, link] = only(json, 'azurerm_private_dns_zone_virtual_network_link');
    const [vnetId] = only(json, 'azurerm_virtual_network');
    expect(link).toMatchObject({ private_dns_zone_name: ref('azurerm_private_dns_zone', zoneId, 'name'), virtual_network_id: ref('azurerm_virtual_network', vnetId, 'id'), registration_enabled: false });
    const [, pe] = only(json, 'azurerm_private_endpoint');
    expect(pe).toMatchObject({
      provider: 'azurerm',
      location: 'germanywestcentral',
      private_service_connection: { subresource_names: ['vault'], is_manual_connection: false, private_connection_resource_id: ref('azurerm_key_vault', vaultId, 'id') },
      private_dns_zone_group: { name: 'default', private_dns_zone_ids: [ref('azurerm_private_dns_zone', zoneId, 'id')] },
    });
  });

  test('the Terraform principal gets Key Vault Crypto Officer on the vault', () => {
    const [, ra] = only(json, 'azurerm_role_assignment');
    expect(ra).toMatchObject({ role_definition_name: 'Key Vault Crypto Officer', scope: ref('azurerm_key_vault', vaultId, 'id'), principal_id: ref('data.azurerm_client_config', clientId, 'object_id') });
  });

  test('deployerIpRanges and allowedSubnetIds open public access to those sources only, with ACL default Deny', () => {
    const { stack: s } = setup('germanywestcentral', EU, { deployerIpRanges: ['203.0.113.0/28'], allowedSubnetIds: ['/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-apim-integration'] });
    const [, v] = only(synthJson(s), 'azurerm_key_vault');
    expect(v.public_network_access_enabled).toBe(true);
    expect(v.network_acls).toEqual({
      default_action: 'Deny',
      bypass: 'AzureServices',
      ip_rules: ['203.0.113.0/28'],
      virtual_network_subnet_ids: ['/subscriptions/x/resourceGroups/y/providers/Microsoft.Network/virtualNetworks/v/subnets/snet-apim-integration'],
    });
  });

  test.each([
    [{ deployerIpRanges: ['0.0.0.0/0'] }, 'deployerIpRanges entry "0.0.0.0/0" is invalid'],
    [{ deployerIpRanges: ['300.1.1.1'] }, 'deployerIpRanges entry "300.1.1.1" is invalid'],
    [{ softDeleteRetentionDays: 6 }, 'softDeleteRetentionDays must be a whole number from 7 to 90, got 6'],
    [{ softDeleteRetentionDays: 91 }, 'from 7 to 90, got 91'],
    [{ keyIssuedOn: '2026-02-30' }, 'key issue date "2026-02-30" is invalid'],
    [{ vaultName: 'kv--eu' }, 'key vault name "kv--eu" is invalid: it contains "--"'],
    [{ namespace: 'Acme' }, 'namespace "Acme" is invalid'],
  ])('fails when %j', (vault, message) => {
    expect(() => setup('germanywestcentral', EU, vault)).toThrow(message);
  });

  test('fails when the region is outside the jurisdiction', () => {
    expect(() => setup('uksouth', EU)).toThrow(/region uksouth \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu".*Azure regions allowed there: .*germanywestcentral/);
  });
});

describe('CustomerManagedKey and ResidencyStorageAccount', () => {
  const { stack, account } = setup();
  const docs = account('docs');
  const json = synthJson(stack);
  const [vaultId] = only(json, 'azurerm_key_vault');
  const [keyId, key] = only(json, 'azurerm_key_vault_key');
  const [identityId, identity] = only(json, 'azurerm_user_assigned_identity');
  const [accountId, sa] = only(json, 'azurerm_storage_account');
  const roles = resourcesOf(json, 'azurerm_role_assignment');
  const [deployerRoleId] = roles.find(([, r]) => r.role_definition_name === 'Key Vault Crypto Officer')!;
  const [identityRoleId, identityRole] = roles.find(([, r]) => r.principal_id === ref('azurerm_user_assigned_identity', identityId, 'principal_id'))!;

  test('the key is a 3072-bit RSA-HSM wrap/unwrap key that rotates before a static expiry', () => {
    expect(key).toMatchObject({
      provider: 'azurerm',
      name: `cmk-${docs.accountName}`,
      key_vault_id: ref('azurerm_key_vault', vaultId, 'id'),
      key_type: 'RSA-HSM',
      key_size: 3072,
      key_opts: ['wrapKey', 'unwrapKey'],
      expiration_date: '2027-12-01T00:00:00Z',
      rotation_policy: { automatic: { time_before_expiry: 'P30D' }, expire_after: 'P365D', notify_before_expiry: 'P30D' },
      lifecycle: { prevent_destroy: true, ignore_changes: ['expiration_date'] },
    });
    expect(key.depends_on).toContain(`azurerm_role_assignment.${deployerRoleId}`);
    expect(key.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_private_endpoint\./)]));
  });

  test('the identity has only Key Vault Crypto Service Encryption User, scoped to its key (not the vault)', () => {
    expect(identity).toMatchObject({ provider: 'azurerm', location: 'germanywestcentral', name: `id-${docs.accountName}-cmk` });
    expect(roles.filter(([, r]) => r.principal_id === identityRole.principal_id)).toHaveLength(1);
    const [keyId] = resourcesOf(json, 'azurerm_key_vault_key').find(([, k]) => k.name === `cmk-${docs.accountName}`)!;
    expect(identityRole).toMatchObject({ role_definition_name: 'Key Vault Crypto Service Encryption User', scope: ref('azurerm_key_vault_key', keyId, 'resource_versionless_id'), principal_type: 'ServicePrincipal' });
    expect(identityRole.scope).not.toBe(ref('azurerm_key_vault', vaultId, 'id'));
  });

  test('every security flag of the storage account', () => {
    expect(sa).toMatchObject({
      provider: 'azurerm',
      location: 'germanywestcentral',
      account_kind: 'StorageV2',
      account_tier: 'Standard',
      account_replication_type: 'ZRS',
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      local_user_enabled: false,
      public_network_access_enabled: false,
      allow_nested_items_to_be_public: false,
      cross_tenant_replication_enabled: false,
      allowed_copy_scope: 'PrivateLink',
      infrastructure_encryption_enabled: true,
      queue_encryption_key_type: 'Account',
      table_encryption_key_type: 'Account',
      network_rules: { default_action: 'Deny', bypass: ['AzureServices'] },
      lifecycle: { prevent_destroy: true },
    });
    expect(sa.name).toBe(docs.accountName);
  });

  test('CMK is wired through the user-assigned identity and the versionless key id', () => {
    expect(sa.identity).toEqual({ type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity', identityId, 'id')] });
    expect(sa.customer_managed_key).toEqual({
      key_vault_key_id: ref('azurerm_key_vault_key', keyId, 'versionless_id'),
      user_assigned_identity_id: ref('azurerm_user_assigned_identity', identityId, 'id'),
    });
    expect(sa.depends_on).toEqual([`azurerm_role_assignment.${identityRoleId}`]);
  });

  test('blob versioning, change feed and soft delete', () => {
    expect(sa.blob_properties).toEqual({
      versioning_enabled: true,
      change_feed_enabled: true,
      change_feed_retention_in_days: 90,
      delete_retention_policy: { days: 30 },
      container_delete_retention_policy: { days: 30 },
    });
  });

  test('private endpoint on "blob" with privatelink.blob.core.windows.net, and one private "data" container', () => {
    const zones = resourcesOf(json, 'azurerm_private_dns_zone').map(([, z]) => z.name);
    expect(zones.sort()).toEqual(['privatelink.blob.core.windows.net', 'privatelink.vaultcore.azure.net']);
    const pe = resourcesOf(json, 'azurerm_private_endpoint').map(([, p]) => p).find((p) => p.private_service_connection.subresource_names[0] === 'blob');
    expect(pe).toMatchObject({ location: 'germanywestcentral', private_service_connection: { private_connection_resource_id: ref('azurerm_storage_account', accountId, 'id'), is_manual_connection: false } });
    const [, container] = only(json, 'azurerm_storage_container');
    expect(container).toEqual(expect.objectContaining({ name: 'data', container_access_type: 'private', storage_account_id: ref('azurerm_storage_account', accountId, 'id'), lifecycle: { prevent_destroy: true } }));
  });

  test('options: soft-delete days, containers, 4096-bit key, shared blob DNS zone', () => {
    const t = setup();
    const first = t.account('docs', { key: { keySize: 4096, expireAfterDays: 90, rotateBeforeExpiryDays: 14 } });
    t.account('models', { storeName: 'models', blobSoftDeleteDays: 7, containerSoftDeleteDays: 14, containers: ['raw', 'curated'], privateDnsZoneId: first.privateDnsZoneId });
    const j = synthJson(t.stack);
    const keys = resourcesOf(j, 'azurerm_key_vault_key').map(([, k]) => k);
    expect(keys[0]).toMatchObject({ key_size: 4096, expiration_date: expirationDateFor(ISSUED, 90), rotation_policy: { expire_after: 'P90D', automatic: { time_before_expiry: 'P14D' } } });
    const models = resourcesOf(j, 'azurerm_storage_account').map(([, a]) => a).find((a) => a.name.includes('models'));
    expect(models.blob_properties).toMatchObject({ delete_retention_policy: { days: 7 }, container_delete_retention_policy: { days: 14 } });
    expect(resourcesOf(j, 'azurerm_storage_container').map(([, c]) => c.name).sort()).toEqual(['curated', 'data', 'raw']);
    expect(resourcesOf(j, 'azurerm_private_dns_zone').filter(([, z]) => z.name === 'privatelink.blob.core.windows.net')).toHaveLength(1);
  });

  test.each([
    [{ key: { keySize: 1024 } }, 'keySize must be 2048, 3072 or 4096, got 1024'],
    [{ key: { expireAfterDays: 27 } }, 'expireAfterDays must be a whole number from 28 to 36500, got 27'],
    [{ key: { expireAfterDays: 30, rotateBeforeExpiryDays: 24 } }, 'rotateBeforeExpiryDays must be a whole number from 7 to 23, got 24'],
    [{ blobSoftDeleteDays: 0 }, 'blobSoftDeleteDays must be a whole number from 1 to 365, got 0'],
    [{ containers: ['Data'] }, 'container name "Data" is invalid'],
    [{ storeName: 'Docs' }, 'storeName "Docs" is invalid: use 2–12 lower-case letters or digits'],
    [{ storeName: 'waytoolongname' }, 'storeName "waytoolongname" is invalid'],
    [{ accountName: 'st-eu-docs' }, 'storage account name "st-eu-docs" is invalid: it has characters other than a-z and 0-9'],
    [{ accountName: 'st' }, 'storage account name "st" is invalid: it has 2 characters'],
  ])('fails when %j', (props, message) => {
    expect(() => setup().account('docs', props)).toThrow(message);
  });

  test('fails when the key vault is outside the jurisdiction of the account', () => {
    const t = setup('switzerlandnorth', CH);
    expect(() => t.account('docs', { jurisdiction: EU, region: region('germanywestcentral') })).toThrow(/keyVault kv-ch-switzerlan.* is in switzerlandnorth .*outside jurisdiction "eu"/);
  });
});

describe('redundancy rule', () => {
  const J: Record<string, Jurisdiction> = { eu: EU, in: IN, ch: CH, nl: jurisdiction('nl', { countries: ['NL'] }) };
  test.each<[string, string, string, boolean, RegExp | undefined]>([
    ['GRS', 'germanywestcentral', 'eu', true, undefined], // pair germanynorth, DE
    ['RAGZRS', 'germanywestcentral', 'eu', true, undefined],
    ['GRS', 'switzerlandnorth', 'ch', true, undefined], // pair switzerlandwest, CH
    ['GRS', 'westindia', 'in', true, undefined], // one-way pair southindia, IN
    ['ZRS', 'centralindia', 'in', true, undefined],
    ['LRS', 'southindia', 'in', true, /LRS keeps all copies in one datacenter of southindia/],
    ['GRS', 'polandcentral', 'eu', false, /polandcentral \(Warsaw, PL \(Poland\)\) has no paired region\. Use ZRS plus objectReplicationTarget in another region of jurisdiction "eu".*germanywestcentral/],
    ['GZRS', 'italynorth', 'eu', false, /has no paired region/],
    ['GRS', 'westeurope', 'nl', false, /copies data to northeurope \(Dublin, IE \(Ireland\)\), the pair of westeurope .*outside jurisdiction "nl"/],
    ['ZRS', 'southindia', 'in', false, /ZRS needs availability zones, and southindia \(Chennai, IN \(India\)\) has none\. Use LRS/],
    ['GZRS', 'southindia', 'in', false, /GZRS needs availability zones/],
    ['Premium_LRS', 'germanywestcentral', 'eu', false, /"Premium_LRS" is not one of LRS, ZRS, GRS, RAGRS, GZRS, RAGZRS/],
  ])('%s in %s (jurisdiction %s): allowed=%s', (type, code, jid, allowed, message) => {
    const v = checkReplicationType(type, region(code), J[jid]);
    expect(v.allowed).toBe(allowed);
    const text = v.allowed ? v.warning : v.reason;
    if (message) expect(text).toMatch(message);
    else expect(text).toBeUndefined();
  });

  test('a pair missing from the catalog is refused', () => {
    const odd: Region = { ...region('germanywestcentral'), pairedRegion: 'germanysouth' };
    expect(checkReplicationType('GRS', odd, EU)).toEqual({ allowed: false, reason: expect.stringContaining('germanysouth') });
  });

  test('the construct applies it: GRS synthesizes, polandcentral GRS throws, LRS warns', () => {
    const t = setup();
    t.account('docs', { replicationType: 'GRS' });
    expect(only(synthJson(t.stack), 'azurerm_storage_account')[1].account_replication_type).toBe('GRS');
    const p = setup('polandcentral');
    expect(() => p.account('docs', { replicationType: 'GRS' })).toThrow(/ResidencyStorageAccount test\/docs: replicationType GRS .*no paired region/);
    const lrs = setup().account('docs', { replicationType: 'LRS' });
    expect(warnings(lrs).join()).toContain('replicationType LRS keeps all copies in one datacenter');
  });
});

describe('object replication', () => {
  test.each<[string, string, RegExp | undefined]>([
    ['germanywestcentral', 'francecentral', undefined],
    ['germanywestcentral', 'uksouth', /region uksouth \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu".*allowed target regions: .*francecentral/],
    ['germanywestcentral', 'germanywestcentral', /the source region itself/],
  ])('%s → %s', (from, to, message) => {
    const problem = objectReplicationProblem(region(from), region(to), EU);
    if (message) expect(problem).toMatch(message);
    else expect(problem).toBeUndefined();
  });

  test('fails when the target account is in uksouth for an EU store', () => {
    const t = setup();
    expect(() => t.account('docs', { objectReplicationTarget: { storageAccountId: '/subscriptions/x/st', region: region('uksouth') } })).toThrow(/objectReplicationTarget region uksouth \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu"/);
  });

  test('replicates every container to an account in another EU region', () => {
    const t = setup();
    const replica = t.account('replica', { containers: ['data'] }, t.place('net-fr', 'francecentral'));
    t.account('docs', { objectReplicationTarget: replica });
    const json = synthJson(t.stack);
    const accounts = resourcesOf(json, 'azurerm_storage_account');
    const [srcId] = accounts.find(([, a]) => a.location === 'germanywestcentral')!;
    const [dstId] = accounts.find(([, a]) => a.location === 'francecentral')!;
    const containers = resourcesOf(json, 'azurerm_storage_container');
    const [srcC] = containers.find(([, c]) => c.storage_account_id.includes(srcId))!;
    const [dstC] = containers.find(([, c]) => c.storage_account_id.includes(dstId))!;
    const [, orp] = only(json, 'azurerm_storage_object_replication');
    expect(orp).toEqual({
      provider: 'azurerm',
      source_storage_account_id: ref('azurerm_storage_account', srcId, 'id'),
      destination_storage_account_id: ref('azurerm_storage_account', dstId, 'id'),
      rules: [{ source_container_name: ref('azurerm_storage_container', srcC, 'name'), destination_container_name: ref('azurerm_storage_container', dstC, 'name') }],
    });
  });

  test('fails when the target has no container of the same name, or replicates onward', () => {
    const t = setup();
    const other = t.account('other', { storeName: 'other', containers: ['other'] }, t.place('net-fr', 'francecentral'));
    expect(() => t.account('docs', { objectReplicationTarget: other })).toThrow(/has no container "data" \(it has other\); add it there/);
    const chained = t.account('chained', { storeName: 'chained', objectReplicationTarget: { storageAccountId: '/subscriptions/x/st', region: region('swedencentral') } }, t.place('net-fr2', 'francecentral'));
    expect(() => t.account('docs2', { objectReplicationTarget: chained })).toThrow(/replicates to another account itself.*no chains/);
  });
});

describe('names', () => {
  test('deterministic, valid and unique per namespace, store and region', () => {
    const a = residencyStorageAccountName('acme', EU, 'docs', region('germanywestcentral'));
    expect(a).toMatch(/^steudocs[0-9a-f]{6}$/);
    expect(residencyStorageAccountName('acme', EU, 'docs', region('germanywestcentral'))).toBe(a);
    expect(new Set([a, residencyStorageAccountName('other', EU, 'docs', region('germanywestcentral')), residencyStorageAccountName('acme', EU, 'docs', region('francecentral'))]).size).toBe(3);
    const long = residencyStorageAccountName('acme', jurisdiction('european-union', { preset: 'EU' }), 'abcdefghijkl', region('germanywestcentral'));
    expect(long).toMatch(/^steuroabcdefghijkl[0-9a-f]{6}$/);
    expect(long).toHaveLength(24);
    expect(jurisdictionKeyVaultName('acme', IN, region('centralindia'))).toMatch(/^kv-in-cindia-[0-9a-f]{6}$/);
    const kv = jurisdictionKeyVaultName('acme', jurisdiction('european-union', { preset: 'EU' }), region('switzerlandnorth'));
    expect(kv).toMatch(/^kv-euro-switzerla-[0-9a-f]{6}$/);
    expect(kv).toHaveLength(24);
  });

  test.each([
    ['kv', 'it has 2 characters'],
    ['kv-abcdefghijklmnopqrstuv', 'it has 25 characters'],
    ['1kv-eu', 'it does not start with a letter'],
    ['kv-eu-', 'it does not end with a letter or digit'],
    ['kv_eu', 'it has characters other than letters, digits and hyphens'],
    ['kv--eu', 'it contains "--"'],
  ])('key vault name %s is refused: %s', (name, why) => {
    expect(keyVaultNameProblem(name)).toBe(`key vault name "${name}" is invalid: ${why}; the rule is 3–24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no "--", unique across Azure`);
  });

  test('India: default ZRS account and vault in centralindia', () => {
    const t = setup('centralindia', IN);
    const acc = t.account('docs');
    expect(acc.accountName).toMatch(/^stindocs[0-9a-f]{6}$/);
    const json = synthJson(t.stack);
    expect(only(json, 'azurerm_storage_account')[1]).toMatchObject({ location: 'centralindia', account_replication_type: 'ZRS' });
    expect(only(json, 'azurerm_key_vault')[1].name).toMatch(/^kv-in-cindia-/);
    expect(() => new CustomerManagedKey(t.stack, 'bad', { keyVault: t.kv, keyName: 'no spaces' })).toThrow('keyName "no spaces" is invalid');
  });
});
