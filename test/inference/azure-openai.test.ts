import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { Testing, TerraformOutput, TerraformStack } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { customSubdomainProblem, regionalName } from '../../lib/inference/azure-names';
import { OPENAI_PRIVATE_DNS_ZONE, SovereignOpenAiAccount, type SovereignOpenAiAccountProps } from '../../lib/inference/azure-openai';
import { AzureNetworkBaseline } from '../../lib/network/azure';
import { placements } from '../support/residency';
import { resourcesOf, synthJson, type SynthJson } from '../support/synth';

const EU = jurisdiction('eu', { preset: 'EU' });
const US = jurisdiction('us', { preset: 'US' });
const IN = jurisdiction('in', { preset: 'IN' });
const DE = jurisdiction('de', { countries: ['DE'] });
const VAULT = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-eu-gwc';
const KEY = 'https://kv-eu-gwc.vault.azure.net/keys/cmk-openai/0123456789abcdef0123456789abcdef';

/** A stack with a provider and the region's network baseline; `account(...)` adds an account there. */
function setup(regionCode = 'germanywestcentral', j: Jurisdiction = EU) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const net = new AzureNetworkBaseline(stack, 'net', { provider, location: regionCode, namePrefix: `sovereign-${j.id}` });
  const base = {
    provider,
    jurisdiction: j,
    region: findRegion('azure', regionCode)!,
    namespace: 'acme',
    resourceGroupName: net.resourceGroupName,
    privateEndpointSubnetId: net.privateEndpointSubnetId,
    virtualNetworkId: net.virtualNetworkId,
    keyVaultId: VAULT,
    keyVaultKeyId: KEY,
    outboundFqdns: [] as string[],
    // The residency logic below is exercised on the 04/30/2026 matrix with gpt-4o, current on that day
    // (retired 2026-10-01); lifecycle refusals on today's date are tested at the end.
    modelLifecycleAsOf: new Date('2026-05-01T00:00:00Z'),
  };
  const account = (id = 'openai', props: Partial<SovereignOpenAiAccountProps> = {}) => new SovereignOpenAiAccount(stack, id, { ...base, ...props });
  return { stack, base, account };
}

const only = (json: SynthJson, type: string): [string, any] => {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0];
};
const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;
/** Value of a TerraformOutput in the synthesized JSON (`output` is not part of `SynthJson`). */
const outputOf = (json: SynthJson, name: string): unknown => (json as SynthJson & { output: Record<string, { value: unknown }> }).output[name].value;

