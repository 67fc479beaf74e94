/**
 * The JWT authorizer handler (lib/inference/authorizer/index.js) run for real: key pairs generated
 * here, an OpenID discovery document and JWKS served on 127.0.0.1, tokens signed with node:crypto.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const authorizer = require('../../lib/inference/authorizer/index.js');

const AUDIENCE = 'sovereign-ai-eu';
const METHOD_ARN = 'arn:aws:execute-api:eu-central-1:123456789012:abc123/v1/POST/v1/chat/completions';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
let server: Server;
let issuer: string;
let jwksHits = 0;
const logs: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/realms/ai/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/certs` }));
    } else if (req.url === '/realms/mixup/.well-known/openid-configuration') {
      // a discovery document served at one issuer's address that names another issuer
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/certs` }));
    } else if (req.url === '/realms/ai/certs') {
      jwksHits++;
      res.end(JSON.stringify({
        keys: [
          { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'rsa-1', use: 'sig', alg: 'RS256' },
          { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec-1', use: 'sig', alg: 'ES256' },
        ],
      }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/ai`;
  process.env.ISSUER = issuer;
  process.env.AUDIENCE = AUDIENCE;
  process.env.LEEWAY_SECONDS = '30';
  process.env.AUTHORIZER_TEST_ALLOW_LOOPBACK = '1';
  jest.spyOn(console, 'log').mockImplementation((line: string) => void logs.push(line));
});
afterAll(async () => {
  delete process.env.AUTHORIZER_TEST_ALLOW_LOOPBACK;
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => authorizer._test.reset());

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
function jwt(claims: Record<string, unknown>, opts: { alg?: string; kid?: string; key?: KeyObject } = {}): string {
  const alg = opts.alg ?? 'RS256';
  const head = `${b64({ alg, typ: 'JWT', kid: opts.kid ?? (alg === 'ES256' ? 'ec-1' : 'rsa-1') })}.${b64(claims)}`;
  if (alg === 'none') return `${head}.`;
  const sig = alg === 'ES256'
    ? sign('sha256', Buffer.from(head), { key: opts.key ?? ec.privateKey, dsaEncoding: 'ieee-p1363' })
    : sign('sha256', Buffer.from(head), opts.key ?? rsa.privateKey);
  return `${head}.${sig.toString('base64url')}`;
}
const good = () => ({ iss: issuer, aud: AUDIENCE, sub: 'client-7', exp: now() + 300, iat: now() });
const call = (token: string) => authorizer.handler({ type: 'TOKEN', authorizationToken: `Bearer ${token}`, methodArn: METHOD_ARN });

describe('JWT authorizer handler (loopback issuer)', () => {
  test('a valid RS256 token is allowed on every method of the stage', async () => {
    const out = await call(jwt(good()));
    expect(out.principalId).toBe('client-7');
    expect(out.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws:execute-api:eu-central-1:123456789012:abc123/v1/*' },
    ]);
  });

  test('a valid ES256 token is allowed; an audience list containing ours is accepted', async () => {
    await expect(call(jwt({ ...good(), aud: ['other', AUDIENCE] }, { alg: 'ES256' }))).resolves.toMatchObject({ principalId: 'client-7' });
  });

  test.each([
    ['expired beyond the leeway', () => jwt({ ...good(), exp: now() - 31 }), 'expired'],
    ['not yet valid beyond the leeway', () => jwt({ ...good(), nbf: now() + 120 }), 'not yet valid'],
    ['without exp', () => jwt({ ...good(), exp: undefined }), 'no expiry'],
    ['wrong audience', () => jwt({ ...good(), aud: 'sovereign-ai-us' }), 'wrong audience'],
    ['wrong issuer', () => jwt({ ...good(), iss: 'https://id.us.ai.example.com/realms/sovereign-ai' }), 'wrong issuer'],
    ['bad signature (another key, same kid)', () => jwt(good(), { key: stranger.privateKey }), 'bad signature'],
    ['tampered payload', () => { const [h, , s] = jwt(good()).split('.'); return `${h}.${b64({ ...good(), sub: 'admin' })}.${s}`; }, 'bad signature'],
    ['alg none', () => jwt(good(), { alg: 'none' }), 'algorithm none is not accepted'],
    ['HS256 (key confusion)', () => `${b64({ alg: 'HS256', kid: 'rsa-1' })}.${b64(good())}.c2ln`, 'algorithm HS256 is not accepted'],
    ['RS256 header naming the EC key', () => jwt(good(), { kid: 'ec-1' }), 'no published key'],
    ['unknown kid', () => jwt(good(), { kid: 'gone' }), 'no published key'],
    ['not a JWT', () => 'abc.def', 'not a compact JWS'],
  ])('%s: 401 (Unauthorized), the reason logged, never the token', async (_name, make, reason) => {
    const token = make();
    logs.length = 0;
    await expect(call(token)).rejects.toThrow(/^Unauthorized$/);
    expect(logs.join('\n')).toContain(reason);
    expect(logs.join('\n')).not.toContain(token.split('.')[1] || token);
  });

  test('a token within the leeway of exp is still accepted', async () => {
    await expect(call(jwt({ ...good(), exp: now() - 10 }))).resolves.toMatchObject({ principalId: 'client-7' });
  });

  test('no Authorization header or another scheme: Unauthorized', async () => {
    await expect(authorizer.handler({ type: 'TOKEN', authorizationToken: jwt(good()), methodArn: METHOD_ARN })).rejects.toThrow('Unauthorized');
    await expect(authorizer.handler({ type: 'TOKEN', methodArn: METHOD_ARN })).rejects.toThrow('Unauthorized');
  });

  test('keys are cached: many tokens, one JWKS fetch; an unknown kid refetches at most once a minute', async () => {
    jwksHits = 0;
    for (let i = 0; i < 5; i++) await call(jwt(good()));
    await call(jwt(good(), { alg: 'ES256' }));
    expect(jwksHits).toBe(1);
    await expect(call(jwt(good(), { kid: 'rotated' }))).rejects.toThrow('Unauthorized');
    await expect(call(jwt(good(), { kid: 'rotated' }))).rejects.toThrow('Unauthorized');
    expect(jwksHits).toBe(1);
  });

  test('a discovery document naming another issuer is refused (OpenID Connect Discovery 1.0 §4.3: identical issuer)', async () => {
    const mixup = issuer.replace(/\/realms\/ai$/, '/realms/mixup');
    process.env.ISSUER = mixup;
    logs.length = 0;
    try {
      // signed by a key the JWKS publishes, for the configured issuer: only the discovery check refuses it
      await expect(call(jwt({ ...good(), iss: mixup }))).rejects.toThrow(/^Unauthorized$/);
      expect(logs.join('\n')).toContain('the discovery document names another issuer');
    } finally {
      process.env.ISSUER = issuer;
    }
  });

  test('without the test switch an http issuer is refused (https only)', async () => {
    delete process.env.AUTHORIZER_TEST_ALLOW_LOOPBACK;
    logs.length = 0;
    try {
      await expect(call(jwt(good()))).rejects.toThrow('Unauthorized');
      expect(logs.join('\n')).toContain('must be https');
    } finally {
      process.env.AUTHORIZER_TEST_ALLOW_LOOPBACK = '1';
    }
  });
});
