// Parses Mermaid diagrams with the real `mermaid` parser, in a process of its own: mermaid is an
// ES module that needs a DOM, which Jest's CommonJS VM cannot import. A jsdom window is installed as
// globalThis.window/document before `import('mermaid')` (/work/shared/facts/deploy-engine-contract.md §7).
// stdin: a JSON array of diagram texts; stdout: a JSON array of { ok, type, nodes, edges } or { ok: false, error }, one per diagram.
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const text of JSON.parse(input)) {
  try {
    const parsed = await mermaid.parse(text);
    // The parsed flowchart's nodes and edges: a label that leaked out of its quotes adds some.
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const vertices = diagram.db.getVertices ? diagram.db.getVertices() : undefined;
    const edges = diagram.db.getEdges ? diagram.db.getEdges() : undefined;
    results.push({ ok: true, type: parsed && parsed.diagramType, nodes: vertices && (vertices.size ?? Object.keys(vertices).length), edges: edges && edges.length });
  } catch (e) {
    results.push({ ok: false, error: String((e && e.message) || e).slice(0, 2000) });
  }
}
process.stdout.write(JSON.stringify(results));
