/**
 * API Gateway TOKEN authorizer: accepts a request only with `Authorization: Bearer <JWT>` issued by
 * the jurisdiction's OIDC issuer (policy `clients.issuer`) for its audience (`clients.audience`).
 * Plain Node.js 22, no dependencies (node:crypto, global fetch).
 *
 * Checks: the signature (RS256 or ES256 only; `alg: none` and HMAC are refused) against the issuer's
 * published keys (`<issuer>/.well-known/openid-configuration` → `jwks_uri`, OpenID Connect Discovery
 * 1.0 §4), `iss` equal to the issuer, `aud` containing the audience, `exp` required and `nbf` when
 * present, with LEEWAY_SECONDS of clock skew (RFC 7519 §4.1.4/§4.1.5). Keys are cached and refetched
 * at most once a minute when a token names an unknown `kid` (key rotation). The token is never
 * logged: a rejection logs only its reason.
 *
 * A rejection throws `Unauthorized`, which API Gateway answers with 401 (API Gateway developer guide,
 * "Use API Gateway Lambda authorizers": a TOKEN authorizer's `Unauthorized` error → 401). An allowed
 * token gets a policy for every method of this API's stage, because API Gateway caches the policy per
 * token (authorizer result TTL) and applies it to the other routes the token calls.
 *
 * Environment: ISSUER, AUDIENCE, LEEWAY_SECONDS (default 60). AUTHORIZER_TEST_ALLOW_LOOPBACK=1
 * admits an `http://127.0.0.1:<port>` issuer (tests only; the gateway never sets it).
 */
'use strict';
const crypto = require('node:crypto');

const ALGORITHMS = { RS256: { kty: 'RSA' }, ES256: { kty: 'EC', crv: 'P-256' } };
const DISCOVERY_TTL_MS = 3600_000;
const REFETCH_INTERVAL_MS = 60_000;
const FETCH_TIMEOUT_MS = 3000;

class Rejected extends Error {}

let cache = { issuer: undefined, jwksUri: undefined, discoveredAt: 0, keys: new Map(), fetchedAt: 0 };

function config() {
  const issuer = process.env.ISSUER;
  const audience = process.env.AUDIENCE;
  if (!issuer || !audience) throw new Error('ISSUER and AUDIENCE must be set');
  const leeway = Number(process.env.LEEWAY_SECONDS ?? '60');
  return { issuer, audience, leeway: Number.isFinite(leeway) && leeway >= 0 && leeway <= 300 ? leeway : 60 };
}

/** https only; http://127.0.0.1 only under the test switch. */
function assertFetchable(url, what) {
  let u;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL`);
  }
  if (u.protocol === 'https:') return;
  if (u.protocol === 'http:' && u.hostname === '127.0.0.1' && process.env.AUTHORIZER_TEST_ALLOW_LOOPBACK === '1') return;
  throw new Error(`${what} must be https`);
}

async function getJson(url, what) {
  assertFetchable(url, what);
  const res = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), redirect: 'error', headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${what} answered HTTP ${res.status}`);
  return res.json();
}

async function jwksUri(issuer) {
  if (cache.issuer === issuer && cache.jwksUri && Date.now() - cache.discoveredAt < DISCOVERY_TTL_MS) return cache.jwksUri;
  const doc = await getJson(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, 'the issuer discovery document');
  // OpenID Connect Discovery 1.0 §4.3: the document's issuer must be identical to the issuer it was fetched for.
  if (doc.issuer !== issuer) throw new Error('the discovery document names another issuer');
  if (typeof doc.jwks_uri !== 'string') throw new Error('the discovery document has no jwks_uri');
  assertFetchable(doc.jwks_uri, 'jwks_uri');
  if (cache.issuer !== issuer) cache = { issuer, jwksUri: undefined, discoveredAt: 0, keys: new Map(), fetchedAt: 0 };
  cache.jwksUri = doc.jwks_uri;
  cache.discoveredAt = Date.now();
  return doc.jwks_uri;
}

