/**
 * Azure Traffic Manager: a `Geographic` parent profile whose nested endpoints (one per jurisdiction)
 * carry the client countries, and per jurisdiction a `Priority` child profile whose external
 * endpoints are the failover chain (priority 1, 2, 3, ...).
 *
 * Traffic Manager facts this relies on (MicrosoftDocs/azure-docs `traffic-manager-routing-methods.md`,
 * `traffic-manager-geographic-regions.md`, `traffic-manager-manage-endpoints`, `traffic-manager-monitoring`):
 * - Geographic routing returns the endpoint mapped to the client's location "regardless of whether
 *   the endpoint is healthy": failover must happen in a nested child profile, hence Priority children.
 * - A location may be mapped to one endpoint of a profile only; a location with no mapping gets
 *   NODATA; `WORLD` maps everything else. A *disabled* endpoint is skipped in region matching, so
 *   the lookup would climb to `WORLD` (another jurisdiction): drills never touch nested endpoints.
 * - A disabled endpoint stays in the profile, which "acts as if the endpoint is not included in it".
 * - HTTPS monitoring checks that a certificate is present, not that it is valid.
 * - The location is the resolver's address, not the client's.
 * Profiles are `global` resources: Azure Policy "Allowed locations" does not constrain them.
 */
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { TrafficManagerExternalEndpoint } from '@cdktn/provider-azurerm/lib/traffic-manager-external-endpoint';
import { TrafficManagerNestedEndpoint } from '@cdktn/provider-azurerm/lib/traffic-manager-nested-endpoint';
import { TrafficManagerProfile, type TrafficManagerProfileMonitorConfig } from '@cdktn/provider-azurerm/lib/traffic-manager-profile';
import { Token } from 'cdktn';
import { Construct } from 'constructs';
import { TRAFFIC_MANAGER_WORLD, trafficManagerCountryProblem } from '../catalog/geo-codes';
import {
  DEFAULT_HEALTH_CHECK_PATH,
  DEFAULT_HEALTH_CHECK_PORT,
  describeChain,
  drilledEndpointNames,
  resolveFailoverChain,
  type FailoverDrill,
  type FailoverEndpoint,
  type ResolvedFailoverEndpoint,
} from './chain';
import { dnsLabelProblem } from './names';
import { clientCountriesOf, clientRoutingProblems, type ClientRouting } from './routing';

/** Monitor settings: HTTPS every 30 s, 10 s timeout, an endpoint is degraded after 3 failures. */
export const TRAFFIC_MANAGER_MONITOR = Object.freeze({ intervalInSeconds: 30, timeoutInSeconds: 10, toleratedNumberOfFailures: 3 });

const PROFILE_NAME = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,61}[A-Za-z0-9])?$/;

/**
 * Why `name` cannot be a Traffic Manager profile name, or undefined. Rule (Azure naming rules,
 * trafficmanagerprofiles): 1-63 letters, digits, hyphens and periods, starting and ending with a
 * letter or digit; unique across Azure, since it becomes `<name>.trafficmanager.net`.
 */
export function trafficManagerProfileNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) return 'a Traffic Manager profile name must be a literal (child profile names are derived from it)';
  if (PROFILE_NAME.test(name)) return undefined;
  const why = name.length < 1 || name.length > 63 ? `it has ${name.length} characters`
    : !/^[A-Za-z0-9.-]+$/.test(name) ? 'it has characters other than letters, digits, hyphens and periods'
      : 'it does not start and end with a letter or digit';
  return `Traffic Manager profile name "${name}" is invalid: ${why}; the rule is 1-63 letters, digits, hyphens and periods, starting and ending with a letter or digit, unique across Azure (<name>.trafficmanager.net)`;
}

/** Child profile name of a jurisdiction: `<parent>-<jurisdiction id>`. */
export function childProfileName(parentProfileName: string, jurisdictionId: string): string {
  return `${parentProfileName}-${jurisdictionId}`;
}

