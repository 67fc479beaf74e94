import { formatProblem, loadPolicy, type PolicyProblem } from '../../lib/policy';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

const FILE = 'policies/test.yaml';

/** A valid two-jurisdiction policy; tests replace one line to break it. Line numbers matter. */
const BASE = `version: 1
name: test-policy
domain: ai.example.org
routing:
  default: eu
jurisdictions:
  - id: eu
    preset: EU
    aws:
      primary: eu-central-1
      secondary: eu-west-3
    azure:
      primary: germanywestcentral
      secondary: swedencentral
    state:
      aws:
        bucket: test-eu-tfstate
        region: eu-central-1
  - id: in
    preset: IN
    aws:
      primary: ap-south-1
      secondary: ap-south-2
    state:
      azure:
        storageAccount: testintfstate
        container: tfstate
        resourceGroup: rg-tfstate
        location: centralindia
`;

function errors(source: string): PolicyProblem[] {
  return loadPolicy(source, FILE).problems.filter((p) => p.severity === 'error');
}

function replace(from: string, to: string, source = BASE): string {
  expect(source).toContain(from); // a fixture edit that no longer applies must fail loudly
  return source.replace(from, to);
}

describe('valid policies', () => {
  test('the base fixture and the embedded default load without errors', () => {
    expect(errors(BASE)).toEqual([]);
    const result = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.policy!.jurisdictions.map((j) => j.jurisdiction.id)).toEqual(['us', 'eu', 'in']);
  });

  test('the loaded policy is frozen and resolved against the catalog', () => {
    const { policy } = loadPolicy(BASE, FILE);
    expect(Object.isFrozen(policy)).toBe(true);
    const eu = policy!.jurisdictions[0];
    expect(eu.aws!.primary).toMatchObject({ code: 'eu-central-1', country: 'DE', partition: 'aws' });
    expect(eu.state).toMatchObject({ kind: 's3', key: 'sovereign-eu/terraform.tfstate' });
    expect(eu.clientCountries).toHaveLength(27);
    expect(eu.requiredTerraformVersion).toBe('>= 1.10.0');
    expect(policy!.routingDefault).toBe('eu');
  });

  test('JSON policies are accepted too', () => {
    const json = JSON.stringify({
      version: 1, name: 'json-policy', domain: 'ai.example.org', routing: { default: 'none' },
      jurisdictions: [{ id: 'de', countries: ['DE'], azure: { primary: 'germanywestcentral', secondary: 'germanynorth' },
        state: { azure: { storageAccount: 'detfstate', container: 'tfstate', resourceGroup: 'rg', location: 'germanywestcentral' } } }],
    }, null, 2);
    expect(errors(json)).toEqual([]);
  });

  test('opt-in and restricted regions are warnings, not errors', () => {
    const { policy, problems } = loadPolicy(BASE, FILE);
    expect(policy).toBeDefined();
    expect(problems.map(formatProblem)).toEqual([
      `${FILE}:23:18: warning: jurisdictions[1].aws.secondary: "ap-south-2" is an opt-in AWS region: enable it for the account (aws_account_region or Organizations) before deploying`,
    ]);
  });
});

