/**
 * What the analysis knows about a synthesized app: components with their operator and place, and
 * how they connect (DNS → gateway → model → store → key), per jurisdiction.
 */
import type { CountryCode } from '../catalog';
import type { TierContract } from './contract';
import type { DeclaredEndpoint, DeclaredExternalDns, DeclaredJurisdiction, SovereigntyDeclarations } from './declarations';
import type { OperatorTable } from './operators';

export type ComponentKind = 'gateway' | 'model' | 'store' | 'key' | 'dns' | 'state' | 'endpoint';

/** Anything that can be lost in a scenario. */
export interface Component {
  readonly kind: ComponentKind;
  /** `API Gateway eu-eu-central-1-inference`, `Route 53 zone eu.ai.example.com` */
  readonly label: string;
  /** `sovereign-eu/aws_kms_key.key_1`, or `declared:<name>` for what the policy declares. */
  readonly address: string;
  readonly operator: string;
  /** Region code; undefined for global services (Route 53, Traffic Manager) and declared endpoints. */
  readonly region?: string;
  /** Country it runs in, when known. */
  readonly country?: CountryCode;
  /** DNS components: the provider (`route53`, `route53-eusc`, `traffic-manager`, a declared name). */
  readonly dnsProvider?: string;
  /** Azure Key Vault: Microsoft fails a vault over, read-only, to its paired region. */
  readonly fallbackRegion?: string;
  /** Declared in the policy, not provisioned by this tool. */
  readonly declared?: boolean;
}

export interface Model {
  readonly component: Component;
  /** `SageMaker endpoint sovai-eu-llm (ml.g5.2xlarge)`, `Azure OpenAI gpt-4o (DataZoneStandard)` */
  readonly detail: string;
  /** Keys it cannot run without (Azure OpenAI customer-managed key). */
  readonly keys: readonly Component[];
  /** Store copy it loads artifacts from (SageMaker `model_data_url`). */
  readonly artifacts?: Component;
}

export interface Gateway {
  readonly component: Component;
  /** Host names it serves (API Gateway custom domains; `<name>.azure-api.net`). */
  readonly hostnames: readonly string[];
  readonly model?: Model;
  /** The client contract it serves, read from its routes, credential check and custom domains. */
  readonly contract?: TierContract;
}

export interface StoreCopy {
  readonly component: Component;
  readonly key?: Component;
  /** `readable after an account failover` for Azure GRS/GZRS secondaries. */
  readonly note?: string;
}

export interface Store {
  /** `models` */
  readonly name: string;
  /** `aws` or `azure`: copies are never synchronized across clouds, so each cloud's store stands alone. */
  readonly cloud: string;
  readonly copies: readonly StoreCopy[];
}

export interface HealthCheck {
  readonly component: Component;
  readonly fqdn: string;
  /** A drill: the check reports the opposite of the endpoint's state. */
  readonly inverted: boolean;
  /** Endpoint name (the check's `Name` tag). */
  readonly endpointName?: string;
}

export interface DnsRecord {
  readonly name: string;
  readonly type: string;
  readonly failover?: 'PRIMARY' | 'SECONDARY';
  readonly setIdentifier?: string;
  readonly healthCheck?: HealthCheck;
  /** CNAME targets. */
  readonly targets: readonly string[];
  /** Alias to another name of the same zone. */
  readonly aliasName?: string;
  readonly evaluateTargetHealth?: boolean;
  /** Alias to an API Gateway custom domain. */
  readonly aliasGateway?: Gateway;
  /** Geolocation: ISO code, or `*`. */
  readonly geoCountry?: string;
}

export interface Zone {
  readonly name: string;
  readonly stack: string;
  /** The stack only looks the zone up by name (another stack creates it). @default false */
  readonly lookup?: boolean;
  readonly component: Component;
  readonly records: readonly DnsRecord[];
}

/** One endpoint of a failover chain, in order. */
export interface ChainLink {
  readonly position: number;
  readonly name: string;
  readonly hostname: string;
  /** `api.eu.ai.example.com PRIMARY`, `Traffic Manager priority 2` */
  readonly via: string;
}

export interface TrafficManagerChild {
  readonly jurisdiction: string;
  readonly countries: readonly CountryCode[];
  readonly endpoints: readonly { readonly name: string; readonly target: string; readonly priority: number; readonly enabled: boolean }[];
}

export interface Routing {
  readonly stack: string;
  /** Route 53: the parent zone with geolocation records and NS delegations. */
  readonly parentZone?: Zone;
  /** Traffic Manager: the Geographic parent profile and its Priority children. */
  readonly trafficManager?: { readonly component: Component; readonly children: readonly TrafficManagerChild[] };
  readonly state: Component;
  /** The OpenTofu key that encrypts the state, when there is one. */
  readonly stateKey?: Component;
}

export interface JurisdictionTopology {
  readonly id: string;
  readonly stack: string;
  /** Countries the data may be in (from the `data-residency` tag). */
  readonly countries: readonly CountryCode[];
  readonly residency: string;
  /** Client countries the routing sends here. */
  readonly clientCountries: readonly CountryCode[];
  readonly gateways: readonly Gateway[];
  readonly models: readonly Model[];
  readonly stores: readonly Store[];
  readonly keys: readonly Component[];
  readonly state: Component;
  /** The OpenTofu key that encrypts state and plans; undefined: the state is encrypted at rest by the backend only. */
  readonly stateKey?: Component;
  readonly zone?: Zone;
  /** The name clients of this jurisdiction resolve first below the routing layer. */
  readonly serviceName?: string;
  readonly chain: readonly ChainLink[];
  /**
   * Route 53 routing: the country-routed name (`api.<domain>`), the name its geolocation records for this
   * jurisdiction point to, and the tiers that name fails over between (a shorter chain where some tiers do not
   * serve it; empty when it points nowhere, `unrouted.<domain>`).
   * @default - no geolocation records for this jurisdiction (Traffic Manager, or no routing stack)
   */
  readonly countryRoute?: { readonly name: string; readonly target: string; readonly chain: readonly ChainLink[] };
  readonly declared: DeclaredJurisdiction;
  /** Every component of the jurisdiction's own stack and its chain. */
  readonly components: readonly Component[];
}

export interface Topology {
  readonly outdir: string;
  readonly jurisdictions: readonly JurisdictionTopology[];
  readonly zones: readonly Zone[];
  readonly routing?: Routing;
  /** Every synthesized stack the analysis read: jurisdiction stacks (their inference stacks folded in), the routing stack, the stack that owns the zones. */
  readonly analyzedStacks: readonly string[];
  /** Stacks that are none of those (e.g. guardrails): not analyzed. */
  readonly otherStacks: readonly string[];
  readonly gatewaysByHost: ReadonlyMap<string, Gateway>;
  readonly declaredByHost: ReadonlyMap<string, DeclaredEndpoint>;
  readonly externalDns: readonly DeclaredExternalDns[];
  readonly operators: OperatorTable;
  readonly declarations: SovereigntyDeclarations;
}
