/**
 * The validated policy, with catalog entries resolved: what `stacks/` composes constructs from.
 */
import { BUILTIN_OPERATOR_ROWS, regionalGatewayHostname, type AzureOpenAiDeploymentType, type CountryCode, type Jurisdiction, type Region } from '../catalog';
import type { DeclaredContract, FailoverEndpointPolicy } from './model-endpoint';
import { withSovereignTier, type SovereignTierPolicy } from './model-sovereign';

export type { DeclaredContract, FailoverEndpointPolicy };

export interface AwsPlacement {
  readonly primary: Region;
  /** Absent where the jurisdiction fails over to its other cloud (e.g. one AWS region per EU member state). */
  readonly secondary?: Region;
  /** Partition shared by both regions (`aws`, `aws-us-gov`, `aws-eusc`). */
  readonly partition: Region['partition'];
  readonly accountId?: string;
  readonly roleArn?: string;
}

export interface AzurePlacement {
  readonly primary: Region;
  readonly secondary?: Region;
  readonly subscriptionId?: string;
  readonly tenantId?: string;
  /** Public IPv4 ranges of the Terraform runners: the only public sources the vault firewalls admit. */
  readonly deployerIpRanges?: readonly string[];
}

/** The engine that deploys the stacks. */
export type Engine = 'terraform' | 'opentofu';

/** OpenTofu client-side state and plan encryption: the key provider and where its key lives. */
export type StateEncryption = (
  | { readonly kind: 'aws_kms'; readonly kmsKeyArn: string; readonly region: Region }
  | { readonly kind: 'azure_vault'; readonly vaultName: string; readonly keyName: string; readonly location: Region }
) & {
  /** Read an existing unencrypted state through an `unencrypted` fallback (not enforced) until it is rewritten. */
  readonly migrateFromUnencrypted: boolean;
};

/**
 * State at a national operator's S3-compatible object storage: the Terraform `s3` backend with a
 * custom endpoint, path-style addressing and the AWS-only checks skipped. Credentials come from the
 * environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or `profile`, never from the policy.
 */
export interface S3CompatibleStateBackend {
  readonly kind: 's3-compatible';
  /** A key of `SovereigntyPolicy.operators` (or a built-in operator); its home country is inside the jurisdiction. */
  readonly operator: string;
  /** Where the storage location is; inside the jurisdiction. */
  readonly country: CountryCode;
  /** `https://s3.gra.io.cloud.ovh.net` (Terraform `endpoints.s3`). */
  readonly endpoint: string;
  readonly bucket: string;
  /** The operator's signing region name (not an AWS region). */
  readonly region: string;
  readonly key: string;
  /** @default true */
  readonly usePathStyle: boolean;
  /** Terraform `skip_s3_checksum = !checksums`. @default false */
  readonly checksums: boolean;
  /** Terraform `encrypt`. @default true */
  readonly serverSideEncryption: boolean;
  /** @default the environment's credentials */
  readonly profile?: string;
}

export type StateBackend = (
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region: Region;
      readonly key: string;
      readonly kmsKeyId?: string;
      readonly roleArn?: string;
    }
  | {
      readonly kind: 'azurerm';
      readonly storageAccount: string;
      readonly container: string;
      readonly resourceGroup: string;
      readonly location: Region;
      readonly key: string;
      readonly subscriptionId?: string;
    }
  | S3CompatibleStateBackend
) & {
  /** engine opentofu: the key that encrypts state and plans; absent with terraform. */
  readonly encryption?: StateEncryption;
};

export interface DataStorePolicy {
  readonly name: string;
  readonly classification: 'public' | 'internal' | 'confidential' | 'restricted';
  readonly replication: boolean;
  readonly noncurrentVersionExpirationDays: number;
  readonly objectLockDays?: number;
  readonly privateOnly: boolean;
}

export interface FailoverPolicy {
  /** Explicit gateways in failover order; absent: the jurisdiction's inference gateways. */
  readonly endpoints?: readonly FailoverEndpointPolicy[];
  /** Other operators' endpoints, tried after the gateways. */
  readonly external: readonly FailoverEndpointPolicy[];
  readonly allowCrossBorder: boolean;
  readonly drill?: { readonly fail: readonly string[] };
  readonly nameServers?: readonly string[];
}

/**
 * A DNS provider the policy declares (not provisioned by this tool) that also serves the service
 * name: the cut-off analysis credits it as a path when the main provider cannot answer.
 */
export interface ExternalDnsPolicy {
  readonly name: string;
  /** A key of `SovereigntyPolicy.operators`. */
  readonly operator: string;
  /** Jurisdiction id → name of the failover endpoint (in that jurisdiction's chain) it answers with. */
  readonly answers: Readonly<Record<string, string>>;
}

