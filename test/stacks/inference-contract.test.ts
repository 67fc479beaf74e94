/**
 * The client contract on every AWS gateway of the synthesized default policy: the routes, the
 * jurisdiction's JWT authorizer on every route but /health (issuer and audience from the policy), the
 * request model, the MOCK model list, the chat timeout, and the TGI Messages API switch.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '../../lib/policy';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { shippedOutdir } from '../support/shipped';
import { resourcesOf, type SynthJson } from '../support/synth';

const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
const outdir = shippedOutdir('default'); // synthesized once per run, shared (read-only)
const stackDir = (name: string) => join(outdir, 'stacks', name);
const read = (name: string): SynthJson => JSON.parse(readFileSync(join(stackDir(name), 'cdk.tf.json'), 'utf8'));
const all = (json: SynthJson, type: string) => resourcesOf(json, type).map(([, r]) => r);

describe.each(policy!.jurisdictions.filter((j) => j.inference?.selfHosted).map((j) => [j.jurisdiction.id, j] as const))('jurisdiction %s', (id, j) => {
  const json = read(`sovereign-${id}-inference`);
  const apis = resourcesOf(json, 'aws_api_gateway_rest_api').map(([key]) => key);
  const clients = j.clients;

  test('the policy declares a JWT issuer and audience (the shipped default)', () => {
    expect(clients.jwt).toEqual({ issuer: `https://id.${id}.ai.example.com/realms/sovereign-ai`, audience: `sovereign-ai-${id}` });
  });

  test('each AWS gateway: POST /v1/chat/completions and GET /v1/models behind the JWT authorizer, GET /health open', () => {
    expect(apis.length).toBeGreaterThan(0);
    const methods = all(json, 'aws_api_gateway_method');
    expect(methods).toHaveLength(3 * apis.length);
    for (const m of methods) {
      const route = m.http_method === 'POST' ? 'chat' : m.resource_id.includes('health') ? 'health' : 'models';
      if (route === 'health') expect(m.authorization).toBe('NONE');
      else expect({ route, authorization: m.authorization, authorizer: m.authorizer_id }).toEqual({ route, authorization: 'CUSTOM', authorizer: expect.stringMatching(/^\$\{aws_api_gateway_authorizer\./) });
    }
    const paths = all(json, 'aws_api_gateway_resource').map((r) => r.path_part).sort();
    expect(paths).toEqual(['chat', 'completions', 'health', 'models', 'v1']);
  });

  test('the authorizer Lambda checks the policy issuer and audience, runs in the gateway region, and its code asset is in the stack folder', () => {
    const fns = all(json, 'aws_lambda_function');
    expect(fns).toHaveLength(apis.length);
    for (const fn of fns) {
      expect(fn.environment.variables).toEqual({ ISSUER: clients.jwt!.issuer, AUDIENCE: clients.jwt!.audience, LEEWAY_SECONDS: '60' });
      expect(fn.runtime).toBe('nodejs22.x');
      const region = json.provider!.aws.find((p: any) => `aws.${p.alias}` === fn.provider).region;
      expect(j.inference!.selfHosted!.regions.map((r) => r.code)).toContain(region);
      expect(existsSync(join(stackDir(`sovereign-${id}-inference`), fn.filename))).toBe(true);
    }
    for (const a of all(json, 'aws_api_gateway_authorizer')) expect(a).toMatchObject({ type: 'TOKEN', authorizer_result_ttl_in_seconds: 300 });
  });

  test('the request model names the policy model; the model list is a MOCK with that name; chat waits 29 s', () => {
    for (const m of all(json, 'aws_api_gateway_model')) expect(JSON.parse(m.schema).properties.model.enum).toEqual([clients.model]);
    const list = all(json, 'aws_api_gateway_integration_response').filter((r) => r.http_method.includes('models-method'));
    for (const r of list) expect(JSON.parse(r.response_templates['application/json'])).toEqual({ object: 'list', data: [{ id: clients.model, object: 'model', owned_by: id }] });
    const chat = all(json, 'aws_api_gateway_integration').filter((i) => i.http_method.includes('chat-method'));
    expect(chat).toHaveLength(apis.length);
    for (const i of chat) expect(i).toMatchObject({ type: 'AWS', timeout_milliseconds: 29000 });
  });

  test('the TGI model has the Messages API switched on', () => {
    for (const m of all(json, 'aws_sagemaker_model')) expect(m.primary_container.environment.MESSAGES_API_ENABLED).toBe('true');
  });
});
