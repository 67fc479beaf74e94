/**
 * Route 53 constructs:
 * - `JurisdictionZone`: an HTTPS health check per endpoint and a failover chain for
 *   `<service>.<id>.<domain>` in the jurisdiction's zone `<id>.<domain>` (created here, or given by
 *   `hostedZoneId` when another stack owns it: the app's DNS stack, see aws-delegation.ts).
 * - `GlobalGeoRouting`: one geolocation record per client country for `<service>.<domain>` in the
 *   parent zone `<domain>` (with the zone and the NS delegations, or into a given `hostedZoneId`).
 *
 * Route 53 facts these rely on (Route 53 Developer Guide, API reference):
 * - An alias record can target another record only "in the same hosted zone"; so the parent zone's
 *   geolocation records are CNAMEs into the delegated zones, and the nested failover tiers (same
 *   zone) are aliases with `evaluate_target_health`, whose target must exist before the alias.
 * - When every record of a failover set is unhealthy, Route 53 treats them all as healthy and answers
 *   with the PRIMARY.
 * - HTTPS health checks do not validate the certificate: a check proves the gateway answers the path
 *   with 2xx/3xx, not that its certificate is valid. Health checkers probe from Route 53's checker
 *   regions, outside most jurisdictions; only the health check path is exposed to them.
 * - Geolocation uses the resolver's address (or its EDNS client subnet), not the client's.
 */
import { Route53HealthCheck } from '@cdktn/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktn/provider-aws/lib/route53-record';
import { Token } from 'cdktn';
import { Construct } from 'constructs';
import type { CountryCode, Jurisdiction } from '../catalog';
import { ROUTE53_DEFAULT_LOCATION, route53CountryProblem } from '../catalog/geo-codes';
import { createPublicHostedZone, type HostedZoneOptions } from './aws-hosted-zone';
import { drilledEndpointNames, resolveFailoverChain, type FailoverDrill, type FailoverEndpoint, type ResolvedFailoverEndpoint } from './chain';
import { clientCountriesOf, clientRoutingProblems, type ClientRouting } from './routing';
import { addFailoverRecords, FAILOVER_RECORD_TTL_SECONDS } from './aws-failover-records';
import { assertNamingInputs, countryChainLabel, dnsLabelProblem, dnsNameProblem, jurisdictionZoneName, tierFqdn, UNROUTED_LABEL } from './names';

export { FAILOVER_RECORD_TTL_SECONDS } from './aws-failover-records';
/** Health check settings: a failed endpoint leaves the answers after about 3 × 30 s. */
export const HEALTH_CHECK_REQUEST_INTERVAL_SECONDS = 30;
export const HEALTH_CHECK_FAILURE_THRESHOLD = 3;
export const DEFAULT_SERVICE_NAME = 'api';

export interface JurisdictionZoneProps extends HostedZoneOptions {
  /** The jurisdiction whose zone this is: its id names the zone, its countries bound the chain. */
  readonly jurisdiction: Pick<Jurisdiction, 'id' | 'countries'>;
  /** Public parent domain: the zone is `<jurisdiction id>.<domain>`. */
  readonly domain: string;
  /** Endpoints in failover order: the first is PRIMARY; at least 2. */
  readonly chain: readonly FailoverEndpoint[];
  /**
   * Let chain endpoints run outside the jurisdiction (only where the policy says so).
   * @default false - every endpoint must run in one of the jurisdiction's countries
   */
  readonly allowCrossBorder?: boolean;
  /**
   * First label of the service name: clients use `<serviceName>.<id>.<domain>`.
   * @default "api"
   */
  readonly serviceName?: string;
  /**
   * Rehearse a cut-off: the health checks of these endpoints are inverted (`invert_healthcheck`), so
   * Route 53 sees them failed and answers with the next endpoint. Deploy again without the drill to
   * undo it. While inverted, a check reports a really failed endpoint as healthy: keep drills short.
   * @default - no drill: every health check reports its endpoint's real state
   */
  readonly drill?: FailoverDrill;
  /**
   * Let the health checks measure latency (CloudWatch graphs). Cannot be changed after creation.
   * @default false
   */
  readonly measureLatency?: boolean;
  /**
   * Id of an existing public hosted zone `<id>.<domain>` to put the health checks' failover records
   * in (a zone another stack owns, e.g. `DelegatedZones` in a DNS stack deployed first, looked up by
   * name). The DNSSEC and query-log options then do not apply here (they belong to the zone's owner).
   * @default - the zone is created here (with `prevent_destroy`)
   */
  readonly hostedZoneId?: string;
  /**
   * Endpoint names (of `chain`) that hold a certificate for the country-routed name `<service>.<domain>`
   * and accept it as `Host` (policy: `countryChainOf`). When some endpoints are missing, a second
   * failover set `<service>-country.<id>.<domain>` holds only these, in chain order, with the same
   * health checks (one endpoint: a plain CNAME); `countryTarget` names it.
   * @default - every endpoint serves it: the country records point to `<service>.<id>.<domain>`
   */
  readonly countryChain?: readonly string[];
}