async function refreshKeys(issuer) {
  const uri = await jwksUri(issuer);
  const set = await getJson(uri, 'the JWKS');
  const keys = new Map();
  for (const jwk of Array.isArray(set.keys) ? set.keys : []) {
    if (jwk.use && jwk.use !== 'sig') continue;
    try {
      keys.set(jwk.kid ?? '', { jwk, key: crypto.createPublicKey({ key: jwk, format: 'jwk' }) });
    } catch {
      // a key type node cannot read is skipped, not fatal
    }
  }
  cache.keys = keys;
  cache.fetchedAt = Date.now();
}

async function keyFor(issuer, kid, alg) {
  const pick = () => {
    const want = ALGORITHMS[alg];
    const fits = (e) => e.jwk.kty === want.kty && (!want.crv || e.jwk.crv === want.crv) && (!e.jwk.alg || e.jwk.alg === alg);
    if (kid !== undefined) {
      const e = cache.keys.get(kid);
      return e && fits(e) ? e.key : undefined;
    }
    const candidates = [...cache.keys.values()].filter(fits);
    return candidates.length === 1 ? candidates[0].key : undefined;
  };
  let key = cache.issuer === issuer ? pick() : undefined;
  if (!key && (cache.issuer !== issuer || Date.now() - cache.fetchedAt >= REFETCH_INTERVAL_MS || cache.keys.size === 0)) {
    await refreshKeys(issuer);
    key = pick();
  }
  if (!key) throw new Rejected('no published key of the issuer fits the token');
  return key;
}

function decodePart(part, what) {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new Rejected(`the ${what} is not base64url JSON`);
  }
}

/** Verifies a compact JWS and its claims; resolves to the claims or throws Rejected. */
async function verify(token, cfg, nowSeconds = Math.floor(Date.now() / 1000)) {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) throw new Rejected('not a compact JWS');
  const header = decodePart(parts[0], 'header');
  if (typeof header.alg !== 'string' || !Object.prototype.hasOwnProperty.call(ALGORITHMS, header.alg)) throw new Rejected(`algorithm ${String(header.alg)} is not accepted (RS256, ES256)`);
  if (header.crit !== undefined) throw new Rejected('critical header extensions are not supported');
  const claims = decodePart(parts[1], 'payload');
  const key = await keyFor(cfg.issuer, typeof header.kid === 'string' ? header.kid : undefined, header.alg);
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  const ok = header.alg === 'RS256'
    ? crypto.verify('sha256', signed, key, signature)
    : crypto.verify('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature); // JWS ES256 is R||S (RFC 7518 §3.4)
  if (!ok) throw new Rejected('bad signature');
  if (claims.iss !== cfg.issuer) throw new Rejected('wrong issuer');
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(cfg.audience)) throw new Rejected('wrong audience');
  if (typeof claims.exp !== 'number') throw new Rejected('no expiry');
  if (nowSeconds > claims.exp + cfg.leeway) throw new Rejected('expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || nowSeconds < claims.nbf - cfg.leeway)) throw new Rejected('not yet valid');
  return claims;
}

/** `arn:<p>:execute-api:<region>:<account>:<api>/<stage>/*`: every method of the stage that called. */
function stageWildcard(methodArn) {
  const [prefix, path] = [methodArn.slice(0, methodArn.indexOf('/')), methodArn.slice(methodArn.indexOf('/') + 1)];
  return `${prefix}/${path.split('/')[0]}/*`;
}

exports.handler = async (event) => {
  const cfg = config();
  const header = typeof event.authorizationToken === 'string' ? event.authorizationToken : '';
  const match = /^Bearer ([^\s]+)$/.exec(header);
  try {
    if (!match) throw new Rejected('no bearer token');
    const claims = await verify(match[1], cfg);
    return {
      principalId: String(claims.sub ?? 'client').slice(0, 128),
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcard(event.methodArn) }] },
      context: { subject: String(claims.sub ?? '').slice(0, 128) },
    };
  } catch (e) {
    // Only the reason: never the token or its claims.
    console.log(JSON.stringify({ decision: 'deny', reason: e instanceof Rejected ? e.message : `verification failed: ${e.message}` }));
    throw new Error('Unauthorized');
  }
};

exports._test = { verify, reset: () => { cache = { issuer: undefined, jwksUri: undefined, discoveredAt: 0, keys: new Map(), fetchedAt: 0 }; } };
