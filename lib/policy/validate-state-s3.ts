/**
 * `state.s3Compatible`, checked like the other backends: the state holds every resource attribute,
 * so the storage location's country and the operator's home country (whose law can compel it to
 * hand the state over or switch it off) must both be inside the stack's scope. An endpoint of AWS or
 * Azure itself is refused: those have their own backends, checked by region.
 */
import { describeCountry, jurisdiction, type CountryCode, type Jurisdiction } from '../catalog';
import { BUILTIN_OPERATORS, type Engine, type S3CompatibleStateBackend } from './model';
import type { PolicyPath } from './problems';
import type { ParsedS3CompatibleState } from './schema-state';
import type { Finding } from './finding';

/** Where a stack's state must stay, for messages and checks. */
export interface StateScope {
  /** `jurisdiction "eu" (EU: ...)`, or `the routing state's country`. */
  readonly description: string;
  /** The jurisdiction, or a one-country scope for the routing stack. */
  readonly within: Jurisdiction;
}

/** Endpoints of the clouds that have backends of their own (`state.aws`, `state.azure`). */
const CLOUD_ENDPOINTS: readonly [RegExp, string][] = [
  [/(^|\.)amazonaws\.(com|eu|com\.cn)$/, 'an AWS S3 endpoint: use `state.aws` (its region is checked against the jurisdiction)'],
  [/(^|\.)(windows\.net|azure\.net|azure\.com)$/, 'an Azure endpoint: use `state.azure` (azurerm backend)'],
];

function countries(scope: StateScope): string {
  const list = scope.within.countries;
  return list.length > 8 ? `${list.slice(0, 8).join(', ')}, ... (${list.length} countries)` : list.join(', ');
}

/**
 * The backend for `state.s3Compatible`, or undefined after pushing errors. `operators` are the
 * policy's declared operators (built-in ones are known here). With engine opentofu it is refused:
 * OpenTofu's state key must sit on the state's cloud (aws_kms or azure_vault), and no key provider
 * run by the operator (openbao, external) is modelled yet.
 */
export function checkS3CompatibleState(
  engine: Engine,
  sc: ParsedS3CompatibleState,
  defaultKey: string,
  path: PolicyPath,
  scope: StateScope,
  operators: Readonly<Record<string, { readonly country: CountryCode }>>,
  out: Finding[],
): S3CompatibleStateBackend | undefined {
  const at = [...path, 's3Compatible'];
  const errorsBefore = out.length;
  if (engine === 'opentofu') {
    out.push({
      severity: 'error',
      path: at,
      atKey: true,
      message: `engine opentofu encrypts state with a key on the state's cloud (aws_kms or azure_vault), and no key provider run by operator "${sc.operator}" is modelled yet (OpenTofu's openbao or external key providers would be one): use engine terraform with s3Compatible, or state.aws / state.azure`,
    });
  }
  const home = BUILTIN_OPERATORS[sc.operator]?.country ?? operators[sc.operator]?.country;
  if (!home) {
    const declared = Object.keys(operators).join(', ') || 'none';
    out.push({ severity: 'error', path: [...at, 'operator'], message: `unknown operator "${sc.operator}"; declare it under \`operators\` with its home country, e.g. \`operators: { ${sc.operator}: { country: ${sc.country} } }\` (declared: ${declared})` });
  } else if (!scope.within.countries.includes(home)) {
    out.push({
      severity: 'error',
      path: [...at, 'operator'],
      message: `operator "${sc.operator}" has its home in ${describeCountry(home)}, outside ${scope.description}; the law of its home country reaches the state it keeps (every resource attribute): choose an operator at home in ${countries(scope)}`,
    });
  }
  if (!scope.within.countries.includes(sc.country)) {
    out.push({
      severity: 'error',
      path: [...at, 'country'],
      message: `Terraform state would live in ${describeCountry(sc.country)}, outside ${scope.description}; state holds resource attributes and must stay in the jurisdiction; countries allowed there: ${countries(scope)}`,
    });
  }
  const host = new URL(sc.endpoint).hostname;
  for (const [re, why] of CLOUD_ENDPOINTS) if (re.test(host)) out.push({ severity: 'error', path: [...at, 'endpoint'], message: `"${host}" is ${why}` });
  if (out.length > errorsBefore) return undefined;
  return {
    kind: 's3-compatible',
    operator: sc.operator,
    country: sc.country,
    endpoint: sc.endpoint.replace(/\/$/, ''),
    bucket: sc.bucket,
    region: sc.region,
    key: sc.key ?? defaultKey,
    usePathStyle: sc.usePathStyle,
    checksums: sc.checksums,
    serverSideEncryption: sc.serverSideEncryption,
    profile: sc.profile,
  };
}

/**
 * The routing stack's state at an S3-compatible operator. The routing stack has no jurisdiction (it
 * holds public DNS names only); as with the other backends, its state stays in one country: the
 * storage location's, and the operator must be at home there.
 */
export function checkRoutingS3CompatibleState(
  engine: Engine,
  sc: ParsedS3CompatibleState,
  operators: Readonly<Record<string, { readonly country: CountryCode }>>,
  out: Finding[],
): S3CompatibleStateBackend | undefined {
  const scope: StateScope = { description: `the routing state's country (${describeCountry(sc.country)})`, within: jurisdiction('routing', { countries: [sc.country] }) };
  return checkS3CompatibleState(engine, sc, 'sovereign-routing/terraform.tfstate', ['dns', 'state'], scope, operators, out);
}