export interface TrafficManagerJurisdiction extends ClientRouting {
  /** Endpoints in failover order (priority 1, 2, ...); they share one health check path and port (a profile has one monitor). */
  readonly chain: readonly FailoverEndpoint[];
  /**
   * Let chain endpoints run outside the jurisdiction (only where the policy says so).
   * @default false - every endpoint must run in one of the jurisdiction's countries
   */
  readonly allowCrossBorder?: boolean;
  /**
   * Rehearse a cut-off: these endpoints are deployed with `enabled = false`, so the child profile
   * answers with the next priority. Traffic Manager has no inverted monitor; disabling is its
   * equivalent that the next deploy undoes (every other endpoint is written `enabled = true`).
   * Unlike a Route 53 inversion, no health status is faked: the endpoint is out of rotation whatever its state.
   * @default - no drill: every endpoint is enabled
   */
  readonly drill?: FailoverDrill;
}

export interface TrafficManagerGeoRoutingProps {
  readonly provider: AzurermProvider;
  /** Resource group that holds the profiles (they are `global`; the group only organises them). */
  readonly resourceGroupName: string;
  /**
   * Name and relative DNS name of the parent profile (`<name>.trafficmanager.net`), unique across
   * Azure: e.g. `<policy name>-<service>`. Child profiles are named `<name>-<jurisdiction id>`.
   */
  readonly profileName: string;
  readonly jurisdictions: readonly TrafficManagerJurisdiction[];
  /**
   * Jurisdiction whose nested endpoint also gets `WORLD` (clients no jurisdiction claims, and
   * resolvers Traffic Manager cannot place), or `null`: such clients then get NODATA (no address).
   */
  readonly defaultJurisdiction: string | null;
  /**
   * DNS TTL of the profiles, in seconds.
   * @default 60
   */
  readonly ttlSeconds?: number;
}

/** Geographic parent profile, one Priority child profile per jurisdiction, linked by nested endpoints. */
export class TrafficManagerGeoRouting extends Construct {
  public readonly parentProfileId: string;
  /** `<profileName>.trafficmanager.net`: the name clients (or a vanity CNAME) resolve. */
  public readonly parentFqdn: string;
  /** Child profile id by jurisdiction id. */
  public readonly childProfileIds: Readonly<Record<string, string>>;
  /** Child profile FQDN by jurisdiction id: the jurisdiction's own failover name. */
  public readonly childFqdns: Readonly<Record<string, string>>;
  /** `geo_mappings` of each jurisdiction's nested endpoint, by jurisdiction id. */
  public readonly geoMappings: Readonly<Record<string, readonly string[]>>;

  constructor(scope: Construct, id: string, props: TrafficManagerGeoRoutingProps) {
    super(scope, id);
    const { provider, resourceGroupName, profileName } = props;
    const ttl = props.ttlSeconds ?? 60;
    const checked = this.check(props, ttl);

    const parent = new TrafficManagerProfile(this, 'parent', {
      provider,
      name: profileName,
      resourceGroupName,
      trafficRoutingMethod: 'Geographic',
      profileStatus: 'Enabled',
      trafficViewEnabled: false,
      dnsConfig: { relativeName: profileName, ttl },
      monitorConfig: monitor(DEFAULT_HEALTH_CHECK_PATH, DEFAULT_HEALTH_CHECK_PORT),
    });

    const childIds: Record<string, string> = {};
    const childFqdns: Record<string, string> = {};
    for (const { jurisdiction: j, endpoints, failed, mappings } of checked) {
      const name = childProfileName(profileName, j.id);
      const child = new TrafficManagerProfile(this, `child-${j.id}`, {
        provider,
        name,
        resourceGroupName,
        trafficRoutingMethod: 'Priority',
        profileStatus: 'Enabled',
        trafficViewEnabled: false,
        dnsConfig: { relativeName: name, ttl },
        monitorConfig: monitor(endpoints[0].healthCheckPath, endpoints[0].port),
      });
      endpoints.forEach((e, i) => {
        new TrafficManagerExternalEndpoint(this, `endpoint-${j.id}-${e.name}`, {
          provider,
          name: e.name,
          profileId: child.id,
          target: e.hostname,
          priority: i + 1,
          enabled: !failed.has(e.name),
        });
      });
      new TrafficManagerNestedEndpoint(this, `nested-${j.id}`, {
        provider,
        name: j.id,
        profileId: parent.id,
        targetResourceId: child.id,
        minimumChildEndpoints: 1,
        geoMappings: [...mappings],
      });
      childIds[j.id] = child.id;
      childFqdns[j.id] = child.fqdn;
    }

    this.parentProfileId = parent.id;
    this.parentFqdn = parent.fqdn;
    this.childProfileIds = Object.freeze(childIds);
    this.childFqdns = Object.freeze(childFqdns);
    this.geoMappings = Object.freeze(Object.fromEntries(checked.map((c) => [c.jurisdiction.id, c.mappings])));
  }

