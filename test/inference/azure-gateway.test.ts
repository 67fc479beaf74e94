import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { Testing, TerraformOutput, TerraformStack } from 'cdktn';
import { findRegion, jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { AzureInferenceGateway, hostnameCovers, type AzureInferenceGatewayProps } from '../../lib/inference/azure-gateway';
import { CHAT_TIMEOUT_SECONDS, healthOperationPolicy, healthProbeBody } from '../../lib/inference/azure-gateway-policies';
import { SovereignOpenAiAccount } from '../../lib/inference/azure-openai';
import { AzureNetworkBaseline } from '../../lib/network/azure';
import { placements } from '../support/residency';
import { resourcesOf, synthJson, type SynthJson } from '../support/synth';
import { child, descendants, parseXml, sectionTags } from '../support/xml';

const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const VAULT = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-eu-gwc';
const KEY = 'https://kv-eu-gwc.vault.azure.net/keys/cmk-openai/0123456789abcdef0123456789abcdef';
const CERT = 'wildcard-eu-ai-example-com';

/** A stack with a network baseline, an OpenAI account and (via `gateway`) a gateway in front of it. */
function setup(regionCode = 'germanywestcentral', j: Jurisdiction = EU) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AzurermProvider(stack, 'azurerm', { features: [{}] });
  const net = new AzureNetworkBaseline(stack, 'net', { provider, location: regionCode, namePrefix: `sovereign-${j.id}`, apiManagementSubnetPrefix: '10.20.2.0/27' });
  const region = findRegion('azure', regionCode)!;
  const place = { provider, jurisdiction: j, region, namespace: 'acme', resourceGroupName: net.resourceGroupName };
  const openai = new SovereignOpenAiAccount(stack, 'openai', {
    ...place,
    privateEndpointSubnetId: net.privateEndpointSubnetId,
    virtualNetworkId: net.virtualNetworkId,
    keyVaultId: VAULT,
    keyVaultKeyId: KEY,
    outboundFqdns: [],
  });
  const gateway = (id = 'gateway', props: Partial<AzureInferenceGatewayProps> = {}) =>
    new AzureInferenceGateway(stack, id, {
      ...place,
      domain: 'ai.example.com',
      integrationSubnetId: net.apiManagementSubnetId!,
      keyVaultId: VAULT,
      certificateName: CERT,
      openAiAccountId: openai.accountId,
      openAiHostname: openai.hostname,
      deploymentName: 'gpt-5.1',
      publisherEmail: 'platform@example.com',
      ...props,
    });
  return { stack, openai, gateway };
}

const only = (json: SynthJson, type: string): [string, any] => {
  const all = resourcesOf(json, type);
  expect(all).toHaveLength(1);
  return all[0];
};
const ref = (type: string, id: string, attr: string) => `\${${type}.${id}.${attr}}`;
/** Value of a TerraformOutput in the synthesized JSON (`output` is not part of `SynthJson`). */
const outputOf = (json: SynthJson, name: string): unknown => (json as SynthJson & { output: Record<string, { value: unknown }> }).output[name].value;

