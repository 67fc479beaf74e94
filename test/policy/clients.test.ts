/**
 * Policy `clients`: the contract every gateway of a jurisdiction's chain serves (one model name, one
 * JWT issuer and audience). Bad values are located errors; the shipped policies declare it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, loadPolicy } from '../../lib/policy';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

const INDIA = readFileSync(join(__dirname, '..', '..', 'stacks', 'policies', 'india-only.yaml'), 'utf8');
const CLIENTS = `    clients:                     # the contract every tier serves: one model name, one credential (a JWT)
      model: chat
      issuer: https://id.ai.example.in/realms/sovereign-ai   # your OIDC issuer (replace)
      audience: sovereign-ai-in
`;
const withClients = (text: string) => {
  expect(INDIA).toContain(CLIENTS);
  return INDIA.replace(CLIENTS, text);
};
const errors = (yaml: string) => loadPolicy(yaml, 'p.yaml').problems.filter((p) => p.severity === 'error').map(formatProblem);

test('the shipped policies declare one model name and one JWT issuer per jurisdiction', () => {
  const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
  expect(policy!.jurisdictions.map((j) => [j.jurisdiction.id, j.clients])).toEqual(
    ['us', 'eu', 'in'].map((id) => [id, { model: 'chat', hostname: 'jurisdiction', jwt: { issuer: `https://id.${id}.ai.example.com/realms/sovereign-ai`, audience: `sovereign-ai-${id}` } }]),
  );
  expect(loadPolicy(INDIA, 'india.yaml').policy!.jurisdictions[0].clients).toEqual({ model: 'chat', hostname: 'jurisdiction', jwt: { issuer: 'https://id.ai.example.in/realms/sovereign-ai', audience: 'sovereign-ai-in' } });
});

test('without `clients` the model name is chat and no jurisdiction credential is declared', () => {
  expect(loadPolicy(withClients(''), 'p.yaml').policy!.jurisdictions[0].clients).toEqual({ model: 'chat', hostname: 'jurisdiction' });
});

test.each([
  ['an issuer without an audience', '    clients: { issuer: "https://id.ai.example.in" }\n', /p\.yaml:\d+:\d+: error: jurisdictions\[0\]\.clients\.issuer: give `audience` too: a client JWT is checked against both its issuer and its audience/],
  ['an audience without an issuer', '    clients: { audience: sovereign-ai-in }\n', /p\.yaml:\d+:\d+: error: jurisdictions\[0\]\.clients\.audience: give `issuer` too/],
  ['an http issuer', '    clients: { issuer: "http://id.ai.example.in", audience: a }\n', /p\.yaml:\d+:\d+: error: jurisdictions\[0\]\.clients\.issuer: "http:\/\/id\.ai\.example\.in" must be an https URL without query or fragment/],
  ['an issuer with a query', '    clients: { issuer: "https://id.ai.example.in/?realm=x", audience: a }\n', /jurisdictions\[0\]\.clients\.issuer: "https:\/\/id\.ai\.example\.in\/\?realm=x" must be an https URL/],
  ['a model name with spaces', '    clients: { model: "my model" }\n', /jurisdictions\[0\]\.clients\.model: "my model" must be 1-63 lower-case letters, digits, dots, hyphens and underscores/],
  ['an audience with a space', '    clients: { issuer: "https://id.ai.example.in", audience: "a b" }\n', /jurisdictions\[0\]\.clients\.audience: "a b" must be 1-256 printable characters without spaces/],
])('fails when %s, with the location', (_, text, expected) => {
  const e = errors(withClients(text));
  expect(e).toHaveLength(1);
  expect(e[0]).toMatch(expected);
});

describe('clients.hostname: the one name clients dial', () => {
  const AZURE = /      azureOpenAi:[^\n]*\n(?:        [^\n]*\n)+/;
  const withHostname = (text: string, hostname: string) => text.replace('      audience: sovereign-ai-in\n', `      audience: sovereign-ai-in\n      hostname: ${hostname}\n`);

  test('country is accepted for a chain of AWS gateways routed by Route 53', () => {
    expect(INDIA).toMatch(AZURE);
    const external = '    failover:\n      external: [{ name: natcloud, hostname: ai.natcloud.example.in, operator: aws, country: IN }]\n';
    const r = loadPolicy(withHostname(INDIA.replace(AZURE, ''), 'country').replace('    survives:', `${external}    survives:`), 'p.yaml');
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.policy!.jurisdictions[0].clients.hostname).toBe('country');
  });

  const warnings = (yaml: string) => loadPolicy(yaml, 'p.yaml').problems.filter((p) => p.severity === 'warning').map(formatProblem);
  const SELF_HOSTED = /      selfHosted:[^\n]*\n(?:        [^\n]*\n)+/;

  test('country with an Azure OpenAI gateway in the chain: DNS sends the name only to the AWS tier, said in a warning naming the tier left out and why', () => {
    expect(errors(withHostname(INDIA, 'country'))).toEqual([]);
    expect(warnings(withHostname(INDIA, 'country'))).toContainEqual(
      expect.stringMatching(/^p\.yaml:\d+:\d+: warning: jurisdictions\[0\]\.clients\.hostname: clients dialling "country" \(api\.ai\.example\.in\) fail over only between the tiers that serve it; DNS never sends that name to azure-southindia \(azure-southindia: API Management Standard v2 binds one custom gateway host name \(\*\.in\.ai\.example\.in\) and refuses Host api\.ai\.example\.in\)/),
    );
  });

  test('fails when no tier of the chain serves country (API Management, and an endpoint whose contract lacks the name)', () => {
    expect(INDIA).toMatch(SELF_HOSTED);
    const contract = 'contract: { api: openai-v1, issuer: "https://id.ai.example.in/realms/sovereign-ai", audience: sovereign-ai-in, hostnames: [api.in.ai.example.in] }';
    const external = `    failover:\n      external: [{ name: natcloud, hostname: ai.natcloud.example.in, operator: aws, country: IN, ${contract} }]\n`;
    const azureOnly = withHostname(INDIA.replace(SELF_HOSTED, ''), 'country').replace('    survives:', `${external}    survives:`).replace(/    survives: [^\n]*\n/, '');
    expect(errors(azureOnly)).toEqual([
      expect.stringMatching(/^p\.yaml:\d+:\d+: error: jurisdictions\[0\]\.clients\.hostname: "country" \(api\.ai\.example\.in\) is served by no tier of jurisdiction "in"'s chain \(azure-southindia: API Management Standard v2 [^;]*; natcloud: its contract\.hostnames \(api\.in\.ai\.example\.in\) do not cover api\.ai\.example\.in\), so DNS sends that name nowhere for its clients; use "jurisdiction"/),
    ]);
    // The same endpoint declaring the name (a wildcard does not cover it: one label only) serves it: no error.
    expect(errors(azureOnly.replace('hostnames: [api.in.ai.example.in]', 'hostnames: [api.in.ai.example.in, api.ai.example.in]'))).toEqual([]);
    expect(errors(azureOnly.replace('hostnames: [api.in.ai.example.in]', 'hostnames: ["*.in.ai.example.in"]'))).toHaveLength(1);
  });

  test('fails when country is asked without Route 53 routing', () => {
    const noDns = withHostname(INDIA.replace(AZURE, ''), 'country').replace(/\ndns:\n(?:  [^\n]*\n)+/, '\n').replace(/    survives: [^\n]*\n/, '');
    expect(errors(noDns)).toContainEqual(expect.stringMatching(/jurisdictions\[0\]\.clients\.hostname: "country" is the geolocation name <serviceName>\.<domain> in the Route 53 parent zone; it needs dns\.provider route53 \(the policy has no dns section\); use "jurisdiction"/));
  });

  test('fails on any other value, naming the allowed ones', () => {
    expect(errors(withHostname(INDIA, 'regional'))).toEqual([expect.stringMatching(/jurisdictions\[0\]\.clients\.hostname: .*"jurisdiction".*"country"|jurisdictions\[0\]\.clients\.hostname: .*jurisdiction.*country/)]);
  });
});

test('two jurisdictions with an AWS gateway in one region are refused at the second one: both would create the custom domain api.<domain>, unique per region across accounts', () => {
  const start = INDIA.indexOf('  - id: in\n');
  const end = INDIA.indexOf('dataStores:');
  const second = INDIA.slice(start, end).replace('  - id: in\n', '  - id: in2\n    clientCountries: [BT]\n');
  const text = INDIA.slice(0, end) + second + INDIA.slice(end);
  const found = loadPolicy(text, 'p.yaml').problems.filter((p) => p.path === 'jurisdictions[1].inference.selfHosted.regions[0]' || p.path === 'jurisdictions.1.inference.selfHosted.regions.0');
  expect(found.map((p) => [p.severity, p.message])).toEqual([
    ['error', 'jurisdiction "in" already runs an AWS gateway in ap-south-1: both would create the API Gateway custom domain api.ai.example.in, and a custom domain name is unique within a region across all AWS accounts; give "in2" another region'],
  ]);
  expect(errors(INDIA)).toEqual([]);
  // A jurisdiction no client is routed to by country claims no custom domain api.<domain>: accepted.
  const unrouted = INDIA.slice(0, end) + INDIA.slice(start, end).replace('  - id: in\n', '  - id: in2\n    clientCountries: []\n') + INDIA.slice(end);
  expect(loadPolicy(unrouted, 'p.yaml').problems.filter((p) => /already runs an AWS gateway/.test(p.message))).toEqual([]);
});
