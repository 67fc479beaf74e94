/**
 * Loopback stand-ins for a deployed chain: a test CA and server certificates made by the real
 * `openssl`, OpenAI-compatible HTTPS servers whose behaviour a test switches, and an authoritative
 * DNS server on UDP that answers A and CNAME records from a table the test changes (failover).
 */
import { execFileSync } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TestPki {
  readonly dir: string;
  readonly caFile: string;
  /** A key and certificate (PEM) signed by the test CA for exactly `names`. */
  issue(names: readonly string[]): { key: string; cert: string };
}

export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'probe-pki-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run(['req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=probe test CA']);
  let n = 0;
  return {
    dir,
    caFile: join(dir, 'ca.pem'),
    issue(names) {
      const id = `s${n++}`;
      writeFileSync(join(dir, `${id}.ext`), `subjectAltName=${names.map((x) => `DNS:${x}`).join(',')}\n`);
      run(['req', ...ec, '-keyout', `${id}.key`, '-out', `${id}.csr`, '-subj', `/CN=${names[0]}`]);
      run(['x509', '-req', '-in', `${id}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${id}.pem`, '-days', '2', '-extfile', `${id}.ext`]);
      return { key: readFileSync(join(dir, `${id}.key`), 'utf8'), cert: readFileSync(join(dir, `${id}.pem`), 'utf8') };
    },
  };
}

export interface StubBehaviour {
  /** The model answers (health 200, chat 200); false: health 503 and chat 502, as a gateway whose model is down. */
  modelUp: boolean;
  /** Requests without `Authorization: Bearer <token>` are refused with 401. */
  requireToken: boolean;
  models: string[];
}

export interface OpenAiStub {
  readonly server: Server;
  readonly behaviour: StubBehaviour;
  /** Requests seen, as `METHOD path`. */
  readonly seen: string[];
}

/** An OpenAI-compatible HTTPS server at `host:port` (port 0: any). */
export async function startOpenAiStub(host: string, port: number, tls: { key: string; cert: string }, token: string): Promise<OpenAiStub> {
  const behaviour: StubBehaviour = { modelUp: true, requireToken: true, models: ['chat'] };
  const seen: string[] = [];
  const server = createServer(tls, (req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/health') return send(behaviour.modelUp ? 200 : 503, { status: behaviour.modelUp ? 'ok' : 'model unavailable' });
    if (behaviour.requireToken && req.headers.authorization !== `Bearer ${token}`) return send(401, { error: { message: 'missing or invalid credential' } });
    if (req.method === 'GET' && req.url === '/v1/models') return send(200, { object: 'list', data: behaviour.models.map((id) => ({ id, object: 'model' })) });
    if (req.method === 'POST' && req.url === '/v1/chat/completions') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (!behaviour.modelUp) return send(502, { error: { message: 'model unavailable' } });
        const model = JSON.parse(body).model;
        if (!behaviour.models.includes(model)) return send(404, { error: { message: `model ${model} not found` } });
        send(200, { object: 'chat.completion', model, choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'length' }] });
      });
      return;
    }
    send(404, { error: { message: 'not found' } });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  return { server, behaviour, seen };
}

export function portOf(server: Server | Socket): number {
  return (server.address() as AddressInfo).port;
}

/** Records the DNS stub answers: `a` (name → IPv4) and `cname` (name → target). */
export interface DnsTable {
  a: Map<string, string>;
  cname: Map<string, string>;
}

function readName(msg: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  while (msg[offset] !== 0) {
    labels.push(msg.subarray(offset + 1, offset + 1 + msg[offset]).toString('ascii'));
    offset += msg[offset] + 1;
  }
  return [labels.join('.').toLowerCase(), offset + 1];
}

function encodeName(name: string): Buffer {
  return Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
}

function record(name: Buffer, type: number, rdata: Buffer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2); // IN
  fixed.writeUInt32BE(0, 4); // TTL 0: every query sees the current table
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([name, fixed, rdata]);
}

/** An authoritative DNS server on 127.0.0.1 (UDP): A and CNAME from `table`, CNAMEs followed in A answers, NXDOMAIN otherwise. */
export async function startDnsStub(table: DnsTable): Promise<Socket> {
  const socket = createSocket('udp4');
  socket.on('message', (msg, peer) => {
    const [qname, end] = readName(msg, 12);
    const qtype = msg.readUInt16BE(end);
    const answers: Buffer[] = [];
    let name = qname;
    for (let hop = 0; hop < 8; hop++) {
      const target = table.cname.get(name);
      if (!target) break;
      answers.push(record(encodeName(name), 5, encodeName(target)));
      if (qtype === 5) break;
      name = target;
    }
    if (qtype === 1 && table.a.has(name)) answers.push(record(encodeName(name), 1, Buffer.from(table.a.get(name)!.split('.').map(Number))));
    const known = table.a.has(qname) || table.cname.has(qname);
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    header.writeUInt16BE(0x8400 | (msg.readUInt16BE(2) & 0x0100) | (known ? 0 : 3), 2); // QR, AA, RD echoed; NXDOMAIN when unknown
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    socket.send(Buffer.concat([header, msg.subarray(12, end + 4), ...answers]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return socket;
}