describe('SovereignOpenAiAccount', () => {
  const { stack, account } = setup();
  const a = account('openai', {
    outboundFqdns: ['acme-search.search.windows.net'],
    deployments: [{ model: 'gpt-4o', capacity: 50 }, { model: 'text-embedding-3-large', capacity: 10, name: 'embeddings', versionUpgradeOption: 'NoAutoUpgrade' }],
  });
  new TerraformOutput(stack, 'pe_ip', { value: a.privateEndpointIp });
  const json = synthJson(stack);
  const [accountId, acct] = only(json, 'azurerm_cognitive_account');
  const [cmkId, cmk] = only(json, 'azurerm_cognitive_account_customer_managed_key');

  test('kind OpenAI, S0, in the region, with a deterministic custom subdomain used as its name', () => {
    expect(acct).toMatchObject({ provider: 'azurerm', kind: 'OpenAI', sku_name: 'S0', location: 'germanywestcentral' });
    expect(acct.custom_subdomain_name).toMatch(/^oai-eu-germanywc-[0-9a-f]{6}$/);
    expect(acct.name).toBe(acct.custom_subdomain_name);
    expect(a.customSubdomainName).toBe(regionalName('oai', 'acme', EU, findRegion('azure', 'germanywestcentral')!));
    expect(a.hostname).toBe(`${acct.custom_subdomain_name}.openai.azure.com`);
  });

  test('no keys, no public network, network ACL default Deny without bypass, egress restricted to the allow-list', () => {
    expect(acct).toMatchObject({
      local_auth_enabled: false,
      public_network_access_enabled: false,
      network_acls: { default_action: 'Deny', bypass: 'None' },
      outbound_network_access_restricted: true,
      fqdns: ['acme-search.search.windows.net'],
    });
    expect(acct.network_acls.ip_rules).toBeUndefined();
  });

  test('protected from deletion; system-assigned identity; no inline customer_managed_key, and the separate key resource is not reverted', () => {
    // azurerm v4.73.0 internal/services/cognitive/cognitive_account_resource.go: customer_managed_key is Optional
    // (not Computed), so a config without it plans the account back to Microsoft-managed keys after the
    // azurerm_cognitive_account_customer_managed_key resource set it; the provider's acceptance test
    // (cognitive_account_customer_managed_key_resource_test.go) uses ignore_changes = ["customer_managed_key"].
    expect(acct.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ['customer_managed_key'] });
    expect(acct.identity).toEqual({ type: 'SystemAssigned' });
    expect(acct.customer_managed_key).toBeUndefined();
  });

  test('customer-managed key applied by its own resource after the identity may use the vault (Key Vault Crypto User, the role Microsoft names for RBAC vaults)', () => {
    const [grantId, grant] = only(json, 'azurerm_role_assignment');
    expect(grant).toMatchObject({
      scope: VAULT,
      role_definition_name: 'Key Vault Crypto User',
      principal_id: ref('azurerm_cognitive_account', accountId, 'identity[0].principal_id'),
      principal_type: 'ServicePrincipal',
    });
    expect(cmk).toMatchObject({ cognitive_account_id: ref('azurerm_cognitive_account', accountId, 'id'), key_vault_key_id: KEY, lifecycle: { prevent_destroy: true } });
    expect(cmk.identity_client_id).toBeUndefined();
    expect(cmk.depends_on).toEqual([`azurerm_role_assignment.${grantId}`]);
  });

  test('private endpoint (subresource account) in the baseline subnet, registered in privatelink.openai.azure.com linked to the VNet', () => {
    const [zoneId, zone] = only(json, 'azurerm_private_dns_zone');
    const [, link] = only(json, 'azurerm_private_dns_zone_virtual_network_link');
    const [, pe] = only(json, 'azurerm_private_endpoint');
    const [vnetId] = only(json, 'azurerm_virtual_network');
    const [subnetId] = only(json, 'azurerm_subnet');
    expect(zone.name).toBe(OPENAI_PRIVATE_DNS_ZONE);
    expect(link).toMatchObject({ virtual_network_id: ref('azurerm_virtual_network', vnetId, 'id'), registration_enabled: false });
    expect(pe).toMatchObject({
      location: 'germanywestcentral',
      subnet_id: ref('azurerm_subnet', subnetId, 'id'),
      private_service_connection: { private_connection_resource_id: ref('azurerm_cognitive_account', accountId, 'id'), subresource_names: ['account'], is_manual_connection: false },
      private_dns_zone_group: { private_dns_zone_ids: [ref('azurerm_private_dns_zone', zoneId, 'id')] },
    });
    expect(outputOf(json, 'pe_ip')).toMatch(/^\$\{azurerm_private_endpoint\.[\w-]+\.private_service_connection\[0\]\.private_ip_address\}$/);
  });

  test('deployments: resolver SKU and version, OpenAI format, named for failover, created after the CMK', () => {
    const deps = resourcesOf(json, 'azurerm_cognitive_deployment').map(([, d]) => d);
    expect(deps.map((d) => [d.name, d.model, d.sku, d.version_upgrade_option]).sort()).toEqual([
      ['embeddings', { format: 'OpenAI', name: 'text-embedding-3-large', version: '1' }, { name: 'DataZoneStandard', capacity: 10 }, 'NoAutoUpgrade'],
      ['gpt-4o', { format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }, { name: 'DataZoneStandard', capacity: 50 }, 'OnceCurrentVersionExpired'],
    ]);
    for (const d of deps) {
      expect(d.cognitive_account_id).toBe(ref('azurerm_cognitive_account', accountId, 'id'));
      expect(d.depends_on).toEqual([`azurerm_cognitive_account_customer_managed_key.${cmkId}`]);
    }
    expect(a.deploymentNames).toEqual(['gpt-4o', 'embeddings']);
    expect(a.resolvedDeployments.map((r) => r.dataZone)).toEqual(['EU', 'EU']);
  });

  test('every resource is placed in germanywestcentral', () => {
    for (const { address, placement } of placements(json)) {
      expect({ address, placement }).toEqual({ address, placement: expect.objectContaining({ cloud: 'azure', region: 'germanywestcentral' }) });
    }
  });
});

