/**
 * Names and checks shared by the Azure inference constructs: deterministic, globally unique names
 * derived from (namespace, jurisdiction, region), the naming rules of the services, and the
 * "region inside the jurisdiction" check.
 *
 * Rules (docs/facts/security-rules.md §5.4 and the services' docs):
 * - `custom_subdomain_name`: 2–64 characters, letters, digits and `-`, not ending with `-`
 *   (MicrosoftDocs/azure-ai-docs `articles/ai-services/cognitive-services-custom-subdomains.md`);
 *   it is also a DNS label under openai.azure.com, so it may not start with `-` either. The provider
 *   only checks "not empty", so the API would be the first to refuse anything else.
 * - cognitive account `name`: provider regex `^([a-zA-Z0-9]{1}[a-zA-Z0-9_.-]{1,})$`, at most 64.
 * - API Management service name: 1–50 characters, `^[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$`
 *   (ARM `Microsoft.ApiManagement/service` path pattern); it becomes `<name>.azure-api.net`.
 */
import { createHash } from 'node:crypto';
import { Token } from 'cdktn';
import { regionProblem, type Jurisdiction, type Region } from '../catalog';

const NAMESPACE = /^[a-z](?:[a-z0-9-]{0,30}[a-z0-9])?$/;

/** First 6 hex characters of SHA-256 over the parts joined with `/`. */
export function nameHash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 6);
}

/** `germanywestcentral` → `germanywc`, `southindia` → `sindia`, `eastus2` → `eus2`. */
export function shortRegionCode(code: string): string {
  return code.replace(/north|south|east|west|central/g, (w) => w[0]);
}

function jurisdictionLabel(j: Pick<Jurisdiction, 'id'>, max: number): string {
  const t = j.id.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, max);
  if (t.length === 0) throw new Error(`jurisdiction id "${j.id}" has no letters or digits to build resource names from`);
  return t;
}

/** Throws unless `namespace` is 1–32 lower-case letters, digits or inner hyphens, starting with a letter. */
export function assertNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) {
    throw new Error(`namespace "${namespace}" is invalid: use 1–32 lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit`);
  }
}

/** `<prefix>-<jurisdiction>-<short region>-<hash of namespace/jurisdiction/region>`, e.g. `oai-eu-germanywc-1a2b3c`. */
export function regionalName(prefix: string, namespace: string, j: Pick<Jurisdiction, 'id'>, region: Pick<Region, 'code'>): string {
  assertNamespace(namespace);
  return `${prefix}-${jurisdictionLabel(j, 12)}-${shortRegionCode(region.code)}-${nameHash([namespace, j.id, region.code])}`;
}

/** Why `name` is not a valid `custom_subdomain_name`, or undefined if it is (unresolved tokens pass). */
export function customSubdomainProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  const rule = 'the rule is 2–64 letters, digits and hyphens, not starting or ending with "-" (it becomes <name>.openai.azure.com and cannot be changed)';
  let why: string | undefined;
  if (name.length < 2 || name.length > 64) why = `it has ${name.length} characters`;
  else if (!/^[A-Za-z0-9-]+$/.test(name)) why = 'it has characters other than letters, digits and hyphens';
  else if (name.endsWith('-')) why = 'it ends with "-"';
  else if (name.startsWith('-')) why = 'it starts with "-"';
  return why ? `custom subdomain name "${name}" is invalid: ${why}; ${rule}` : undefined;
}

/** Why `name` is not a valid API Management service name, or undefined if it is. */
export function apiManagementNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  if (name.length <= 50 && /^[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(name)) return undefined;
  return `API Management name "${name}" is invalid: use 1–50 letters, digits and hyphens, starting with a letter and ending with a letter or digit (it becomes <name>.azure-api.net)`;
}

/** Throws unless the region is an Azure region inside the jurisdiction (the residency kernel's rule, lib/catalog/residency.ts). */
export function assertAzureRegionIn(region: Region, j: Jurisdiction, what: string): void {
  const problem = regionProblem(region, j, 'azure');
  if (problem) throw new Error(`${what}: ${problem}`);
}

/** Throws unless `value` is a whole number in [min, max]. */
export function assertIntIn(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
}
