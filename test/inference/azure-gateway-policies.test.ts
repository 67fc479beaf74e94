/**
 * The v1 API's policy documents, parsed with a real XML parser: well-formed, the credential check
 * first, the model name mapped, the stream not buffered. Rules cite Microsoft Learn pages:
 * validate-jwt-policy, forward-request-policy, how-to-server-sent-events, api-version-lifecycle.
 */
import { DEFAULT_JWT_LEEWAY_SECONDS } from '../../lib/inference/aws-gateway-authorizer';
import {
  CHAT_TIMEOUT_SECONDS,
  CLIENT_JWT_CLOCK_SKEW_SECONDS,
  chatOperationPolicy,
  healthOperationPolicy,
  modelsOperationPolicy,
  v1ApiPolicy,
  type V1ApiOptions,
} from '../../lib/inference/azure-gateway-policies';
import { child, childElements, descendants, parseXml, sectionTags } from '../support/xml';

const JWT = { issuer: 'https://id.eu.ai.example.com/realms/sovereign-ai', audience: 'sovereign-ai-eu' };
const base: V1ApiOptions = { clientModel: 'chat', deploymentName: 'gpt-5.1', ownedBy: 'eu', jwt: JWT, openAiHostname: 'oai-eu-gwc.openai.azure.com' };
const noJwt: V1ApiOptions = { ...base, jwt: undefined };

describe('the XML checker', () => {
  test.each([
    ['crossed tags', '<a><b></a></b>'],
    ['a raw & in an attribute', '<a x="1 & 2"></a>'],
    ['a raw < in an attribute (an unescaped As<JObject>)', `<a v='@(x.As<JObject>())'></a>`],
    ['an unclosed element', '<policies><inbound></policies>'],
  ])('fails on %s', (_what, xml) => {
    expect(() => parseXml(xml)).toThrow();
  });
});

