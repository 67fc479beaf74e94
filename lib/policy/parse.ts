/**
 * From policy text to plain data, with every limit checked before the step it protects:
 *
 *   text checks (size, characters) → the parser's flat token tree (an iterative parser): nesting
 *   depth and alias count → `.json` files: strict JSON (no trailing commas, comments, single quotes)
 *   → the YAML document (1.2 core schema, no tags, no merge keys, unique keys) → aliases expanded
 *   size and cycles, on the document without expanding → plain objects.
 *
 * The YAML document is kept for both file kinds: it gives every later problem its line and column.
 */
import { LineCounter, Parser, isAlias, isCollection, isMap, isNode, isPair, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { POLICY_LIMITS } from './limits';
import type { PolicyProblem } from './problems';
import { checkPolicyText } from './source';

export type ParseResult =
  | { readonly raw: unknown; readonly doc: Document; readonly lines: LineCounter; readonly problems?: undefined }
  | { readonly problems: PolicyProblem[]; readonly raw?: undefined };

/** Options that make a document plain data whatever its `%YAML` directive says (1.1 would allow !!binary, merge keys, timestamps). */
const YAML_OPTIONS = { version: '1.2', schema: 'core', merge: false, uniqueKeys: true, prettyErrors: false, strict: true, stringKeys: false } as const;

interface CstItem {
  readonly key?: CstToken | null;
  readonly value?: CstToken | null;
}
interface CstToken {
  readonly type: string;
  readonly offset: number;
  readonly items?: readonly CstItem[];
  readonly value?: CstToken | string;
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/** Thrown by BoundedParser when the token limit is reached, at the offset it was reached. */
class TokenLimit {
  constructor(readonly offset: number) {}
}

/** yaml's parser (iterative), stopped after `maxTokens` lexical tokens: the token tree never grows past them. */
class BoundedParser extends Parser {
  private tokens = 0;
  public override *next(source: string): Generator<ReturnType<Parser['next']> extends Generator<infer T> ? T : never, void> {
    if (++this.tokens > POLICY_LIMITS.maxTokens) throw new TokenLimit(this.offset);
    yield* super.next(source);
  }
}

/** Token count, value count, collection sizes, nesting depth and alias count, from the parser's token tree walked with an explicit stack. */
function checkTokens(text: string, file: string): PolicyProblem | undefined {
  const problem = (offset: number, path: string, message: string): PolicyProblem => ({ severity: 'error', file, ...position(text, offset), path, message });
  try {
    return walkTokens(new BoundedParser().parse(text) as Iterable<CstToken>, problem);
  } catch (e) {
    if (!(e instanceof TokenLimit)) throw e;
    return problem(e.offset, '(size)', `more than ${POLICY_LIMITS.maxTokens} YAML tokens, the limit for a policy file (the default policy has about 800)`);
  }
}

function walkTokens(tokens: Iterable<CstToken>, problem: (offset: number, path: string, message: string) => PolicyProblem): PolicyProblem | undefined {
  let aliases = 0;
  let nodes = 0;
  for (const token of tokens) {
    const stack: [CstToken, number][] = [];
    if (token.type === 'document' && token.value && typeof token.value === 'object') stack.push([token.value, 0]);
    while (stack.length) {
      const [t, depth] = stack.pop()!;
      if (++nodes > POLICY_LIMITS.maxNodes) {
        return problem(t.offset, '(size)', `more than ${POLICY_LIMITS.maxNodes} values, the limit for a policy file (the default policy has about 200 for three jurisdictions)`);
      }
      if (t.type === 'alias' && ++aliases > POLICY_LIMITS.maxAliases) {
        return problem(t.offset, '(aliases)', `more than ${POLICY_LIMITS.maxAliases} aliases (*name), the limit for a policy file; write the values out or use fewer anchors`);
      }
      if (!t.items) continue;
      if (t.items.length > POLICY_LIMITS.maxItems) {
        return problem(t.offset, '(size)', `a map or list of ${t.items.length} entries, over the limit of ${POLICY_LIMITS.maxItems} for one collection (the longest list a policy needs is every country, 249)`);
      }
      const level = depth + 1;
      if (level > POLICY_LIMITS.maxDepth) {
        return problem(t.offset, '(nesting)', `collections nested more than ${POLICY_LIMITS.maxDepth} levels deep, the limit for a policy file (the schema needs 7)`);
      }
      // Pushed last item first, so that tokens are visited (and the alias limit located) in document order.
      for (const item of [...t.items].reverse()) for (const child of [item.value, item.key]) if (child && typeof child === 'object') stack.push([child, level]);
    }
  }
  return undefined;
}

/** A strict JSON parse; the problem names the character where the JSON goes wrong, never the text around it. */
function checkStrictJson(text: string, file: string): PolicyProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const m = /at position (\d+)/.exec((e as Error).message);
    const offset = m ? Number(m[1]) : text.length;
    const c = text[offset];
    const what = c === undefined ? 'the JSON ends too early (an unclosed bracket or string)' : `unexpected ${c === '"' || c === "'" ? `${c === '"' ? 'double' : 'single'} quote` : JSON.stringify(c)}`;
    return {
      severity: 'error',
      file,
      ...position(text, offset),
      path: '(syntax)',
      message: `malformed JSON: ${what}; a .json policy is strict JSON (no trailing commas, comments or single quotes): fix it, or save it as .yaml`,
    };
  }
}

