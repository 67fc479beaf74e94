/**
 * The analysis counts a tier only when a client can use it: the OpenAI v1 routes, the jurisdiction's
 * JWT, a certificate for the name the client dialled. Read from the synthesized gateways (their
 * methods, authorizers, validate-jwt policies, custom domains) and from the policy for endpoints this
 * tool does not build. Mixed chains are made by removing one fact from a real synthesized stack.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSynth, renderMarkdown, type SovereigntyAnalysis } from '../../lib/analysis';
import { CONTRACT_ROUTES, certificateCovers, contractBreaks } from '../../lib/analysis/contract';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { defaultWithNationalCloud, synthPolicy } from './support';

const outcome = (a: SovereigntyAnalysis, id: string, scenario: string) => a.jurisdictions.find((j) => j.topology.id === id)!.outcomes.find((o) => o.scenario === scenario)!;
const ISSUER = (id: string) => `https://id.${id}.ai.example.com/realms/sovereign-ai`;

const defaultOut = synthPolicy(DEFAULT_POLICY_YAML).outdir;

/** A copy of the default synth with one edit to the stack file of `stack`. */
function edited(stack: string, edit: (json: any) => void): string {
  const out = join(mkdtempSync(join(tmpdir(), 'contract-')), 'cdktf.out');
  cpSync(defaultOut, out, { recursive: true });
  const file = join(out, 'stacks', stack, 'cdk.tf.json');
  const json = JSON.parse(readFileSync(file, 'utf8'));
  edit(json);
  writeFileSync(file, JSON.stringify(json));
  return out;
}

describe('the default policy: every gateway serves the one contract', () => {
  const a = analyzeSynth(defaultOut);

  test.each(['us', 'eu', 'in'])('%s: each gateway, of either kind, serves the v1 routes, checks the jurisdiction JWT and holds a certificate for every name DNS sends clients to', (id) => {
    const j = a.jurisdictions.find((x) => x.topology.id === id)!.topology;
    const kinds = j.gateways.map((g) => g.component.label.split(' ').slice(0, 2).join(' ')).sort();
    expect(kinds).toEqual(['API Gateway', 'API Management']);
    for (const g of j.gateways) {
      expect(g.contract!.routes).toEqual(expect.arrayContaining([...CONTRACT_ROUTES]));
      expect(g.contract!.credential).toEqual({ kind: 'jwt', issuer: ISSUER(id), audience: `sovereign-ai-${id}` });
      for (const name of [`api.${id}.ai.example.com`, `${g.component.region}.${id}.ai.example.com`]) expect(g.contract!.certificateNames.some((c) => certificateCovers(c, name))).toBe(true);
      expect(contractBreaks(g.contract, j.declared.clients!)).toEqual([]);
    }
    // The country-routed name: every AWS gateway serves it; API Management Standard v2 binds one name (*.<id>.<domain>), so clients dial api.<id>.<domain>.
    expect(j.declared.clients!.hostname).toBe(`api.${id}.ai.example.com`);
    for (const g of j.gateways.filter((x) => x.component.label.startsWith('API Gateway'))) expect(g.contract!.certificateNames).toContain('api.ai.example.com');
    for (const g of j.gateways.filter((x) => x.component.label.startsWith('API Management'))) expect(g.contract!.certificateNames).toEqual([`*.${id}.ai.example.com`]);
  });

  test('the AWS outage is survived through the Azure tier, which honours the contract', () => {
    expect(outcome(a, 'eu', 'cloud:aws').inference.ok).toBe(true);
    expect(outcome(a, 'eu', 'cloud:azure').inference.ok).toBe(true);
  });
});

