/**
 * Reads the regional components of one stack from its synthesized JSON: keys, data stores and their
 * copies, models, gateways and the state backend, each with its operator and region.
 */
import { describeCountry, findRegion, operatorAt, operatorOfPartition, type Cloud } from '../catalog';
import { placementOf } from '../synth-files';
import type { DeclaredStateOperator } from './declarations';
import type { Component, ComponentKind, Gateway, Model, Store, StoreCopy } from './model';
import { awsRegionOf, block, constructPathOf, follow, literal, resourcesOf, type SynthResource, type SynthStack } from './synth-output';
import { originOf } from './cross-stack';
import { awsGatewayContract, azureGatewayContract } from './contract';

/**
 * A component placed by the residency kernel (lib/catalog/residency.ts): its operator is the catalog
 * row that runs the region (aws, aws-eusc, azure, a registered one), its country the region's.
 */
export function placedComponent(r: SynthResource, kind: ComponentKind, label: string, cloud: Cloud, region: string | undefined, extra: Partial<Component> = {}): Component {
  const at = operatorAt(cloud, region);
  return { kind, label, address: `${originOf(r.stack, r.type, r.name)}/${r.type}.${r.name}`, operator: at.operator, region, country: at.region?.country, ...extra };
}

/** Any resource an operator row recognises, placed as the rule pack places it (lib/synth-files/placement.ts). */
export function componentOf(r: SynthResource, kind: ComponentKind, label: string): Component | undefined {
  const p = placementOf(r.stack.json, 'resource', r.type, r.name);
  return p ? placedComponent(r, kind, label, p.cloud, literal(p.region)) : undefined;
}

export function awsComponent(r: SynthResource, kind: ComponentKind, label: string, region = awsRegionOf(r.stack, r.attrs)): Component {
  return placedComponent(r, kind, label, 'aws', region);
}

export function azureComponent(r: SynthResource, kind: ComponentKind, label: string, location: string | undefined, extra: Partial<Component> = {}): Component {
  return placedComponent(r, kind, label, 'azure', location, extra);
}

export interface StackResources {
  readonly keys: Map<string, Component>;
  readonly stores: Store[];
  readonly models: Model[];
  readonly gateways: Gateway[];
  /** API Gateway custom domain resource name → gateway (targets of Route 53 alias records). */
  readonly gatewayDomains: Map<string, Gateway>;
}

/** KMS keys and Key Vault keys by address. */
function readKeys(stack: SynthStack): Map<string, Component> {
  const keys = new Map<string, Component>();
  for (const k of resourcesOf(stack, 'aws_kms_key')) keys.set(`aws_kms_key.${k.name}`, awsComponent(k, 'key', `KMS key "${k.attrs.description ?? k.name}"`));
  for (const k of resourcesOf(stack, 'azurerm_key_vault_key')) {
    const vault = follow(stack, k.attrs.key_vault_id, 'azurerm_key_vault');
    const location = literal(vault?.attrs.location);
    const pair = location ? findRegion('azure', location)?.pairedRegion ?? undefined : undefined;
    keys.set(`azurerm_key_vault_key.${k.name}`, azureComponent(k, 'key', `Key Vault key ${k.attrs.name} (vault ${vault?.attrs.name ?? '?'})`, location, { fallbackRegion: pair }));
  }
  return keys;
}

function keyOf(keys: Map<string, Component>, type: string, r: SynthResource | undefined): Component | undefined {
  return r ? keys.get(`${type}.${r.name}`) : undefined;
}

function readAwsStores(stack: SynthStack, keys: Map<string, Component>, copies: Map<string, Component>): Store[] {
  const byStore = new Map<string, StoreCopy[]>();
  const sse = resourcesOf(stack, 'aws_s3_bucket_server_side_encryption_configuration');
  for (const b of resourcesOf(stack, 'aws_s3_bucket')) {
    const tags = (b.attrs.tags ?? {}) as Record<string, string>;
    if (tags.purpose === 'access-logs') continue;
    const component = awsComponent(b, 'store', `S3 bucket ${String(b.attrs.bucket).replace(/\$\{[^}]+\}/g, '<account>')}`);
    copies.set(`aws_s3_bucket.${b.name}`, component);
    const enc = sse.find((s) => follow(stack, s.attrs.bucket, 'aws_s3_bucket')?.name === b.name);
    const key = keyOf(keys, 'aws_kms_key', follow(stack, enc?.attrs.rule, 'aws_kms_key'));
    const name = tags.store ?? b.name;
    byStore.set(name, [...(byStore.get(name) ?? []), { component, key }]);
  }
  return [...byStore].map(([name, list]) => ({ name, cloud: 'aws', copies: list }));
}

