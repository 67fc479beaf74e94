/**
 * Rules of terraform-provider-azurerm v4.73.0 (the pinned version; no provider binary is on this
 * machine) for every azurerm resource type the default policy synthesizes, checked on the JSON of
 * every jurisdiction stack. Each test names the source file at the tag (git show v4.73.0:<path>).
 * Rules the pack in lib/checks already holds (names, TLS, public access, CMK presence...) are not repeated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '../../lib/policy';
import { inlineRemoteState } from '../../lib/state/cross-stack';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { shippedOutdir } from '../support/shipped';
import { resourcesOf, type SynthJson } from '../support/synth';
import { child, childElements, descendants, parseXml, sectionTags } from '../support/xml';

const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
const outdir = shippedOutdir('default'); // synthesized once per run, shared (read-only)
const readStack = (name: string): SynthJson | undefined => {
  const file = join(outdir, 'stacks', name, 'cdk.tf.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
};
/**
 * One jurisdiction as the provider meets it across its deploy phases: the base stack `sovereign-<id>`
 * and its inference stack, whose cross-stack references are inlined back to the base stack's
 * expressions (an API Management subnet id reads `${azurerm_subnet_network_security_group_association...}`).
 */
const read = (id: string): SynthJson => {
  const base = readStack(`sovereign-${id}`)!;
  const inference = readStack(`sovereign-${id}-inference`);
  if (!inference) return base;
  const inlined = inlineRemoteState(inference as any, base as any).json as SynthJson;
  const merged: SynthJson = { ...base, resource: { ...base.resource }, data: { ...base.data } };
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, byName] of Object.entries(inlined[kind] ?? {})) merged[kind]![type] = { ...merged[kind]![type], ...byName };
  }
  return merged;
};

/** `${<type>.<name>.<attr>}` or `${data.<type>.<name>.<attr>}` → [type, name, attr] */
const refOf = (v: string) => /^\$\{(?:data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_[\]]+)\}/.exec(v)?.slice(1) as [string, string, string] | undefined;
const one = (v: any) => (Array.isArray(v) ? v[0] : v);

