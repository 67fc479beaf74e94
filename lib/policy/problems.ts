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

export function formatPath(path: PolicyPath): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${p}` : p;
  return out || '(root)';
}

/** `file:line:col: error: path: message`, the form editors and CI annotators link. */
export function formatProblem(p: PolicyProblem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.column ?? 1}` : p.file;
  return `${where}: ${p.severity}: ${p.path}: ${p.message}`;
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