const GEO_REDUNDANT = /^(RA-)?(GRS|GZRS)$/;

function readAzureStores(stack: SynthStack, keys: Map<string, Component>): Store[] {
  const byAccount = new Map<string, { name: string; copies: StoreCopy[] }>();
  for (const a of resourcesOf(stack, 'azurerm_storage_account')) {
    const location = literal(a.attrs.location);
    const key = keyOf(keys, 'azurerm_key_vault_key', follow(stack, a.attrs.customer_managed_key, 'azurerm_key_vault_key'));
    const redundancy = String(a.attrs.account_replication_type ?? 'LRS');
    const store = /\/store-([a-z0-9]+)-azure\//.exec(constructPathOf(a.attrs))?.[1] ?? String(a.attrs.name);
    const list: StoreCopy[] = [{ component: azureComponent(a, 'store', `storage account ${a.attrs.name} (${redundancy})`, location), key }];
    const pair = location ? findRegion('azure', location)?.pairedRegion : undefined;
    if (GEO_REDUNDANT.test(redundancy) && pair) {
      const note = redundancy.startsWith('RA-') ? 'read access in the paired region' : 'readable after an account failover to the paired region';
      list.push({ component: azureComponent(a, 'store', `storage account ${a.attrs.name}, ${redundancy} secondary`, pair), key, note });
    }
    byAccount.set(a.name, { name: store, copies: list });
  }
  for (const o of resourcesOf(stack, 'azurerm_storage_object_replication')) {
    const src = byAccount.get(follow(stack, o.attrs.source_storage_account_id, 'azurerm_storage_account')?.name ?? '');
    const dstName = follow(stack, o.attrs.destination_storage_account_id, 'azurerm_storage_account')?.name ?? '';
    const dst = byAccount.get(dstName);
    if (!src || !dst || src === dst) continue;
    src.copies.push(...dst.copies.map((c) => ({ ...c, note: c.note ?? 'object replication target' })));
    byAccount.delete(dstName);
  }
  return [...byAccount.values()].map(({ name, copies }) => ({ name, cloud: 'azure', copies }));
}

