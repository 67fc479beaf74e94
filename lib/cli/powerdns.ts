/**
 * `powerdns-zones [policy] --out <dir> --target <id>:<tier>=<name | IPv4[,IPv4...]>...`: the zone
 * files for the PowerDNS servers of `dns.powerdns`, rendered from the policy's failover chains
 * (lib/policy `policyFailoverChain`, the chain Route 53 serves) by lib/dns/powerdns.ts:
 *
 * - `<id>.<domain>.powerdns.zone` per jurisdiction: the service name answers the first tier whose
 *   health URL answers (LUA records), `<domain>.powerdns.zone`: delegations and country routing;
 * - the same zones as plain RFC 1035 files (`*.rfc1035.zone`) for any other authoritative server;
 * - `named.conf`: the bind backend's zone list for the PowerDNS files.
 *
 * Tier host names inside a jurisdiction zone (the regional names `<region>.<id>.<domain>`) point at
 * the gateways' targets, known only after the inference stacks are deployed (the API Gateway
 * regional domain name, the API Management host name): `--target` gives them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HEALTH_CHECK_PATH, DEFAULT_HEALTH_CHECK_PORT } from '../dns/chain';
import { countryTargetFor, jurisdictionZoneName, tierFqdn } from '../dns/names';
import { plainJurisdictionZone, plainParentZone, powerDnsJurisdictionZone, powerDnsParentZone, POWERDNS_HEALTH_CHECK_INTERVAL_SECONDS, type TierTarget } from '../dns/powerdns';
import { countryChainOf, policyFailoverChain, type SovereigntyPolicy } from '../policy';

export interface ZoneFile {
  /** File name: `eu.ai.example.com.powerdns.zone`. */
  readonly name: string;
  readonly text: string;
}

const IPV4_LIST = /^(\d{1,3}(\.\d{1,3}){3})(,\d{1,3}(\.\d{1,3}){3})*$/;

/** `eu:aws-eu-central-1=d-abc.execute-api.eu-central-1.amazonaws.com` → targets by jurisdiction id and tier name; a string is the problem. */
export function parseTargets(values: readonly string[]): Record<string, Record<string, TierTarget>> | string {
  const out: Record<string, Record<string, TierTarget>> = {};
  for (const v of values) {
    const m = /^([a-z][a-z0-9]{0,9}):([a-z0-9][a-z0-9-]{0,31})=(.+)$/.exec(v);
    if (!m) return `--target "${v}" is not <jurisdiction id>:<tier name>=<target name or IPv4[,IPv4...]>`;
    const [, id, tier, value] = m;
    (out[id] ??= {})[tier] = IPV4_LIST.test(value) ? { addresses: value.split(',') } : { cname: value };
  }
  return out;
}

/** Every zone file for the policy's PowerDNS servers; throws with every problem (a missing target names the --target to give). */
export function policyZoneFiles(policy: SovereigntyPolicy, targets: Readonly<Record<string, Readonly<Record<string, TierTarget>>>>): ZoneFile[] {
  const pdns = policy.dns?.powerdns;
  if (!pdns) throw new Error('the policy has no dns.powerdns section: nothing to render');
  const serviceName = policy.dns!.serviceName;
  const files: ZoneFile[] = [];
  const problems: string[] = [];
  for (const id of Object.keys(targets)) if (!policy.jurisdictions.some((j) => j.jurisdiction.id === id)) problems.push(`--target ${id}:...: "${id}" is not a jurisdiction id; allowed: ${policy.jurisdictions.map((j) => j.jurisdiction.id).join(', ')}`);
  const parentJurisdictions = [];
  for (const j of policy.jurisdictions) {
    const id = j.jurisdiction.id;
    const zone = jurisdictionZoneName(id, policy.domain);
    const chain = policyFailoverChain(j, policy.domain).map((e) => ({ name: e.name, hostname: e.hostname, healthCheckPath: e.healthCheckPath ?? DEFAULT_HEALTH_CHECK_PATH, port: e.port ?? DEFAULT_HEALTH_CHECK_PORT }));
    // The country-routed name goes only to tiers that hold it (lib/policy country-route.ts), as Route 53's records do.
    const countryChain = countryChainOf(j, serviceName, policy.domain);
    const countryTarget = countryTargetFor(chain.length, countryChain.length, serviceName, id, policy.domain);
    const countryRoute = countryTarget ? { name: countryTarget, chain: chain.filter((t) => countryChain.some((e) => e.name === t.name)) } : undefined;
    const props = { zone, serviceName: tierFqdn(1, serviceName, id, policy.domain), chain, countryRoute, targets: targets[id] ?? {}, nameServers: [...(j.failover.nameServers ?? pdns.nameServers)] };
    try {
      files.push({ name: `${zone}.powerdns.zone`, text: powerDnsJurisdictionZone(props) }, { name: `${zone}.rfc1035.zone`, text: plainJurisdictionZone(props) });
    } catch (e) {
      problems.push(...(e as Error).message.split('\n').map((p) => `jurisdiction ${id}: ${p.replace(/^(tier "([^"]+)" hostname .* give its target)/, `$1: --target ${id}:$2=<target>`)}`));
    }
    parentJurisdictions.push({ id, serviceName: countryTarget === undefined ? props.serviceName : countryTarget, countries: [...j.clientCountries], nameServers: props.nameServers });
  }
  const parent = { domain: policy.domain, serviceName: `${serviceName}.${policy.domain}`, jurisdictions: parentJurisdictions, defaultJurisdiction: policy.routingDefault, nameServers: [...pdns.nameServers] };
  try {
    files.push({ name: `${policy.domain}.powerdns.zone`, text: powerDnsParentZone(parent) }, { name: `${policy.domain}.rfc1035.zone`, text: plainParentZone(parent) });
  } catch (e) {
    problems.push(...(e as Error).message.split('\n').map((p) => `parent zone ${policy.domain}: ${p}`));
  }
  if (problems.length) throw new Error(problems.join('\n'));
  const zones = files.filter((f) => f.name.endsWith('.powerdns.zone')).map((f) => `zone "${f.name.replace(/\.powerdns\.zone$/, '')}" { type master; file "${f.name}"; };`);
  files.push({
    name: 'named.conf',
    text: [
      `// PowerDNS bind backend (launch=bind, bind-config=<this file>): zone files relative to this folder's path in the server.`,
      `// Also set: enable-lua-records=yes, lua-health-checks-interval=${POWERDNS_HEALTH_CHECK_INTERVAL_SECONDS}; country routing of ${parent.serviceName} needs launch=bind,geoip.`,
      ...zones,
      '',
    ].join('\n'),
  });
  return files;
}

/** Writes the files into `outdir`; returns their paths. */
export function writeZoneFiles(outdir: string, files: readonly ZoneFile[]): string[] {
  mkdirSync(outdir, { recursive: true });
  return files.map((f) => {
    const path = join(outdir, f.name);
    writeFileSync(path, f.text);
    return path;
  });
}
