/**
 * The validated policy, with catalog entries resolved: what `stacks/` composes constructs from.
 */
import type { AzureOpenAiDeploymentType, CountryCode, Jurisdiction, Region } from '../catalog';

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
}

export type StateBackend =
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
    };

export interface DataStorePolicy {
  readonly name: string;
  readonly classification: 'public' | 'internal' | 'confidential' | 'restricted';
  readonly replication: boolean;
  readonly noncurrentVersionExpirationDays: number;
  readonly objectLockDays?: number;
  readonly privateOnly: boolean;
}

export interface FailoverEndpointPolicy {
  readonly name: string;
  readonly hostname: string;
  readonly operator: string;
  readonly country: CountryCode;
  readonly healthCheckPath?: string;
  readonly port?: number;
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

export interface DnsPolicy {
  readonly provider: 'route53' | 'azure';
  readonly serviceName: string;
  readonly state: StateBackend;
  readonly aws?: { readonly accountId?: string; readonly roleArn?: string };
  readonly azure?: { readonly location: Region; readonly subscriptionId?: string; readonly tenantId?: string };
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

export interface JurisdictionPolicy {
  readonly jurisdiction: Jurisdiction;
  readonly clientCountries: readonly CountryCode[];
  readonly aws?: AwsPlacement;
  readonly azure?: AzurePlacement;
  readonly state: StateBackend;
  readonly dataStores: readonly DataStorePolicy[];
  readonly failover: FailoverPolicy;
  readonly inference?: InferencePolicy;
  /** Terraform version constraint the stack's features need (S3 native locking: 1.10; AWS EUSC: 1.14). */
  readonly requiredTerraformVersion: string;
}

export interface SovereigntyPolicy {
  readonly name: string;
  /** Prefix of globally unique names. */
  readonly namespace: string;
  /** UTC date (YYYY-MM-DD) Azure keys are first issued; present when Azure data stores exist. */
  readonly keyIssuedOn?: string;
  readonly domain: string;
  /** Jurisdiction id for clients no jurisdiction claims, or null for no answer. */
  readonly routingDefault: string | null;
  /** Operator contact (API Management publisher). */
  readonly contact?: { readonly email: string; readonly name?: string };
  /** Global routing and failover DNS; absent: no zones or health checks. */
  readonly dns?: DnsPolicy;
  readonly jurisdictions: readonly JurisdictionPolicy[];
}
