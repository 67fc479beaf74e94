/**
 * Rules that span fields: each region inside its jurisdiction, ids unique, client countries claimed
 * once, state inside the jurisdiction. Every rule runs; all problems come back at once.
 */
import {
  JURISDICTION_PRESETS,
  allowedRegions,
  cloudDisplayName,
  describeCountry,
  findRegion,
  isCountryIn,
  isRegionIn,
  refusedEndpointHostname,
  jurisdiction as makeJurisdiction,
  type Cloud,
  type CountryCode,
  type Jurisdiction,
  type Region,
} from '../catalog';
import type { DnsPolicy, FailoverPolicy, JurisdictionPolicy, SovereigntyPolicy, StateBackend } from './model';
import { countryNameFindings, sharedGatewayRegionFindings } from './validate-country';
import type { Finding } from './finding';
import { quote, type PolicyPath } from './problems';
import type { ParsedPolicy } from './schema';
import { chainNames, checkCutoffDeclarations, checkDrills } from './validate-cutoff';
import { checkJurisdictionState, checkStateEncryption, ONE_BACKEND, requiredEngineVersion } from './validate-state';
import { checkRoutingS3CompatibleState } from './validate-state-s3';
import { checkDeployer } from './validate-azure';
import { checkInference } from './validate-inference';
import { checkSovereign } from './validate-sovereign';

export type { Finding };

type ParsedJurisdiction = ParsedPolicy['jurisdictions'][number];

function describeJurisdiction(j: ParsedJurisdiction, resolved: Jurisdiction): string {
  const what = j.preset ? `${j.preset}: ${JURISDICTION_PRESETS[j.preset].name}` : resolved.countries.map(describeCountry).join(', ');
  return `jurisdiction "${j.id}" (${what})`;
}

/** Checks one region reference: known, inside the jurisdiction; warns on opt-in / restricted. */
function checkRegion(cloud: Cloud, code: string, path: PolicyPath, j: ParsedJurisdiction, resolved: Jurisdiction, out: Finding[]): Region | undefined {
  const region = findRegion(cloud, code);
  if (!region) return undefined; // the schema already refused it with the list of known regions
  if (!isRegionIn(region, resolved)) {
    out.push({
      severity: 'error',
      path,
      message: `${cloudDisplayName(cloud)} region "${code}" is in ${region.city}, ${describeCountry(region.country)}, outside ${describeJurisdiction(j, resolved)}; ${allowedRegions(cloud, resolved)}`,
    });
  }
  if (region.optIn) {
    out.push({ severity: 'warning', path, message: `"${code}" is an opt-in AWS region: enable it for the account (aws_account_region or Organizations) before deploying` });
  }
  if (region.restricted) {
    out.push({ severity: 'warning', path, message: `"${code}" is an access-restricted Azure region: most services need Microsoft's approval there` });
  }
  return region;
}

