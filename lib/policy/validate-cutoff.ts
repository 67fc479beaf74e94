/**
 * Declarations the cut-off analysis reads: operators' home countries, external DNS providers and the
 * scenarios each jurisdiction demands to survive. Names must point at real things.
 */
import { builtinOperators, findRegion } from '../catalog';
import { BUILTIN_DNS_PROVIDERS, policyFailoverChain, type JurisdictionPolicy } from './model';
import { quote, type PolicyPath } from './problems';
import type { ParsedPolicy } from './schema';
import type { Finding } from './finding';

/** Names of a resolved jurisdiction's failover chain, as stacks/ builds it (gateways `aws-<region>`, `azure-<region>`, then external). */
export function chainNames(j: JurisdictionPolicy): string[] {
  return policyFailoverChain(j, 'domain.invalid').map((e) => e.name); // names do not depend on the domain
}

/** Operators have a home country, declared DNS providers answer with real endpoints, demanded scenarios name real things. */
export function checkCutoffDeclarations(parsed: ParsedPolicy, resolved: readonly (JurisdictionPolicy | undefined)[], out: Finding[]): void {
  const BUILTIN_OPERATORS = builtinOperators(); // the catalog's operator table (lib/catalog/operators.ts)
  const builtin = (n: string) => Object.hasOwn(BUILTIN_OPERATORS, n); // never a plain lookup: `constructor` is on every object's prototype
  const declared = Object.keys(parsed.operators).filter((n) => !builtin(n));
  const known = [...Object.keys(BUILTIN_OPERATORS), ...declared];
  const builtinList = Object.entries(BUILTIN_OPERATORS).map(([n, o]) => `${n} (${o.country})`).join(', ');
  for (const name of Object.keys(parsed.operators)) {
    if (builtin(name)) out.push({ severity: 'error', path: ['operators', name], atKey: true, message: `"${name}" is built in (home ${BUILTIN_OPERATORS[name].country}); remove it` });
    else if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) out.push({ severity: 'error', path: ['operators', name], atKey: true, message: `operator name "${name}" must be a lower-case name such as ovh or natcloud-fr (endpoints and DNS providers refer to it)` });
  }
  parsed.jurisdictions.forEach((j, i) => {
    for (const list of ['endpoints', 'external'] as const) {
      (j.failover?.[list] ?? []).forEach((e, k) => {
        if (known.includes(e.operator)) return;
        out.push({ severity: 'warning', path: ['jurisdictions', i, 'failover', list, k, 'operator'], message: `operator "${e.operator}" has no home country: declare it, e.g. \`operators: { ${e.operator}: { country: ${e.country} } }\`; until then the cut-off analysis counts "${e.name}" as lost in every operator cut-off` });
      });
    }
  });
  const dnsNames = [...BUILTIN_DNS_PROVIDERS];
  (parsed.dns?.external ?? []).forEach((d, k) => {
    const path: PolicyPath = ['dns', 'external', k];
    if (dnsNames.includes(d.name)) out.push({ severity: 'error', path: [...path, 'name'], message: `"${d.name}" is ${BUILTIN_DNS_PROVIDERS.includes(d.name) ? 'a built-in DNS provider name' : 'already used by another dns.external entry'}; give another name` });
    if (!dnsNames.includes(d.name)) dnsNames.push(d.name);
    if (!known.includes(d.operator)) out.push({ severity: 'error', path: [...path, 'operator'], message: `unknown operator "${d.operator}"; declare it under \`operators\` with its home country (declared: ${declared.join(', ') || 'none'}; built in: ${builtinList})` });
    for (const [id, endpoint] of Object.entries(d.answers)) {
      const i = parsed.jurisdictions.findIndex((j) => j.id === id);
      if (i < 0) out.push({ severity: 'error', path: [...path, 'answers', id], atKey: true, message: `"${id}" is not a jurisdiction id; allowed: ${parsed.jurisdictions.map((j) => j.id).join(', ')}` });
      const names = resolved[i] ? chainNames(resolved[i]!) : undefined;
      if (names && !names.includes(endpoint)) out.push({ severity: 'error', path: [...path, 'answers', id], message: `${quote(endpoint)} is not an endpoint of jurisdiction "${id}"'s failover chain; allowed: ${names.join(', ') || 'none'}` });
    }
  });
  const pdns = parsed.dns?.powerdns;
  if (pdns) {
    if (dnsNames.includes(pdns.name)) out.push({ severity: 'error', path: ['dns', 'powerdns', 'name'], message: `"${pdns.name}" is ${BUILTIN_DNS_PROVIDERS.includes(pdns.name) ? 'a built-in DNS provider name' : 'already used by a dns.external entry'}; give another name` });
    else dnsNames.push(pdns.name);
    if (!known.includes(pdns.operator)) out.push({ severity: 'error', path: ['dns', 'powerdns', 'operator'], message: `unknown operator "${pdns.operator}"; declare it under \`operators\` with its home country (declared: ${declared.join(', ') || 'none'}; built in: ${builtinList})` });
  }
  parsed.jurisdictions.forEach((j, i) => {
    const path: PolicyPath = ['jurisdictions', i, 'survives'];
    if (!j.survives?.length) return;
    if (!parsed.dns) out.push({ severity: 'error', path, message: 'survives needs a top-level `dns` section: the analysis follows DNS from the clients to a gateway' });
    else if (resolved[i] && chainNames(resolved[i]!).length === 0) out.push({ severity: 'error', path, message: `jurisdiction "${j.id}" has no inference gateways or failover endpoints: nothing can survive` });
    const used = [...new Set([j.aws?.primary, j.aws?.secondary, j.azure?.primary, j.azure?.secondary, j.state.aws?.region, j.state.azure?.location].filter((r): r is string => !!r))];
    const usedWithPairs = [...used, ...used.map((r) => findRegion('azure', r)?.pairedRegion).filter((r): r is string => !!r)];
    j.survives.forEach((s, k) => {
      const [kind, value] = s.split(':');
      if (kind === 'cloud' && !known.includes(value)) out.push({ severity: 'error', path: [...path, k], message: `unknown operator "${value}" in "${s}"; known: ${known.join(', ')}` });
      if (kind === 'dns' && !dnsNames.includes(value)) out.push({ severity: 'error', path: [...path, k], message: `unknown DNS provider "${value}" in "${s}"; known: ${dnsNames.join(', ')}` });
      if (kind === 'region' && !usedWithPairs.includes(value)) out.push({ severity: 'warning', path: [...path, k], message: `jurisdiction "${j.id}" runs nothing in ${value} (its regions: ${used.join(', ')}): the demand holds trivially` });
    });
  });
}