describe('bad input gets a precise error naming file, line, path, value and what is allowed', () => {
  test('fails when a region is unknown for its cloud', () => {
    const [e, ...rest] = errors(replace('primary: eu-central-1', 'primary: eu-central-9'));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ file: FILE, line: 10, column: 16, path: 'jurisdictions[0].aws.primary' });
    expect(e.message).toMatch(/unknown AWS region "eu-central-9"; inside jurisdiction "eu": eu-central-1, eu-west-1, eu-west-3, eu-north-1, eu-south-1, eu-south-2, eusc-de-east-1; all known: /);
  });

  test('fails when an Azure region name is given for AWS', () => {
    const [e] = errors(replace('primary: eu-central-1', 'primary: germanywestcentral'));
    expect(e.path).toBe('jurisdictions[0].aws.primary');
    expect(e.message).toContain('unknown AWS region "germanywestcentral"');
  });

  test('fails when an EU jurisdiction is pointed at London, and says London is in GB', () => {
    const [e, ...rest] = errors(replace('secondary: eu-west-3', 'secondary: eu-west-2'));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ line: 11, path: 'jurisdictions[0].aws.secondary' });
    expect(e.message).toBe(
      'AWS region "eu-west-2" is in London, GB (United Kingdom), outside jurisdiction "eu" (EU: European Union (27 member states)); ' +
        'AWS regions allowed there: eu-central-1, eu-west-1, eu-west-3, eu-north-1, eu-south-1, eu-south-2, eusc-de-east-1',
    );
  });

  test.each([
    ['switzerlandnorth', 'CH (Switzerland)'],
    ['uksouth', 'GB (United Kingdom)'],
    ['norwayeast', 'NO (Norway)'],
  ])('fails when an EU Azure secondary is %s (%s)', (region, country) => {
    const [e] = errors(replace('secondary: swedencentral', `secondary: ${region}`));
    expect(e.path).toBe('jurisdictions[0].azure.secondary');
    expect(e.message).toContain(`, ${country}, outside jurisdiction "eu"`);
  });

  test('fails when the state backend is outside the jurisdiction', () => {
    const [e, ...rest] = errors(replace('        region: eu-central-1', '        region: us-east-1'));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ line: 18, path: 'jurisdictions[0].state.aws.region' });
    expect(e.message).toMatch(/^Terraform state would live in "us-east-1" \(N\. Virginia, US \(United States\)\), outside jurisdiction "eu"/);
  });

  test('fails when Azure state is outside the jurisdiction', () => {
    const [e] = errors(replace('location: centralindia', 'location: westeurope'));
    expect(e.path).toBe('jurisdictions[1].state.azure.location');
    expect(e.message).toContain('"westeurope" (Amsterdam, NL (Netherlands))');
  });

  test('fails when the secondary equals the primary', () => {
    const [e, ...rest] = errors(replace('secondary: eu-west-3', 'secondary: eu-central-1'));
    expect(rest).toEqual([]);
    expect(e.path).toBe('jurisdictions[0].aws.secondary');
    expect(e.message).toMatch(/^secondary region "eu-central-1" equals the primary/);
  });

  test('fails when the secondary is in another AWS partition', () => {
    const [e] = errors(replace('secondary: eu-west-3', 'secondary: eusc-de-east-1'));
    expect(e.message).toContain('partition aws-eusc');
  });

  test('fails when jurisdiction ids repeat', () => {
    const [e] = errors(replace('  - id: in', '  - id: eu'));
    expect(e).toMatchObject({ line: 19, path: 'jurisdictions[1].id' });
    expect(e.message).toContain('jurisdiction id "eu" is already used by jurisdictions[0]');
  });

  test('fails when a client country is claimed by two jurisdictions', () => {
    const [e, ...rest] = errors(replace('    preset: IN\n', '    preset: IN\n    clientCountries: [IN, FR]\n'));
    expect(rest).toEqual([]);
    expect(e.path).toBe('jurisdictions[1].clientCountries');
    expect(e.message).toContain('client country FR (France) is claimed by jurisdictions "eu" and "in"');
  });

  test('fails on malformed YAML, with the line', () => {
    const [e] = errors(replace('    preset: EU\n', '    preset: [EU\n'));
    expect(e.path).toBe('(syntax)');
    expect(e.line).toBe(9); // the parser reports where it expected the closing ]
    expect(e.message).toMatch(/^malformed YAML\/JSON: /);
  });

  test('fails on malformed JSON, with the line', () => {
    const [e] = errors('{\n  "version": 1,\n  "name": "x",,\n}');
    expect(e.line).toBe(3);
    expect(e.message).toMatch(/^malformed YAML\/JSON/);
  });

  test('fails on a duplicate key', () => {
    const [e] = errors(replace('    preset: EU\n', '    preset: EU\n    preset: IN\n'));
    expect(e.line).toBe(9);
    expect(e.message).toMatch(/unique/i);
  });

  test.each(['', '   \n', '# only a comment\n'])('fails on an empty file %j', (source) => {
    const [e] = errors(source);
    expect(e.message).toMatch(/^the policy file is empty/);
  });

  test('fails when required fields are missing, naming each', () => {
    const es = errors(replace('domain: ai.example.org\n', '').replace('        bucket: test-eu-tfstate\n', ''));
    expect(es.map((e) => [e.path, e.message])).toEqual([
      ['domain', 'missing required field (expected string)'],
      ['jurisdictions[0].state.aws.bucket', 'missing required field (expected string)'],
    ]);
    expect(es[1].line).toBe(16); // the enclosing `aws:` block (line 17 before `domain` was removed)
  });

  test('fails on an unknown key and suggests the intended one', () => {
    const [unknown, ...rest] = errors(replace('secondary: eu-west-3', 'secundary: eu-west-3'));
    expect(rest).toEqual([]);
    expect(unknown).toMatchObject({ line: 11, column: 7, path: 'jurisdictions[0].aws.secundary' });
    expect(unknown.message).toBe('unknown key "secundary" (did you mean "secondary"?); allowed keys here: primary, secondary, accountId, roleArn');
  });

  test('fails when credentials are put in the policy', () => {
    const [e] = errors(replace('      secondary: eu-west-3\n', '      secondary: eu-west-3\n      secretAccessKey: abc\n'));
    expect(e.path).toBe('jurisdictions[0].aws.secretAccessKey');
    expect(e.message).toMatch(/looks like a credential: credentials never go in the policy file/);
  });

  test('fails on Terraform interpolation in a value', () => {
    const [e] = errors(replace('bucket: test-eu-tfstate', 'bucket: "${var.bucket}"'));
    expect(e.path).toBe('jurisdictions[0].state.aws.bucket');
  });

  test('fails when routing.default names no jurisdiction', () => {
    const [e] = errors(replace('default: eu', 'default: us'));
    expect(e).toMatchObject({ path: 'routing.default', message: '"us" is not a jurisdiction id; allowed: none, eu, in' });
  });

  test('fails when both or neither of preset and countries are given', () => {
    expect(errors(replace('    preset: EU\n', '    preset: EU\n    countries: [DE]\n'))[0].message).toMatch(/exactly one of `preset`/);
    expect(errors(replace('    preset: EU\n', ''))[0].message).toMatch(/exactly one of `preset`/);
  });

  test('fails on an unknown country code, listing the allowed form', () => {
    const [e] = errors(replace('    preset: IN\n', '    countries: [UK]\n'));
    expect(e.path).toBe('jurisdictions[1].countries[0]');
    expect(e.message).toMatch(/^"UK" is not allowed; allowed values: AD, AE/);
  });

  test('reports every error at once', () => {
    const broken = replace('secondary: eu-west-3', 'secondary: eu-west-2', replace('location: centralindia', 'location: westeurope', replace('default: eu', 'default: xx')));
    expect(errors(broken).map((e) => e.path).sort()).toEqual(['jurisdictions[0].aws.secondary', 'jurisdictions[1].state.azure.location', 'routing.default']);
  });
});

