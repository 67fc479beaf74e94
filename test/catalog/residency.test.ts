/** The residency kernel (lib/catalog/residency.ts) and the operator table (lib/catalog/operators.ts). */
import {
  BUILTIN_OPERATOR_ROWS,
  allowedRegionList,
  allowedRegions,
  builtinOperators,
  dnsSuffixOf,
  findRegion,
  jurisdiction,
  operatorAt,
  operatorOfPartition,
  operatorOfResourceType,
  placementOfRegion,
  regionCodeInJurisdiction,
  regionProblem,
} from '../../lib/catalog';
import { BUILTIN_OPERATORS } from '../../lib/policy/model';

const EU = jurisdiction('eu', { preset: 'EU' });
const UK = jurisdiction('uk', { countries: ['GB'] });
const region = (cloud: string, code: string) => findRegion(cloud, code)!;

describe('regionProblem: one rule, by country, never by name prefix', () => {
  test.each([
    ['aws', 'eu-central-1', 'eu', undefined],
    ['aws', 'eusc-de-east-1', 'eu', undefined],
    ['azure', 'swedencentral', 'eu', undefined],
    ['aws', 'eu-west-2', 'eu', /^region eu-west-2 \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu" \(AT, .*\); AWS regions allowed there: eu-central-1, /],
    ['aws', 'eu-central-2', 'eu', /^region eu-central-2 \(Zurich, CH \(Switzerland\)\) is outside jurisdiction "eu"/],
    ['azure', 'uksouth', 'eu', /^region uksouth .* outside jurisdiction "eu" .*; Azure regions allowed there: austriaeast, /],
    ['aws', 'eu-central-1', 'uk', /; AWS regions allowed there: eu-west-2$/],
  ])('%s %s in %s', (cloud, code, id, expected) => {
    const j = id === 'eu' ? EU : UK;
    const problem = regionProblem(region(cloud, code), j);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
    expect(regionCodeInJurisdiction(cloud, code, j)).toBe(expected === undefined);
  });

  test('a region of another cloud is refused when the caller names its cloud', () => {
    expect(regionProblem(region('aws', 'eu-central-1'), EU, 'azure')).toMatch(/^region eu-central-1 is an aws region, not an azure region; Azure regions allowed there: /);
  });

  test('an unknown code is outside (its country cannot be checked)', () => {
    expect(regionCodeInJurisdiction('aws', 'xx-nowhere-1', EU)).toBe(false);
  });

  test('allowed regions: by partition and minus excluded codes; the none case says so', () => {
    expect(allowedRegionList('aws', EU, { partition: 'aws-eusc' }).map((r) => r.code)).toEqual(['eusc-de-east-1']);
    expect(allowedRegionList('aws', EU, { partition: 'aws', exclude: ['eu-central-1'] }).map((r) => r.code)).toEqual(['eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2']);
    expect(allowedRegions('azure', jurisdiction('x', { countries: ['LU'] }))).toBe('the catalog has no Azure region in those countries');
  });
});

describe('operator table', () => {
  test('a placement names its operator and the operator home: AWS and Azure US, the European Sovereign Cloud DE', () => {
    expect(placementOfRegion(region('aws', 'eusc-de-east-1'))).toEqual(expect.objectContaining({ operator: 'aws-eusc', partition: 'aws-eusc', country: 'DE', home: 'DE' }));
    expect(placementOfRegion(region('aws', 'eu-central-1'))).toEqual(expect.objectContaining({ operator: 'aws', country: 'DE', home: 'US' }));
    expect(placementOfRegion(region('aws', 'us-gov-west-1'))).toEqual(expect.objectContaining({ operator: 'aws', partition: 'aws-us-gov', home: 'US' }));
    expect(placementOfRegion(region('azure', 'centralindia'))).toEqual(expect.objectContaining({ operator: 'azure', country: 'IN', home: 'US' }));
  });

  test('partitions, DNS suffixes (botocore partitions.json) and resource types map to one row each', () => {
    expect([operatorOfPartition('aws'), operatorOfPartition('aws-us-gov'), operatorOfPartition('aws-eusc'), operatorOfPartition('azure-public')]).toEqual(['aws', 'aws', 'aws-eusc', 'azure']);
    expect(dnsSuffixOf(region('aws', 'eusc-de-east-1'))).toBe('amazonaws.eu');
    expect(dnsSuffixOf(region('aws', 'ap-south-1'))).toBe('amazonaws.com');
    expect([operatorOfResourceType('aws_s3_bucket')?.name, operatorOfResourceType('azurerm_key_vault')?.name, operatorOfResourceType('google_storage_bucket')]).toEqual(['aws', 'azure', undefined]);
    expect(operatorAt('aws', undefined)).toEqual({ operator: 'aws', region: undefined });
    expect(operatorAt('azure', 'nowhere')).toEqual({ operator: 'azure', region: undefined });
  });

  test("the policy's built-in operators are the table's rows, in the table's order", () => {
    expect(BUILTIN_OPERATORS).toEqual(builtinOperators());
    expect(Object.keys(BUILTIN_OPERATORS)).toEqual(BUILTIN_OPERATOR_ROWS.map((r) => r.name));
    expect(BUILTIN_OPERATORS).toEqual({
      aws: { country: 'US', description: 'Amazon Web Services (Amazon.com, Inc.)' },
      'aws-eusc': { country: 'DE', description: 'AWS European Sovereign Cloud (AWS European Sovereign Cloud GmbH, EU-operated by design)' },
      azure: { country: 'US', description: 'Microsoft Azure (Microsoft Corporation)' },
    });
  });
});
