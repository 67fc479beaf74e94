/**
 * Globally unique Azure names for residency storage, derived deterministically from
 * (namespace, jurisdiction, store, region) so that two synths of the same policy give the same
 * names, and two organisations (namespaces) do not collide.
 *
 * Naming rules (docs/facts/security-rules.md §5.2, §5.3):
 * - storage account: `^[a-z0-9]{3,24}$` (provider `validate/storage_account_name.go`, Azure naming doc);
 * - key vault: 3–24 chars of letters, digits and `-`, starting with a letter, ending with a letter
 *   or digit, no `--` (provider `validate/vault_name.go`).
 */
import { createHash } from 'node:crypto';
import { Token } from 'cdktn';
import type { Jurisdiction, Region } from '../catalog';

const HASH_LENGTH = 6;
const NAMESPACE = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$|^[a-z]$/;
const STORE_NAME = /^[a-z0-9]{2,12}$/;
const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;

/** First `length` hex chars of SHA-256 over the parts joined with `/`. */
export function shortHash(parts: readonly string[], length = HASH_LENGTH): string {
  return createHash('sha256').update(parts.join('/')).digest('hex').slice(0, length);
}

/** `germanywestcentral` → `germanywc`, `northeurope` → `neurope`, `eastus2` → `eus2`. */
export function shortAzureRegion(code: string): string {
  return code.replace(/north|south|east|west|central/g, (w) => w[0]);
}

/** Throws unless `namespace` is 1–32 lower-case letters, digits or inner hyphens, starting with a letter. */
export function assertNamespace(namespace: string): void {
  if (!NAMESPACE.test(namespace)) {
    throw new Error(
      `namespace "${namespace}" is invalid: use 1–32 lower-case letters, digits and hyphens, starting with a letter and ending with a letter or digit`,
    );
  }
}

/** Throws unless `storeName` is 2–12 lower-case letters or digits (it becomes part of the account name). */
export function assertStoreName(storeName: string): void {
  if (!STORE_NAME.test(storeName)) {
    throw new Error(`storeName "${storeName}" is invalid: use 2–12 lower-case letters or digits (it becomes part of a storage account name)`);
  }
}

function jurisdictionToken(j: Jurisdiction): string {
  const t = j.id.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (t.length === 0) throw new Error(`jurisdiction id "${j.id}" has no letters or digits to build resource names from`);
  return t;
}

/** Why `name` is not a valid storage account name, or undefined if it is (unresolved tokens pass). */
export function storageAccountNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  if (STORAGE_ACCOUNT_NAME.test(name)) return undefined;
  const why = name.length < 3 || name.length > 24 ? `it has ${name.length} characters` : 'it has characters other than a-z and 0-9';
  return `storage account name "${name}" is invalid: ${why}; the rule is 3–24 lower-case letters and digits (^[a-z0-9]{3,24}$), unique across Azure`;
}

/** Why `name` is not a valid key vault name, or undefined if it is (unresolved tokens pass). */
export function keyVaultNameProblem(name: string): string | undefined {
  if (Token.isUnresolved(name)) return undefined;
  const rule = 'the rule is 3–24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no "--", unique across Azure';
  let why: string | undefined;
  if (name.length < 3 || name.length > 24) why = `it has ${name.length} characters`;
  else if (!/^[a-zA-Z0-9-]+$/.test(name)) why = 'it has characters other than letters, digits and hyphens';
  else if (!/^[a-zA-Z]/.test(name)) why = 'it does not start with a letter';
  else if (!/[a-zA-Z0-9]$/.test(name)) why = 'it does not end with a letter or digit';
  else if (name.includes('--')) why = 'it contains "--"';
  return why ? `key vault name "${name}" is invalid: ${why}; ${rule}` : undefined;
}

/**
 * `st` + jurisdiction + store + 6-hex hash of namespace/jurisdiction/store/region, at most 24 chars:
 * the jurisdiction part is shortened first; the hash keeps the full inputs, so names stay unique.
 */
export function residencyStorageAccountName(namespace: string, j: Jurisdiction, storeName: string, region: Region): string {
  assertNamespace(namespace);
  assertStoreName(storeName);
  const hash = shortHash([namespace, j.id, storeName, region.code]);
  const room = 24 - 'st'.length - storeName.length - hash.length;
  const name = `st${jurisdictionToken(j).slice(0, room)}${storeName}${hash}`;
  const problem = storageAccountNameProblem(name);
  if (problem) throw new Error(problem);
  return name;
}

/**
 * `kv-<jurisdiction>-<short region>-<6-hex hash of namespace/jurisdiction/region>`, at most 24 chars:
 * the jurisdiction part keeps at most 4 chars, the region part what is left.
 */
export function jurisdictionKeyVaultName(namespace: string, j: Jurisdiction, region: Region): string {
  assertNamespace(namespace);
  const hash = shortHash([namespace, j.id, region.code]);
  const jid = jurisdictionToken(j).slice(0, 4);
  const room = 24 - 'kv---'.length - jid.length - hash.length;
  const name = `kv-${jid}-${shortAzureRegion(region.code).slice(0, room)}-${hash}`;
  const problem = keyVaultNameProblem(name);
  if (problem) throw new Error(problem);
  return name;
}
