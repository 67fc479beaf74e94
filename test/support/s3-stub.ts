/**
 * A minimal S3-compatible server on 127.0.0.1, path-style only, for proving that Terraform's s3
 * backend with a custom endpoint initializes, locks, reads and writes state there. It implements the
 * calls the backend makes (S3 API reference, https://docs.aws.amazon.com/AmazonS3/latest/API/):
 * ListObjectsV2 (workspaces), HeadObject/GetObject (state, lock), PutObject with `If-None-Match: *`
 * (the `use_lockfile` lock: 412 PreconditionFailed when the lock exists) and DeleteObject (unlock).
 * Like an S3-compatible store, it has no STS, IAM or instance metadata. Every request is recorded.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly host: string;
  readonly authorization: string;
  readonly headers: IncomingMessage['headers'];
}

export interface S3Stub {
  readonly endpoint: string;
  readonly requests: StubRequest[];
  /** Objects by `bucket/key`. */
  readonly objects: Map<string, Buffer>;
  close(): Promise<void>;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function error(status: number, code: string, message: string): [number, string] {
  return [status, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`];
}

/** Starts the stub with the given buckets on an ephemeral loopback port. */
export async function startS3Stub(buckets: readonly string[]): Promise<S3Stub> {
  const requests: StubRequest[] = [];
  const objects = new Map<string, Buffer>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      requests.push({ method: req.method ?? '', url: req.url ?? '', host: req.headers.host ?? '', authorization: String(req.headers.authorization ?? ''), headers: req.headers });
      const [bucket, ...rest] = url.pathname.slice(1).split('/');
      const key = decodeURIComponent(rest.join('/'));
      const send = ([status, body]: [number, string], headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/xml', ...headers });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (!buckets.includes(bucket)) return send(error(404, 'NoSuchBucket', `no bucket "${bucket}" (path-style requests only)`));
      const id = `${bucket}/${key}`;
      if (!key) {
        if (req.method === 'HEAD') return send([200, '']);
        if (req.method !== 'GET') return send(error(501, 'NotImplemented', `${req.method} on a bucket`));
        const prefix = url.searchParams.get('prefix') ?? '';
        const contents = [...objects]
          .filter(([k]) => k.startsWith(`${bucket}/${prefix}`))
          .map(([k, v]) => `<Contents><Key>${xmlEscape(k.slice(bucket.length + 1))}</Key><Size>${v.length}</Size><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"0"</ETag><StorageClass>STANDARD</StorageClass></Contents>`);
        return send([200, `<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>${bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${contents.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join('')}</ListBucketResult>`]);
      }
      const found = objects.get(id);
      switch (req.method) {
        case 'HEAD':
        case 'GET':
          if (!found) return send(error(404, 'NoSuchKey', `no object ${key}`));
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(found.length), etag: '"0"', 'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT' });
          return res.end(req.method === 'HEAD' ? undefined : found);
        case 'PUT':
          if (req.headers['if-none-match'] === '*' && found) return send(error(412, 'PreconditionFailed', `${key} exists`));
          objects.set(id, Buffer.concat(chunks));
          res.writeHead(200, { etag: '"0"' });
          return res.end();
        case 'DELETE':
          objects.delete(id);
          res.writeHead(204);
          return res.end();
        default:
          return send(error(501, 'NotImplemented', `${req.method}`));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    objects,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
