import { COMPLIANT, defineRule, NOT_APPLICABLE, verdict } from '../../rule';

/**
 * Sovereign-ApiGatewayAnonymousBackend: no anonymous path to a model. A REST API method without
 * authorization may only answer by itself (MOCK) or send its back end a fixed request (a template with
 * `passthrough_behavior = NEVER`, nothing from the client's request in it), as the health route does.
 * Velocity: `$input` is the client's body, `method.request.*` its parameters (API Gateway developer
 * guide, "Mapping template reference" and "Data mappings").
 */
export const ApiGatewayAnonymousBackend = defineRule(
  {
    id: 'Sovereign-ApiGatewayAnonymousBackend',
    level: 'error',
    family: 'security',
    description:
      'An `aws_api_gateway_method` with `authorization = "NONE"` has a `MOCK` integration, or one with `passthrough_behavior = "NEVER"` whose request templates and parameters take nothing from the client (`$input`, `method.request.*`): no unauthenticated request reaches a model.',
    appliesTo: ['aws_api_gateway_method'],
  },
  function ApiGatewayAnonymousBackend(method, ctx) {
    if (method.attrs.authorization !== 'NONE') return NOT_APPLICABLE;
    const integrations = ctx.referencing(method, 'aws_api_gateway_integration');
    if (integrations.length === 0) return NOT_APPLICABLE;
    for (const i of integrations) {
      if (i.attrs.type === 'MOCK') continue;
      const templates = Object.values<unknown>(i.attrs.request_templates ?? {}).join('\n');
      const params = Object.values<unknown>(i.attrs.request_parameters ?? {}).join('\n');
      const problem = verdict([
        i.attrs.passthrough_behavior !== 'NEVER' && `the ${i.attrs.type} integration passes the anonymous request through (passthrough_behavior ${i.attrs.passthrough_behavior ?? 'WHEN_NO_MATCH'}); require authorization or send a fixed request with NEVER`,
        /\$input|\$util\.parseJson/.test(templates) && 'its request template forwards the anonymous client body ($input); require authorization',
        /method\.request\./.test(params) && 'its request parameters forward the anonymous client request (method.request.*); require authorization',
      ]);
      if (problem !== COMPLIANT) return problem;
    }
    return COMPLIANT;
  },
);
