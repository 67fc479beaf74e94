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

/**
 * Policy of the OpenAI pass-through API: every request goes to the in-region account over its
 * private endpoint. The caller's own `Authorization: Bearer` token (audience
 * `https://cognitiveservices.azure.com`) is forwarded untouched, so the account's RBAC decides who
 * may call which deployment; API keys are useless because the account has local auth off.
 */
export function openAiApiPolicy(): string {
  return policyDocument([`    <set-backend-service backend-id="${OPENAI_BACKEND_ID}" />`]);
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
