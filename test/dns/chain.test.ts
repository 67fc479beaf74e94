import { jurisdiction } from '../../lib/catalog';
import { drilledEndpointNames, failoverChainProblems, resolveFailoverChain, type FailoverEndpoint } from '../../lib/dns/chain';

const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });

const frankfurt: FailoverEndpoint = { name: 'aws-eu-central-1', hostname: 'gw-fra.eu.ai.example.com', country: 'DE', operator: 'aws' };
const sweden: FailoverEndpoint = { name: 'azure-swedencentral', hostname: 'gw-sec.eu.ai.example.com', country: 'SE', operator: 'azure' };
const london: FailoverEndpoint = { name: 'ovh-gb', hostname: 'gw.ovh-gb.example.net', country: 'GB', operator: 'ovh' };

describe('resolveFailoverChain', () => {
  test('applies the defaults: /health on port 443', () => {
    expect(resolveFailoverChain([frankfurt, { ...sweden, healthCheckPath: '/ready', port: 8443 }], EU)).toEqual([
      { ...frankfurt, healthCheckPath: '/health', port: 443 },
      { ...sweden, healthCheckPath: '/ready', port: 8443 },
    ]);
  });

  test('fails when an endpoint runs outside the jurisdiction, naming the chain, the endpoint, its country and the jurisdiction', () => {
    expect(() => resolveFailoverChain([frankfurt, sweden, london], EU)).toThrow(
      'failover chain eu [aws-eu-central-1 → azure-swedencentral → ovh-gb]: endpoint "ovh-gb" runs in GB (United Kingdom), ' +
        'outside jurisdiction "eu" (countries: AT, BE, BG, HR, CY, CZ, DK, EE, FI, FR, DE, GR, HU, IE, IT, LV, LT, LU, MT, NL, PL, PT, RO, SK, SI, ES, SE); ' +
        'pass allowCrossBorder: true only where the policy allows this chain to leave the jurisdiction',
    );
  });

  test('accepts a foreign endpoint when allowCrossBorder is true', () => {
    expect(resolveFailoverChain([frankfurt, london], EU, { allowCrossBorder: true }).map((e) => e.country)).toEqual(['DE', 'GB']);
  });

  test('fails when the whole chain is foreign to an India jurisdiction, once per foreign endpoint', () => {
    expect(failoverChainProblems([frankfurt, sweden], IN)).toHaveLength(2);
  });

  test.each<[string, FailoverEndpoint[], string]>([
    ['only one endpoint', [frankfurt], 'it has 1 endpoint(s); a chain needs at least 2'],
    ['a name appears twice', [frankfurt, { ...sweden, name: frankfurt.name }], 'name "aws-eu-central-1" appears more than once'],
    ['a host name appears twice', [frankfurt, { ...sweden, hostname: frankfurt.hostname }], 'hostname "gw-fra.eu.ai.example.com" appears more than once'],
    ['the country is UK', [frankfurt, { ...sweden, country: 'UK' }], 'country "UK" is not a Route 53 country code: the United Kingdom is "GB"'],
    ['the country is a continent', [frankfurt, { ...sweden, country: 'EU' }], '"EU" is not a country; the European Union is its 27 member states'],
    ['the host name is a Bedrock endpoint', [frankfurt, { ...sweden, hostname: 'bedrock-runtime.eu-central-1.amazonaws.com' }], 'is an AWS model endpoint'],
    ['the host name is an Azure OpenAI endpoint', [frankfurt, { ...sweden, hostname: 'acme.openai.azure.com' }], 'is an Azure AI model endpoint'],
    ['the host name is a private link name', [frankfurt, { ...sweden, hostname: 'acme.privatelink.openai.azure.com' }], 'is a private endpoint name'],
    ['the host name is an IP address', [frankfurt, { ...sweden, hostname: '192.0.2.10' }], 'its last label is numeric'],
    ['the host name has a trailing dot', [frankfurt, { ...sweden, hostname: 'gw.example.com.' }], 'it ends with a dot'],
    ['the host name has upper case', [frankfurt, { ...sweden, hostname: 'GW.example.com' }], 'write "gw.example.com"'],
    ['the name is a drill position', [frankfurt, { ...sweden, name: 'secondary' }], 'name "secondary" is reserved for drill positions'],
    ['the name is not a label', [frankfurt, { ...sweden, name: 'Azure_SE' }], 'name "Azure_SE" is not a DNS label'],
    ['the port is out of range', [frankfurt, { ...sweden, port: 70000 }], 'port 70000 must be an integer from 1 to 65535'],
    ['the path does not start with /', [frankfurt, { ...sweden, healthCheckPath: 'health' }], 'healthCheckPath "health" must start with "/"'],
    ['the operator is empty', [frankfurt, { ...sweden, operator: '' }], 'operator "" must be a lower-case name'],
  ])('fails when %s', (_, chain, message) => {
    expect(() => resolveFailoverChain(chain, EU)).toThrow(message);
  });
});

describe('drilledEndpointNames', () => {
  const chain = [frankfurt, sweden, { ...sweden, name: 'national-cloud', hostname: 'gw.national.example.eu', operator: 'ionos' }];

  test.each<[string[], string[]]>([
    [['primary'], ['aws-eu-central-1']],
    [['secondary'], ['azure-swedencentral']],
    [['tertiary', 'aws-eu-central-1'], ['national-cloud', 'aws-eu-central-1']],
    [['azure-swedencentral', 'secondary'], ['azure-swedencentral']],
  ])('fail %j fails %j', (fail, names) => {
    expect([...drilledEndpointNames('eu', chain, { fail })]).toEqual(names);
  });

  test('no drill fails nothing', () => {
    expect(drilledEndpointNames('eu', chain, undefined).size).toBe(0);
  });

  test('fails when an entry names neither an endpoint nor a position', () => {
    expect(() => drilledEndpointNames('eu', chain.slice(0, 2), { fail: ['tertiary'] })).toThrow(
      'drill on failover chain eu [aws-eu-central-1 → azure-swedencentral]: "tertiary" is neither an endpoint name (aws-eu-central-1, azure-swedencentral) nor a position (primary, secondary)',
    );
  });

  test('fails when the drill would fail every endpoint', () => {
    expect(() => drilledEndpointNames('eu', chain.slice(0, 2), { fail: ['primary', 'secondary'] })).toThrow('it fails every endpoint (aws-eu-central-1, azure-swedencentral)');
  });
});