function checkJurisdiction(parsed: ParsedPolicy, j: ParsedJurisdiction, i: number, out: Finding[]): JurisdictionPolicy | undefined {
  const base: PolicyPath = ['jurisdictions', i];
  const errorsBefore = out.filter((f) => f.severity === 'error').length;

  if (!!j.preset === !!j.countries) {
    out.push({ severity: 'error', path: base, message: 'give exactly one of `preset` (US, EU, IN) or `countries` (ISO codes)' });
    return undefined;
  }
  if (j.countries) {
    const dup = j.countries.filter((c, k) => j.countries!.indexOf(c) !== k);
    if (dup.length) out.push({ severity: 'error', path: [...base, 'countries'], message: `country listed twice: ${[...new Set(dup)].join(', ')}` });
  }
  const resolved = makeJurisdiction(j.id, j.preset ? { preset: j.preset } : { countries: j.countries! });

  if (!j.aws && !j.azure) {
    out.push({ severity: 'error', path: base, message: 'a jurisdiction needs at least one cloud: `aws` and/or `azure`' });
  }

  const regions: Region[] = [];
  const placements: Partial<Record<Cloud, { primary: Region; secondary?: Region }>> = {};
  let endpoints = 0;
  for (const cloud of ['aws', 'azure'] as const) {
    const p = j[cloud];
    if (!p) continue;
    endpoints += p.secondary ? 2 : 1;
    const primary = checkRegion(cloud, p.primary, [...base, cloud, 'primary'], j, resolved, out);
    const secondary = p.secondary === undefined ? undefined : checkRegion(cloud, p.secondary, [...base, cloud, 'secondary'], j, resolved, out);
    if (p.primary === p.secondary) {
      out.push({
        severity: 'error',
        path: [...base, cloud, 'secondary'],
        message: `secondary region "${p.secondary}" equals the primary: failover needs a second region; ${allowedRegions(cloud, resolved)}`,
      });
    }
    if (!primary || (p.secondary !== undefined && !secondary)) continue;
    regions.push(primary, ...(secondary ? [secondary] : []));
    placements[cloud] = { primary, secondary };
    if (secondary && primary.partition !== secondary.partition) {
      out.push({
        severity: 'error',
        path: [...base, cloud, 'secondary'],
        message: `"${secondary.code}" is in AWS partition ${secondary.partition} but the primary "${primary.code}" is in ${primary.partition}; partitions need separate accounts and credentials, so declare the other partition as its own jurisdiction`,
      });
    }
  }
  if ((j.aws || j.azure) && endpoints < 2) {
    out.push({
      severity: 'error',
      path: [...base, j.aws ? 'aws' : 'azure'],
      message: 'no failover target: give a `secondary` region, or a second cloud, inside the jurisdiction',
    });
  }

  if (j.aws) {
    const partition = placements.aws?.primary.partition;
    const arnPartition = j.aws.roleArn?.split(':')[1];
    if (partition && arnPartition && arnPartition !== partition) {
      out.push({ severity: 'error', path: [...base, 'aws', 'roleArn'], message: `role ARN is in partition ${arnPartition} but the regions are in ${partition}` });
    }
    const arnAccount = j.aws.roleArn?.split(':')[4];
    if (j.aws.accountId && arnAccount && arnAccount !== j.aws.accountId) {
      out.push({ severity: 'error', path: [...base, 'aws', 'roleArn'], message: `role ARN is in account ${arnAccount} but accountId is ${j.aws.accountId}` });
    }
  }

  const scope = { description: describeJurisdiction(j, resolved), within: resolved };
  const state = checkJurisdictionState(parsed.engine, j.id, j.state, base, scope, placements.aws?.primary.partition, out, parsed.operators);
  if (state?.kind === 's3') regions.push(state.region);

  const clientCountries = j.clientCountries ?? resolved.countries;
  const dupClients = clientCountries.filter((c, k) => clientCountries.indexOf(c) !== k);
  if (dupClients.length) {
    out.push({ severity: 'error', path: [...base, 'clientCountries'], message: `country listed twice: ${[...new Set(dupClients)].join(', ')}` });
  }

  if (out.filter((f) => f.severity === 'error').length > errorsBefore || !state) return undefined;
  return {
    jurisdiction: resolved,
    clientCountries: Object.freeze([...clientCountries]),
    aws: j.aws && placements.aws && { ...placements.aws, partition: placements.aws.primary.partition, accountId: j.aws.accountId, roleArn: j.aws.roleArn },
    azure: j.azure && placements.azure && { ...placements.azure, subscriptionId: j.azure.subscriptionId, tenantId: j.azure.tenantId, deployerIpRanges: checkDeployer(parsed, j, base, out) },
    state,
    dataStores: [],
    failover: checkFailover(j, base, resolved, out),
    inference: checkInference(parsed, j, base, resolved, out),
    clients: checkClients(j, base, out, parsed.dns?.provider),
    guardrails: checkGuardrails(j, base, out),
    sovereign: checkSovereign(parsed, j, base, resolved, out),
    survives: Object.freeze([...(j.survives ?? [])]),
    engine: parsed.engine,
    requiredTerraformVersion: requiredEngineVersion(parsed.engine, regions, state.encryption),
  };
}

