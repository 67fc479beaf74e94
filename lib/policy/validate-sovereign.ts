/**
 * The sovereign tier's cross-field rules: the cluster, the registry and the weight store are run by
 * operators whose home country is inside the jurisdiction and run there (otherwise the tier would not
 * survive the cut-off it exists for), and the tier checks the jurisdiction's JWT (`clients`), as every
 * tier of the chain does.
 */
import { describeCountry, type CountryCode, type Jurisdiction } from '../catalog';
import { BUILTIN_OPERATORS } from './model';
import type { SovereignTierPolicy } from './model-sovereign';
import type { PolicyPath } from './problems';
import type { ParsedPolicy } from './schema';
import type { Finding } from './finding';

type ParsedJurisdiction = ParsedPolicy['jurisdictions'][number];

/** Home country of a declared or built-in operator; undefined when unknown. */
function homeOf(parsed: ParsedPolicy, name: string): CountryCode | undefined {
  if (Object.hasOwn(BUILTIN_OPERATORS, name)) return BUILTIN_OPERATORS[name].country;
  return Object.hasOwn(parsed.operators, name) ? (parsed.operators[name].country as CountryCode) : undefined;
}

export function checkSovereign(parsed: ParsedPolicy, j: ParsedJurisdiction, base: PolicyPath, within: Jurisdiction, out: Finding[]): SovereignTierPolicy | undefined {
  const s = j.sovereign;
  if (!s) return undefined;
  const at: PolicyPath = [...base, 'sovereign'];
  const inside = (c: string) => within.countries.includes(c as CountryCode);
  const allowed = within.countries.join(', ');
  const parts: [string, { operator: string; country: string }, PolicyPath][] = [
    ['the cluster', s, at],
    ['the registry', s.registry, [...at, 'registry']],
    ['the weight store', s.weights, [...at, 'weights']],
  ];
  for (const [what, p, path] of parts) {
    const home = homeOf(parsed, p.operator);
    if (!home) {
      const declared = Object.keys(parsed.operators).join(', ') || 'none';
      out.push({ severity: 'error', path: [...path, 'operator'], message: `unknown operator "${p.operator}" of ${what}; declare it under \`operators\` with its home country (declared: ${declared})` });
    } else if (!inside(home)) {
      out.push({
        severity: 'error',
        path: [...path, 'operator'],
        message: `operator "${p.operator}" of ${what} is homed in ${describeCountry(home)}, outside jurisdiction "${j.id}" (${allowed}): a sovereign tier needs an operator homed inside it, or a cut-off of ${home} reaches it`,
      });
    }
    if (!inside(p.country)) {
      out.push({ severity: 'error', path: [...path, 'country'], message: `${what} runs in ${describeCountry(p.country as CountryCode)}, outside jurisdiction "${j.id}"; allowed: ${allowed}` });
    }
  }
  if (!j.clients?.issuer || !j.clients.audience) {
    out.push({ severity: 'error', path: at, atKey: true, message: 'the sovereign tier checks the jurisdiction\'s JWT like every tier: give `clients.issuer` and `clients.audience` (vLLM\'s own --api-key is a static key, not the jurisdiction\'s credential)' });
  }
  // Returned even with errors (the policy is refused by them anyway): the chain keeps its name, so
  // nothing downstream (chain length, dns.external answers, drills) reports a follow-on error.
  return Object.freeze({
    operator: s.operator,
    country: s.country as CountryCode,
    hostname: s.hostname,
    position: s.position,
    cluster: Object.freeze({ ...s.cluster }),
    registry: Object.freeze({ ...s.registry, country: s.registry.country as CountryCode }),
    images: Object.freeze({ ...s.images }),
    weights: Object.freeze({ ...s.weights, country: s.weights.country as CountryCode }),
    gpu: Object.freeze({ ...s.gpu }),
    replicas: s.replicas,
    tlsSecret: s.tlsSecret,
    jwksUri: s.jwksUri,
    egress: Object.freeze({ weightStore: Object.freeze([...s.egress.weightStore]), issuer: Object.freeze([...s.egress.issuer]) }),
  });
}
