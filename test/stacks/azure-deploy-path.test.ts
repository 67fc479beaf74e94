/**
 * The Azure deploy path of the default policy, in the synthesized JSON: Terraform reaches every vault
 * from the deployer ranges (India's two vaults from one runner), the gateway subnet reaches the vault
 * holding its certificate, the certificate slot lets the deployer import it, and the provider never
 * purges what a destroy removes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedOutdir } from '../support/shipped';
import { resourcesOf, type SynthJson } from '../support/synth';

const outdir = shippedOutdir('default'); // synthesized once per run, shared (read-only)
const read = (id: string): SynthJson & { output?: Record<string, { value: string }> } =>
  JSON.parse(readFileSync(join(outdir, 'stacks', `sovereign-${id}`, 'cdk.tf.json'), 'utf8'));

const GATEWAY_REGION = { us: 'eastus2', eu: 'swedencentral', in: 'southindia' } as const;

describe.each(Object.entries(GATEWAY_REGION))('sovereign-%s', (id, gatewayRegion) => {
  const json = read(id);
  const vaults = resourcesOf(json, 'azurerm_key_vault');
  const gatewaySubnet = resourcesOf(json, 'azurerm_subnet').find(([, s]) => s.name === 'snet-apim-integration')!;
  const association = resourcesOf(json, 'azurerm_subnet_network_security_group_association').find(([, a]) => a.subnet_id === `\${azurerm_subnet.${gatewaySubnet[0]}.id}`)!;

  test('every vault admits the deployer range and nothing else from outside, and has a private endpoint', () => {
    expect(vaults.length).toBe(id === 'us' ? 1 : 2); // India: centralindia (store) and southindia (model); EU: germanywestcentral and swedencentral
    for (const [vaultId, v] of vaults) {
      expect(v.public_network_access_enabled).toBe(true);
      expect(v.network_acls).toMatchObject({ default_action: 'Deny', ip_rules: ['203.0.113.10/32'] });
      const endpoints = resourcesOf(json, 'azurerm_private_endpoint').filter(([, e]) => e.private_service_connection.private_connection_resource_id === `\${azurerm_key_vault.${vaultId}.id}`);
      expect(endpoints).toHaveLength(1);
    }
  });

  test('only the gateway region vault admits the gateway subnet (through its NSG association)', () => {
    const withSubnet = vaults.filter(([, v]) => v.network_acls.virtual_network_subnet_ids);
    expect(withSubnet.map(([, v]) => v.location)).toEqual([gatewayRegion]);
    expect(withSubnet[0][1].network_acls.virtual_network_subnet_ids).toEqual([`\${azurerm_subnet_network_security_group_association.${association[0]}.subnet_id}`]);
    expect(gatewaySubnet[1].service_endpoints).toEqual(['Microsoft.KeyVault']);
  });

  test('the deployer may create keys in every vault and import the certificate into the gateway vault; the import command is an output', () => {
    const roles = resourcesOf(json, 'azurerm_role_assignment').map(([, r]) => r);
    const deployer = (role: string) => roles.filter((r) => r.role_definition_name === role && /^\$\{data\.azurerm_client_config\./.test(r.principal_id)).map((r) => r.scope);
    expect(deployer('Key Vault Crypto Officer').sort()).toEqual(vaults.map(([vid]) => `\${azurerm_key_vault.${vid}.id}`).sort());
    const [gatewayVault] = vaults.find(([, v]) => v.location === gatewayRegion)!;
    expect(deployer('Key Vault Certificates Officer')).toEqual([`\${azurerm_key_vault.${gatewayVault}.id}`]);
    const out = Object.entries(json.output ?? {}).find(([k]) => k.includes('import-command'))!;
    expect(out[1].value).toMatch(new RegExp(`^az keyvault certificate import --vault-name kv-${id}-[a-z0-9]+-[0-9a-f]{6} --name gateway-tls --file <pfx covering \\*\\.${id}\\.ai\\.example\\.com>$`));
  });

  test('the provider keeps destroyed vaults, keys and AI accounts recoverable', () => {
    expect(json.provider!.azurerm[0].features[0]).toMatchObject({
      key_vault: [{ purge_soft_delete_on_destroy: false, purge_soft_deleted_keys_on_destroy: false }],
      cognitive_account: [{ purge_soft_delete_on_destroy: false }],
    });
  });
});