/** `clients`: one model name; the credential's issuer and audience come together. */
function checkClients(j: ParsedJurisdiction, base: PolicyPath, out: Finding[], dnsProvider?: string): JurisdictionPolicy['clients'] {
  const c = j.clients;
  const model = c?.model ?? 'chat';
  const hostname = c?.hostname ?? 'jurisdiction';
  if (hostname === 'country') {
    if (dnsProvider !== 'route53') {
      out.push({ severity: 'error', path: [...base, 'clients', 'hostname'], message: `"country" is the geolocation name <serviceName>.<domain> in the Route 53 parent zone; it needs dns.provider route53 (the policy has ${dnsProvider ? `dns.provider ${dnsProvider}` : 'no dns section'}); use "jurisdiction"` });
    } // which tiers serve it: checked with the whole chain known (countryNameFindings)
  }
  if (!c?.issuer && !c?.audience) return Object.freeze({ model, hostname });
  if (!c.issuer || !c.audience) {
    const missing = c.issuer ? 'audience' : 'issuer';
    out.push({ severity: 'error', path: [...base, 'clients', c.issuer ? 'issuer' : 'audience'], message: `give \`${missing}\` too: a client JWT is checked against both its issuer and its audience` });
    return Object.freeze({ model, hostname });
  }
  return Object.freeze({ model, hostname, jwt: Object.freeze({ issuer: c.issuer, audience: c.audience }) });
}

function checkGuardrails(j: ParsedJurisdiction, base: PolicyPath, out: Finding[]): JurisdictionPolicy['guardrails'] {
  const g = j.guardrails;
  if (!g) return undefined;
  if (g.aws && !j.aws) out.push({ severity: 'error', path: [...base, 'guardrails', 'aws'], message: `jurisdiction "${j.id}" has no \`aws\` section: a region-deny SCP needs its AWS regions` });
  if (g.azure && !!g.azure.subscriptionId === !!g.azure.managementGroupId) {
    out.push({ severity: 'error', path: [...base, 'guardrails', 'azure'], message: 'give exactly one scope: `subscriptionId` or `managementGroupId`' });
  }
  return g;
}

/** Failover endpoints given in the policy must run inside the jurisdiction unless `allowCrossBorder` says otherwise. */
function checkFailover(j: ParsedJurisdiction, base: PolicyPath, resolved: Jurisdiction, out: Finding[]): FailoverPolicy {
  const f = j.failover ?? { external: [], allowCrossBorder: false };
  const listed = [...(f.endpoints ?? []).map((e, k) => ['endpoints', k, e] as const), ...f.external.map((e, k) => ['external', k, e] as const)];
  const chain = `${j.id}: [${f.endpoints ? f.endpoints.map((e) => e.name).join(' → ') : 'inference gateways'}${f.external.map((e) => ` → ${e.name}`).join('')}]`;
  const seen = new Set<string>();
  for (const [list, k, e] of listed) {
    if (!f.allowCrossBorder && !isCountryIn(e.country, resolved)) {
      out.push({
        severity: 'error',
        path: [...base, 'failover', list, k, 'country'],
        message: `failover chain ${chain} leaves the jurisdiction: "${e.name}" (${e.hostname}, operated by ${e.operator}) runs in ${describeCountry(e.country)}, outside ${describeJurisdiction(j, resolved)}; set failover.allowCrossBorder: true only if the policy accepts that`,
      });
    }
    const refused = refusedEndpointHostname(e.hostname);
    if (refused) {
      out.push({ severity: 'error', path: [...base, 'failover', list, k, 'hostname'], message: `"${e.hostname}" is ${refused}; fail over to your own public gateway that holds a certificate for the service names and calls the model` });
    }
    for (const unique of [e.name, e.hostname]) {
      if (seen.has(unique)) out.push({ severity: 'error', path: [...base, 'failover', list, k], message: `"${unique}" appears twice in the failover chain ${chain}` });
      seen.add(unique);
    }
  }
  if (f.nameServers) {
    // The parent then delegates <id>.<domain> to these servers, but the records this tool writes (ACM DNS
    // validation, health-checked failover) exist only in the Route 53 zone: servers that do not serve them
    // leave certificate validation in sovereign-<id> waiting (75-minute provider timeout) and clients unanswered.
    out.push({
      severity: 'warning',
      path: [...base, 'failover', 'nameServers'],
      message: `the parent zone will delegate "${j.id}" to these name servers instead of the Route 53 zone's own; they must serve that zone's records (as secondaries fed by zone transfer, or a copy kept in sync), including the ACM validation records the base stack sovereign-${j.id} writes, or its certificate validation never completes`,
    });
  }
  return { endpoints: f.endpoints, external: f.external, allowCrossBorder: f.allowCrossBorder, drill: f.drill, nameServers: f.nameServers };
}

