/**
 * The layers a reader can see (DESIGN.md, README "Architecture"), enforced on every import of lib/
 * and stacks/: static and type-only imports, re-exports, `import()` and `require()` of a relative
 * path, read with the TypeScript parser (not a regular expression over the text).
 *
 *   catalog ← synth-files (the one reader of synthesized JSON) ← policy ← constructs ← composition ← stacks
 *   checks and analysis read synthesized JSON: catalog, policy, synth-files only (never a construct)
 *   cli: anything in lib/ but never stacks/ (stacks/cli.ts is its edge)
 *
 * An arrow not in ALLOWED fails with the file, the line and the import. Cycles inside lib/policy fail too.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');

/**
 * Areas of lib/ that are constructs: they take plain props and create Terraform resources. `kubernetes`
 * holds the hashicorp/kubernetes bindings (a construct per resource type), `sovereign` the vLLM tier built on them.
 */
const CONSTRUCTS = ['inference', 'storage', 'dns', 'network', 'guardrails', 'tagging', 'state', 'kubernetes', 'sovereign'];

/** Which areas an area may import (besides itself). `lib` is lib/index.ts, the package's barrel. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  catalog: [],
  'synth-files': ['catalog'],
  policy: ['catalog'],
  ...Object.fromEntries(CONSTRUCTS.map((c) => [c, ['catalog', 'policy', 'synth-files', ...CONSTRUCTS]])),
  // Compositions (ResidencyStorage, JurisdictionInference, ...) build on the constructs; stacks map the policy onto them.
  composition: ['catalog', 'policy', 'synth-files', ...CONSTRUCTS],
  checks: ['catalog', 'policy', 'synth-files'],
  analysis: ['catalog', 'policy', 'synth-files'],
  probe: ['catalog', 'policy', 'dns'],
  // cli → inference: the names of stack outputs it reads; cli → dns: the pure zone rendering of lib/dns/powerdns.ts
  // (no construct: strings from the chain) that `powerdns-zones` writes, kept beside the Route 53 chain it mirrors.
  cli: ['catalog', 'policy', 'synth-files', 'analysis', 'probe', 'inference', 'dns'],
  lib: ['catalog', 'policy', 'synth-files', 'checks', 'analysis', 'composition', ...CONSTRUCTS],
  stacks: ['catalog', 'policy', 'synth-files', 'checks', 'analysis', 'cli', 'composition', ...CONSTRUCTS],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : [],
  );
}

/** `lib/catalog/x.ts` → `catalog`; `lib/index.ts` → `lib`; `stacks/...` → `stacks`. */
function areaOf(file: string): string {
  const rel = relative(ROOT, file).split(/[\\/]/);
  if (rel[0] === 'stacks') return 'stacks';
  return rel.length === 2 ? 'lib' : rel[1];
}

interface Import {
  readonly from: string;
  readonly to: string;
  readonly line: number;
  readonly specifier: string;
}