function readModels(stack: SynthStack, keys: Map<string, Component>, copies: Map<string, Component>): Map<string, Model> {
  const models = new Map<string, Model>();
  for (const e of resourcesOf(stack, 'aws_sagemaker_endpoint')) {
    const config = follow(stack, e.attrs.endpoint_config_name, 'aws_sagemaker_endpoint_configuration');
    const variant = config?.attrs.production_variants?.[0] ?? {};
    const model = follow(stack, variant.model_name, 'aws_sagemaker_model');
    const bucket = follow(stack, model?.attrs.primary_container, 'aws_s3_bucket');
    const key = keyOf(keys, 'aws_kms_key', follow(stack, config?.attrs.kms_key_arn, 'aws_kms_key'));
    models.set(`aws_sagemaker_endpoint.${e.name}`, {
      component: awsComponent(e, 'model', `SageMaker endpoint ${e.attrs.name}`),
      detail: `SageMaker endpoint ${e.attrs.name} (${variant.instance_type ?? '?'} × ${variant.initial_instance_count ?? '?'})`,
      keys: key ? [key] : [],
      artifacts: bucket ? copies.get(`aws_s3_bucket.${bucket.name}`) : undefined,
    });
  }
  const cmks = resourcesOf(stack, 'azurerm_cognitive_account_customer_managed_key');
  const deployments = resourcesOf(stack, 'azurerm_cognitive_deployment');
  for (const a of resourcesOf(stack, 'azurerm_cognitive_account')) {
    const cmk = cmks.find((c) => follow(stack, c.attrs.cognitive_account_id, 'azurerm_cognitive_account')?.name === a.name);
    const key = keyOf(keys, 'azurerm_key_vault_key', follow(stack, cmk?.attrs.key_vault_key_id, 'azurerm_key_vault_key'));
    const mine = deployments.filter((d) => follow(stack, d.attrs.cognitive_account_id, 'azurerm_cognitive_account')?.name === a.name);
    const what = mine.map((d) => `${block(d.attrs.model)?.name ?? d.attrs.name} (${block(d.attrs.sku)?.name ?? '?'})`).join(', ') || 'no deployment';
    models.set(`azurerm_cognitive_account.${a.name}`, {
      component: azureComponent(a, 'model', `Azure OpenAI ${a.attrs.name}`, literal(a.attrs.location)),
      detail: `Azure OpenAI ${a.attrs.name}: ${what}`,
      keys: key ? [key] : [],
    });
  }
  for (const p of resourcesOf(stack, 'aws_bedrock_inference_profile')) {
    models.set(`aws_bedrock_inference_profile.${p.name}`, { component: awsComponent(p, 'model', `Bedrock profile ${p.attrs.name}`), detail: `Bedrock application inference profile ${p.attrs.name} (no gateway)`, keys: [] });
  }
  return models;
}

function readGateways(stack: SynthStack, models: Map<string, Model>): { gateways: Gateway[]; gatewayDomains: Map<string, Gateway> } {
  const gateways: Gateway[] = [];
  const gatewayDomains = new Map<string, Gateway>();
  const integrations = resourcesOf(stack, 'aws_api_gateway_integration');
  const mappings = resourcesOf(stack, 'aws_api_gateway_base_path_mapping');
  for (const api of resourcesOf(stack, 'aws_api_gateway_rest_api')) {
    const refersToApi = (r: SynthResource, attr: string) => follow(stack, r.attrs[attr], 'aws_api_gateway_rest_api')?.name === api.name;
    const endpoint = integrations.filter((i) => refersToApi(i, 'rest_api_id') && i.attrs.type === 'AWS').map((i) => follow(stack, i.attrs.uri, 'aws_sagemaker_endpoint')).find((e) => e);
    const domains = mappings.filter((m) => refersToApi(m, 'api_id')).map((m) => follow(stack, m.attrs.domain_name, 'aws_api_gateway_domain_name')).filter((d): d is SynthResource => !!d);
    const gateway: Gateway = {
      component: awsComponent(api, 'gateway', `API Gateway ${api.attrs.name}`),
      hostnames: domains.map((d) => String(d.attrs.domain_name)),
      model: endpoint ? models.get(`aws_sagemaker_endpoint.${endpoint.name}`) : undefined,
      contract: awsGatewayContract(stack, api, domains.map((d) => String(d.attrs.domain_name))),
    };
    gateways.push(gateway);
    for (const d of domains) gatewayDomains.set(d.name, gateway);
  }
  const backends = resourcesOf(stack, 'azurerm_api_management_backend');
  const accounts = resourcesOf(stack, 'azurerm_cognitive_account');
  for (const apim of resourcesOf(stack, 'azurerm_api_management')) {
    const hosts = backends.filter((b) => follow(stack, b.attrs.api_management_name, 'azurerm_api_management')?.name === apim.name).map((b) => /^https:\/\/([^./]+)\./.exec(String(b.attrs.url))?.[1]);
    const account = accounts.find((a) => hosts.includes(a.attrs.custom_subdomain_name));
    gateways.push({
      component: azureComponent(apim, 'gateway', `API Management ${apim.attrs.name}`, literal(apim.attrs.location)),
      hostnames: [`${apim.attrs.name}.azure-api.net`],
      model: account ? models.get(`azurerm_cognitive_account.${account.name}`) : undefined,
      contract: azureGatewayContract(stack, apim),
    });
  }
  return { gateways, gatewayDomains };
}