describe('AzureInferenceGateway', () => {
  const { stack, openai, gateway } = setup();
  const g = gateway();
  new TerraformOutput(stack, 'openai_hostname', { value: openai.hostname });
  const json = synthJson(stack);
  const [apimId, apim] = only(json, 'azurerm_api_management');
  const principal = ref('azurerm_api_management', apimId, 'identity[0].principal_id');
  const [accountId, account] = only(json, 'azurerm_cognitive_account');
  const host = `${account.custom_subdomain_name}.openai.azure.com`;
  const policyOf = (type: string, apiName: string) =>
    resourcesOf(json, type).find(([, p]) => p.api_name === ref('azurerm_api_management_api', apiName, 'name'))![1].xml_content as string;
  const apis = Object.fromEntries(resourcesOf(json, 'azurerm_api_management_api').map(([id, a]) => [a.name, [id, a]]));

  test('API Management Standard v2 in the region, public gateway, system-assigned identity, outbound VNet integration through the base subnet', () => {
    const subnet = resourcesOf(json, 'azurerm_subnet').find(([, s]) => s.name === 'snet-apim-integration')!;
    const assoc = resourcesOf(json, 'azurerm_subnet_network_security_group_association').find(([, a]) => a.subnet_id === ref('azurerm_subnet', subnet[0], 'id'))!;
    const [, nsg] = resourcesOf(json, 'azurerm_network_security_group').find(([id]) => assoc[1].network_security_group_id === ref('azurerm_network_security_group', id, 'id'))!;
    // "A network security group must be associated with the subnet" (learn.microsoft.com/azure/api-management/integrate-vnet-outbound)
    expect(nsg.name).toBe('nsg-sovereign-eu-germanywestcentral-apim');
    expect(subnet[1]).toMatchObject({
      address_prefixes: ['10.20.2.0/27'],
      service_endpoints: ['Microsoft.KeyVault'],
      delegation: [{ name: 'apim-outbound', service_delegation: { name: 'Microsoft.Web/serverFarms', actions: ['Microsoft.Network/virtualNetworks/subnets/action'] } }],
    });
    expect(apim).toMatchObject({
      provider: 'azurerm',
      location: 'germanywestcentral',
      sku_name: 'StandardV2_1',
      public_network_access_enabled: true,
      virtual_network_type: 'External',
      // read through the NSG association: API Management is created only once the subnet has its NSG
      virtual_network_configuration: { subnet_id: ref('azurerm_subnet_network_security_group_association', assoc[0], 'subnet_id') },
      identity: { type: 'SystemAssigned' },
    });
    expect(apim.identity.identity_ids).toBeUndefined();
    expect(apim.name).toMatch(/^apim-eu-germanywc-[0-9a-f]{6}$/);
    expect(resourcesOf(json, 'azurerm_user_assigned_identity')).toEqual([]);
  });

  test('the custom domain binds *.eu.ai.example.com after the system identity can read that certificate secret, and nothing else', () => {
    // Behind a Key Vault firewall API Management must use its system-assigned identity
    // (MicrosoftDocs/azure-docs includes/api-management-key-vault-network.md, ms.date 12/04/2025 and 04/30/2026):
    // it exists only once the service does, so the host name is bound by azurerm_api_management_custom_domain.
    expect(apim.hostname_configuration).toBeUndefined();
    const [, cert] = Object.entries(json.data!.azurerm_key_vault_certificate)[0] as [string, any];
    const certId = Object.keys(json.data!.azurerm_key_vault_certificate)[0];
    expect(cert).toMatchObject({ name: CERT, key_vault_id: VAULT });
    const grant = resourcesOf(json, 'azurerm_role_assignment').find(([, r]) => r.role_definition_name === 'Key Vault Secrets User')!;
    // scoped to that secret, named through the certificate read: the role waits for the imported certificate
    expect(grant[1]).toMatchObject({ scope: `${VAULT}/secrets/\${data.azurerm_key_vault_certificate.${certId}.name}`, principal_id: principal, principal_type: 'ServicePrincipal' });
    const [, domain] = only(json, 'azurerm_api_management_custom_domain');
    expect(domain).toMatchObject({
      api_management_id: ref('azurerm_api_management', apimId, 'id'),
      gateway: [{ host_name: '*.eu.ai.example.com', key_vault_certificate_id: `\${data.azurerm_key_vault_certificate.${certId}.versionless_secret_id}`, default_ssl_binding: true, negotiate_client_certificate: false }],
      depends_on: [`azurerm_role_assignment.${grant[0]}`],
    });
    expect(domain.gateway[0].ssl_keyvault_identity_client_id).toBeUndefined();
    expect(cert.lifecycle.postcondition.map((c: any) => c.error_message)).toEqual([
      'The gateway certificate has expired: import a renewed certificate for *.eu.ai.example.com.',
      'The gateway certificate does not name *.eu.ai.example.com as a DNS subject alternative name (clients ignore the subject CN): import one that does.',
    ]);
  });

  test('TLS 1.2 or newer only, front and back; no SSL 3.0 or 3DES', () => {
    expect(apim.security).toEqual({
      frontend_ssl30_enabled: false,
      frontend_tls10_enabled: false,
      frontend_tls11_enabled: false,
      backend_ssl30_enabled: false,
      backend_tls10_enabled: false,
      backend_tls11_enabled: false,
      triple_des_ciphers_enabled: false,
    });
  });

  test('one OpenAI-compatible API at /v1: POST /chat/completions to the account v1 API over its private endpoint, GET /models; no pass-through, no subscription key', () => {
    const [, backend] = only(json, 'azurerm_api_management_backend');
    // the GA v1 API, no api-version (learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle)
    expect(backend).toMatchObject({ name: 'openai', protocol: 'http', url: `https://${host}/openai/v1`, tls: { validate_certificate_chain: true, validate_certificate_name: true } });
    expect(outputOf(json, 'openai_hostname')).toBe(host);
    expect(Object.keys(apis).sort()).toEqual(['health', 'openai-v1']);
    const [v1Id, api] = apis['openai-v1'];
    expect(api).toMatchObject({ path: 'v1', protocols: ['https'], subscription_required: false, api_management_name: ref('azurerm_api_management', apimId, 'name') });
    const ops = resourcesOf(json, 'azurerm_api_management_api_operation').filter(([, o]) => o.api_name === ref('azurerm_api_management_api', v1Id, 'name'));
    expect(ops.map(([, o]) => [o.method, o.url_template, o.operation_id]).sort()).toEqual([['GET', '/models', 'list-models'], ['POST', '/chat/completions', 'chat-completions']]);
    // every v1 operation has its own policy, which runs the API scope (the credential check) first
    for (const [opId] of ops) {
      const [, p] = resourcesOf(json, 'azurerm_api_management_api_operation_policy').find(([, p]) => p.operation_id === ref('azurerm_api_management_api_operation', opId, 'operation_id'))!;
      expect(p.api_name).toBe(ref('azurerm_api_management_api', v1Id, 'name'));
      expect(sectionTags(parseXml(p.xml_content), 'inbound')[0]).toBe('base');
    }
    // default: no jurisdiction JWT, the client's Entra token goes to the account (the stack passes the policy's)
    expect(sectionTags(parseXml(policyOf('azurerm_api_management_api_policy', v1Id)), 'inbound')).toEqual(['base']);
  });

  test('the client model "chat" maps to the deployment, streamed with the chat timeout', () => {
    const [, chatOp] = resourcesOf(json, 'azurerm_api_management_api_operation').find(([, o]) => o.operation_id === 'chat-completions')!;
    const [chatOpId] = resourcesOf(json, 'azurerm_api_management_api_operation').find(([, o]) => o === chatOp)!;
    const [, p] = resourcesOf(json, 'azurerm_api_management_api_operation_policy').find(([, p]) => p.operation_id === ref('azurerm_api_management_api_operation', chatOpId, 'operation_id'))!;
    const root = parseXml(p.xml_content);
    expect(descendants(root, 'when')[1].getAttribute('condition')).toBe('@((string)context.Variables["model"] != "chat")');
    expect(descendants(root, 'set-body').pop()!.textContent).toContain('b["model"] = "gpt-5.1"');
    const fwd = child(child(root, 'backend'), 'forward-request');
    expect([fwd.getAttribute('timeout'), fwd.getAttribute('buffer-response')]).toEqual([String(CHAT_TIMEOUT_SECONDS), 'false']);
  });

  test('/health runs a one-token completion on the deployment with the system identity and answers 200, or 503', () => {
    const [healthApiId, api] = apis.health;
    expect(api).toMatchObject({ path: 'health', subscription_required: false });
    const [, op] = resourcesOf(json, 'azurerm_api_management_api_operation').find(([, o]) => o.api_name === ref('azurerm_api_management_api', healthApiId, 'name'))!;
    expect(op).toMatchObject({ method: 'GET', url_template: '/' });
    const policy = policyOf('azurerm_api_management_api_operation_policy', healthApiId);
    // A listing (GET /openai/models) answers 200 without any deployment: the probe must exercise the deployment.
    expect(policy).not.toContain('/openai/models');
    expect(policy).toContain(`<set-url>https://${host}/openai/v1/chat/completions</set-url>`);
    expect(policy).toContain('<set-method>POST</set-method>');
    expect(policy).toContain('<set-body>{"model":"gpt-5.1","messages":[{"role":"user","content":"ping"}],"max_completion_tokens":16}</set-body>');
    expect(policy).toContain('<authentication-managed-identity resource="https://cognitiveservices.azure.com" />');
    expect(policy).toContain(`<when condition='@(context.Variables.ContainsKey("probe") ? ((IResponse)context.Variables["probe"])?.StatusCode == 200 : false)'>`);
    expect(policy).toMatch(/StatusCode == 200 : false\)'>\s*<return-response>\s*<set-status code="200"/);
    expect(policy).toMatch(/<otherwise>\s*<return-response>\s*<set-status code="503"/);
    const probeGrant = resourcesOf(json, 'azurerm_role_assignment').find(([, r]) => r.role_definition_name === 'Cognitive Services OpenAI User')!;
    expect(probeGrant[1]).toMatchObject({ scope: ref('azurerm_cognitive_account', accountId, 'id'), principal_id: principal });
  });

  test('policies are well-formed XML', () => {
    const docs = [...resourcesOf(json, 'azurerm_api_management_api_policy'), ...resourcesOf(json, 'azurerm_api_management_api_operation_policy')];
    expect(docs).toHaveLength(4); // the v1 API, its two operations, /health
    for (const [, p] of docs) expect(parseXml(p.xml_content).tagName).toBe('policies');
  });

  test('exposes the regional host name, the health URL and the public name DNS points at', () => {
    expect(g.gatewayHostname).toBe('germanywestcentral.eu.ai.example.com');
    expect(g.certificateHostname).toBe('*.eu.ai.example.com');
    expect(g.healthUrl).toBe('https://germanywestcentral.eu.ai.example.com/health');
    expect(g.publicFqdn).toBe(`${apim.name}.azure-api.net`);
    expect(g.apiManagementName).toBe(apim.name);
  });

  test('every resource is placed in germanywestcentral', () => {
    // The certificate data source names the vault by a literal id here (in a stack it references the vault resource).
    for (const { address, placement } of placements(json).filter((p) => !p.address.startsWith('data.azurerm_key_vault_certificate.'))) {
      expect({ address, placement }).toEqual({ address, placement: expect.objectContaining({ cloud: 'azure', region: 'germanywestcentral' }) });
    }
  });
});