describe.each(['us', 'eu', 'in'])('sovereign-%s against azurerm v4.73.0', (id) => {
  const json = read(id);
  const all = (type: string) => resourcesOf(json, type).map(([, r]) => r);

  test('api_management: sku, names, and a VNet type that comes with its configuration (api_management_resource.go, validate/api_management_sku.go, validate/api_management.go)', () => {
    expect(all('azurerm_api_management')).toHaveLength(1); // the jurisdiction's gateway, in its inference stack
    for (const a of all('azurerm_api_management')) {
      expect(a.sku_name).toMatch(/^Consumption_0$|^Basic_(1|2)$|^BasicV2_([1-9]|10)|^Developer_1$|^Premium_([1-9][0-9]{0,1})$|^PremiumV2_([1-9]|1[0-9]|2[0-9]|30)$|^Standard_[1-4]$|^StandardV2_([1-9]|10)$/);
      expect(a.name).toMatch(/^[0-9a-zA-Z-]{1,50}$/);
      expect(a.publisher_email).toMatch(/^[\S*]{1,100}$/);
      expect(a.publisher_name).toMatch(/^.{1,100}$/);
      // "you must specify 'virtual_network_configuration' when 'virtual_network_type' is External/Internal"
      expect(['External', 'Internal']).toContain(a.virtual_network_type);
      // the subnet read through its NSG association (same id), so the service waits for the NSG
      expect(one(a.virtual_network_configuration).subnet_id).toMatch(/^\$\{azurerm_subnet_network_security_group_association\.[\w-]+\.subnet_id\}$/);
      // sign_in / sign_up / delegation / tenant_access "not supported for sku tiers Consumption and V2"
      for (const k of ['sign_in', 'sign_up', 'delegation', 'tenant_access', 'zones', 'public_ip_address_id']) expect(a[k]).toBeUndefined();
      // hostname_configuration is Optional+Computed: left out here, the custom_domain resource owns it without drift
      expect(a.hostname_configuration).toBeUndefined();
      expect(a.identity).toEqual({ type: 'SystemAssigned' });
    }
  });

  test('api_management_custom_domain: one per service, a gateway block with a Key Vault secret id (api_management_custom_domain_resource.go, schema.go)', () => {
    const domains = all('azurerm_api_management_custom_domain');
    expect(domains).toHaveLength(all('azurerm_api_management').length);
    for (const d of domains) {
      // AtLeastOneOf management/portal/developer_portal/gateway/scm; a new resource on a service with >1 hostname is "already exists"
      expect(d.gateway).toHaveLength(1);
      const [type, , attr] = refOf(d.gateway[0].key_vault_certificate_id)!;
      expect([type, attr]).toEqual(['azurerm_key_vault_certificate', 'versionless_secret_id']);
      // certificate / certificate_password and the deprecated key_vault_id are not mixed in
      for (const k of ['certificate', 'certificate_password', 'key_vault_id', 'ssl_keyvault_identity_client_id']) expect(d.gateway[0][k]).toBeUndefined();
      expect(d.depends_on).toEqual([expect.stringMatching(/^azurerm_role_assignment\..*certificate-access/)]);
    }
  });

  // internal/services/apimanagement at v4.73.0: api_management_api_resource.go, api_management_api_operation_resource.go,
  // api_management_api_policy_resource.go, api_management_api_operation_policy_resource.go, validate/api_management.go, schemaz/api_management.go
  const byName = (type: string) => Object.fromEntries(resourcesOf(json, type));
  const apis = () => byName('azurerm_api_management_api');
  const apiOf = (r: any) => {
    const [type, name, attr] = refOf(r.api_name)!; // the API by reference, so Terraform creates it first
    expect([type, attr]).toEqual(['azurerm_api_management_api', 'name']);
    return apis()[name];
  };

  test('api_management_api: name, path and protocols the provider accepts, a revision, subscription_required set false (its default is true)', () => {
    const paths = new Set<string>();
    for (const a of all('azurerm_api_management_api')) {
      expect(a.name).toMatch(/^[^*#&+]{1,256}$/); // validate.ApiManagementApiName
      expect(a.path).toMatch(/^(?:|[\w]|[\w.][\w-/.:]{0,398}[\w-])$/); // validate.ApiManagementApiPath: no leading or trailing '/'
      for (const p of a.protocols) expect(['http', 'https', 'ws', 'wss']).toContain(p);
      expect(a.protocols).toEqual(['https']); // ours: TLS only
      expect(a.revision).toMatch(/^.+$/); // Required, ForceNew, StringIsNotEmpty
      expect(a.display_name).toMatch(/^.+$/); // StringIsNotEmpty
      // "subscription_required": Optional, Default: true; a subscription key is an API Management-only credential
      expect(a.subscription_required).toBe(false);
      expect(a.service_url).toBeUndefined(); // the v1 policy names the backend (set-backend-service)
      expect(paths.has(a.path)).toBe(false); // one API per path and service
      paths.add(a.path);
    }
    expect([...paths].sort()).toEqual(['health', 'v1']);
  });

  test('api_management_api_operation: operation_id rule, required display_name/method/url_template, relative templates; the contract routes and nothing else', () => {
    const routes: string[] = [];
    for (const o of all('azurerm_api_management_api_operation')) {
      // schemaz.SchemaApiManagementChildName → validate.ApiManagementChildName
      expect(o.operation_id).toMatch(/^[a-zA-Z0-9]([a-zA-Z0-9-_]{0,78}[a-zA-Z0-9])?$/);
      // Required with no validator in the provider; the service wants an HTTP method and a relative URL template
      // (REST OperationContract: "A Valid HTTP Operation Method", "Relative URL template ... Example: /customers/{cid}")
      expect(o.display_name).toMatch(/^.+$/);
      expect(o.method).toMatch(/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|TRACE)$/);
      expect(o.url_template).toMatch(/^\/[A-Za-z0-9._~\/{}-]*$/);
      expect(o.url_template).not.toContain('*'); // no pass-through: only the contract's routes
      const api = apiOf(o);
      routes.push(`${o.method} /${api.path}${o.url_template === '/' ? '' : o.url_template}`);
    }
    // the client contract (DESIGN.md "One contract per chain") and /health, on every gateway
    expect(routes.sort()).toEqual(['GET /health', 'GET /v1/models', 'POST /v1/chat/completions']);
  });

  test('api_policy, api_operation_policy: exactly one of xml_content and xml_link, well-formed XML, on existing APIs and operations', () => {
    const operations = byName('azurerm_api_management_api_operation');
    for (const [type, kind] of [['azurerm_api_management_api_policy', 'api'], ['azurerm_api_management_api_operation_policy', 'operation']] as const) {
      for (const p of all(type)) {
        // xml_content ConflictsWith xml_link, and create fails with "either `xml_content` or `xml_link` must be set"
        expect([p.xml_content, p.xml_link].filter((x) => x !== undefined && x !== '')).toHaveLength(1);
        expect(p.xml_link).toBeUndefined();
        // sent as format rawxml, read back as xml and compared by XmlWithDotNetInterpolationsDiffSuppress (diff_suppress.go),
        // which parses both sides as XML: well-formed documents with entity-escaped expressions (As&lt;JObject&gt;) do not drift
        expect(parseXml(p.xml_content).tagName).toBe('policies');
        expect(apiOf(p)).toBeDefined();
        if (kind === 'operation') {
          const [t, name, attr] = refOf(p.operation_id)!;
          expect([t, attr]).toEqual(['azurerm_api_management_api_operation', 'operation_id']);
          expect(operations[name].api_name).toBe(p.api_name); // the operation of that API
        }
      }
    }
    // one policy per operation (each carries what the operation does), one per API that needs a credential check
    expect(all('azurerm_api_management_api_operation_policy')).toHaveLength(all('azurerm_api_management_api_operation').length);
  });

  test('the credential: every operation but /health runs validate-jwt with the policy\'s issuer and audience first, and never forwards the client token', () => {
    const jwt = policy!.jurisdictions.find((j) => j.jurisdiction.id === id)!.clients.jwt!;
    expect(jwt).toBeDefined(); // the shipped default policy declares one per jurisdiction
    const apiPolicies = Object.values(byName('azurerm_api_management_api_policy')) as any[];
    const opPolicies = Object.values(byName('azurerm_api_management_api_operation_policy')) as any[];
    for (const o of all('azurerm_api_management_api_operation')) {
      const api = apiOf(o);
      const opPolicy = parseXml(opPolicies.find((p) => refOf(p.operation_id)![1] === Object.entries(byName('azurerm_api_management_api_operation')).find(([, x]) => x === o)![0]).xml_content);
      const apiPolicy = apiPolicies.find((p) => apiOf(p) === api);
      if (api.path === 'health') {
        expect(apiPolicy).toBeUndefined();
        expect(descendants(opPolicy, 'validate-jwt')).toEqual([]); // the one anonymous route
        continue;
      }
      expect(sectionTags(opPolicy, 'inbound')[0]).toBe('base'); // the API scope first
      const root = parseXml(apiPolicy.xml_content);
      expect(sectionTags(root, 'inbound')).toEqual(['base', 'validate-jwt', 'set-header']);
      const v = child(child(root, 'inbound'), 'validate-jwt');
      expect(child(v, 'openid-config').getAttribute('url')).toBe(`${jwt.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
      expect(descendants(v, 'issuer').map((e) => e.textContent)).toEqual([jwt.issuer]);
      expect(descendants(v, 'audience').map((e) => e.textContent)).toEqual([jwt.audience]);
      expect([v.getAttribute('require-expiration-time'), v.getAttribute('require-signed-tokens'), v.getAttribute('failed-validation-httpcode')]).toEqual(['true', 'true', '401']);
      expect(childElements(child(root, 'inbound'))[2].getAttribute('exists-action')).toBe('delete');
    }
  });

  test('the gateway can fetch the issuer\'s OpenID configuration: its integration subnet keeps outbound access and its NSG denies no outbound traffic', () => {
    // validate-jwt reads <issuer>/.well-known/openid-configuration and the keys it names at run time; with outbound
    // VNet integration the gateway "can reach both public and network-isolated backend services"
    // (learn.microsoft.com/azure/api-management/integrate-vnet-outbound) unless the subnet or its NSG stops it
    const delegated = resourcesOf(json, 'azurerm_subnet').filter(([, s]) => s.delegation);
    expect(delegated).toHaveLength(1);
    const [subnetId, subnet] = delegated[0];
    expect(subnet.default_outbound_access_enabled).not.toBe(false);
    const assoc = all('azurerm_subnet_network_security_group_association').find((a) => refOf(a.subnet_id)![1] === subnetId)!;
    const nsg = byName('azurerm_network_security_group')[refOf(assoc.network_security_group_id)![1]];
    expect(nsg.security_rule.filter((r: any) => r.direction === 'Outbound' && r.access === 'Deny')).toEqual([]);
  });

  test('cognitive_account: name rule, network_acls only with custom_subdomain_name, customer_managed_key left to its own resource (cognitive_account_resource.go, validate/account_name.go)', () => {
    for (const a of all('azurerm_cognitive_account')) {
      expect(a.name).toMatch(/^([a-zA-Z0-9]{1}[a-zA-Z0-9_.-]{1,})$/);
      expect(a.name.length).toBeLessThanOrEqual(64);
      expect(a.custom_subdomain_name).toBeDefined(); // network_acls: RequiredWith custom_subdomain_name
      expect(['Allow', 'Deny']).toContain(a.network_acls.default_action);
      expect(['None', 'AzureServices']).toContain(a.network_acls.bypass);
      expect(a.dynamic_throttling_enabled).toBeUndefined(); // "not supported when kind is OpenAI"
      expect(a.customer_managed_key).toBeUndefined();
      expect(a.lifecycle.ignore_changes).toEqual(['customer_managed_key']); // Optional, not Computed
      expect(a.lifecycle.prevent_destroy).toBe(true); // name, kind, custom_subdomain_name are ForceNew
    }
    expect(all('azurerm_cognitive_account_customer_managed_key')).toHaveLength(all('azurerm_cognitive_account').length);
  });

  test('cognitive_deployment: SKU names and upgrade options the provider accepts, capacity >= 1 (cognitive_deployment_resource.go)', () => {
    for (const d of all('azurerm_cognitive_deployment')) {
      expect(['Standard', 'DataZoneBatch', 'DataZoneProvisionedManaged', 'DataZoneStandard', 'GlobalBatch', 'GlobalProvisionedManaged', 'GlobalStandard', 'ProvisionedManaged']).toContain(d.sku.name);
      expect(['GlobalStandard', 'GlobalProvisionedManaged', 'GlobalBatch', 'DataZoneBatch']).not.toContain(d.sku.name); // residency (lib/catalog)
      expect(d.sku.capacity).toBeGreaterThanOrEqual(1);
      expect(['OnceCurrentVersionExpired', 'OnceNewDefaultVersionAvailable', 'NoAutoUpgrade']).toContain(d.version_upgrade_option);
      expect(d.model.format).toBe('OpenAI');
      expect(d.name).not.toBe('');
    }
  });

  test('key_vault: SKU, retention 7-90, ACL values, IPv4/CIDR rules, subnet rules on subnets with the Key Vault service endpoint (key_vault_resource.go)', () => {
    const subnets = Object.fromEntries(resourcesOf(json, 'azurerm_subnet'));
    const associations = Object.fromEntries(resourcesOf(json, 'azurerm_subnet_network_security_group_association'));
    const subnetOf = (ref: string) => {
      const [type, name] = refOf(ref)!;
      return type === 'azurerm_subnet' ? subnets[name] : subnets[refOf(associations[name].subnet_id)![1]];
    };
    for (const v of all('azurerm_key_vault')) {
      expect(['standard', 'premium']).toContain(v.sku_name);
      expect(v.soft_delete_retention_days).toBeGreaterThanOrEqual(7);
      expect(v.soft_delete_retention_days).toBeLessThanOrEqual(90);
      expect(v.network_acls.default_action).toBe('Deny');
      expect(['None', 'AzureServices']).toContain(v.network_acls.bypass);
      for (const r of v.network_acls.ip_rules ?? []) expect(r).toMatch(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/);
      expect(v.network_acls.ip_rules).toEqual(['203.0.113.10/32']); // the policy's deployer.ipRanges, nothing else
      for (const s of v.network_acls.virtual_network_subnet_ids ?? []) {
        expect(subnetOf(s).service_endpoints).toContain('Microsoft.KeyVault'); // Azure refuses a VNet rule without it
      }
      expect(v.rbac_authorization_enabled).toBe(true); // (enable_rbac_authorization ConflictsWith it: not set)
      expect(v.enable_rbac_authorization).toBeUndefined();
    }
  });

  test('key_vault_key: RSA-HSM with key_size (ConflictsWith curve), allowed key_opts, ISO 8601 rotation bounds, expiry kept by ignore_changes (key_vault_key_resource.go)', () => {
    const days = (d: string) => Number(/^P(\d+)D$/.exec(d)![1]);
    for (const k of all('azurerm_key_vault_key')) {
      expect(k.key_type).toBe('RSA-HSM');
      expect([2048, 3072, 4096]).toContain(k.key_size);
      expect(k.curve).toBeUndefined();
      for (const o of k.key_opts) expect(['decrypt', 'encrypt', 'sign', 'unwrapKey', 'verify', 'wrapKey']).toContain(o);
      expect(days(k.rotation_policy.expire_after)).toBeGreaterThanOrEqual(28); // ISO8601DurationBetween("P28D", "P100Y")
      expect(days(k.rotation_policy.notify_before_expiry)).toBeGreaterThanOrEqual(7); // ("P7D", "P36493D")
      expect(k.rotation_policy.automatic.time_before_expiry).toMatch(/^P\d+D$/);
      // expiration_date: IsRFC3339Time, and ForceNewIfChange when it is removed; a value computed at apply
      // (plantimestamp) changes on every plan, so ignore_changes must hold it (test/terraform proves the value)
      expect(k.expiration_date).toBe('${timeadd(plantimestamp(), "8760h")}');
      expect(k.lifecycle.ignore_changes).toContain('expiration_date');
    }
  });

  test('role_assignment: key and secret scopes are ARM ids the provider and Azure RBAC accept (role_assignment_resource.go, keyvault parse/key_versionless.go)', () => {
    for (const r of all('azurerm_role_assignment')) {
      expect(r.role_definition_name).toMatch(/^(Key Vault (Crypto Officer|Crypto User|Crypto Service Encryption User|Certificates Officer|Secrets User)|Cognitive Services OpenAI User)$/);
      const scope: string = r.scope;
      const ref = refOf(scope)!;
      if (ref[0] === 'azurerm_key_vault_key') expect(ref[2]).toBe('resource_versionless_id'); // /subscriptions/.../vaults/<v>/keys/<k>
      // a secret scope names the secret through the certificate read, so the role waits for the imported certificate
      else if (scope.includes('/secrets/')) expect(scope).toMatch(/^\$\{azurerm_key_vault\.[\w-]+\.id\}\/secrets\/\$\{data\.azurerm_key_vault_certificate\.[\w-]+\.name\}$/);
      else expect(['azurerm_key_vault', 'azurerm_cognitive_account']).toContain(ref[0]);
      if (r.principal_type !== undefined) expect(['User', 'Group', 'ServicePrincipal']).toContain(r.principal_type);
    }
    // vault-wide grants are for the deployer (Terraform) only; services get their own key or secret
    const vaultWide = all('azurerm_role_assignment').filter((r) => refOf(r.scope)![0] === 'azurerm_key_vault' && !r.scope.includes('/secrets/'));
    for (const r of vaultWide) expect(refOf(r.principal_id)![0]).toBe('azurerm_client_config');
  });

  test('subnet, network_security_group: delegation name in the provider list, one of prefix/prefixes per rule, priority 100-4096, and every delegated subnet has an NSG (subnet_resource.go, network_security_group_resource.go)', () => {
    const subnets = resourcesOf(json, 'azurerm_subnet');
    const associated = new Set(all('azurerm_subnet_network_security_group_association').map((a) => refOf(a.subnet_id)![1]));
    for (const [name, s] of subnets) {
      for (const d of s.delegation ?? []) expect(d.service_delegation.name).toBe('Microsoft.Web/serverFarms');
      expect(associated.has(name)).toBe(true); // "A network security group must be associated with the subnet" (integrate-vnet-outbound)
    }
    expect(subnets.filter(([, s]) => s.delegation)).toHaveLength(all('azurerm_api_management').length);
    for (const nsg of all('azurerm_network_security_group')) {
      for (const rule of nsg.security_rule) {
        expect(rule.priority).toBeGreaterThanOrEqual(100);
        expect(rule.priority).toBeLessThanOrEqual(4096);
        expect(rule.source_address_prefix !== undefined && rule.source_address_prefix !== null && rule.source_address_prefixes?.length).toBeFalsy();
        expect(rule.destination_address_prefix !== undefined && rule.destination_address_prefix !== null && rule.destination_address_prefixes?.length).toBeFalsy();
        expect(['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*']).toContain(rule.protocol);
      }
    }
  });

  test('data azurerm_key_vault_certificate: name rule and key_vault_id of a vault in the stack (key_vault_certificate_data_source.go)', () => {
    for (const [, c] of Object.entries(json.data?.azurerm_key_vault_certificate ?? {}) as [string, any][]) {
      expect(c.name).toMatch(/^[0-9a-zA-Z-]+$/); // keyvault.ValidateNestedItemName
      expect(refOf(c.key_vault_id)!.slice(0, 1)).toEqual(['azurerm_key_vault']);
      expect(c.lifecycle.postcondition).toHaveLength(2);
    }
  });
});
