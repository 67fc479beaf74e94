/**
 * One HTTPS request as a client makes it, to a chosen address: TLS with the dialled name as SNI and
 * as the name the certificate must cover (Node's checkServerIdentity), the Host header, a timeout,
 * and a capped body. Failures come back as values with a plain reason, never as exceptions.
 */
import { request } from 'node:https';

export interface ProbeRequest {
  readonly address: string;
  readonly port: number;
  /** The name the client dialled: SNI, certificate name check and Host header. */
  readonly servername: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly bearer?: string;
  readonly body?: unknown;
  /** Trusted roots (PEM); Node's bundled roots when absent. */
  readonly ca?: readonly string[];
  readonly timeoutMs: number;
}

export interface ProbeResponse {
  readonly status?: number;
  readonly json?: any;
  /** Why no HTTP answer came (TLS, connection, timeout). */
  readonly error?: string;
  readonly ms: number;
}

const MAX_BODY_BYTES = 1 << 20;

/** A TLS or socket error in the words a platform engineer acts on. */
export function describeError(e: NodeJS.ErrnoException, servername: string): string {
  switch (e.code) {
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `certificate does not cover ${servername}`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return `certificate not trusted (${e.code}); pass the issuing CA with --ca`;
    case 'CERT_HAS_EXPIRED':
      return 'certificate expired';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ETIMEDOUT':
      return 'timed out';
    default:
      return e.code ? `${e.code}: ${e.message}` : e.message;
  }
}

export function send(req: ProbeRequest): Promise<ProbeResponse> {
  const started = process.hrtime.bigint();
  const ms = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
  const body = req.body === undefined ? undefined : JSON.stringify(req.body);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<ProbeResponse, 'ms'>) => {
      if (!settled) {
        settled = true;
        resolve({ ...r, ms: ms() });
      }
    };
    const r = request(
      {
        host: req.address,
        port: req.port,
        servername: req.servername,
        method: req.method,
        path: req.path,
        agent: false,
        ca: req.ca ? [...req.ca] : undefined,
        headers: {
          host: req.servername,
          accept: 'application/json',
          ...(req.bearer ? { authorization: `Bearer ${req.bearer}` } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= MAX_BODY_BYTES) chunks.push(c);
          else res.destroy();
        });
        res.on('error', (e) => done({ status: res.statusCode, error: describeError(e, req.servername) }));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          done({ status: res.statusCode, json });
        });
      },
    );
    r.setTimeout(req.timeoutMs, () => r.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    r.on('error', (e) => done({ error: describeError(e, req.servername) }));
    r.end(body);
  });
}