describe.each([
  ['with the jurisdiction JWT', base],
  ['with an Entra token for the account', noJwt],
])('v1 policies %s', (_what, o) => {
  const docs = { api: v1ApiPolicy(o), chat: chatOperationPolicy(o), models: modelsOperationPolicy(o) };

  test.each(Object.keys(docs) as (keyof typeof docs)[])('%s: a well-formed <policies> document with the four sections in order', (k) => {
    const root = parseXml(docs[k]);
    expect(root.tagName).toBe('policies');
    expect(childElements(root).map((e) => e.tagName)).toEqual(['inbound', 'backend', 'outbound', 'on-error']);
    // operations run the API scope (the credential check) before anything of their own
    expect(sectionTags(root, 'inbound')[0]).toBe('base');
    // nothing reads or buffers the response body (SSE guide: no validate-content, no caching)
    expect(sectionTags(root, 'outbound')).toEqual(['base']);
    for (const banned of ['validate-content', 'cache-lookup', 'cache-store', 'log-to-eventhub']) expect(descendants(root, banned)).toEqual([]);
  });

  test('chat: streamed (buffer-response false), a timeout under the 240 s APIM ceiling, to the OpenAI backend', () => {
    const root = parseXml(docs.chat);
    expect(sectionTags(root, 'backend')).toEqual(['forward-request']);
    const fwd = child(child(root, 'backend'), 'forward-request');
    expect(fwd.getAttribute('buffer-response')).toBe('false');
    expect(Number(fwd.getAttribute('timeout'))).toBe(CHAT_TIMEOUT_SECONDS);
    expect(CHAT_TIMEOUT_SECONDS).toBeGreaterThan(29); // what a client of API Gateway's default would get
    expect(CHAT_TIMEOUT_SECONDS).toBeLessThanOrEqual(240); // "values greater than 240 seconds may not be honored"
    expect(fwd.getAttribute('fail-on-error-status-code')).toBeNull(); // default false: 429/400 bodies reach the client
    const inbound = sectionTags(root, 'inbound');
    expect(inbound).toEqual(['base', 'set-variable', 'choose', 'set-body', 'set-backend-service', ...(o.jwt ? ['authentication-managed-identity'] : [])]);
    expect(child(child(root, 'inbound'), 'set-backend-service').getAttribute('backend-id')).toBe('openai');
  });

  test('chat: the client model is the only one accepted, rewritten to the deployment; others get OpenAI 404 model_not_found, a non-object body 400', () => {
    const root = parseXml(docs.chat);
    const inbound = child(root, 'inbound');
    // the parser decodes &lt;JObject&gt;: API Management sees the C# generic
    expect(child(inbound, 'set-variable').getAttribute('value')).toContain('context.Request.Body.As<JObject>(preserveContent: true)["model"]');
    const whens = descendants(child(inbound, 'choose'), 'when');
    expect(whens.map((w) => w.getAttribute('condition'))).toEqual(['@((string)context.Variables["model"] == "\\0")', '@((string)context.Variables["model"] != "chat")']);
    // set-variable takes typed values only (learn.microsoft.com/azure/api-management/set-variable-policy,
    // "Allowed types"): no path of the expression returns null; a non-object body is marked "\0"
    const value = child(inbound, 'set-variable').getAttribute('value')!;
    expect(value).not.toMatch(/return null/);
    expect(value).toContain('catch { return "\\0"; }');
    const statusOf = (w: (typeof whens)[number]) => descendants(w, 'set-status')[0].getAttribute('code');
    expect(whens.map(statusOf)).toEqual(['400', '404']);
    const notFound = descendants(whens[1], 'set-body')[0].textContent!;
    expect(notFound).toMatch(/^@\(new JObject\(/);
    for (const s of ['"invalid_request_error"', '"model_not_found"', '"param", "model"', `use '" + "chat" + "'`]) expect(notFound).toContain(s);
    expect(JSON.parse(descendants(whens[0], 'set-body')[0].textContent!).error.type).toBe('invalid_request_error');
    const rewrite = childElements(inbound).find((e) => e.tagName === 'set-body')!.textContent!;
    expect(rewrite).toBe('@{ var b = context.Request.Body.As<JObject>(preserveContent: true); b["model"] = "gpt-5.1"; return b.ToString(Newtonsoft.Json.Formatting.None); }');
  });

  test('models: the OpenAI list of the one client model, answered by the gateway only for an accepted credential', () => {
    const root = parseXml(docs.models);
    const lists = descendants(root, 'set-body').map((b) => b.textContent!).filter((t) => t.includes('"list"'));
    expect(lists.map((t) => JSON.parse(t))).toEqual([{ object: 'list', data: [{ id: 'chat', object: 'model', owned_by: 'eu' }] }]);
    expect(descendants(root, 'forward-request')).toEqual([]);
    if (o.jwt) {
      expect(sectionTags(root, 'inbound')).toEqual(['base', 'return-response']);
    } else {
      // the account judges the caller's Entra token before the gateway answers
      const probe = child(child(root, 'inbound'), 'send-request');
      expect(child(probe, 'set-url').textContent).toBe('https://oai-eu-gwc.openai.azure.com/openai/v1/models');
      expect(descendants(probe, 'value')[0].textContent).toBe('@(context.Request.Headers.GetValueOrDefault("Authorization", ""))');
      const whens = descendants(root, 'when');
      expect(whens[0].getAttribute('condition')).toContain('StatusCode == 200');
      expect(descendants(whens[0], 'set-body')[0].textContent).toContain('"list"');
      expect(whens[1].getAttribute('condition')).toContain('== 401 ||');
      expect(descendants(child(child(child(root, 'inbound'), 'choose'), 'otherwise'), 'set-status')[0].getAttribute('code')).toBe('502');
    }
  });
});

describe('the credential', () => {
  test('with the jurisdiction JWT: validate-jwt first (issuer, audience, OpenID configuration, expiry, signed, 401), then the client header is dropped', () => {
    const root = parseXml(v1ApiPolicy(base));
    expect(sectionTags(root, 'inbound')).toEqual(['base', 'validate-jwt', 'set-header']);
    const v = child(child(root, 'inbound'), 'validate-jwt');
    expect(Object.fromEntries(['header-name', 'require-scheme', 'failed-validation-httpcode', 'require-expiration-time', 'require-signed-tokens'].map((a) => [a, v.getAttribute(a)]))).toEqual({
      'header-name': 'Authorization',
      'require-scheme': 'Bearer',
      'failed-validation-httpcode': '401',
      'require-expiration-time': 'true',
      'require-signed-tokens': 'true',
    });
    // the same clock skew as the AWS tiers' authorizer (validate-jwt's default is 0: validate-jwt-policy, clock-skew)
    expect(v.getAttribute('clock-skew')).toBe(String(DEFAULT_JWT_LEEWAY_SECONDS));
    expect(CLIENT_JWT_CLOCK_SKEW_SECONDS).toBe(DEFAULT_JWT_LEEWAY_SECONDS);
    expect(child(v, 'openid-config').getAttribute('url')).toBe('https://id.eu.ai.example.com/realms/sovereign-ai/.well-known/openid-configuration');
    expect(descendants(v, 'audience').map((a) => a.textContent)).toEqual(['sovereign-ai-eu']);
    expect(descendants(v, 'issuer').map((a) => a.textContent)).toEqual([JWT.issuer]);
    const drop = child(child(root, 'inbound'), 'set-header');
    expect([drop.getAttribute('name'), drop.getAttribute('exists-action')]).toEqual(['Authorization', 'delete']);
    // the backend is called with the gateway's own identity, never the client's token
    const chat = parseXml(chatOperationPolicy(base));
    expect(child(child(chat, 'inbound'), 'authentication-managed-identity').getAttribute('resource')).toBe('https://cognitiveservices.azure.com');
  });

  test('a trailing slash on the issuer does not double in the OpenID configuration URL; the issuer itself is kept exact', () => {
    const root = parseXml(v1ApiPolicy({ jwt: { issuer: 'https://id.example.gov/', audience: 'a' } }));
    expect(descendants(root, 'openid-config')[0].getAttribute('url')).toBe('https://id.example.gov/.well-known/openid-configuration');
    expect(descendants(root, 'issuer')[0].textContent).toBe('https://id.example.gov/');
  });

  test('without the jurisdiction JWT: no validate-jwt, the client Entra token reaches the account, no gateway identity on chat', () => {
    expect(sectionTags(parseXml(v1ApiPolicy(noJwt)), 'inbound')).toEqual(['base']);
    const chat = parseXml(chatOperationPolicy(noJwt));
    expect(descendants(chat, 'authentication-managed-identity')).toEqual([]);
    expect(descendants(chat, 'set-header').filter((h) => h.getAttribute('name') === 'Authorization')).toEqual([]);
  });

  test('/health stays anonymous and well-formed (it asks the model with the gateway identity)', () => {
    const root = parseXml(healthOperationPolicy({ openAiHostname: 'x.openai.azure.com', deploymentName: 'gpt-5.1', region: 'swedencentral', timeoutSeconds: 10 }));
    expect(descendants(root, 'validate-jwt')).toEqual([]);
    expect(descendants(root, 'authentication-managed-identity')).toHaveLength(1);
  });
});
