/**
 * API Management policy documents of the inference gateway, as pure functions so that tests can
 * read them without synthesizing. Attribute values that hold C# policy expressions are single-quoted
 * (they contain double quotes) and avoid `<`, `>` and `&`, which XML forbids unescaped there.
 */

/** Backend id the OpenAI API forwards to. */
export const OPENAI_BACKEND_ID = 'openai';

/** A policy document: these inbound statements after `<base />`; the other sections inherit. */
function policyDocument(inbound: readonly string[]): string {
  const inherit = (section: string) => [`  <${section}>`, '    <base />', `  </${section}>`];
  return ['<policies>', '  <inbound>', '    <base />', ...inbound, '  </inbound>', ...inherit('backend'), ...inherit('outbound'), ...inherit('on-error'), '</policies>'].join('\n');
}

/** Entra ID audience of Azure OpenAI (what the gateway's identity asks a token for). */
export const COGNITIVE_SERVICES_AUDIENCE = 'https://cognitiveservices.azure.com';

/**
 * forward-request timeout (seconds) of `POST /v1/chat/completions`: the time API Management waits for
 * the backend's response *headers*. Microsoft Learn, forward-request policy: default 300, "values greater
 * than 240 seconds may not be honored, because the underlying network infrastructure can drop idle
 * connections after this time" (learn.microsoft.com/azure/api-management/forward-request-policy); the
 * SSE guide names the same 4-minute Azure Load Balancer idle timeout (how-to-server-sent-events).
 * 230 s leaves a margin under that ceiling for a long non-streamed completion; a streamed one sends its
 * headers at once, and its events then keep the connection busy.
 */
export const CHAT_TIMEOUT_SECONDS = 230;

/**
 * Clock skew (seconds) validate-jwt allows on `exp`/`nbf`: its default is 0 (Microsoft Learn,
 * validate-jwt-policy, attribute `clock-skew`), while the AWS tiers' authorizer allows 60 s
 * (DEFAULT_JWT_LEEWAY_SECONDS); one credential on every tier needs the same window, or a token near
 * its expiry works on one tier of a chain and is refused by the next.
 */
export const CLIENT_JWT_CLOCK_SKEW_SECONDS = 60;

/** The jurisdiction's client credential: a JWT of its OIDC issuer, for this audience. */
export interface ClientJwt {
  readonly issuer: string;
  readonly audience: string;
}

/** What the v1 API serves: the client's model name and the deployment it maps to. */
export interface V1ApiOptions {
  /** The model name clients send and `GET /v1/models` lists (policy `clients.model`). */
  readonly clientModel: string;
  /** Azure OpenAI deployment the model name maps to (the v1 API takes the deployment name in `model`). */
  readonly deploymentName: string;
  /** Listed as `owned_by` in `GET /v1/models`: the jurisdiction id. */
  readonly ownedBy: string;
  /** The jurisdiction's JWT issuer and audience; absent: an Entra ID token for the account (see `v1ApiPolicy`). */
  readonly jwt?: ClientJwt;
  /** `<subdomain>.openai.azure.com` of the in-region account (checks a forwarded Entra token without `jwt`). */
  readonly openAiHostname: string;
}

/** A policy document with explicit sections (each a list of statements). */
function document(inbound: readonly string[], backend: readonly string[] = ['    <base />']): string {
  const section = (name: string, lines: readonly string[]) => [`  <${name}>`, ...lines, `  </${name}>`];
  return ['<policies>', ...section('inbound', inbound), ...section('backend', backend), ...section('outbound', ['    <base />']), ...section('on-error', ['    <base />']), '</policies>'].join('\n');
}

/** Escapes text for an XML attribute value in double quotes. */
const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escapes text for XML element content (quotes may stay). */
const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const jsonHeader = '<set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>';

/** An OpenAI-style error body (`{"error":{"message","type","param","code"}}`). */
export function openAiError(message: string, type: string, code: string | null, param: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code } });
}

/**
 * API scope of the v1 API: the credential check, before anything else an operation does (each
 * operation policy starts with `<base />`, which runs this).
 * - With the jurisdiction's JWT: `validate-jwt` on `Authorization: Bearer` against the issuer's OpenID
 *   configuration (its signing keys), the issuer and the audience, an expiry required, signed tokens
 *   only, 401 on any failure (learn.microsoft.com/azure/api-management/validate-jwt-policy). The
 *   client's header is then deleted: the backend never sees the jurisdiction's token; the chat
 *   operation calls the account with the gateway's own identity.
 * - Without it: nothing here; each operation requires an Entra ID token for the account
 *   (audience https://cognitiveservices.azure.com) and lets the account judge it (RBAC, e.g.
 *   Cognitive Services OpenAI User): chat forwards it, `GET /v1/models` asks the account first.
 */
