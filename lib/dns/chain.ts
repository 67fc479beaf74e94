/**
 * The failover chain, shared by both clouds: an ordered list of public gateways that serve one
 * jurisdiction, and the rules every chain obeys before any DNS record is written.
 *
 * - At least two endpoints; names and host names unique.
 * - Every endpoint runs inside the jurisdiction, unless the caller passes `allowCrossBorder: true`
 *   (the policy says explicitly that this chain may leave the jurisdiction).
 * - Host names are public gateways that hold a certificate for the service names clients use
 *   (a CNAME does not change the name the client asks TLS for), never a provider's model endpoint
 *   and never a private name.
 * - A drill fails some endpoints, never all of them.
 */
import { Token } from 'cdktn';
import { describeCountry, isCountryIn, refusedEndpointHostname, type CountryCode, type Jurisdiction } from '../catalog';
import { route53CountryProblem } from '../catalog/geo-codes';
import { dnsLabelProblem, dnsNameProblem } from './names';

export interface FailoverEndpoint {
  /** Short label, unique in the chain, used in record set identifiers, tags and endpoint names: `aws-eu-central-1`. */
  readonly name: string;
  /**
   * Public FQDN of the gateway (API Gateway, ALB, APIM, Application Gateway, a national cloud's
   * gateway) that serves the service with a certificate valid for the service names clients use,
   * and answers the health check path on this host name itself.
   */
  readonly hostname: string;
  /** ISO 3166-1 alpha-2 code of the country the endpoint runs in. */
  readonly country: CountryCode;
  /** Who runs it, for cut-off analysis: `aws`, `azure`, or an external operator's name. */
  readonly operator: string;
  /**
   * Path the health checks request over HTTPS.
   * @default "/health"
   */
  readonly healthCheckPath?: string;
  /**
   * TCP port of the gateway, for health checks.
   * @default 443
   */
  readonly port?: number;
}

/** A checked endpoint with its defaults applied. */
export interface ResolvedFailoverEndpoint extends Required<FailoverEndpoint> {}

export const DEFAULT_HEALTH_CHECK_PATH = '/health';
export const DEFAULT_HEALTH_CHECK_PORT = 443;

export interface FailoverChainOptions {
  /**
   * Let endpoints run outside the jurisdiction. Set it only where the policy explicitly allows this
   * chain to leave the jurisdiction.
   * @default false - every endpoint must run in one of the jurisdiction's countries
   */
  readonly allowCrossBorder?: boolean;
}

/**
 * A rehearsal of a cut-off: the listed endpoints are reported failed (Route 53) or taken out of
 * rotation (Traffic Manager) on this deploy; the next deploy without the drill restores them.
 */
export interface FailoverDrill {
  /** Endpoint names, or positions `primary`, `secondary`, `tertiary` (first, second, third endpoint of the chain). */
  readonly fail: readonly string[];
}

/** Position words a drill may use instead of endpoint names; endpoint names may not be these words. */
export const FAILOVER_POSITIONS: readonly string[] = Object.freeze(['primary', 'secondary', 'tertiary']);


/** `eu [aws-eu-central-1 → azure-swedencentral → ovh-fr]` */
export function describeChain(jurisdictionId: string, chain: readonly Pick<FailoverEndpoint, 'name'>[]): string {
  return `${jurisdictionId} [${chain.map((e) => e.name).join(' → ')}]`;
}

function endpointProblems(e: FailoverEndpoint, at: string): string[] {
  const problems: string[] = [];
  const nameProblem = Token.isUnresolved(e.name) ? `${at}: name must be a literal label` : dnsLabelProblem(`${at}: name`, e.name);
  if (nameProblem) problems.push(nameProblem);
  else if (FAILOVER_POSITIONS.includes(e.name)) problems.push(`${at}: name "${e.name}" is reserved for drill positions (${FAILOVER_POSITIONS.join(', ')})`);
  const hostProblem = dnsNameProblem(`${at}: hostname`, e.hostname);
  if (hostProblem) problems.push(hostProblem);
  else if (!Token.isUnresolved(e.hostname)) {
    const refused = refusedEndpointHostname(e.hostname);
    if (refused) {
      problems.push(`${at}: hostname "${e.hostname}" is ${refused}; fail over to your own public gateway that holds a certificate for the service names and calls the model`);
    }
  }
  if (Token.isUnresolved(e.country)) problems.push(`${at}: country must be a literal ISO code (the cross-border rule cannot check a token)`);
  else {
    const countryProblem = route53CountryProblem(e.country);
    if (countryProblem) problems.push(`${at}: country ${countryProblem}`);
  }
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(e.operator)) problems.push(`${at}: operator "${e.operator}" must be a lower-case name such as aws, azure, ovh`);
  const path = e.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH;
  if (!/^\/[\x21-\x7e]{0,254}$/.test(path)) problems.push(`${at}: healthCheckPath "${path}" must start with "/" and be at most 255 printable characters without spaces`);
  const port = e.port ?? DEFAULT_HEALTH_CHECK_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`${at}: port ${port} must be an integer from 1 to 65535`);
  return problems;
}

