/**
 * Reads a synthesized stack in whatever format CDK Terrain wrote it: `cdk.tf.json` (the default) or
 * `cdk.tf` (`cdktn synth --hcl`), as the Terraform JSON shape the checks and the analysis read.
 *
 * HCL is parsed by `@cdktn/hcl2json` (HashiCorp's HCL parser compiled to WebAssembly, the one
 * cdktn's own `convert` uses). Its parser is asynchronous and synthesis is not, so it runs in a worker
 * thread that the reader waits for. Its output differs from cdktn's JSON in shape only, which `normalizeHclJson` undoes:
 * every block is a list (`resource.<type>.<name>` is `[{...}]`; nested blocks stay lists, which the
 * rules read either way), non-literal expressions are `"${...}"` strings, and the `//` construct
 * metadata lives in the stack's `metadata.json` beside `cdk.tf`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

export type StackJson = Record<string, any>;

/** A string that `repairHclOutput` (lib/state/hcl-output.ts) wrote as a heredoc: its raw value. */
const CHOMPED_HEREDOC = /^\$\{chomp\(<<EOT\n([\s\S]*)\nEOT\n\s*\)\}$/;

/**
 * The parser runs in one worker thread per process, started on first use and reused: the main thread
 * posts a file and blocks on `Atomics.wait` until the worker has posted the result (the pattern of
 * Node's own synchronous hooks; nodejs.org/api/worker_threads.html, `receiveMessageOnPort`). Parsing
 * the 8 stacks of the default policy, which the checks and then the report each read, so cost 16 Node
 * processes each loading the WebAssembly parser; now one thread loads it once, and a text parsed
 * before is not parsed again.
 */
const PARSER = `
const { workerData } = require('node:worker_threads');
const { port, signal, parser } = workerData;
let parse;
function reply(message) {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
port.on('message', ({ text, fileName }) => {
  Promise.resolve()
    .then(() => (parse ??= require(parser).parse)(fileName, text))
    .then((json) => reply({ json: JSON.stringify(json) }), (error) => reply({ error: String((error && error.message) || error) }));
});
`;

/** How long a parse may take before the reader gives up (the default policy's largest stack takes under a second). */
const PARSE_TIMEOUT_MS = 120_000;

interface ParserThread {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

let thread: ParserThread | undefined;
/** Parsed texts (hcl2json's JSON as a string, parsed again per read: callers get their own objects). */
const parsed = new Map<string, string>();

function parserThread(): ParserThread {
  if (thread) return thread;
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(PARSER, { eval: true, workerData: { port: port2, signal, parser: require.resolve('@cdktn/hcl2json') }, transferList: [port2] });
  worker.unref(); // an idle parser never keeps the process alive
  port1.unref();
  thread = { worker, port: port1, signal };
  return thread;
}

/** Parses HCL text to hcl2json's JSON (synchronously, through the parser thread); throws with the parser's message. */
export function parseHclSync(text: string, fileName: string): StackJson {
  const key = `${fileName}\0${text}`;
  let json = parsed.get(key);
  if (json === undefined) {
    const t = parserThread();
    Atomics.store(t.signal, 0, 0);
    t.port.postMessage({ text, fileName });
    const waited = Atomics.wait(t.signal, 0, 0, PARSE_TIMEOUT_MS);
    const message = receiveMessageOnPort(t.port)?.message as { json?: string; error?: string } | undefined;
    if (!message) throw new Error(`${fileName}: the HCL parser did not answer (${waited === 'timed-out' ? `no result in ${PARSE_TIMEOUT_MS / 1000} s` : 'no message'})`);
    if (message.error !== undefined || message.json === undefined) throw new Error(`${fileName}: not valid HCL: ${(message.error ?? '').trim()}`);
    json = message.json;
    parsed.set(key, json);
  }
  return JSON.parse(json) as StackJson;
}

function unwrapValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const m = CHOMPED_HEREDOC.exec(value);
    return m ? m[1] : value;
  }
  if (Array.isArray(value)) return value.map(unwrapValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapValue(v)]));
  return value;
}

/** `[{...}]` → `{...}` (a block written once); several → merged. */
function one(value: unknown): any {
  return Array.isArray(value) ? Object.assign({}, ...value) : value;
}

/** `{ a: { b: [{...}] } }` → `{ a: { b: {...} } }`: labelled blocks as cdktn writes them. */
function labelled(value: unknown, depth: number): any {
  if (!value || typeof value !== 'object') return value;
  if (depth === 0) return one(value);
  return Object.fromEntries(Object.entries(one(value)).map(([k, v]) => [k, labelled(v, depth - 1)]));
}

function terraformBlock(raw: unknown): StackJson | undefined {
  if (raw === undefined) return undefined;
  const t = { ...one(raw) } as StackJson;
  if (t.backend) t.backend = labelled(t.backend, 1);
  if (t.cloud) t.cloud = one(t.cloud);
  if (t.required_providers) t.required_providers = one(t.required_providers);
  if (t.encryption) {
    const e = { ...one(t.encryption) } as StackJson;
    if (e.key_provider) e.key_provider = labelled(e.key_provider, 2);
    if (e.method) e.method = labelled(e.method, 2);
    // A target's method is a bare reference in HCL (hcl2json: "${method...}"), a plain string in JSON.
    const bare = (t: StackJson) => (typeof t.method === 'string' ? { ...t, method: t.method.replace(/^\$\{(.*)\}$/, '$1') } : t);
    const target = (x: unknown) => {
      const b = bare(one(x));
      return b.fallback ? { ...b, fallback: bare(one(b.fallback)) } : b;
    };
    for (const name of ['state', 'plan']) if (e[name]) e[name] = target(e[name]);
    if (e.remote_state_data_sources) {
      const r = { ...one(e.remote_state_data_sources) } as StackJson;
      if (r.default) r.default = target(r.default);
      e.remote_state_data_sources = r;
    }
    t.encryption = e;
  }
  return t;
}

/** hcl2json's shape → cdktn's Terraform JSON shape, with the `//` metadata of `metadata.json` put back. */
export function normalizeHclJson(parsed: StackJson, metadata: StackJson = {}): StackJson {
  const out: StackJson = {};
  const p = unwrapValue(parsed) as StackJson;
  if (metadata['//']) out['//'] = metadata['//'];
  const terraform = terraformBlock(p.terraform);
  if (terraform) out.terraform = terraform;
  if (p.provider) out.provider = p.provider;
  for (const kind of ['resource', 'data'] as const) {
    if (!p[kind]) continue;
    out[kind] = Object.fromEntries(
      Object.entries(p[kind] as Record<string, Record<string, unknown>>).map(([type, byName]) => [
        type,
        Object.fromEntries(
          Object.entries(byName).map(([name, body]) => {
            const attrs = one(body) as StackJson;
            const meta = metadata[kind]?.[type]?.[name]?.['//'];
            return [name, meta ? { '//': meta, ...attrs } : attrs];
          }),
        ),
      ]),
    );
  }
  for (const key of ['output', 'locals', 'variable', 'module']) if (p[key] !== undefined) out[key] = p[key];
  return out;
}

/**
 * A synthesized stack as Terraform JSON: `*.tf.json` as written; `*.tf` parsed, normalized and
 * joined with its metadata file (`metadataFile`, the manifest's `stackMetadataPath`).
 */
export function readStackFile(file: string, metadataFile?: string): StackJson {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.parse(text) as StackJson;
  const metadata = metadataFile && existsSync(metadataFile) ? (JSON.parse(readFileSync(metadataFile, 'utf8')) as StackJson) : {};
  return normalizeHclJson(parseHclSync(text, file), metadata);
}