export function v1ApiPolicy(o: Pick<V1ApiOptions, 'jwt'>): string {
  if (!o.jwt) return document(['    <base />']);
  const issuer = o.jwt.issuer.replace(/\/+$/, '');
  return document([
    '    <base />',
    `    <validate-jwt header-name="Authorization" require-scheme="Bearer" failed-validation-httpcode="401" failed-validation-error-message="A valid bearer token of the jurisdiction's issuer is required." require-expiration-time="true" require-signed-tokens="true" clock-skew="${CLIENT_JWT_CLOCK_SKEW_SECONDS}">`,
    `      <openid-config url="${xmlAttr(`${issuer}/.well-known/openid-configuration`)}" />`,
    `      <audiences><audience>${xmlText(o.jwt.audience)}</audience></audiences>`,
    `      <issuers><issuer>${xmlText(o.jwt.issuer)}</issuer></issuers>`,
    '    </validate-jwt>',
    '    <set-header name="Authorization" exists-action="delete" />',
  ]);
}

/**
 * `GET /v1/models`: the OpenAI list with the one model name clients use, answered by the gateway.
 * Without the jurisdiction's JWT, the caller's Entra token is first tried on the account's own
 * `GET /openai/v1/models` (over the private endpoint): the list is given only if the account accepts
 * it; its 401 or 403 is returned as is (an OpenAI-style error), anything else is a 502.
 */
export function modelsOperationPolicy(o: V1ApiOptions): string {
  const list = JSON.stringify({ object: 'list', data: [{ id: o.clientModel, object: 'model', owned_by: o.ownedBy }] });
  const answer = ['<return-response>', '  <set-status code="200" reason="OK" />', `  ${jsonHeader}`, `  <set-body>${xmlText(list)}</set-body>`, '</return-response>'];
  const indent = (n: number) => (l: string) => ' '.repeat(n) + l;
  if (o.jwt) return document(['    <base />', ...answer.map(indent(4))]);
  const status = `((IResponse)context.Variables["account"])?.StatusCode`;
  return document([
    '    <base />',
    '    <send-request mode="new" response-variable-name="account" timeout="10" ignore-error="true">',
    `      <set-url>https://${o.openAiHostname}/openai/v1/models</set-url>`,
    '      <set-method>GET</set-method>',
    `      <set-header name="Authorization" exists-action="override"><value>@(context.Request.Headers.GetValueOrDefault("Authorization", ""))</value></set-header>`,
    '    </send-request>',
    '    <choose>',
    `      <when condition='@(context.Variables.ContainsKey("account") ? ${status} == 200 : false)'>`,
    ...answer.map(indent(8)),
    '      </when>',
    `      <when condition='@(context.Variables.ContainsKey("account") ? (${status} == 401 || ${status} == 403) : false)'>`,
    '        <return-response>',
    `          <set-status code='@(${status} ?? 401)' reason="Access denied" />`,
    `          ${jsonHeader}`,
    `          <set-body>${xmlText(openAiError('An Entra ID token for the Azure OpenAI account (audience https://cognitiveservices.azure.com) is required.', 'invalid_request_error', 'invalid_api_key'))}</set-body>`,
    '        </return-response>',
    '      </when>',
    '      <otherwise>',
    '        <return-response>',
    '          <set-status code="502" reason="Bad Gateway" />',
    `          ${jsonHeader}`,
    `          <set-body>${xmlText(openAiError('The model backend did not answer.', 'server_error', null))}</set-body>`,
    '        </return-response>',
    '      </otherwise>',
    '    </choose>',
  ]);
}

/**
 * `POST /v1/chat/completions`: the client's `model` must be the policy's model name; it is rewritten
 * to the deployment and the request goes to the account's v1 API (`<account>/openai/v1/chat/completions`,
 * GA, no api-version: learn.microsoft.com/azure/ai-foundry/openai/api-version-lifecycle) through the
 * backend, over the private endpoint. Any other model name gets OpenAI's 404 `model_not_found`; a body
 * that is not a JSON object gets a 400. With the jurisdiction's JWT, the gateway calls the account with
 * its system-assigned identity (Cognitive Services OpenAI User); without it the client's Entra token goes through.
 *
 * Streaming (`"stream": true`): the account's server-sent events pass through because the response is
 * not buffered (`buffer-response="false"`) and no policy reads the response body (outbound is only
 * `<base />`; the gateway's diagnostic setting sends GatewayLogs, which log no bodies): the rules of
 * learn.microsoft.com/azure/api-management/how-to-server-sent-events (no response-buffering policies
 * such as validate-content, no body logging, no response caching; long-running connections are
 * supported in the classic and v2 tiers, not in Consumption). Backend errors (429 with Retry-After,
 * 400 content filter) pass through unchanged (`fail-on-error-status-code` stays false).
 */
/**
 * C# literal of the `model` variable for a body that is not a JSON object: a NUL character, which the
 * policy schema's model names ([a-z0-9._-]) never contain, so no accepted model name is mistaken for it.
 */
const NOT_AN_OBJECT = '"\\0"';