/**
 * Expanded size of the document (aliases counted as the nodes they repeat) and alias cycles, computed
 * once per node: an alias bomb is measured, never expanded.
 */
function checkExpansion(doc: Document, lines: LineCounter, file: string): PolicyProblem | undefined {
  const at = (n: Node) => {
    const p = n.range ? lines.linePos(n.range[0]) : undefined;
    return { line: p?.line, column: p?.col };
  };
  const size = new Map<Node, number>();
  const open = new Set<Node>();
  const anchors = new Map<string, Node>();
  let largest: { alias: Node; size: number } | undefined;
  const children = (n: Node): Node[] => {
    if (isMap(n)) return n.items.flatMap((p) => (isPair(p) ? [p.key, p.value] : [])).filter(isNode);
    if (isSeq(n)) return n.items.filter(isNode);
    return [];
  };
  const root = doc.contents;
  if (!isNode(root)) return undefined;
  const stack: { node: Node; kids: Node[]; next: number; sum: number }[] = [];
  const enter = (node: Node): PolicyProblem | number | undefined => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) return 1; // the parser already reported an unknown anchor
      if (open.has(target)) return { severity: 'error', file, ...at(node), path: '(aliases)', message: `alias *${node.source} refers to a collection that contains it (a cycle); a policy is a tree` };
      const s = size.get(target) ?? 1;
      if (!largest || s > largest.size) largest = { alias: node, size: s };
      return s;
    }
    if (node.tag) {
      return { severity: 'error', file, ...at(node), path: '(syntax)', message: `a policy is plain data: the tag ${node.tag.replace(/^tag:yaml\.org,2002:/, '!!')} is not allowed; write the value without a tag` };
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (!isCollection(node)) return 1;
    open.add(node);
    stack.push({ node, kids: children(node), next: 0, sum: 1 });
    return undefined;
  };
  const first = enter(root);
  if (typeof first === 'object') return first;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.next < top.kids.length) {
      const r = enter(top.kids[top.next++]);
      if (typeof r === 'object') return r;
      if (typeof r === 'number') top.sum = Math.min(top.sum + r, Number.MAX_SAFE_INTEGER);
      continue;
    }
    stack.pop();
    open.delete(top.node);
    size.set(top.node, top.sum);
    if (stack.length) stack[stack.length - 1].sum = Math.min(stack[stack.length - 1].sum + top.sum, Number.MAX_SAFE_INTEGER);
  }
  const total = size.get(root) ?? 1;
  if (total > POLICY_LIMITS.maxExpandedNodes) {
    const where = largest ? at(largest.alias) : at(root);
    return {
      severity: 'error',
      file,
      ...where,
      path: '(aliases)',
      message: `aliases expand the policy to ${total >= Number.MAX_SAFE_INTEGER ? 'more than 2^53' : total} nodes, over the limit of ${POLICY_LIMITS.maxExpandedNodes} (an alias bomb?)${largest ? `; this alias *${(largest.alias as { source?: string }).source} alone repeats ${largest.size} nodes` : ''}`,
    };
  }
  return undefined;
}

/** Parses policy text. `file` names it in problems; a name ending in `.json` is parsed as strict JSON. */
export function parsePolicyText(text: string, file: string): ParseResult {
  const textProblem = checkPolicyText(text, file);
  if (textProblem) return { problems: [textProblem] };
  const tokenProblem = checkTokens(text, file);
  if (tokenProblem) return { problems: [tokenProblem] };
  if (/\.json$/i.test(file)) {
    const jsonProblem = checkStrictJson(text, file);
    if (jsonProblem) return { problems: [jsonProblem] };
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter: lines });
  const located = (e: { pos: [number, number]; message: string }, prefix: string): PolicyProblem => {
    const pos = lines.linePos(e.pos[0]);
    return { severity: 'error', file, line: pos.line, column: pos.col, path: '(syntax)', message: `${prefix}${e.message.split('\n')[0]}` };
  };
  if (doc.errors.length) return { problems: doc.errors.map((e) => located(e, 'malformed YAML/JSON: ')) };
  if (doc.warnings.length) return { problems: doc.warnings.map((e) => located(e, 'a policy is plain data (no tags such as !!binary or !custom): ')).slice(0, 1) };
  const expansion = checkExpansion(doc, lines, file);
  if (expansion) return { problems: [expansion] };
  return { raw: doc.toJS({ maxAliasCount: -1 }), doc, lines };
}