/** Position words a drill may use (kept equal to FAILOVER_POSITIONS in lib/dns/chain.ts; a test holds them equal). */
export const DRILL_POSITIONS: readonly string[] = Object.freeze(['primary', 'secondary', 'tertiary']);

/**
 * Drills name real endpoints of the jurisdiction's chain, or a position inside it, and leave one
 * serving; chain endpoints do not take a position's name. The same rules as the DNS constructs'
 * (lib/dns/chain.ts drilledEndpointNames), checked here so that the error is located, before synth.
 */
export function checkDrills(parsed: ParsedPolicy, resolved: readonly (JurisdictionPolicy | undefined)[], out: Finding[]): void {
  parsed.jurisdictions.forEach((j, i) => {
    const f = j.failover;
    const base: PolicyPath = ['jurisdictions', i, 'failover'];
    for (const list of ['endpoints', 'external'] as const) {
      (f?.[list] ?? []).forEach((e, k) => {
        if (DRILL_POSITIONS.includes(e.name)) out.push({ severity: 'error', path: [...base, list, k, 'name'], message: `"${e.name}" is reserved for drill positions (${DRILL_POSITIONS.join(', ')}); give the endpoint another name` });
      });
    }
    const r = resolved[i];
    if (!f?.drill || !r) return;
    const names = chainNames(r);
    const failed = new Set<string>();
    f.drill.fail.forEach((entry, k) => {
      const position = DRILL_POSITIONS.indexOf(entry);
      if (position >= 0 && position < names.length) failed.add(names[position]);
      else if (names.includes(entry)) failed.add(entry);
      else {
        out.push({
          severity: 'error',
          path: [...base, 'drill', 'fail', k],
          message: `${quote(entry)} is neither an endpoint of jurisdiction "${j.id}"'s failover chain (${names.join(', ') || 'none'}) nor a position in it (${DRILL_POSITIONS.slice(0, names.length).join(', ') || 'none'})`,
        });
      }
    });
    if (names.length && failed.size === names.length) {
      out.push({ severity: 'error', path: [...base, 'drill', 'fail'], message: `the drill fails every endpoint of jurisdiction "${j.id}"'s chain (${names.join(', ')}); keep at least one serving so the drill shows where traffic goes` });
    }
  });
}
