/**
 * Reads a policy (YAML, or JSON, which YAML 1.2 parses too) and returns either a frozen
 * SovereigntyPolicy or every problem found, each with file, line, path, bad value and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { JURISDICTION_PRESETS, jurisdiction, regionsIn, type Cloud } from '../catalog';
import type { SovereigntyPolicy } from './model';
import { SourceLocator, formatPath, type PolicyPath, type PolicyProblem } from './problems';
import { PolicySchema } from './schema';
import { validatePolicy, type Finding } from './validate';

export interface LoadResult {
  /** Present only when there is no error (warnings may remain). */
  readonly policy?: SovereigntyPolicy;
  readonly problems: readonly PolicyProblem[];
}

const CREDENTIAL_KEY = /secret|password|passwd|accesskey|access_key|token|credential|privatekey|private_key|clientsecret|sas/i;

function valueAt(root: unknown, path: PolicyPath): unknown {
  let v: unknown = root;
  for (const p of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[p] : undefined;
  return v;
}

function show(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
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
  const countries = typeof j.preset === 'string' && j.preset in JURISDICTION_PRESETS
    ? JURISDICTION_PRESETS[j.preset as keyof typeof JURISDICTION_PRESETS].countries
    : Array.isArray(j.countries) ? (j.countries as string[]) : undefined;
  if (!countries) return '';
  const inside = regionsIn(cloud, jurisdiction(String(j.id), { countries })).map((r) => r.code);
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
          const hint = closest(key, allowed);
          const message = CREDENTIAL_KEY.test(key)
            ? `"${key}" looks like a credential: credentials never go in the policy file; the providers read them from the environment (AWS_PROFILE, role assumption, ARM_* variables, Azure CLI login)`
            : `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; allowed keys here: ${allowed.join(', ')}`;
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
        out.push({ severity: 'error', path, message: `${show(value)}: ${issue.message}` });
    }
  }
  return out;
}

/** Validates policy text. `file` names it in messages. */
export function loadPolicy(source: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problem = (f: Finding, at?: { line: number; column: number }): PolicyProblem => ({
    severity: f.severity,
    file,
    line: at?.line,
    column: at?.column,
    path: formatPath(f.path),
    message: f.message,
  });

  if (doc.errors.length) {
    return {
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { severity: 'error' as const, file, line: pos.line, column: pos.col, path: '(syntax)', message: `malformed YAML/JSON: ${e.message.split('\n')[0]}` };
      }),
    };
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    return { problems: [{ severity: 'error', file, line: 1, column: 1, path: '(root)', message: 'the policy file is empty; start from `stacks/policies/*.yaml` or the JSON Schema in lib/policy' }] };
  }
  const locator = new SourceLocator(doc, lines);
  const parsed = PolicySchema.safeParse(raw);
  if (!parsed.success) {
    return { problems: schemaFindings(raw, parsed.error.issues).map((f) => problem(f, locator.locate(f.path, { key: f.atKey }))) };
  }
  const { findings, policy } = validatePolicy(parsed.data);
  return { policy, problems: findings.map((f) => problem(f, locator.locate(f.path, { key: f.atKey }))) };
}

export function loadPolicyFile(path: string): LoadResult {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (e) {
    return { problems: [{ severity: 'error', file: path, path: '(file)', message: `cannot read the policy file: ${(e as Error).message}` }] };
  }
  return loadPolicy(source, path);
}