describe('data stores', () => {
  const DEPLOYER = '      secondary: swedencentral\n      deployer: { ipRanges: [203.0.113.10/32] }\n';
  const withStores = (stores: string, source = BASE) => `${source.replace('      secondary: swedencentral\n', DEPLOYER)}dataStores:\n${stores}`;

  test('a valid store gets its defaults, and the namespace defaults to the name without hyphens', () => {
    const { policy, problems } = loadPolicy(withStores('  - { name: docs, jurisdiction: eu }\n'), FILE);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(policy!.namespace).toBe('testpolicy');
    expect(policy!.jurisdictions[0].dataStores).toEqual([
      { name: 'docs', classification: 'confidential', replication: true, noncurrentVersionExpirationDays: 90, privateOnly: false },
    ]);
  });

  test('fails when replication is wanted but a cloud has no in-jurisdiction target', () => {
    const source = withStores('  - { name: docs, jurisdiction: eu }\n', replace('      secondary: eu-west-3\n', '').replace('      secondary: swedencentral\n', '      deployer: { ipRanges: [203.0.113.10/32] }\n').replace('germanywestcentral', 'polandcentral'));
    expect(errors(source).map((e) => [e.path, e.message])).toEqual([
      ['dataStores[0].replication', 'replication needs an in-jurisdiction target, but jurisdiction "eu" has no aws.secondary region; add one or set replication: false'],
      ['dataStores[0].replication', 'replication needs an in-jurisdiction target, but jurisdiction "eu" has no azure.secondary and polandcentral\'s paired region does not exist; add azure.secondary or set replication: false'],
    ]);
  });

  test('fails when a jurisdiction with Azure stores names no deployer ranges, or a store names an unknown jurisdiction', () => {
    const source = `${BASE}dataStores:\n  - { name: docs, jurisdiction: eu }\n  - { name: docs, jurisdiction: us }\n`;
    const errs = errors(source);
    expect(errs.map((e) => e.path)).toEqual(['jurisdictions[0].azure', 'dataStores[1].jurisdiction']);
    expect(errs[0]).toMatchObject({ file: FILE, line: 13, column: 7 }); // the azure mapping of jurisdictions[0]
    expect(errs[0].message).toMatch(/creates Azure Key Vaults .* add `deployer: \{ ipRanges: \[<public IPv4 of your runner>\/32\] \}`/);
  });

  test.each([
    ['a private range', '10.1.2.3/32', 'jurisdictions[0].azure.deployer.ipRanges[0]', /"10\.1\.2\.3\/32" is not a public IPv4 range/],
    ['a carrier-grade NAT address (RFC 6598)', '100.72.0.9/32', 'jurisdictions[0].azure.deployer.ipRanges[0]', /"100\.72\.0\.9\/32" is not a public IPv4 range/],
    ['a range wider than /16', '203.0.0.0/8', 'jurisdictions[0].azure.deployer.ipRanges[0]', /must be a public IPv4 address or CIDR range from \/16 to \/32/],
  ])('fails when the deployer range is %s', (_what, range, path, message) => {
    const errs = errors(withStores('  - { name: docs, jurisdiction: eu }\n').replace('203.0.113.10/32', range));
    expect(errs.map((e) => e.path)).toEqual([path]);
    expect(errs[0].message).toMatch(message);
    expect(errs[0].line).toBe(15); // the deployer line
  });

  test('keyIssuedOn is optional: without it keys expire a year after the apply that creates them', () => {
    const { policy } = loadPolicy(withStores('  - { name: docs, jurisdiction: eu }\n'), FILE);
    expect(policy!.keyIssuedOn).toBeUndefined();
    expect(policy!.jurisdictions[0].azure!.deployerIpRanges).toEqual(['203.0.113.10/32']);
  });
});