/**
 * Every reason `chain` cannot serve `jurisdiction` (empty when it can). Pure: usable by the policy
 * validator to report all problems at once.
 */
export function failoverChainProblems(chain: readonly FailoverEndpoint[], jurisdiction: Pick<Jurisdiction, 'id' | 'countries'>, options: FailoverChainOptions = {}): string[] {
  const label = `failover chain ${describeChain(jurisdiction.id, chain)}`;
  const problems: string[] = [];
  if (chain.length < 2) problems.push(`it has ${chain.length} endpoint(s); a chain needs at least 2 (a primary and a failover target)`);
  chain.forEach((e, i) => problems.push(...endpointProblems(e, `endpoint ${i + 1} "${e.name}"`)));
  for (const key of ['name', 'hostname'] as const) {
    const seen = new Set<string>();
    for (const e of chain) {
      if (Token.isUnresolved(e[key])) continue;
      if (seen.has(e[key])) problems.push(`${key} "${e[key]}" appears more than once`);
      seen.add(e[key]);
    }
  }
  if (!options.allowCrossBorder) {
    for (const e of chain) {
      if (Token.isUnresolved(e.country) || isCountryIn(e.country, jurisdiction)) continue;
      problems.push(
        `endpoint "${e.name}" runs in ${describeCountry(e.country)}, outside jurisdiction "${jurisdiction.id}" ` +
          `(countries: ${jurisdiction.countries.join(', ')}); pass allowCrossBorder: true only where the policy allows this chain to leave the jurisdiction`,
      );
    }
  }
  return problems.map((p) => `${label}: ${p}`);
}

/** Checks `chain` (see {@link failoverChainProblems}) and returns it with defaults applied; throws with every problem. */
export function resolveFailoverChain(chain: readonly FailoverEndpoint[], jurisdiction: Pick<Jurisdiction, 'id' | 'countries'>, options: FailoverChainOptions = {}): ResolvedFailoverEndpoint[] {
  const problems = failoverChainProblems(chain, jurisdiction, options);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return chain.map((e) => ({
    name: e.name,
    hostname: e.hostname,
    country: e.country,
    operator: e.operator,
    healthCheckPath: e.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH,
    port: e.port ?? DEFAULT_HEALTH_CHECK_PORT,
  }));
}

/**
 * Names of the endpoints a drill fails. Throws when an entry names no endpoint or position of the
 * chain, or when the drill would fail every endpoint: Route 53 treats a failover set whose records
 * are all unhealthy as all healthy (the drill would change nothing), and Traffic Manager would
 * answer nothing for the jurisdiction.
 */
export function drilledEndpointNames(jurisdictionId: string, chain: readonly Pick<FailoverEndpoint, 'name'>[], drill: FailoverDrill | undefined): ReadonlySet<string> {
  const failed = new Set<string>();
  if (!drill) return failed;
  const names = chain.map((e) => e.name);
  const label = `drill on failover chain ${describeChain(jurisdictionId, chain)}`;
  for (const entry of drill.fail) {
    const position = FAILOVER_POSITIONS.indexOf(entry);
    if (position >= 0 && position < names.length) failed.add(names[position]);
    else if (names.includes(entry)) failed.add(entry);
    else {
      const positions = FAILOVER_POSITIONS.slice(0, names.length).join(', ');
      throw new Error(`${label}: "${entry}" is neither an endpoint name (${names.join(', ')}) nor a position (${positions})`);
    }
  }
  if (failed.size === names.length) {
    throw new Error(`${label}: it fails every endpoint (${[...failed].join(', ')}); keep at least one serving so the drill shows where traffic goes`);
  }
  return failed;
}