/**
 * The jurisdiction's hosted zone and its failover chain. For a chain e1 → e2 → e3:
 *
 * ```
 * api.eu.<domain>        PRIMARY   CNAME e1 (health check e1)      set_identifier tier1-primary
 *                        SECONDARY alias tier2.api.eu.<domain>     set_identifier tier1-secondary
 * tier2.api.eu.<domain>  PRIMARY   CNAME e2 (health check e2)      set_identifier tier2-primary
 *                        SECONDARY CNAME e3 (health check e3)      set_identifier tier2-secondary
 * ```
 * Set identifiers and construct ids name the position, not the endpoint: replacing an endpoint
 * updates its record in place (a failover set never loses its PRIMARY during a deploy); the health
 * checks are tagged with the endpoint name.
 */
export class JurisdictionZone extends Construct {
  public readonly zoneId: string;
  /** `<id>.<domain>` */
  public readonly zoneName: string;
  /** The zone's name servers, for the NS delegation in the parent zone. @default - undefined when the zone is not created here (hostedZoneId) */
  public readonly nameServers?: string[];
  /** `<service>.<id>.<domain>`: the name clients of this jurisdiction resolve. */
  public readonly serviceFqdn: string;
  /** Health check id by endpoint name. */
  public readonly healthCheckIds: Readonly<Record<string, string>>;
  /** The checked chain, defaults applied. */
  public readonly endpoints: readonly ResolvedFailoverEndpoint[];
  /** DS record for the parent zone, when `dnssecKmsKeyArn` is set. */
  public readonly dsRecord?: string;
  /**
   * What the parent zone's geolocation records for this jurisdiction must point to: `serviceFqdn` when
   * every tier serves the country-routed name, `<service>-country.<id>.<domain>` when only some do.
   * @default - undefined when no tier serves it (the country records must resolve nowhere)
   */
  public readonly countryTarget?: string;