export function chatOperationPolicy(o: V1ApiOptions): string {
  const model = JSON.stringify(o.clientModel); // a C# string literal too: [a-z0-9._-] only (policy schema)
  const deployment = JSON.stringify(o.deploymentName); // [A-Za-z0-9._-] only (checked by the gateway)
  const body = `context.Request.Body.As&lt;JObject&gt;(preserveContent: true)`;
  // built with JObject, so a hostile model name cannot break the JSON
  const notFound = `new JObject(new JProperty("error", new JObject(new JProperty("message", "The model '" + (string)context.Variables["model"] + "' does not exist on this gateway: use '" + ${model} + "'."), new JProperty("type", "invalid_request_error"), new JProperty("param", "model"), new JProperty("code", "model_not_found")))).ToString(Newtonsoft.Json.Formatting.None)`;
  return document(
    [
      '    <base />',
      // Never null: set-variable documents only typed values (System.String, ...), and a null has no type;
      // a body that is not a JSON object is marked by NOT_AN_OBJECT instead.
      `    <set-variable name="model" value='@{ try { var m = ${body}["model"]; return m == null ? "" : m.ToString(); } catch { return ${NOT_AN_OBJECT}; } }' />`,
      '    <choose>',
      `      <when condition='@((string)context.Variables["model"] == ${NOT_AN_OBJECT})'>`,
      '        <return-response>',
      '          <set-status code="400" reason="Bad Request" />',
      `          ${jsonHeader}`,
      `          <set-body>${xmlText(openAiError('The request body must be a JSON object.', 'invalid_request_error', null))}</set-body>`,
      '        </return-response>',
      '      </when>',
      `      <when condition='@((string)context.Variables["model"] != ${model})'>`,
      '        <return-response>',
      '          <set-status code="404" reason="Not Found" />',
      `          ${jsonHeader}`,
      `          <set-body>@(${xmlText(notFound)})</set-body>`,
      '        </return-response>',
      '      </when>',
      '    </choose>',
      `    <set-body>@{ var b = ${body}; b["model"] = ${deployment}; return b.ToString(Newtonsoft.Json.Formatting.None); }</set-body>`,
      `    <set-backend-service backend-id="${OPENAI_BACKEND_ID}" />`,
      ...(o.jwt ? [`    <authentication-managed-identity resource="${COGNITIVE_SERVICES_AUDIENCE}" />`] : []),
    ],
    [`    <forward-request timeout="${CHAT_TIMEOUT_SECONDS}" buffer-response="false" />`],
  );
}

export interface HealthPolicyOptions {
  /** `<subdomain>.openai.azure.com` of the in-region account. */
  readonly openAiHostname: string;
  /** Deployment the probe completes one token on. */
  readonly deploymentName: string;
  /** Region reported in the body: `germanywestcentral`. */
  readonly region: string;
  /** Seconds the probe may take before the gateway answers 503. */
  readonly timeoutSeconds: number;
}

/** Body of the probe: the smallest chat completion the deployment serves (v1 API: the deployment goes in `model`). */
export function healthProbeBody(deploymentName: string): string {
  return JSON.stringify({ model: deploymentName, messages: [{ role: 'user', content: 'ping' }], max_completion_tokens: 16 });
}

/**
 * `GET /health`: runs a one-message chat completion on the deployment
 * (`POST https://<account>/openai/v1/chat/completions`, the GA v1 API, no api-version) over the
 * private endpoint with the gateway's system-assigned identity (Cognitive Services OpenAI User on the
 * account), and answers 200 only when that answers 200. A missing, retired or out-of-quota deployment
 * (404/400/429), a broken private endpoint, DNS, TLS or role (401/403), a timeout or a 5xx give 503,
 * so DNS fails over on a model outage, not only on an account outage (an account listing such as
 * `GET /openai/models` answers 200 without any deployment). With `ignore-error` a failed call leaves a
 * null response, which `?.` turns into "not 200". Cost: one request of a few tokens per health-check
 * probe (Route 53 probes every 30 s from each checker region).
 */
export function healthOperationPolicy(o: HealthPolicyOptions): string {
  const probe = `https://${o.openAiHostname}/openai/v1/chat/completions`;
  return policyDocument([
    `    <send-request mode="new" response-variable-name="probe" timeout="${o.timeoutSeconds}" ignore-error="true">`,
    `      <set-url>${probe}</set-url>`,
    '      <set-method>POST</set-method>',
    '      <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>',
    `      <set-body>${healthProbeBody(o.deploymentName)}</set-body>`,
    '      <authentication-managed-identity resource="https://cognitiveservices.azure.com" />',
    '    </send-request>',
    '    <choose>',
    `      <when condition='@(context.Variables.ContainsKey("probe") ? ((IResponse)context.Variables["probe"])?.StatusCode == 200 : false)'>`,
    '        <return-response>',
    '          <set-status code="200" reason="OK" />',
    '          <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>',
    `          <set-body>{"status":"healthy","region":"${o.region}","deployment":"${o.deploymentName}"}</set-body>`,
    '        </return-response>',
    '      </when>',
    '      <otherwise>',
    '        <return-response>',
    '          <set-status code="503" reason="Backend unavailable" />',
    '          <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>',
    `          <set-body>{"status":"unhealthy","region":"${o.region}","deployment":"${o.deploymentName}"}</set-body>`,
    '        </return-response>',
    '      </otherwise>',
    '    </choose>',
  ]);
}
