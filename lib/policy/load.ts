/**
 * The one loading path of every entry point (`cdktn synth`, `validate`, `report`, `init`'s
 * self-check, the library): bytes → text (source.ts: size, UTF-8, characters) → plain data
 * (parse.ts: tokens, values, collection sizes, depth, aliases, tags, strict JSON for `.json`) →
 * secrets (secrets.ts) → schema → cross-field rules. Returns either a frozen SovereigntyPolicy or every problem found, each with file, line,
 * path, bad value (escaped, cut) and what is allowed. It never throws.
 */
import type { z } from 'zod';
import { JURISDICTION_PRESETS, allowedRegionList, jurisdiction, type Cloud } from '../catalog';
import type { SovereigntyPolicy } from './model';
import { parsePolicyText } from './parse';
import { SourceLocator, formatPath, quote, show, type PolicyPath, type PolicyProblem } from './problems';
import { PolicySchema } from './schema';
import { scanSecrets } from './secrets';
import { decodePolicy, readPolicySource } from './source';
import { validatePolicy, type Finding } from './validate';

export interface LoadResult {
  /** Present only when there is no error (warnings may remain). */
  readonly policy?: SovereigntyPolicy;
  readonly problems: readonly PolicyProblem[];
}

const CREDENTIAL_KEY = /secret|password|passwd|accesskey|access_key|token|credential|privatekey|private_key|clientsecret|sas/i;

/** The value at `path`, own properties only (a key such as `constructor` never reaches the prototype). */
function valueAt(root: unknown, path: PolicyPath): unknown {
  let v: unknown = root;
  for (const p of path) v = v && typeof v === 'object' && Object.hasOwn(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

/** Characters refused inside values, where an escape (`"\u0007"`) can put them: they would reach resource attributes. */
const REFUSED_IN_VALUE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function controlCharacterFindings(raw: unknown): Finding[] {
  const out: Finding[] = [];
  const stack: [unknown, (string | number)[]][] = [[raw, []]];
  while (stack.length) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string' && REFUSED_IN_VALUE.test(value)) {
      out.push({ severity: 'error', path, message: `${quote(value)} contains a control character or bidirectional override (written here escaped); policy values are printable text` });
    } else if (Array.isArray(value)) value.forEach((v, k) => stack.push([v, [...path, k]]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (REFUSED_IN_VALUE.test(k)) out.push({ severity: 'error', path: [...path, k], atKey: true, message: 'this key contains a control character or bidirectional override; keys are printable text' });
        else stack.push([v, [...path, k]]);
      }
    }
  }
  return out;
}

/** The zod object schema found by walking `path` (to list the keys allowed there). */
function objectKeysAt(path: PolicyPath): string[] {
  let s = PolicySchema as unknown as { _zod: { def: Record<string, unknown> } };
  const unwrap = () => {
    while (['optional', 'default', 'nullable'].includes(s._zod.def.type as string)) s = s._zod.def.innerType as typeof s;
  };
  for (const p of path) {
    unwrap();
    const def = s._zod.def;
    if (def.type === 'object' && typeof p === 'string') s = (def.shape as Record<string, typeof s>)[p];
    else if (def.type === 'array' && typeof p === 'number') s = def.element as typeof s;
    else return [];
    if (!s) return [];
  }
  unwrap();
  return s._zod.def.type === 'object' ? Object.keys(s._zod.def.shape as object) : [];
}

function closest(word: string, candidates: string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length][b.length];
  };
  const best = candidates.map((c) => [c, dist(word.toLowerCase(), c.toLowerCase())] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= 2 ? best[0] : undefined;
}

/** For a bad region value: the regions of that cloud inside the jurisdiction the raw file describes. */
function regionHint(raw: unknown, path: PolicyPath): string {
  if (path[0] !== 'jurisdictions' || typeof path[1] !== 'number') return '';
  const cloud: Cloud | undefined = path.includes('aws') ? 'aws' : path.includes('azure') ? 'azure' : undefined;
  const j = valueAt(raw, ['jurisdictions', path[1]]) as { id?: unknown; preset?: unknown; countries?: unknown } | undefined;
  if (!cloud || !j) return '';
  const countries = typeof j.preset === 'string' && Object.hasOwn(JURISDICTION_PRESETS, j.preset)
    ? JURISDICTION_PRESETS[j.preset as keyof typeof JURISDICTION_PRESETS].countries
    : Array.isArray(j.countries) ? (j.countries as string[]) : undefined;
  if (!countries) return '';
  const inside = allowedRegionList(cloud, jurisdiction(String(j.id), { countries })).map((r) => r.code);
  return inside.length ? `; inside jurisdiction "${String(j.id)}": ${inside.join(', ')}` : '';
}

