import {
  COUNTRY_CODES,
  EU_MEMBER_STATES,
  JURISDICTION_PRESETS,
  REGIONS,
  findRegion,
  jurisdiction,
  regionsIn,
} from '../lib/catalog';

describe('region catalog', () => {
  test('every region has a known ISO country, a city and a partition matching its cloud', () => {
    for (const r of REGIONS) {
      expect(COUNTRY_CODES.has(r.country)).toBe(true);
      expect(r.city.length).toBeGreaterThan(0);
      expect(r.cloud === 'azure' ? r.partition === 'azure-public' : r.partition.startsWith('aws')).toBe(true);
    }
  });

  test('region codes are unique per cloud', () => {
    const keys = REGIONS.map((r) => `${r.cloud}:${r.code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('every Azure pair resolves, in the same country except northeurope (IE) <-> westeurope (NL)', () => {
    const azure = REGIONS.filter((r) => r.cloud === 'azure');
    const crossBorder: string[] = [];
    for (const r of azure.filter((x) => x.pairedRegion)) {
      const pair = findRegion('azure', r.pairedRegion!);
      expect(pair).toBeDefined();
      if (pair!.country !== r.country) crossBorder.push(`${r.code}->${pair!.code}`);
    }
    // both in the EU: GRS stays in an EU jurisdiction, but not in an Ireland-only or Netherlands-only one
    expect(crossBorder.sort()).toEqual(['northeurope->westeurope', 'westeurope->northeurope']);
    // pairs are mutual except the documented one-way pairs
    const oneWay = azure.filter((r) => r.pairedRegion && findRegion('azure', r.pairedRegion)!.pairedRegion !== r.code).map((r) => r.code);
    expect(oneWay.sort()).toEqual(['westindia', 'westus3']);
  });

  test.each([
    ['azure', 'polandcentral'], ['azure', 'italynorth'], ['azure', 'spaincentral'],
    ['azure', 'austriaeast'], ['azure', 'belgiumcentral'], ['azure', 'denmarkeast'],
  ] as const)('%s %s has no paired region', (cloud, code) => {
    expect(findRegion(cloud, code)!.pairedRegion).toBeNull();
  });

  test.each([
    ['aws', 'eusc-de-east-1', 'aws-eusc'], ['aws', 'us-gov-west-1', 'aws-us-gov'], ['aws', 'eu-central-1', 'aws'],
  ] as const)('%s %s is in partition %s', (cloud, code, partition) => {
    expect(findRegion(cloud, code)!.partition).toBe(partition);
  });

  test.each([
    ['aws', 'eu-west-2', 'GB'], ['aws', 'eu-central-2', 'CH'], ['azure', 'uksouth', 'GB'], ['azure', 'ukwest', 'GB'],
    ['azure', 'switzerlandnorth', 'CH'], ['azure', 'norwayeast', 'NO'], ['azure', 'norwaywest', 'NO'],
  ] as const)('European region outside the EU: %s %s is in %s', (cloud, code, country) => {
    expect(findRegion(cloud, code)!.country).toBe(country);
  });
});

describe('jurisdiction presets', () => {
  test('EU is the 27 member states and excludes GB, CH and NO', () => {
    expect(EU_MEMBER_STATES).toHaveLength(27);
    expect(new Set(EU_MEMBER_STATES).size).toBe(27);
    for (const c of ['GB', 'CH', 'NO', 'IS', 'LI']) expect(JURISDICTION_PRESETS.EU.countries).not.toContain(c);
  });

  test('no EU region list contains a non-EU region', () => {
    const eu = jurisdiction('eu', { preset: 'EU' });
    const codes = [...regionsIn('aws', eu), ...regionsIn('azure', eu)].map((r) => r.code);
    for (const outside of ['eu-west-2', 'eu-central-2', 'uksouth', 'ukwest', 'switzerlandnorth', 'switzerlandwest', 'norwayeast', 'norwaywest']) {
      expect(codes).not.toContain(outside);
    }
    expect(codes).toEqual(expect.arrayContaining(['eu-central-1', 'eu-west-3', 'eusc-de-east-1', 'germanywestcentral', 'swedencentral', 'polandcentral']));
  });

  test.each([
    ['US', 'aws', ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'us-gov-east-1', 'us-gov-west-1']],
    ['IN', 'aws', ['ap-south-1', 'ap-south-2']],
    ['IN', 'azure', ['centralindia', 'southindia', 'westindia', 'jioindiawest', 'jioindiacentral']],
  ] as const)('preset %s on %s has exactly its regions', (preset, cloud, expected) => {
    expect(regionsIn(cloud, jurisdiction('x', { preset })).map((r) => r.code).sort()).toEqual([...expected].sort());
  });

  test('a country-list jurisdiction keeps data in those countries only', () => {
    const de = jurisdiction('de', { countries: ['DE'] });
    expect(de.residency).toBe('DE');
    expect(regionsIn('azure', de).map((r) => r.code).sort()).toEqual(['germanynorth', 'germanywestcentral']);
  });
});
