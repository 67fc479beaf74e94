/**
 * The policy fields the cut-off analysis needs (`operators`, `dns.external`, `survives`): each bad
 * input gets a precise error with its path, and what the policy declares reaches the analysis
 * through sovereignty-declarations.json.
 */
import { declarationsOf } from '../../lib/analysis';
import { formatProblem, loadPolicy } from '../../lib/policy';
import { DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { defaultWithDemands, defaultWithNationalCloud, insertAfter } from './support';

const problems = (text: string) => loadPolicy(text, 'p.yaml').problems.map((p) => `${p.severity}: ${p.path}: ${p.message}`);
const errors = (text: string) => problems(text).filter((p) => p.startsWith('error'));
const DNS_ANCHOR = '  serviceName: api       # api.ai.example.com routes by country to api.<id>.ai.example.com, which clients call';

describe('policy fields for the cut-off analysis', () => {
  test('the default policy with a national cloud, a declared DNS provider and demands is valid', () => {
    expect(errors(defaultWithNationalCloud({ dns: true, survives: '[region-outage, cutoff:US, dns:natdns, cloud:natcloud-fr]' }))).toEqual([]);
  });

  test.each([
    ['cutof:US', 'error: jurisdictions[1].survives[0]: "cutof:US" must be a scenario: region-outage, cloud-outage, dns-outage (each one in turn), region:<region code>, cloud:<operator>, dns:<route53 | route53-eusc | traffic-manager | a dns.external or dns.powerdns name>, or cutoff:<US | EU | IN | ISO country code>'],
    ['region:eu-west-9', 'error: jurisdictions[1].survives[0]: "region:eu-west-9" must be a scenario'],
    ['cloud:ovh', 'error: jurisdictions[1].survives[0]: unknown operator "ovh" in "cloud:ovh"; known: aws, aws-eusc, azure'],
    ['dns:cloudflare', 'error: jurisdictions[1].survives[0]: unknown DNS provider "cloudflare" in "dns:cloudflare"; known: route53, route53-eusc, traffic-manager'],
    ['region:eu-west-1', 'warning: jurisdictions[1].survives[0]: jurisdiction "eu" runs nothing in eu-west-1 (its regions: eu-central-1, eu-west-3, germanywestcentral, swedencentral): the demand holds trivially'],
  ])('fails when survives names %s', (scenario, expected) => {
    const found = problems(defaultWithDemands(`[${scenario}]`, '[]'));
    expect(found.some((p) => p.startsWith(expected))).toBe(true);
  });

  test('fails when a declared DNS provider names an unknown operator, jurisdiction or endpoint, or a built-in name', () => {
    const text = insertAfter(DEFAULT_POLICY_YAML, DNS_ANCHOR, '  external:\n    - { name: route53, operator: natcloud-fr, answers: { eu: natcloud, xx: aws-us-east-1 } }\n');
    expect(errors(text)).toEqual([
      'error: dns.external[0].name: "route53" is a built-in DNS provider name; give another name',
      'error: dns.external[0].operator: unknown operator "natcloud-fr"; declare it under `operators` with its home country (declared: none; built in: aws (US), aws-eusc (DE), azure (US))',
      'error: dns.external[0].answers.eu: "natcloud" is not an endpoint of jurisdiction "eu"\'s failover chain; allowed: aws-eu-central-1, azure-swedencentral',
      'error: dns.external[0].answers.xx: "xx" is not a jurisdiction id; allowed: us, eu, in',
    ]);
  });

  test('fails when operators redeclare a built-in operator or use a bad name, and points at the key', () => {
    const text = DEFAULT_POLICY_YAML.replace('\nrouting:\n', '\noperators:\n  aws: { country: IE }\n  Nat_Cloud: { country: FR }\nrouting:\n');
    const found = loadPolicy(text, 'p.yaml').problems.map(formatProblem);
    expect(found.filter((p) => p.includes('error'))).toEqual([
      'p.yaml:8:3: error: operators.aws: "aws" is built in (home US); remove it',
      'p.yaml:9:3: error: operators.Nat_Cloud: operator name "Nat_Cloud" must be a lower-case name such as ovh or natcloud-fr (endpoints and DNS providers refer to it)',
    ]);
  });

  test('warns when an endpoint operator has no home country', () => {
    expect(problems(defaultWithNationalCloud({ dns: false, declareOperator: false }))).toContain(
      'warning: jurisdictions[1].failover.external[0].operator: operator "natcloud-fr" has no home country: declare it, e.g. `operators: { natcloud-fr: { country: FR } }`; until then the cut-off analysis counts "natcloud" as lost in every operator cut-off',
    );
  });

  test('fails when survives is demanded without a dns section', () => {
    const text = defaultWithDemands('[region-outage]', '[]').replace(/\ndns:\n(  .*\n)+/, '\n');
    expect(errors(text)).toContain('error: jurisdictions[1].survives: survives needs a top-level `dns` section: the analysis follows DNS from the clients to a gateway');
  });
});

describe('declarationsOf', () => {
  test('carries operators, declared DNS providers, demands, declared endpoints and azurerm state locations', () => {
    const { policy } = loadPolicy(defaultWithNationalCloud({ dns: true, survives: '[cutoff:US]' }), 'p.yaml');
    const d = declarationsOf(policy!);
    expect(d.operators).toEqual({ 'natcloud-fr': { country: 'FR', description: 'a French national cloud' } });
    expect(d.externalDns).toEqual([{ name: 'natdns', operator: 'natcloud-fr', answers: { eu: 'natcloud' } }]);
    expect(d.jurisdictions.eu).toEqual({
      survives: ['cutoff:US'],
      allowCrossBorder: false,
      endpoints: [{
        name: 'natcloud', hostname: 'ai.natcloud.example.fr', operator: 'natcloud-fr', country: 'FR',
        contract: { api: 'openai-v1', issuer: 'https://id.eu.ai.example.com/realms/sovereign-ai', audience: 'sovereign-ai-eu', hostnames: ['api.eu.ai.example.com', 'api.ai.example.com'] },
      }],
      // the contract the analysis holds every tier to: the one model, the JWT, the name clients dial
      clients: { model: 'chat', jwt: { issuer: 'https://id.eu.ai.example.com/realms/sovereign-ai', audience: 'sovereign-ai-eu' }, hostname: 'api.eu.ai.example.com' },
      stateLocation: undefined,
      stateKeyLocation: undefined,
    });
    expect(d.jurisdictions.in.stateLocation).toBe('centralindia');
    expect(d.routingStateLocation).toBeUndefined();
  });
});