function checkDns(parsed: ParsedPolicy, out: Finding[]): DnsPolicy | undefined {
  const dns = parsed.dns;
  if (!dns) {
    parsed.jurisdictions.forEach((j, i) => {
      if (j.failover) out.push({ severity: 'error', path: ['jurisdictions', i, 'failover'], message: 'failover needs a top-level `dns` section (the zones and health checks live there)' });
    });
    return undefined;
  }
  if (dns.provider === 'route53') {
    parsed.jurisdictions.forEach((j, i) => {
      if (j.aws && findRegion('aws', j.aws.primary)?.partition === 'aws-eusc') {
        // SDK endpoint metadata lists no route53 for aws-eusc (docs/facts/regions-services-law.md §1.5, unverified): warn, do not refuse.
        out.push({ severity: 'warning', path: ['jurisdictions', i, 'aws', 'primary'], message: `dns.provider route53 puts jurisdiction "${j.id}"'s zone and health checks in its AWS account, but public Route 53 is not listed for the AWS European Sovereign Cloud (${j.aws.primary}); check it is offered there, or use dns.provider azure` });
      }
      if (!j.aws) out.push({ severity: 'error', path: ['jurisdictions', i], message: `dns.provider route53 puts each jurisdiction's zone and health checks in its AWS account, but jurisdiction "${j.id}" has no \`aws\` section; add one or use dns.provider azure` });
    });
  }
  if (dns.provider === 'azure' && !dns.azure) {
    out.push({ severity: 'error', path: ['dns', 'azure'], message: 'dns.provider azure needs `azure: { location }` for the Traffic Manager resource group' });
  }
  const { aws, azure, s3Compatible } = dns.state;
  if ([aws, azure, s3Compatible].filter(Boolean).length !== 1) {
    out.push({ severity: 'error', path: ['dns', 'state'], message: ONE_BACKEND });
    return undefined;
  }
  if (s3Compatible) {
    const state = checkRoutingS3CompatibleState(parsed.engine, s3Compatible, parsed.operators, out);
    return state && { ...routingPolicy(parsed, dns), requiredTerraformVersion: requiredEngineVersion(parsed.engine, [], undefined), state };
  }
  // The routing stack has no jurisdiction (public names only); its state's key stays in its state's country.
  const stateRegion = aws ? findRegion('aws', aws.region)! : findRegion('azure', azure!.location)!;
  const stateCountry = { description: `the routing state's country (${describeCountry(stateRegion.country)}, where ${stateRegion.code} is)`, within: makeJurisdiction('routing', { countries: [stateRegion.country] }) };
  const encryption = checkStateEncryption(parsed.engine, dns.state, ['dns', 'state'], stateCountry, undefined, out);
  const state: StateBackend = aws
    ? { kind: 's3', bucket: aws.bucket, region: stateRegion, key: aws.key ?? 'sovereign-routing/terraform.tfstate', kmsKeyId: aws.kmsKeyId, roleArn: aws.roleArn, encryption }
    : { kind: 'azurerm', storageAccount: azure!.storageAccount, container: azure!.container, resourceGroup: azure!.resourceGroup, location: stateRegion, key: azure!.key ?? 'sovereign-routing.tfstate', subscriptionId: azure!.subscriptionId, encryption };
  return { ...routingPolicy(parsed, dns), requiredTerraformVersion: requiredEngineVersion(parsed.engine, aws ? [stateRegion] : [], encryption), state };
}