/** Relative module specifiers of a file, with their line: import/export declarations, import(), require(). */
export function importsOf(file: string, text = readFileSync(file, 'utf8')): { specifier: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node, literal: ts.Expression | undefined) => {
    if (literal && ts.isStringLiteralLike(literal) && literal.text.startsWith('.')) out.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node, node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal as ts.Expression);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) add(node, node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function resolveModule(from: string, specifier: string): string | undefined {
  const base = normalize(join(dirname(from), specifier));
  return [`${base}.ts`, join(base, 'index.ts'), base].find((c) => existsSync(c) && statSync(c).isFile());
}

function allImports(): Import[] {
  const files = [...sourceFiles(join(ROOT, 'lib')), ...sourceFiles(join(ROOT, 'stacks'))];
  return files.flatMap((from) =>
    importsOf(from).flatMap(({ specifier, line }) => {
      const to = resolveModule(from, specifier);
      return to ? [{ from, to, line, specifier }] : [];
    }),
  );
}

/** Imports that break the layers: `lib/cli/main.ts:30 imports ../../stacks/synth (cli → stacks)`. */
export function wrongArrows(imports: readonly Import[]): string[] {
  return imports
    .filter((i) => {
      const [a, b] = [areaOf(i.from), areaOf(i.to)];
      return a !== b && !(ALLOWED[a] ?? []).includes(b);
    })
    .map((i) => `${relative(ROOT, i.from)}:${i.line} imports ${i.specifier} (${areaOf(i.from)} → ${areaOf(i.to)})`);
}

/** Cycles among the files of one area, each as `a.ts → b.ts → a.ts`. */
export function cyclesIn(imports: readonly Import[], area: string): string[] {
  const edges = new Map<string, string[]>();
  for (const i of imports) if (areaOf(i.from) === area && areaOf(i.to) === area) edges.set(i.from, [...(edges.get(i.from) ?? []), i.to]);
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (f: string, path: string[]) => {
    state.set(f, 'open');
    for (const t of edges.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push([...path.slice(path.indexOf(t)), t].map((x) => relative(ROOT, x)).join(' → '));
      else if (!state.has(t)) visit(t, [...path, t]);
    }
    state.set(f, 'done');
  };
  for (const f of edges.keys()) if (!state.has(f)) visit(f, [f]);
  return cycles;
}

describe('layers', () => {
  const imports = allImports();

  test('the scan sees the code: hundreds of imports; every area of lib/ has a layer, and every layer importing something is seen', () => {
    expect(imports.length).toBeGreaterThan(300);
    const areas = new Set([...sourceFiles(join(ROOT, 'lib')), ...sourceFiles(join(ROOT, 'stacks'))].map(areaOf));
    expect([...areas].filter((a) => !(a in ALLOWED))).toEqual([]);
    const importing = new Set(imports.map((i) => areaOf(i.from)));
    for (const a of ['catalog', 'policy', 'checks', 'analysis', 'cli', 'stacks', ...CONSTRUCTS.filter((c) => c !== 'tagging')]) expect([a, importing.has(a)]).toEqual([a, true]);
  });

  test('every import follows an allowed arrow (catalog ← policy ← constructs ← stacks; checks, analysis read synthesized JSON; cli never imports stacks)', () => {
    expect(wrongArrows(imports)).toEqual([]);
  });

  test('lib/catalog imports nothing of ours, and lib/policy only the catalog', () => {
    expect(imports.filter((i) => areaOf(i.from) === 'catalog' && areaOf(i.to) !== 'catalog')).toEqual([]);
    expect(imports.filter((i) => areaOf(i.from) === 'policy' && !['policy', 'catalog'].includes(areaOf(i.to)))).toEqual([]);
  });

  test('no import cycle inside lib/policy or lib/catalog', () => {
    expect(cyclesIn(imports, 'policy')).toEqual([]);
    expect(cyclesIn(imports, 'catalog')).toEqual([]);
  });

  // The test must be able to fail: each wrong arrow the issue names, written into a file of the area.
  test.each([
    ['lib/cli/main.ts', "import type * as Synth from '../../stacks/synth';", 'cli → stacks'],
    ['lib/checks/rules/security/SageMakerEndpointKms.ts', "import { instanceHasLocalStorage } from '../../../inference/aws-sagemaker-policy';", 'checks → inference'],
    ['lib/analysis/operators.ts', "const m = require('../storage/aws');", 'analysis → storage'],
    ['lib/catalog/regions.ts', "export type { Finding } from '../policy/finding';", 'catalog → policy'],
    ['lib/policy/model.ts', "type X = import('../inference/aws-common').Statement;", 'policy → inference'],
  ])('fails on a wrong arrow: %s with `%s` (%s)', (file, line, arrow) => {
    const from = join(ROOT, file);
    const found = importsOf(from, `${line}\n`).flatMap(({ specifier, line: l }) => {
      const to = resolveModule(from, specifier);
      return to ? [{ from, to, line: l, specifier }] : [];
    });
    expect(found).toHaveLength(1);
    expect(wrongArrows(found)).toEqual([`${file}:1 imports ${found[0].specifier} (${arrow})`]);
  });

  test('fails on a cycle', () => {
    const a = join(ROOT, 'lib/policy/validate.ts');
    const b = join(ROOT, 'lib/policy/validate-state.ts');
    expect(cyclesIn([{ from: a, to: b, line: 1, specifier: './validate-state' }, { from: b, to: a, line: 1, specifier: './validate' }], 'policy')).toEqual([
      'lib/policy/validate.ts → lib/policy/validate-state.ts → lib/policy/validate.ts',
    ]);
  });
});

describe('facts documents that comments cite', () => {
  const files = [...sourceFiles(join(ROOT, 'lib')), ...sourceFiles(join(ROOT, 'stacks')), ...sourceFiles(join(ROOT, 'test'))];

  test('are in the repository (docs/facts/), never a path outside it', () => {
    const outside = files.filter((f) => /shared\/facts\//.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(outside).toEqual([]);
    const cited = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/docs\/facts\/([a-z0-9-]+\.md)/g)].map((m) => m[1])));
    expect(cited.size).toBeGreaterThanOrEqual(3);
    for (const doc of cited) expect([doc, existsSync(join(ROOT, 'docs', 'facts', doc))]).toEqual([doc, true]);
  });
});
