/**
 * Problems found in a policy file: values until the edge, printed by the app or the CLI.
 */
import { isMap, isNode, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type PolicyPath = readonly (string | number)[];

export interface PolicyProblem {
  readonly severity: 'error' | 'warning';
  /** The policy file as given (`stacks/policies/india.yaml`, or `<default policy>`). */
  readonly file: string;
  /** 1-based line and column of the value, or of the nearest enclosing node that exists. */
  readonly line?: number;
  readonly column?: number;
  /** `jurisdictions[1].aws.primary` */
  readonly path: string;
  readonly message: string;
}

/** Keys from the file are echoed in paths: a key that is not a plain name is quoted (and cut). */
export function formatPath(path: PolicyPath): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else {
      const key = /^[A-Za-z0-9_-]{1,64}$/.test(p) ? p : `[${quote(p)}]`;
      out += key.startsWith('[') || !out ? key : `.${key}`;
    }
  }
  return out || '(root)';
}

/** Longest text echoed from a policy file; longer values are cut, with their length given. */
export const MAX_ECHOED_CHARS = 80;

/**
 * Control characters (C0, DEL, C1), line and paragraph separators and bidirectional controls, which
 * would break the one-line format or reorder what a reviewer sees (CVE-2021-42574, "Trojan Source").
 */
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Escapes every unsafe character as `\n`, `\t` or `\u{...}`, so a message stays on one line. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE_CHARS, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`));
}

/** A value from the file as a message shows it: quoted, escaped, cut after MAX_ECHOED_CHARS with its length. */
export function quote(value: string): string {
  const chars = [...value];
  const shown = chars.length > MAX_ECHOED_CHARS ? `${chars.slice(0, MAX_ECHOED_CHARS).join('')}…` : value;
  return `"${escapeText(shown)}"${chars.length > MAX_ECHOED_CHARS ? ` (${chars.length} characters, cut)` : ''}`;
}

/** Any parsed value as a message shows it: strings quoted and cut, numbers that overflowed named as such. */
export function show(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? 'NaN (not a number)' : `${v > 0 ? '' : '-'}a number too large to represent (read as ${v})`;
  if (v === undefined) return 'nothing';
  const json = JSON.stringify(v) ?? String(v);
  return json.length > MAX_ECHOED_CHARS ? `${escapeText(json.slice(0, MAX_ECHOED_CHARS))}… (${json.length} characters, cut)` : escapeText(json);
}

/**
 * Longest message printed. Messages quote file values through `quote`, cut at MAX_ECHOED_CHARS; this
 * bounds the rest (a catalog message that echoes a 100,000-character model name, a list of every region).
 */
export const MAX_MESSAGE_CHARS = 2000;

/** `file:line:col: error: path: message`, the form editors and CI annotators link; always one line. */
export function formatProblem(p: PolicyProblem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  const message = escapeText(p.message);
  const cut = message.length > MAX_MESSAGE_CHARS ? `${message.slice(0, MAX_MESSAGE_CHARS)}… (message of ${message.length} characters, cut)` : message;
  return `${escapeText(where)}: ${p.severity}: ${escapeText(p.path)}: ${cut}`;
}

/** Most problems printed for one policy: a hostile file can hold thousands. The count of the rest is printed. */
export const MAX_PRINTED_PROBLEMS = 50;

/** Prints problems, errors to `err` and warnings to `out`, at most MAX_PRINTED_PROBLEMS of them. */
export function printProblems(problems: readonly PolicyProblem[], out: (line: string) => void, err: (line: string) => void): void {
  for (const p of problems.slice(0, MAX_PRINTED_PROBLEMS)) (p.severity === 'error' ? err : out)(formatProblem(p));
  if (problems.length > MAX_PRINTED_PROBLEMS) err(`... and ${problems.length - MAX_PRINTED_PROBLEMS} more problem(s) not shown`);
}

/** Finds where a path is in the YAML/JSON source: the value, the key of a missing child, or the nearest parent. */
export class SourceLocator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  locate(path: PolicyPath, { key = false } = {}): { line: number; column: number } | undefined {
    let node: unknown = this.doc.contents;
    let best: Node | undefined = isNode(node) ? node : undefined;
    let keyNode: Node | undefined;
    let resolved = 0;
    for (const part of path) {
      if (isMap(node)) {
        const pair = node.items.find((i) => isPair(i) && isScalar(i.key) && i.key.value === part);
        if (!pair) break;
        keyNode = isNode(pair.key) ? pair.key : undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof part === 'number') {
        node = node.items[part];
        keyNode = undefined;
      } else break;
      resolved++;
      if (isNode(node)) best = node;
      else break;
    }
    const target = key && keyNode && resolved === path.length ? keyNode : best;
    if (!target?.range) return undefined;
    const pos = this.lines.linePos(target.range[0]);
    return { line: pos.line, column: pos.col };
  }
}