/** The routing stack's settings besides its state and engine version. */
function routingPolicy(parsed: ParsedPolicy, dns: NonNullable<ParsedPolicy['dns']>): Omit<DnsPolicy, 'state' | 'requiredTerraformVersion'> {
  return {
    engine: parsed.engine,
    provider: dns.provider,
    serviceName: dns.serviceName,
    external: dns.external,
    powerdns: dns.powerdns,
    aws: dns.aws,
    azure: dns.azure && { ...dns.azure, location: findRegion('azure', dns.azure.location)! },
  };
}

/**
 * A store asking for replication needs an in-jurisdiction target on each of its clouds: AWS a
 * secondary region (S3 replication); Azure a paired region inside the jurisdiction (geo-redundant
 * storage) or a secondary region (object replication).
 */
function checkStoreReplication(j: ParsedJurisdiction, path: PolicyPath, out: Finding[]): void {
  if (j.aws && !j.aws.secondary) {
    out.push({ severity: 'error', path, message: `replication needs an in-jurisdiction target, but jurisdiction "${j.id}" has no aws.secondary region; add one or set replication: false` });
  }
  if (j.azure && !j.azure.secondary) {
    const primary = findRegion('azure', j.azure.primary);
    const pair = primary?.pairedRegion ? findRegion('azure', primary.pairedRegion) : undefined;
    const countries = j.preset ? JURISDICTION_PRESETS[j.preset].countries : j.countries ?? [];
    if (!pair || !isCountryIn(pair.country, { countries })) {
      out.push({
        severity: 'error',
        path,
        message: `replication needs an in-jurisdiction target, but jurisdiction "${j.id}" has no azure.secondary and ${j.azure.primary}'s paired region ${pair ? `${pair.code} is in ${describeCountry(pair.country)}` : 'does not exist'}; add azure.secondary or set replication: false`,
      });
    }
  }
}