  constructor(scope: Construct, id: string, props: JurisdictionZoneProps) {
    super(scope, id);
    const { provider, jurisdiction: j, domain } = props;
    const serviceName = props.serviceName ?? DEFAULT_SERVICE_NAME;
    assertNamingInputs(this.node.path, { jurisdictionIds: [j.id], domain, serviceName });
    const endpoints = prefixErrors(this.node.path, () => resolveFailoverChain(props.chain, j, { allowCrossBorder: props.allowCrossBorder }));
    const failed = prefixErrors(this.node.path, () => drilledEndpointNames(j.id, endpoints, props.drill));
    const tiers = endpoints.map((_, i) => tierFqdn(i + 1, serviceName, j.id, domain)).slice(0, -1);
    const ownNames = [...tiers, `${serviceName}.${domain}`, ...endpoints.map((_, i) => tierFqdn(i + 1, countryChainLabel(serviceName), j.id, domain))];
    for (const e of endpoints) {
      if (ownNames.includes(e.hostname)) throw new Error(`${this.node.path}: endpoint "${e.name}" hostname "${e.hostname}" is a name this routing answers for (a CNAME loop); give the gateway's own host name`);
    }

    this.zoneName = jurisdictionZoneName(j.id, domain);
    const created = props.hostedZoneId === undefined
      ? createPublicHostedZone(this, this.zoneName, `Jurisdiction ${j.id}: failover records for ${serviceName}.${this.zoneName}`, props)
      : undefined;
    const zone = { zoneId: props.hostedZoneId ?? created!.zone.zoneId };

    const checks: Record<string, string> = {};
    for (const e of endpoints) {
      const check = new Route53HealthCheck(this, `health-check-${e.name}`, {
        provider,
        type: 'HTTPS',
        fqdn: e.hostname,
        port: e.port,
        resourcePath: e.healthCheckPath,
        requestInterval: HEALTH_CHECK_REQUEST_INTERVAL_SECONDS,
        failureThreshold: HEALTH_CHECK_FAILURE_THRESHOLD,
        enableSni: true,
        measureLatency: props.measureLatency ?? false,
        invertHealthcheck: failed.has(e.name),
        tags: { Name: e.name, operator: e.operator, 'endpoint-country': e.country },
      });
      checks[e.name] = check.id;
    }

    addFailoverRecords(this, { provider, zoneId: zone.zoneId, prefix: '', names: tiers, endpoints, healthCheckIds: checks });

    // The country-routed name <service>.<domain> goes only to tiers that serve it (a certificate for it, accepted as Host).
    const countryEndpoints = props.countryChain === undefined ? endpoints : countryEndpointsOf(this.node.path, endpoints, props.countryChain);
    if (countryEndpoints.length === endpoints.length) this.countryTarget = tiers[0];
    else if (countryEndpoints.length > 0) {
      const label = countryChainLabel(serviceName);
      const labelProblem = dnsLabelProblem('country chain label', label);
      if (labelProblem) throw new Error(`${this.node.path}: ${labelProblem} (serviceName "${serviceName}" is too long)`);
      const names = countryEndpoints.map((_, i) => tierFqdn(i + 1, label, j.id, domain));
      this.countryTarget = names[0];
      if (countryEndpoints.length === 1) {
        // One tier: nothing to fail over to, a plain CNAME (a failover set needs a second record to answer instead).
        new Route53Record(this, 'country-tier1', { provider, zoneId: zone.zoneId, name: names[0], type: 'CNAME', ttl: FAILOVER_RECORD_TTL_SECONDS, records: [countryEndpoints[0].hostname] });
      } else {
        addFailoverRecords(this, { provider, zoneId: zone.zoneId, prefix: 'country-', names: names.slice(0, -1), endpoints: countryEndpoints, healthCheckIds: checks });
      }
    }

    this.zoneId = zone.zoneId;
    this.nameServers = created?.zone.nameServers;
    this.serviceFqdn = tiers[0];
    this.healthCheckIds = Object.freeze(checks);
    this.endpoints = Object.freeze(endpoints);
    this.dsRecord = created?.dsRecord;
  }
}

export interface GeoRoutedJurisdiction extends ClientRouting {
  /**
   * Name servers of the jurisdiction's zone (`JurisdictionZone.nameServers`), for its NS delegation.
   * @default - none: only allowed with `hostedZoneId` (the zone's owner delegates, e.g. `DelegatedZones`)
   */
  readonly nameServers?: readonly string[];
  /**
   * DS record of the jurisdiction's zone (`JurisdictionZone.dsRecord`), published next to the delegation.
   * @default - no DS record: the delegation is unsigned
   */
  readonly dsRecord?: string;
  /**
   * The name in the jurisdiction's zone its client countries' records point to (`JurisdictionZone.countryTarget`),
   * or `null` when no tier of its chain serves `<service>.<domain>`: those records then point to
   * `unrouted.<domain>` (no answer). Never omitted: a country without a record would fall to the `*`
   * record, i.e. another jurisdiction.
   * @default - `<service>.<id>.<domain>` (every tier serves the country-routed name)
   */
  readonly countryTarget?: string | null;
}