/**
 * Operators every policy knows, with their home country: the built-in rows of the catalog's operator
 * table (lib/catalog/operators.ts, where the AWS European Sovereign Cloud caveat is written down).
 * Validation reads the live table (`builtinOperators()`), which also holds registered operators.
 */
export const BUILTIN_OPERATORS: Readonly<Record<string, { readonly country: CountryCode; readonly description: string }>> = Object.freeze(
  Object.fromEntries(BUILTIN_OPERATOR_ROWS.map((r) => [r.name, { country: r.home, description: r.description }])),
);

/** DNS providers the synthesized stacks can use, as scenario names `dns:<name>`. */
export const BUILTIN_DNS_PROVIDERS: readonly string[] = Object.freeze(['route53', 'route53-eusc', 'traffic-manager']);

/** An operator the policy names besides the built-in aws, azure and aws-eusc. */
export interface OperatorPolicy {
  /** Home country: whose law, sanctions and export rules reach the operator (not where it runs). */
  readonly country: CountryCode;
  readonly description?: string;
}

export interface DnsPolicy {
  /** The engine that deploys the routing stack (policy `engine`). */
  readonly engine: Engine;
  /** `terraform.required_version` of the routing stack. */
  readonly requiredTerraformVersion: string;
  readonly provider: 'route53' | 'azure';
  readonly serviceName: string;
  readonly state: StateBackend;
  readonly aws?: { readonly accountId?: string; readonly roleArn?: string };
  readonly azure?: { readonly location: Region; readonly subscriptionId?: string; readonly tenantId?: string };
  /** Declared second DNS providers (validated: operator declared, answers name real endpoints). */
  readonly external?: readonly ExternalDnsPolicy[];
  /** PowerDNS servers the jurisdiction runs, serving the same zones from the same chain (lib/dns/powerdns.ts). */
  readonly powerdns?: PowerDnsPolicy;
}

/** Authoritative PowerDNS servers run inside a jurisdiction (policy `dns.powerdns`). */
export interface PowerDnsPolicy {
  /** Scenario name `dns:<name>`. */
  readonly name: string;
  /** A key of `SovereigntyPolicy.operators` (or a built-in operator). */
  readonly operator: string;
  /** The servers' host names, listed at the registrar beside Route 53's. */
  readonly nameServers: readonly string[];
}

export interface SelfHostedModelPolicy {
  /** Regions (primary first) that run the model, each behind its own gateway. */
  readonly regions: readonly Region[];
  /** ECR image URI per region code (`{region}` substituted). */
  readonly images: Readonly<Record<string, string>>;
  readonly modelData: { readonly store: string; readonly key: string };
  readonly instanceType: string;
  readonly instanceCount: number;
  readonly maxInstanceCount: number;
  readonly targetInvocationsPerInstance: number;
  readonly environment: Readonly<Record<string, string>>;
  /** What the gateway's `GET /health` sends to the model (default: one TGI token). */
  readonly healthProbe: { readonly contentType: string; readonly body: string };
}

export interface BedrockPolicy {
  readonly region: Region;
  readonly models: readonly { readonly name: string; readonly modelId: string; readonly crossRegion: boolean; readonly euProfileDestinations?: readonly string[] }[];
}

export interface AzureOpenAiPolicy {
  readonly region: Region;
  readonly deployments: readonly { readonly model: string; readonly version?: string; readonly deploymentType?: AzureOpenAiDeploymentType; readonly capacity: number }[];
  readonly certificateName: string;
}

export interface InferencePolicy {
  readonly selfHosted?: SelfHostedModelPolicy;
  readonly bedrock?: BedrockPolicy;
  readonly azureOpenAi?: AzureOpenAiPolicy;
  readonly logRetentionDays: number;
}

export interface GuardrailsPolicy {
  readonly aws?: { readonly targetId: string; readonly roleArn?: string; readonly allowEuInferenceProfiles: boolean };
  readonly azure?: { readonly subscriptionId?: string; readonly managementGroupId?: string };
}

/** The contract every gateway of a jurisdiction's chain serves (policy `clients`). */
export interface ClientContract {
  /** The model name clients send and `GET /v1/models` lists (default `chat`). */
  readonly model: string;
  /** The jurisdiction's OIDC issuer and audience of client JWTs; absent: each tier keeps its cloud's credential. */
  readonly jwt?: { readonly issuer: string; readonly audience: string };
  /** The one name clients dial: `<service>.<id>.<domain>` (jurisdiction, default) or `<service>.<domain>` (country). */
  readonly hostname: 'jurisdiction' | 'country';
}