/** Strings that Terraform would interpolate: a policy is data, never code. */
function findInterpolations(value: unknown, path: (string | number)[], out: Finding[]): void {
  if (typeof value === 'string') {
    if (/\$\{|%\{/.test(value)) {
      out.push({ severity: 'error', path, message: `${quote(value)} contains Terraform template syntax (\${ or %{); policy values are literal data` });
    }
  } else if (Array.isArray(value)) value.forEach((v, k) => findInterpolations(v, [...path, k], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) findInterpolations(v, [...path, k], out);
}

export function validatePolicy(parsed: ParsedPolicy): { findings: Finding[]; policy?: SovereigntyPolicy } {
  const out: Finding[] = [];
  findInterpolations(parsed, [], out);

  const firstIndex = new Map<string, number>();
  parsed.jurisdictions.forEach((j, i) => {
    const first = firstIndex.get(j.id);
    if (first !== undefined) {
      out.push({ severity: 'error', path: ['jurisdictions', i, 'id'], message: `jurisdiction id "${j.id}" is already used by jurisdictions[${first}]; ids name stacks and must be unique` });
    } else firstIndex.set(j.id, i);
  });

  const resolved = parsed.jurisdictions.map((j, i) => checkJurisdiction(parsed, j, i, out));

  // Each client country routes to one jurisdiction.
  const claimedBy = new Map<CountryCode, number>();
  parsed.jurisdictions.forEach((j, i) => {
    const countries = j.clientCountries ?? resolved[i]?.clientCountries ?? [];
    for (const c of new Set(countries)) {
      const other = claimedBy.get(c);
      if (other !== undefined && parsed.jurisdictions[other].id !== j.id) {
        out.push({
          severity: 'error',
          path: ['jurisdictions', i, j.clientCountries ? 'clientCountries' : 'id'],
          message: `client country ${describeCountry(c)} is claimed by jurisdictions "${parsed.jurisdictions[other].id}" and "${j.id}"; a country routes to one jurisdiction: set \`clientCountries\` on one of them`,
        });
      } else claimedBy.set(c, i);
    }
  });

  const ids = parsed.jurisdictions.map((j) => j.id);
  const dns = checkDns(parsed, out);
  if (dns?.provider === 'route53') {
    resolved.forEach((j, i) => j && out.push(...countryNameFindings(j, i, dns.serviceName, parsed.domain)));
    out.push(...sharedGatewayRegionFindings(resolved, dns.serviceName, parsed.domain, parsed.routing.default === 'none' ? null : parsed.routing.default));
  }
  if (parsed.routing.default !== 'none' && !ids.includes(parsed.routing.default)) {
    out.push({ severity: 'error', path: ['routing', 'default'], message: `"${parsed.routing.default}" is not a jurisdiction id; allowed: none, ${ids.join(', ')}` });
  }

  const storeNames = new Set<string>();
  parsed.dataStores.forEach((s, i) => {
    if (!ids.includes(s.jurisdiction)) {
      out.push({ severity: 'error', path: ['dataStores', i, 'jurisdiction'], message: `"${s.jurisdiction}" is not a jurisdiction id; allowed: ${ids.join(', ')}` });
    }
    const owner = parsed.jurisdictions.find((j) => j.id === s.jurisdiction);
    if (owner && s.replication) checkStoreReplication(owner, ['dataStores', i, 'replication'], out);
    const key = `${s.jurisdiction}/${s.name}`;
    if (storeNames.has(key)) out.push({ severity: 'error', path: ['dataStores', i, 'name'], message: `data store "${s.name}" is declared twice for jurisdiction "${s.jurisdiction}"` });
    storeNames.add(key);
  });

  if (dns) {
    resolved.forEach((j, i) => {
      const names = j ? chainNames(j) : undefined;
      if (names && names.length < 2) {
        out.push({
          severity: 'error',
          path: ['jurisdictions', i],
          message: `the failover chain of jurisdiction "${j!.jurisdiction.id}" has ${names.length} endpoint(s) (${names.join(', ') || 'none'}); DNS failover needs at least two: run inference in two regions or clouds, or list failover.endpoints / failover.external`,
        });
      }
    });
  }
  checkCutoffDeclarations(parsed, resolved, out);
  checkDrills(parsed, resolved, out);
  if (out.some((f) => f.severity === 'error')) return { findings: out };
  const jurisdictions = resolved.map((j) => {
    const stores = parsed.dataStores.filter((s) => s.jurisdiction === j!.jurisdiction.id).map(({ jurisdiction: _j, ...rest }) => Object.freeze(rest));
    return Object.freeze({ ...j!, dataStores: Object.freeze(stores) });
  });
  const policy: SovereigntyPolicy = Object.freeze({
    name: parsed.name,
    engine: parsed.engine,
    namespace: parsed.namespace ?? parsed.name.replace(/[^a-z0-9]/g, '').slice(0, 12),
    keyIssuedOn: parsed.keyIssuedOn,
    contact: parsed.contact,
    domain: parsed.domain,
    routingDefault: parsed.routing.default === 'none' ? null : parsed.routing.default,
    jurisdictions: Object.freeze(jurisdictions),
    dns,
    operators: Object.freeze({ ...parsed.operators }),
  });
  return { findings: out, policy };
}