describe('a mixed chain: a tier that breaks the contract does not answer', () => {
  test('an Azure tier without the JWT check (validate-jwt removed) does not answer eu in an AWS outage', () => {
    const out = edited('sovereign-eu-inference', (json) => {
      for (const p of Object.values<any>(json.resource.azurerm_api_management_api_policy)) p.xml_content = p.xml_content.replace(/<validate-jwt[\s\S]*?<\/validate-jwt>/, '');
    });
    const o = outcome(analyzeSynth(out), 'eu', 'cloud:aws').inference;
    expect(o.ok).toBe(false);
    expect(o.summary).toBe('the tier DNS answers with breaks the client contract: clients get no usable answer');
    expect(o.broken).toContainEqual(expect.stringMatching(/^azure-swedencentral \(API Management apim-eu-[a-z0-9-]+\) breaks the client contract: it accepts Entra ID token for the Azure OpenAI account, not the jurisdiction's JWT of https:\/\/id\.eu\.ai\.example\.com\/realms\/sovereign-ai \(aud sovereign-ai-eu\)$/));
  });

  test('an AWS tier without a custom domain for api.eu.ai.example.com does not answer eu in an Azure outage', () => {
    const out = edited('sovereign-eu-inference', (json) => {
      const domains = json.resource.aws_api_gateway_domain_name;
      const [name] = Object.entries<any>(domains).find(([, d]) => d.domain_name === 'api.eu.ai.example.com')!;
      for (const [k, m] of Object.entries<any>(json.resource.aws_api_gateway_base_path_mapping)) if (String(m.domain_name).includes(`aws_api_gateway_domain_name.${name}.`)) delete json.resource.aws_api_gateway_base_path_mapping[k];
    });
    const o = outcome(analyzeSynth(out), 'eu', 'cloud:azure').inference;
    expect(o.ok).toBe(false);
    expect(o.broken).toContainEqual(expect.stringMatching(/^aws-eu-central-1 \(API Gateway eu-eu-central-1-inference\) breaks the client contract: it holds no certificate for api\.eu\.ai\.example\.com, the name clients dial \(it serves eu-central-1\.eu\.ai\.example\.com, api\.ai\.example\.com\)$/));
  });

  test('an AWS tier whose chat route takes IAM instead of the JWT is named with both credentials', () => {
    const out = edited('sovereign-eu-inference', (json) => {
      for (const m of Object.values<any>(json.resource.aws_api_gateway_method)) if (m.http_method === 'POST') { m.authorization = 'AWS_IAM'; delete m.authorizer_id; }
    });
    const o = outcome(analyzeSynth(out), 'eu', 'cloud:azure').inference;
    expect(o.ok).toBe(false);
    expect(o.broken.join('\n')).toContain('accepts different credentials per route (POST /v1/chat/completions: AWS SigV4 of the account (IAM); GET /v1/models: JWT of https://id.eu.ai.example.com/realms/sovereign-ai (aud sovereign-ai-eu))');
  });

  test('an external endpoint that declares no contract is not counted: the US cut-off is not survived', () => {
    const o = outcome(analyzeSynth(synthPolicy(defaultWithNationalCloud({ dns: true, contract: '' })).outdir), 'eu', 'cutoff:US').inference;
    expect(o.ok).toBe(false);
    expect(o.broken).toContain('natcloud (ai.natcloud.example.fr, declared) breaks the client contract: it declares no client contract (give it `contract:` in the policy: api, issuer, audience, hostnames)');
  });

  test('an external endpoint with its own issuer and only its own name breaks the credential and the name', () => {
    const contract = 'contract: { api: openai-v1, issuer: "https://id.natcloud.example.fr", audience: natcloud, hostnames: [ai.natcloud.example.fr] }';
    const o = outcome(analyzeSynth(synthPolicy(defaultWithNationalCloud({ dns: true, contract })).outdir), 'eu', 'cutoff:US').inference;
    expect(o.ok).toBe(false);
    expect(o.broken).toContain(
      "natcloud (ai.natcloud.example.fr, declared) breaks the client contract: it accepts JWT of https://id.natcloud.example.fr (aud natcloud), not the jurisdiction's JWT of https://id.eu.ai.example.com/realms/sovereign-ai (aud sovereign-ai-eu); it holds no certificate for api.eu.ai.example.com, the name clients dial (it serves ai.natcloud.example.fr)",
    );
  });

  test('the same external endpoint declaring the contract answers (the check can pass)', () => {
    // Under .eu: a .com domain is lost with its US registry in a US cut-off, whatever the tiers (lib/analysis/domain-path.ts).
    expect(outcome(analyzeSynth(synthPolicy(defaultWithNationalCloud({ dns: true, domain: 'ai.example.eu' })).outdir), 'eu', 'cutoff:US').inference.ok).toBe(true);
  });
});

describe('the report shows, per chain, the contract each tier honours', () => {
  test('default policy: every tier honours it; each name DNS resolves is listed with the tiers its records reach (the country name not the API Management tier)', () => {
    const md = renderMarkdown(analyzeSynth(defaultOut));
    const eu = md.slice(md.indexOf('## Jurisdiction eu'), md.indexOf('## Jurisdiction in'));
    expect(eu).toContain("### Client contract\n\nClients use model `chat` on POST /v1/chat/completions and GET /v1/models, JWT of https://id.eu.ai.example.com/realms/sovereign-ai (aud sovereign-ai-eu), dialled as `api.eu.ai.example.com`.");
    expect(eu).toMatch(/\| 1 \| aws-eu-central-1 \| [^|]*POST \/v1\/chat\/completions[^|]*\| JWT of https:\/\/id\.eu\.ai\.example\.com\/realms\/sovereign-ai \(aud sovereign-ai-eu\) \| [^|]*api\.ai\.example\.com[^|]* \| yes \|/);
    expect(eu).toMatch(/\| 2 \| azure-swedencentral \| [^|]* \| JWT of [^|]* \| \*\.eu\.ai\.example\.com \| yes \|/);
    expect(eu).toContain('- `api.eu.ai.example.com` (the contract name): DNS sends it to aws-eu-central-1, azure-swedencentral; each holds a certificate for it.');
    expect(eu).toContain('- `api.ai.example.com`: DNS sends it to aws-eu-central-1; it holds a certificate for it; never to azure-swedencentral, which does not serve it.');
    expect(eu).not.toContain('refused by');
  });

  test('clients.hostname country on a mixed chain: the analysis follows the country records, a chain of the AWS tier alone', () => {
    const eu = 'clients: { model: chat, issuer: "https://id.eu.ai.example.com/realms/sovereign-ai", audience: sovereign-ai-eu }';
    expect(DEFAULT_POLICY_YAML).toContain(eu);
    const a = analyzeSynth(synthPolicy(DEFAULT_POLICY_YAML.replace(eu, eu.replace(' }', ', hostname: country }'))).outdir);
    const j = a.jurisdictions.find((x) => x.topology.id === 'eu')!.topology;
    expect(j.chain.map((l) => l.name)).toEqual(['aws-eu-central-1', 'azure-swedencentral']);
    expect(j.countryRoute).toEqual({ name: 'api.ai.example.com', target: 'api-country.eu.ai.example.com', chain: [expect.objectContaining({ name: 'aws-eu-central-1', hostname: 'eu-central-1.eu.ai.example.com' })] });
    expect(outcome(a, 'eu', 'cloud:azure').inference.summary).toMatch(/^aws-eu-central-1 .* via api\.ai\.example\.com \(geolocation AT\) → api-country\.eu\.ai\.example\.com → eu-central-1\.eu\.ai\.example\.com$/);
    const o = outcome(a, 'eu', 'region:eu-central-1').inference;
    expect(o.ok).toBe(false); // the Azure tier serves, but the country records never send api.ai.example.com there
    expect(o.summary).toBe('gateways left (azure-swedencentral) but no DNS path reaches them');
    const md = renderMarkdown(a);
    expect(md).toContain('- `api.ai.example.com` (the contract name): DNS sends it to aws-eu-central-1; it holds a certificate for it; never to azure-swedencentral, which does not serve it.');
  });

  test('a mixed chain names the tier that would break a client, and why', () => {
    const out = edited('sovereign-eu-inference', (json) => {
      for (const p of Object.values<any>(json.resource.azurerm_api_management_api_policy)) p.xml_content = p.xml_content.replace(/<validate-jwt[\s\S]*?<\/validate-jwt>/, '');
    });
    const md = renderMarkdown(analyzeSynth(out));
    expect(md).toMatch(/\| 2 \| azure-swedencentral \| [^\n]*\| \*\*no\*\*: it accepts Entra ID token for the Azure OpenAI account, not the jurisdiction's JWT of https:\/\/id\.eu\.ai\.example\.com\/realms\/sovereign-ai \(aud sovereign-ai-eu\) \|/);
  });
});

test('the stack folders the edits rely on exist', () => {
  expect(readdirSync(join(defaultOut, 'stacks'))).toContain('sovereign-eu-inference');
});