export interface JurisdictionPolicy {
  readonly jurisdiction: Jurisdiction;
  /** The client contract of the chain (policy `clients`). */
  readonly clients: ClientContract;
  readonly clientCountries: readonly CountryCode[];
  readonly aws?: AwsPlacement;
  readonly azure?: AzurePlacement;
  readonly state: StateBackend;
  readonly dataStores: readonly DataStorePolicy[];
  readonly failover: FailoverPolicy;
  readonly inference?: InferencePolicy;
  /** Organization guardrails (their own stack, deployed with organization rights). */
  readonly guardrails?: GuardrailsPolicy;
  /** The sovereign inference tier (vLLM on a national operator's cluster; stack `sovereign-<id>-sovereign`). */
  readonly sovereign?: SovereignTierPolicy;
  /** Scenarios (`region-outage`, `cutoff:US`, ...) after which inference must still answer; checked on the synthesized output. */
  readonly survives?: readonly string[];
  /** The engine that deploys the stack (policy `engine`). */
  readonly engine: Engine;
  /**
   * Version constraint of that engine (`terraform.required_version`, read by both): Terraform >= 1.10
   * (S3 native locking), >= 1.14 with AWS EUSC; OpenTofu >= 1.10 (native locking, aws_kms), >= 1.11 with azure_vault.
   */
  readonly requiredTerraformVersion: string;
}

export interface SovereigntyPolicy {
  readonly name: string;
  /** The engine that deploys every stack. */
  readonly engine: Engine;
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** UTC date (YYYY-MM-DD) that pins the first key versions' expiry; absent: 365 days after the creating apply. */
  readonly keyIssuedOn?: string;
  readonly domain: string;
  /** Jurisdiction id for clients no jurisdiction claims, or null for no answer. */
  readonly routingDefault: string | null;
  /** Operator contact (API Management publisher). */
  readonly contact?: { readonly email: string; readonly name?: string };
  /** Global routing and failover DNS; absent: no zones or health checks. */
  readonly dns?: DnsPolicy;
  readonly jurisdictions: readonly JurisdictionPolicy[];
  /** Home countries of the operators the policy names (external endpoints, DNS providers), by name. */
  readonly operators?: Readonly<Record<string, OperatorPolicy>>;
}

/**
 * The inference gateways a jurisdiction's policy asks for, in failover order (AWS self-hosted
 * regions, then Azure OpenAI), named as they appear in its chain: `aws-<region>`, `azure-<region>`.
 */
export function inferenceGateways(j: Pick<JurisdictionPolicy, 'inference'>): { readonly name: string; readonly cloud: 'aws' | 'azure'; readonly region: Region }[] {
  const aws = (j.inference?.selfHosted?.regions ?? []).map((region) => ({ name: `aws-${region.code}`, cloud: 'aws' as const, region }));
  const az = j.inference?.azureOpenAi ? [{ name: `azure-${j.inference.azureOpenAi.region.code}`, cloud: 'azure' as const, region: j.inference.azureOpenAi.region }] : [];
  return [...aws, ...az];
}

/**
 * The gateways as failover endpoints, in chain order: each serves its regional name
 * `<region>.<id>.<domain>` (both clouds), operated by its cloud, in its region's country.
 */
export function gatewayEndpoints(j: Pick<JurisdictionPolicy, 'inference' | 'jurisdiction'>, domain: string): FailoverEndpointPolicy[] {
  return inferenceGateways(j).map((g) => ({ name: g.name, hostname: regionalGatewayHostname(g.region.code, j.jurisdiction.id, domain), operator: g.cloud, country: g.region.country }));
}

/** The one name the jurisdiction's clients dial (policy `clients.hostname`), given the policy's DNS service label. */
export function clientHostname(j: Pick<JurisdictionPolicy, 'clients' | 'jurisdiction'>, serviceName: string, domain: string): string {
  return j.clients.hostname === 'country' ? `${serviceName}.${domain}` : `${serviceName}.${j.jurisdiction.id}.${domain}`;
}

/** The failover chain DNS serves: the policy's explicit endpoints (else its gateways), then the external endpoints; the sovereign tier at its position (last by default). */
export function policyFailoverChain(j: Pick<JurisdictionPolicy, 'inference' | 'jurisdiction' | 'failover'> & { readonly sovereign?: SovereignTierPolicy }, domain: string): FailoverEndpointPolicy[] {
  return withSovereignTier([...(j.failover.endpoints ?? gatewayEndpoints(j, domain)), ...j.failover.external], j.sovereign);
}