function schemaFindings(raw: unknown, issues: readonly z.core.$ZodIssue[]): Finding[] {
  const out: Finding[] = [];
  for (const issue of issues) {
    const path = issue.path as (string | number)[];
    const value = valueAt(raw, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const allowed = objectKeysAt(path);
        for (const key of issue.keys) {
          const hint = key.length <= 64 ? closest(key, allowed) : undefined;
          const message = CREDENTIAL_KEY.test(key)
            ? `${quote(key)} looks like a credential: credentials never go in the policy file; the providers read them from the environment (AWS_PROFILE, role assumption, ARM_* variables, Azure CLI login)`
            : `unknown key ${quote(key)}${hint ? ` (did you mean "${hint}"?)` : ''}; allowed keys here: ${allowed.join(', ')}`;
          out.push({ severity: 'error', path: [...path, key], message, atKey: true });
        }
        break;
      }
      case 'invalid_value': {
        const isRegion = /^(primary|secondary|region|location)$/.test(String(path[path.length - 1]));
        const allowed = issue.values.map((v) => String(v)).join(', ');
        const message = value === undefined
          ? `missing required field; allowed values: ${allowed}`
          : isRegion
            ? `unknown ${path.includes('azure') ? 'Azure' : 'AWS'} region ${show(value)}${regionHint(raw, path)}; all known: ${allowed}`
            : `${show(value)} is not allowed; allowed values: ${allowed}`;
        out.push({ severity: 'error', path, message });
        break;
      }
      case 'invalid_type':
        out.push({
          severity: 'error',
          path,
          message: value === undefined ? `missing required field (expected ${issue.expected})` : `expected ${issue.expected}, got ${show(value)}`,
        });
        break;
      case 'invalid_format':
        out.push({ severity: 'error', path, message: `${show(value)} ${issue.message}` });
        break;
      case 'too_small':
        out.push({ severity: 'error', path, message: Array.isArray(value) ? `must list at least ${issue.minimum} item(s)` : `${show(value)} is too small: minimum ${issue.minimum}` });
        break;
      case 'too_big':
        out.push({ severity: 'error', path, message: `${show(value)} is too large: maximum ${issue.maximum}` });
        break;
      default:
        out.push({ severity: 'error', path, message: `${show(value)}: ${issue.message.split('\n')[0]}` });
    }
  }
  return out;
}

/**
 * Validates a policy given as text or bytes (bytes are checked as UTF-8 first). `file` names it in
 * messages; a name ending in `.json` is parsed as strict JSON.
 */
export function loadPolicy(source: string | Uint8Array, file: string): LoadResult {
  try {
    if (typeof source !== 'string') {
      const decoded = decodePolicy(source, file);
      return decoded.problem ? { problems: [decoded.problem] } : loadText(decoded.text, file);
    }
    return loadText(source, file);
  } catch (e) {
    // Not reached by any input we know of; a bug must still come out as one located line, not a crash.
    return { problems: [{ severity: 'error', file, path: '(internal)', message: `internal error while checking the policy (please report it): ${(e as Error)?.message ?? String(e)}` }] };
  }
}

function loadText(source: string, file: string): LoadResult {
  const parsed = parsePolicyText(source, file);
  if (parsed.problems) return { problems: parsed.problems };
  const { raw, doc, lines } = parsed;
  const locator = new SourceLocator(doc, lines);
  const problem = (f: Finding): PolicyProblem => {
    const at = locator.locate(f.path, { key: f.atKey });
    return { severity: f.severity, file, line: at?.line, column: at?.column, path: formatPath(f.shownPath ?? f.path), message: f.message };
  };
  if (raw === null || raw === undefined) {
    return { problems: [{ severity: 'error', file, line: 1, column: 1, path: '(root)', message: 'the policy file is empty; start from `stacks/policies/*.yaml` or the JSON Schema in lib/policy' }] };
  }
  // Secrets and control characters first, alone: later messages echo values, and these must not be echoed.
  const unsafe = [...scanSecrets(raw), ...controlCharacterFindings(raw)];
  if (unsafe.length) return { problems: unsafe.map(problem) };
  const checked = PolicySchema.safeParse(raw);
  if (!checked.success) return { problems: schemaFindings(raw, checked.error.issues).map(problem) };
  const { findings, policy } = validatePolicy(checked.data);
  return { policy, problems: findings.map(problem) };
}

/** Reads and validates a policy file; `shownAs` names it in messages (default: `path`). */
export function loadPolicyFile(path: string, shownAs = path): LoadResult {
  const read = readPolicySource(path, shownAs);
  if (read.problem) return { problems: [read.problem] };
  return loadPolicy(read.text, shownAs);
}
