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
  /** Client id of the gateway's user-assigned identity (holds Cognitive Services OpenAI User on the account). */
  readonly identityClientId: string;
  /** Data-plane API version of the probe call (`GET /openai/models`). */
  readonly apiVersion: string;
  /** Region reported in the body: `germanywestcentral`. */
  readonly region: string;
  /** Seconds the probe may take before the gateway answers 503. */
  readonly timeoutSeconds: number;
}

/**
 * `GET /health`: calls `GET https://<account>/openai/models` over the private endpoint with the
 * gateway's managed identity and answers 200 only when the account answers 200; anything else
 * (timeout, DNS or TLS failure, 401/403, 5xx) gives 503 (with `ignore-error` a failed call leaves a null
 * response, which the null-conditional `?.` turns into "not 200"). DNS health checks therefore fail over when
 * the model service, the private endpoint or the gateway's access to it breaks.
 */
export function healthOperationPolicy(o: HealthPolicyOptions): string {
  const probe = `https://${o.openAiHostname}/openai/models?api-version=${o.apiVersion}`;
  return policyDocument([
    `    <send-request mode="new" response-variable-name="probe" timeout="${o.timeoutSeconds}" ignore-error="true">`,
    `      <set-url>${probe}</set-url>`,
    '      <set-method>GET</set-method>',
    `      <authentication-managed-identity resource="https://cognitiveservices.azure.com" client-id="${o.identityClientId}" />`,
    '    </send-request>',
    '    <choose>',
    `      <when condition='@(context.Variables.ContainsKey("probe") ? ((IResponse)context.Variables["probe"])?.StatusCode == 200 : false)'>`,
    '        <return-response>',
    '          <set-status code="200" reason="OK" />',
    '          <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>',
    `          <set-body>{"status":"healthy","region":"${o.region}"}</set-body>`,
    '        </return-response>',
    '      </when>',
    '      <otherwise>',
    '        <return-response>',
    '          <set-status code="503" reason="Backend unavailable" />',
    '          <set-header name="Content-Type" exists-action="override"><value>application/json</value></set-header>',
    `          <set-body>{"status":"unhealthy","region":"${o.region}"}</set-body>`,
    '        </return-response>',
    '      </otherwise>',
    '    </choose>',
  ]);
}