export function readStackResources(stack: SynthStack): StackResources {
  const keys = readKeys(stack);
  const copies = new Map<string, Component>();
  const stores = [...readAwsStores(stack, keys, copies), ...readAzureStores(stack, keys)];
  const models = readModels(stack, keys, copies);
  return { keys, stores, models: [...models.values()], ...readGateways(stack, models) };
}

/**
 * The OpenTofu key that encrypts the stack's state and plans (`terraform.encryption.key_provider`),
 * or undefined when the stack has none (Terraform: encrypted at rest by the backend only). An
 * azure_vault key's region comes from the declarations (its vault URI has none).
 */
export function readStateKey(stack: SynthStack, vaultLocation: string | undefined): Component | undefined {
  const providers = (stack.json.terraform as { encryption?: { key_provider?: Record<string, Record<string, Record<string, any>>> } } | undefined)?.encryption?.key_provider ?? {};
  const address = `${stack.name}/terraform.encryption`;
  for (const [type, byName] of Object.entries(providers)) {
    for (const [name, attrs] of Object.entries(byName ?? {})) {
      if (type === 'aws_kms') {
        const region = typeof attrs.region === 'string' ? attrs.region : String(attrs.kms_key_id ?? '').split(':')[3];
        const found = region ? findRegion('aws', region) : undefined;
        return { kind: 'key', label: `OpenTofu state key ${attrs.kms_key_id} (aws_kms ${name})`, address, operator: found ? operatorOfPartition(found.partition) : 'aws', region, country: found?.country };
      }
      if (type === 'azure_vault') {
        const vault = String(attrs.vault_uri ?? '').replace(/^https:\/\//, '').split('.')[0];
        return {
          kind: 'key',
          label: `OpenTofu state key ${attrs.vault_key_name} in Key Vault ${vault} (azure_vault ${name}, ${vaultLocation ?? 'location not declared'})`,
          address,
          operator: 'azure',
          region: vaultLocation,
          country: vaultLocation ? findRegion('azure', vaultLocation)?.country : undefined,
        };
      }
      return { kind: 'key', label: `OpenTofu state key (${type} ${name})`, address, operator: type };
    }
  }
  return undefined;
}

/**
 * The stack's state backend as a component (an azurerm backend's location, and the operator and
 * country of an S3-compatible one, come from the declarations). An s3 backend with `endpoints.s3`
 * is not AWS: without a declaration its operator is the endpoint's host, whose home is unknown.
 */
export function readStateBackend(stack: SynthStack, azureLocation: string | undefined, s3Operator?: DeclaredStateOperator): Component {
  const backend = stack.json.terraform?.backend ?? {};
  const address = `${stack.name}/terraform.backend`;
  const s3 = backend.s3 as { endpoints?: { s3?: unknown }; endpoint?: unknown } | undefined;
  const endpoint = s3?.endpoints?.s3 ?? s3?.endpoint;
  if (backend.s3 && typeof endpoint === 'string') {
    const host = endpoint.replace(/^[a-z]+:\/\//, '').replace(/[/:].*$/, '');
    const where = s3Operator ? describeCountry(s3Operator.country) : 'country not declared';
    return { kind: 'state', label: `S3-compatible state bucket ${backend.s3.bucket} at ${host} (${where})`, address, operator: s3Operator?.operator ?? host, country: s3Operator?.country };
  }
  if (backend.s3) {
    const region = String(backend.s3.region);
    const found = findRegion('aws', region);
    return { kind: 'state', label: `S3 state bucket ${backend.s3.bucket} (${region})`, address, operator: found ? operatorOfPartition(found.partition) : 'aws', region, country: found?.country };
  }
  if (backend.azurerm) {
    const where = azureLocation ?? 'location not declared';
    return { kind: 'state', label: `azurerm state account ${backend.azurerm.storage_account_name} (${where})`, address, operator: 'azure', region: azureLocation, country: azureLocation ? findRegion('azure', azureLocation)?.country : undefined };
  }
  const kind = Object.keys(backend)[0] ?? 'local';
  return { kind: 'state', label: `${kind} state backend`, address, operator: kind === 'local' ? 'local' : kind };
}