export interface GlobalGeoRoutingProps extends HostedZoneOptions {
  /** Public domain of the parent zone, e.g. `ai.example.com`. */
  readonly domain: string;
  /** Jurisdictions to delegate to and route clients to; each country may be claimed by one only. */
  readonly jurisdictions: readonly GeoRoutedJurisdiction[];
  /**
   * Where clients from countries no jurisdiction claims (and resolvers Route 53 cannot place) go:
   * a jurisdiction id, or `null` for no answer. With `null` the default record (`*`) is a CNAME to
   * `unrouted.<domain>`, a name that exists nowhere: such a client receives the CNAME and NXDOMAIN
   * (its lookup fails with "name not found"), never the address of any jurisdiction's gateway.
   */
  readonly defaultJurisdiction: string | null;
  /**
   * First label of the service name: clients use `<serviceName>.<domain>`.
   * @default "api"
   */
  readonly serviceName?: string;
  /**
   * TTL of the NS (and DS) delegation records. One hour, not Route 53's two-day default for NS:
   * if a jurisdiction zone is ever recreated (new name servers), resolvers that cache the parent's
   * delegation follow the new servers within an hour instead of failing for two days; the cost is
   * one extra NS lookup per resolver per hour. (Resolvers that prefer the child zone's own NS set
   * keep Route 53's 172800 s there.)
   * @default 3600
   */
  readonly delegationTtlSeconds?: number;
  /**
   * TTL of the geolocation CNAMEs. Failover happens below them (60 s records in the jurisdiction
   * zone); these change only when the policy moves a country.
   * @default 300
   */
  readonly recordTtlSeconds?: number;
  /**
   * Id of an existing public hosted zone `<domain>` (owned by another stack, e.g. `DelegatedZones`
   * in a DNS stack deployed first) that receives the geolocation records. The zone's owner then
   * holds the NS delegations; none are created here, and the DNSSEC and query-log options do not apply.
   * @default - the zone `<domain>` and the delegations are created here (the zone with `prevent_destroy`)
   */
  readonly hostedZoneId?: string;
}

/**
 * The parent zone: NS delegation to each jurisdiction zone and geolocation CNAMEs
 * `<service>.<domain>` → `<service>.<id>.<domain>`, one per client country (EU member states one by
 * one, never the continent `EU`), set identifier `<id>-<CC>`, plus the `*` default.
 */
export class GlobalGeoRouting extends Construct {
  public readonly zoneId: string;
  /** `<domain>` */
  public readonly zoneName: string;
  /** Name servers of the parent zone, for the registrar or the zone above. @default - undefined with hostedZoneId */
  public readonly nameServers?: string[];
  /** `<service>.<domain>`: the name every client resolves. */
  public readonly serviceFqdn: string;
  /** What each client country's record points to: `<service>.<id>.<domain>`. */
  public readonly countryTargets: Readonly<Record<CountryCode, string>>;
  /** Target of the `*` record: the default jurisdiction's service name, or `unrouted.<domain>`. */
  public readonly defaultTarget: string;
  /** DS record for the zone above, when `dnssecKmsKeyArn` is set. */
  public readonly dsRecord?: string;