describe('SovereignOpenAiAccount options', () => {
  test.each([
    ['eu', 'germanywestcentral', 'gpt-4o', undefined, 'DataZoneStandard', '2024-11-20', EU],
    ['us', 'eastus2', 'gpt-4o', undefined, 'DataZoneStandard', '2024-11-20', US],
    ['in', 'southindia', 'gpt-4o', undefined, 'Standard', '2024-11-20', IN],
    ['in', 'southindia', 'gpt-5', 'ProvisionedManaged', 'ProvisionedManaged', '2025-08-07', IN],
    ['de', 'germanywestcentral', 'gpt-4o', 'ProvisionedManaged', 'ProvisionedManaged', '2024-11-20', DE],
  ] as const)('deployment SKU for %s in %s: %s (requested %s) → %s %s', (_id, regionCode, model, deploymentType, sku, version, j) => {
    const { stack, account } = setup(regionCode, j);
    account('openai', { deployments: [{ model, deploymentType, capacity: 20 }] });
    const [, d] = only(synthJson(stack), 'azurerm_cognitive_deployment');
    expect(d).toMatchObject({ model: { format: 'OpenAI', name: model, version }, sku: { name: sku, capacity: 20 } });
  });

  test('an empty egress allow-list keeps outbound access restricted with no FQDN', () => {
    const { stack, account } = setup();
    account();
    const [, acct] = only(synthJson(stack), 'azurerm_cognitive_account');
    expect(acct.outbound_network_access_restricted).toBe(true);
    expect(acct.fqdns).toEqual([]);
  });

  test('with the key resource id, the role is scoped to that key, not the vault', () => {
    const { stack, account } = setup();
    const keyArm = `${VAULT}/keys/cmk-openai-eu`;
    account('openai', { keyVaultKeyResourceId: keyArm });
    const [, grant] = only(synthJson(stack), 'azurerm_role_assignment');
    expect(grant).toMatchObject({ scope: keyArm, role_definition_name: 'Key Vault Crypto User' });
  });

  test.each([
    ['a retired version is refused, naming the date and the source', { model: 'gpt-4o', version: '2024-11-20' }, /gpt-4o 2024-11-20 was retired on 2026-10-01 .*concepts-model-retirement-schedule-content\.md@00bb5540, dated 2026-07-07.*suggested replacement: gpt-5\.1/],
    ['a model whose every offered version is retired is refused, listing what is current there', { model: 'gpt-4o' }, /every version of gpt-4o offered as DataZoneStandard in germanywestcentral is retired.*current in germanywestcentral on 2026-11-29: gpt-5\.4 2026-03-05 \(DataZoneStandard/],
  ])('fails on 2026-11-29 when %s', (_what, d, message) => {
    const { account } = setup();
    expect(() => account('openai', { modelLifecycleAsOf: new Date('2026-11-29T00:00:00Z'), deployments: [{ ...d, capacity: 10 }] })).toThrow(message);
  });

  test('a deprecated version deploys with a warning; a current one without', () => {
    const { stack, account } = setup('eastus2', US);
    const asOf = new Date('2026-11-29T00:00:00Z');
    const deprecated = account('old', { modelLifecycleAsOf: asOf, deployments: [{ model: 'gpt-5.2', capacity: 10 }], customSubdomainName: 'oai-old-test' });
    const current = account('new', { modelLifecycleAsOf: asOf, deployments: [{ model: 'gpt-5.1', capacity: 10 }], customSubdomainName: 'oai-new-test', privateDnsZoneId: deprecated.privateDnsZoneId });
    const warnings = (c: SovereignOpenAiAccount) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data));
    expect(deprecated.resolvedDeployments[0]).toMatchObject({ version: '2025-12-11', lifecycle: { status: 'deprecated' } });
    expect(warnings(deprecated).join()).toContain('gpt-5.2 2025-12-11 retires on 2026-12-12, in 13 days (under 90)');
    expect(current.resolvedDeployments[0]).toMatchObject({ version: '2025-11-13', lifecycle: { status: 'current' } });
    expect(warnings(current)).toEqual([]);
    expect(stack).toBeDefined();
  });

  test('legacy access-policy vault: Get/WrapKey/UnwrapKey for the account identity instead of a role', () => {
    const { stack, account } = setup();
    account('openai', { keyVaultAuthorization: 'accessPolicy' });
    const json = synthJson(stack);
    const [accountId] = only(json, 'azurerm_cognitive_account');
    const [policyId, policy] = only(json, 'azurerm_key_vault_access_policy');
    expect(resourcesOf(json, 'azurerm_role_assignment')).toEqual([]);
    expect(policy).toMatchObject({
      key_vault_id: VAULT,
      object_id: ref('azurerm_cognitive_account', accountId, 'identity[0].principal_id'),
      tenant_id: ref('azurerm_cognitive_account', accountId, 'identity[0].tenant_id'),
      key_permissions: ['Get', 'WrapKey', 'UnwrapKey'],
    });
    expect(only(json, 'azurerm_cognitive_account_customer_managed_key')[1].depends_on).toEqual([`azurerm_key_vault_access_policy.${policyId}`]);
  });

  test('a shared private DNS zone is reused instead of created; diagnostics go to the given workspace', () => {
    const { stack, account } = setup();
    const first = account('a');
    account('b', { privateDnsZoneId: first.privateDnsZoneId, customSubdomainName: 'acme-eu-gwc-second', logAnalyticsWorkspaceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/law-eu' });
    const json = synthJson(stack);
    expect(resourcesOf(json, 'azurerm_private_dns_zone')).toHaveLength(1);
    const zoneIds = resourcesOf(json, 'azurerm_private_endpoint').map(([, pe]) => pe.private_dns_zone_group.private_dns_zone_ids);
    expect(zoneIds[0]).toEqual(zoneIds[1]);
    const [, diag] = only(json, 'azurerm_monitor_diagnostic_setting');
    expect(diag).toMatchObject({ log_analytics_workspace_id: expect.stringContaining('law-eu'), enabled_log: [{ category_group: 'allLogs' }] });
  });

  test('subdomain names are deterministic and differ per namespace, jurisdiction and region', () => {
    const gwc = findRegion('azure', 'germanywestcentral')!;
    const names = [
      regionalName('oai', 'acme', EU, gwc),
      regionalName('oai', 'acme', EU, gwc),
      regionalName('oai', 'other', EU, gwc),
      regionalName('oai', 'acme', DE, gwc),
      regionalName('oai', 'acme', EU, findRegion('azure', 'swedencentral')!),
    ];
    expect(names[0]).toBe(names[1]);
    expect(new Set(names).size).toBe(4);
    for (const n of names) expect(customSubdomainProblem(n)).toBeUndefined();
  });

  test.each([
    ['a', /it has 1 characters/],
    ['x'.repeat(65), /it has 65 characters/],
    ['acme-', /ends with "-"/],
    ['-acme', /starts with "-"/],
    ['acme_openai', /characters other than letters, digits and hyphens/],
    ['acme.openai', /characters other than letters, digits and hyphens/],
  ])('fails when the custom subdomain is invalid: %s', (name, why) => {
    const { account } = setup();
    expect(() => account('openai', { customSubdomainName: name })).toThrow(why);
  });

  test('fails when a deployment asks for GlobalStandard, with the types offered there', () => {
    const { account } = setup('southindia', IN);
    expect(() => account('openai', { deployments: [{ model: 'gpt-4o', deploymentType: 'GlobalStandard', capacity: 10 }] })).toThrow(
      /GlobalStandard processes prompts in any Azure region worldwide, outside jurisdiction "in"; types offered for gpt-4o in southindia: Standard \(2024-11-20\)/,
    );
  });

  test('fails when the model is not offered in the region', () => {
    const { account } = setup('southindia', IN);
    expect(() => account('openai', { deployments: [{ model: 'o3', capacity: 10 }] })).toThrow(/o3 is not offered in southindia/);
  });

  test('fails when the region is outside the jurisdiction', () => {
    const { account } = setup('uksouth', EU);
    expect(() => account()).toThrow(/region uksouth \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu"/);
  });

  test('fails when two deployments share a name, a capacity is not a positive integer, or an FQDN is a URL', () => {
    const { account } = setup();
    expect(() => account('a', { deployments: [{ model: 'gpt-4o', capacity: 1 }, { model: 'gpt-4o', capacity: 1 }] })).toThrow(/deployment name "gpt-4o" is used twice/);
    expect(() => account('b', { deployments: [{ model: 'gpt-4o', capacity: 0 }] })).toThrow(/capacity of deployment "gpt-4o" must be a whole number from 1/);
    expect(() => account('c', { outboundFqdns: ['https://acme.search.windows.net/'] })).toThrow(/outboundFqdns entry "https:\/\/acme.search.windows.net\/" is invalid/);
  });

  test('fails when the namespace is invalid', () => {
    const { account } = setup();
    expect(() => account('openai', { namespace: 'Acme Corp' })).toThrow(/namespace "Acme Corp" is invalid/);
  });
});