describe('AzureInferenceGateway options', () => {
  test('exact host name, more units, gateway logs to a workspace', () => {
    const { stack, gateway } = setup('southindia', IN);
    const g = gateway('gateway', {
      certificateHostname: 'southindia.in.ai.example.com',
      capacity: 3,
      logAnalyticsWorkspaceId: '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/law-in',
    });
    const json = synthJson(stack);
    const [apimId, apim] = only(json, 'azurerm_api_management');
    expect(apim).toMatchObject({ sku_name: 'StandardV2_3', location: 'southindia' });
    expect(only(json, 'azurerm_api_management_custom_domain')[1].gateway[0].host_name).toBe('southindia.in.ai.example.com');
    expect(only(json, 'azurerm_monitor_diagnostic_setting')[1]).toMatchObject({
      target_resource_id: ref('azurerm_api_management', apimId, 'id'),
      enabled_log: [{ category: 'GatewayLogs' }],
    });
    expect(g.healthUrl).toBe('https://southindia.in.ai.example.com/health');
  });

  test('a jurisdiction JWT and model name reach the v1 policies: validate-jwt on the API, the model on /models and chat', () => {
    const { stack, gateway } = setup();
    gateway('gateway', { clientModel: 'eu-chat', clientJwt: { issuer: 'https://id.eu.example.gov/realms/ai', audience: 'ai-eu' } });
    const json = synthJson(stack);
    const [, apiPolicy] = only(json, 'azurerm_api_management_api_policy');
    const v = descendants(parseXml(apiPolicy.xml_content), 'validate-jwt')[0];
    expect(descendants(v, 'issuer')[0].textContent).toBe('https://id.eu.example.gov/realms/ai');
    expect(descendants(v, 'audience')[0].textContent).toBe('ai-eu');
    const ops = resourcesOf(json, 'azurerm_api_management_api_operation_policy').map(([, p]) => parseXml(p.xml_content));
    const models = ops.find((r) => descendants(r, 'set-body').some((b) => b.textContent!.includes('"list"')))!;
    expect(JSON.parse(descendants(models, 'set-body')[0].textContent!).data[0]).toEqual({ id: 'eu-chat', object: 'model', owned_by: 'eu' });
    const chat = ops.find((r) => descendants(r, 'forward-request').length === 1)!;
    expect(descendants(chat, 'when')[1].getAttribute('condition')).toContain('!= "eu-chat"');
    expect(descendants(chat, 'authentication-managed-identity')).toHaveLength(1);
  });

  test.each([
    ['*.eu.ai.example.com', 'germanywestcentral.eu.ai.example.com', true],
    ['germanywestcentral.eu.ai.example.com', 'germanywestcentral.eu.ai.example.com', true],
    ['*.eu.ai.example.com', 'eu.ai.example.com', false],
    ['*.eu.ai.example.com', 'a.b.eu.ai.example.com', false],
    ['*.ai.example.com', 'germanywestcentral.eu.ai.example.com', false],
  ])('certificate host %s covers %s: %s', (cert, host, covers) => {
    expect(hostnameCovers(cert, host)).toBe(covers);
  });

  test.each<[string, Partial<AzureInferenceGatewayProps>, RegExp]>([
    ['the certificate host name does not cover the gateway host name', { certificateHostname: '*.ai.example.com' }, /certificateHostname "\*\.ai\.example\.com" does not cover hostname "germanywestcentral\.eu\.ai\.example\.com"/],
    ['the certificate name is a URL', { certificateName: 'https://kv-eu-gwc.vault.azure.net/secrets/wildcard' }, /certificateName "https:.*" is invalid/],
    ['the deployment name is not a deployment name', { deploymentName: 'a b' }, /deploymentName "a b" is not a deployment name/],
    ['the client model name breaks the policy rule', { clientModel: 'Chat"' }, /clientModel "Chat"" is invalid/],
    ['the JWT issuer is not an https URL', { clientJwt: { issuer: 'http://id.example.com', audience: 'a' } }, /clientJwt.issuer "http:\/\/id.example.com" is not an https URL/],
    ['capacity exceeds 10 Standard v2 units', { capacity: 11 }, /capacity must be a whole number from 1 to 10, got 11/],
    ['the domain is not a DNS name', { domain: 'https://ai.example.com' }, /domain "https:\/\/ai\.example\.com" is invalid/],
    ['the publisher e-mail is not an address', { publisherEmail: 'platform' }, /publisherEmail "platform" is not an e-mail address/],
    ['the API Management name breaks the naming rule', { apiManagementName: '1apim' }, /API Management name "1apim" is invalid/],
  ])('fails when %s', (_what, props, message) => {
    const { gateway } = setup();
    expect(() => gateway('gateway', props)).toThrow(message);
  });

  test('fails when the region is outside the jurisdiction', () => {
    const { gateway } = setup();
    expect(() => gateway('gateway', { region: findRegion('azure', 'uksouth')! })).toThrow(/region uksouth \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu"/);
    expect(() => gateway('gateway2', { region: findRegion('aws', 'eu-central-1')! })).toThrow(/eu-central-1 is an aws region/);
  });

  test('policy builders are pure and embed their inputs', () => {
    const p = healthOperationPolicy({ openAiHostname: 'x.openai.azure.com', deploymentName: 'chat', region: 'swedencentral', timeoutSeconds: 5 });
    expect(p).toContain('timeout="5"');
    expect(p).toContain('{"status":"healthy","region":"swedencentral","deployment":"chat"}');
    expect(p).toContain('https://x.openai.azure.com/openai/v1/chat/completions');
    expect(JSON.parse(healthProbeBody('chat'))).toEqual({ model: 'chat', messages: [{ role: 'user', content: 'ping' }], max_completion_tokens: 16 });
    expect(parseXml(p).tagName).toBe('policies');
  });
});