  constructor(scope: Construct, id: string, props: GlobalGeoRoutingProps) {
    super(scope, id);
    const { provider, domain } = props;
    const serviceName = props.serviceName ?? DEFAULT_SERVICE_NAME;
    const ids = props.jurisdictions.map((r) => r.jurisdiction.id);
    assertNamingInputs(this.node.path, { jurisdictionIds: ids, domain, serviceName });
    const delegationTtl = assertTtl(this.node.path, 'delegationTtlSeconds', props.delegationTtlSeconds ?? 3600, 60);
    const recordTtl = assertTtl(this.node.path, 'recordTtlSeconds', props.recordTtlSeconds ?? 300, 0);
    const delegates = props.hostedZoneId === undefined;
    const problems = routingProblems(props.jurisdictions, props.defaultJurisdiction, delegates);
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('\n')}`);

    this.zoneName = domain;
    this.serviceFqdn = `${serviceName}.${domain}`;
    const created = delegates ? createPublicHostedZone(this, domain, `Geolocation routing for ${this.serviceFqdn} to jurisdiction zones`, props) : undefined;
    const zone = { zoneId: props.hostedZoneId ?? created!.zone.zoneId };
    const targets: Record<CountryCode, string> = {};
    for (const r of props.jurisdictions) {
      const j = r.jurisdiction;
      const subzone = jurisdictionZoneName(j.id, domain);
      if (delegates) new Route53Record(this, `delegation-${j.id}`, { provider, zoneId: zone.zoneId, name: subzone, type: 'NS', ttl: delegationTtl, records: [...r.nameServers!] });
      if (delegates && r.dsRecord !== undefined) {
        new Route53Record(this, `ds-${j.id}`, { provider, zoneId: zone.zoneId, name: subzone, type: 'DS', ttl: delegationTtl, records: [r.dsRecord] });
      }
      const target = countryTargetOf(this.node.path, r, serviceName, domain);
      for (const country of clientCountriesOf(r)) {
        targets[country] = target;
        new Route53Record(this, `geo-${j.id}-${country}`, {
          provider,
          zoneId: zone.zoneId,
          name: this.serviceFqdn,
          type: 'CNAME',
          ttl: recordTtl,
          records: [target],
          setIdentifier: `${j.id}-${country}`,
          geolocationRoutingPolicy: { country },
        });
      }
    }
    const defaultRouted = props.jurisdictions.find((r) => r.jurisdiction.id === props.defaultJurisdiction);
    this.defaultTarget = defaultRouted ? countryTargetOf(this.node.path, defaultRouted, serviceName, domain) : `${UNROUTED_LABEL}.${domain}`;
    new Route53Record(this, 'geo-default', {
      provider,
      zoneId: zone.zoneId,
      name: this.serviceFqdn,
      type: 'CNAME',
      ttl: recordTtl,
      records: [this.defaultTarget],
      setIdentifier: 'default',
      geolocationRoutingPolicy: { country: ROUTE53_DEFAULT_LOCATION },
    });

    this.zoneId = zone.zoneId;
    this.nameServers = created?.zone.nameServers;
    this.countryTargets = Object.freeze(targets);
    this.dsRecord = created?.dsRecord;
  }
}

/** Where a jurisdiction's country records point: its country target in its own zone, or `unrouted.<domain>`. */
function countryTargetOf(path: string, r: GeoRoutedJurisdiction, serviceName: string, domain: string): string {
  if (r.countryTarget === null) return `${UNROUTED_LABEL}.${domain}`;
  const target = r.countryTarget ?? tierFqdn(1, serviceName, r.jurisdiction.id, domain);
  const zone = jurisdictionZoneName(r.jurisdiction.id, domain);
  if (!Token.isUnresolved(target) && !target.endsWith(`.${zone}`)) {
    throw new Error(`${path}: countryTarget "${target}" of jurisdiction "${r.jurisdiction.id}" is not in its zone ${zone}: its clients would leave the jurisdiction`);
  }
  return target;
}

/** The shared routing rules (Route 53 country codes) plus name servers given for every delegation. */
function routingProblems(jurisdictions: readonly GeoRoutedJurisdiction[], defaultJurisdiction: string | null, delegates: boolean): string[] {
  const problems = clientRoutingProblems(jurisdictions, defaultJurisdiction, route53CountryProblem);
  if (!delegates) return problems;
  for (const { jurisdiction: j, nameServers } of jurisdictions) {
    if (nameServers === undefined) {
      problems.push(`jurisdiction "${j.id}" has no name servers; give nameServers, or hostedZoneId of a parent zone whose owner delegates`);
      continue;
    }
    if (Token.isUnresolved(nameServers)) continue;
    if (nameServers.length === 0) problems.push(`jurisdiction "${j.id}" has no name servers to delegate to`);
    for (const ns of nameServers) {
      const p = dnsNameProblem(`jurisdiction "${j.id}" name server`, ns);
      if (p) problems.push(p);
    }
  }
  return problems;
}

function assertTtl(path: string, prop: string, ttl: number, min: number): number {
  if (!Number.isInteger(ttl) || ttl < min || ttl > 172800) throw new Error(`${path}: ${prop} ${ttl} must be an integer from ${min} to 172800 seconds`);
  return ttl;
}

/** The endpoints named in `names`, in chain order; throws on a name that is not in the chain. */
function countryEndpointsOf(path: string, endpoints: readonly ResolvedFailoverEndpoint[], names: readonly string[]): ResolvedFailoverEndpoint[] {
  const unknown = names.filter((n) => !endpoints.some((e) => e.name === n));
  if (unknown.length) throw new Error(`${path}: countryChain names ${unknown.join(', ')}, not in the chain (${endpoints.map((e) => e.name).join(', ')})`);
  return endpoints.filter((e) => names.includes(e.name));
}

function prefixErrors<T>(path: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