  /** Every problem at once: names, TTL, chains, drills, country codes, countries claimed twice, the default. */
  private check(props: TrafficManagerGeoRoutingProps, ttl: number) {
    const problems: string[] = [];
    const capture = <T>(fn: () => T): T | undefined => {
      try {
        return fn();
      } catch (e) {
        problems.push((e as Error).message);
        return undefined;
      }
    };
    const parentProblem = trafficManagerProfileNameProblem(props.profileName);
    if (parentProblem) problems.push(parentProblem);
    if (!Number.isInteger(ttl) || ttl < 0 || ttl > 86400) problems.push(`ttlSeconds ${ttl} must be an integer from 0 to 86400`);
    problems.push(...clientRoutingProblems(props.jurisdictions, props.defaultJurisdiction, trafficManagerCountryProblem));

    const checked: { jurisdiction: TrafficManagerJurisdiction['jurisdiction']; endpoints: ResolvedFailoverEndpoint[]; failed: ReadonlySet<string>; mappings: readonly string[] }[] = [];
    for (const r of props.jurisdictions) {
      const j = r.jurisdiction;
      const idProblem = dnsLabelProblem('jurisdiction id', j.id);
      if (idProblem) problems.push(idProblem);
      else if (!parentProblem) {
        const childProblem = trafficManagerProfileNameProblem(childProfileName(props.profileName, j.id));
        if (childProblem) problems.push(`child profile of "${j.id}": ${childProblem}`);
      }
      const endpoints = capture(() => resolveFailoverChain(r.chain, j, { allowCrossBorder: r.allowCrossBorder }));
      const failed = capture(() => drilledEndpointNames(j.id, r.chain, r.drill));
      if (!endpoints || !failed) continue;
      const monitors = new Set(endpoints.map((e) => `${e.healthCheckPath} on port ${e.port}`));
      if (monitors.size > 1) {
        problems.push(`failover chain ${describeChain(j.id, endpoints)}: endpoints differ in health check (${[...monitors].join(' / ')}); a Traffic Manager profile has one monitor, so give them one path and port`);
      }
      const countries = clientCountriesOf(r);
      const mappings = props.defaultJurisdiction === j.id ? [...countries, TRAFFIC_MANAGER_WORLD] : [...countries];
      if (mappings.length === 0) problems.push(`jurisdiction "${j.id}" has no client countries and is not the default: its nested endpoint would never be chosen`);
      checked.push({ jurisdiction: j, endpoints, failed, mappings: Object.freeze(mappings) });
    }
    if (problems.length > 0) throw new Error(`${this.node.path}: ${problems.join('\n')}`);
    return checked;
  }
}

function monitor(path: string, port: number): TrafficManagerProfileMonitorConfig {
  return { protocol: 'HTTPS', port, path, ...TRAFFIC_MANAGER_MONITOR };
}
