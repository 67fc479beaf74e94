import { EU_MEMBER_STATES, findRegion, jurisdiction, regionsOf } from '../../lib/catalog';
import {
  AZURE_OPENAI_DATA_ZONES,
  azureOpenAiDataZoneOf,
  azureOpenAiOffers,
  resolveDeployment as resolveOnDate,
  type AzureOpenAiDeploymentType,
  type ResolveDeploymentInput,
} from '../../lib/catalog/azure-openai';

/**
 * The residency truth table is exercised on the 04/30/2026 matrix with models current on that day
 * (gpt-4o retired 2026-10-01); lifecycle refusals on later days are in test/catalog/model-lifecycle.test.ts.
 */
const resolveDeployment = (input: ResolveDeploymentInput) => resolveOnDate({ asOf: new Date('2026-05-01T00:00:00Z'), ...input });

const EU = jurisdiction('eu', { preset: 'EU' });
const US = jurisdiction('us', { preset: 'US' });
const IN = jurisdiction('in', { preset: 'IN' });
const DE = jurisdiction('de', { countries: ['DE'] });
const GB = jurisdiction('gb', { countries: ['GB'] });
const J = { EU, US, IN, DE, GB } as const;

describe('Azure OpenAI catalog', () => {
  test('every recorded region is an Azure region of the catalog', () => {
    const codes = new Set(regionsOf('azure').map((r) => r.code));
    const recorded = new Set(azureOpenAiOffers({}).map((o) => o.region));
    expect([...recorded].filter((r) => !codes.has(r))).toEqual([]);
  });

  test('data zones: US regions are in the US, EU regions in EU member states; GB/CH/NO/IN regions in none', () => {
    for (const code of AZURE_OPENAI_DATA_ZONES.US.regions) expect(findRegion('azure', code)!.country).toBe('US');
    for (const code of AZURE_OPENAI_DATA_ZONES.EU.regions) expect(EU_MEMBER_STATES).toContain(findRegion('azure', code)!.country);
    for (const code of ['uksouth', 'switzerlandnorth', 'norwayeast', 'southindia', 'centralindia', 'northeurope']) {
      expect(azureOpenAiDataZoneOf(code)).toBeUndefined();
    }
    expect(azureOpenAiDataZoneOf('germanywestcentral')).toBe('EU');
    expect(azureOpenAiDataZoneOf('westus3')).toBe('US');
  });

  test('DataZone offers exist only in data-zone regions', () => {
    const zoned = new Set([...AZURE_OPENAI_DATA_ZONES.US.regions, ...AZURE_OPENAI_DATA_ZONES.EU.regions]);
    const dz = azureOpenAiOffers({}).filter((o) => o.deploymentType.startsWith('DataZone'));
    expect(dz.length).toBeGreaterThan(100);
    expect(dz.filter((o) => !zoned.has(o.region))).toEqual([]);
  });

  test('southindia: Standard and ProvisionedManaged models as in the APAC matrix; centralindia/westindia unlisted', () => {
    const list = (t: AzureOpenAiDeploymentType) =>
      azureOpenAiOffers({ region: 'southindia', deploymentType: t as never }).map((o) => `${o.model}@${o.version}`).sort();
    expect(list('Standard')).toEqual(
      ['gpt-4.1-mini@2025-04-14', 'gpt-4o@2024-11-20', 'text-embedding-3-large@1', 'text-embedding-ada-002@2', 'whisper@001'].sort(),
    );
    expect(list('ProvisionedManaged')).toEqual(
      [
        'gpt-5.1@2025-11-13', 'gpt-5@2025-08-07', 'gpt-5-mini@2025-08-07', 'gpt-4.1@2025-04-14', 'gpt-4.1-mini@2025-04-14', 'o3-mini@2025-01-31',
        'gpt-4o@2024-11-20', 'gpt-4o@2024-08-06', 'gpt-4o@2024-05-13', 'gpt-4o-mini@2024-07-18',
      ].sort(),
    );
    expect(azureOpenAiOffers({ region: 'centralindia' })).toEqual([]);
    expect(azureOpenAiOffers({ region: 'westindia' })).toEqual([]);
  });
});

describe('resolveDeployment', () => {
  // jurisdiction, region, model, requested type, requested version → type, version, processing countries
  test.each([
    ['EU', 'germanywestcentral', 'gpt-4o', undefined, undefined, 'DataZoneStandard', '2024-11-20', EU_MEMBER_STATES],
    ['EU', 'swedencentral', 'gpt-4o-mini', undefined, undefined, 'DataZoneStandard', '2024-07-18', EU_MEMBER_STATES],
    ['EU', 'italynorth', 'gpt-4o', 'DataZoneStandard', '2024-11-20', 'DataZoneStandard', '2024-11-20', EU_MEMBER_STATES],
    ['EU', 'francecentral', 'gpt-5.1', 'DataZoneProvisionedManaged', undefined, 'DataZoneProvisionedManaged', '2025-11-13', EU_MEMBER_STATES],
    ['EU', 'swedencentral', 'gpt-4o', 'Standard', '2024-05-13', 'Standard', '2024-05-13', ['SE']],
    ['US', 'eastus2', 'gpt-4.1', undefined, undefined, 'DataZoneStandard', '2025-04-14', ['US']],
    ['US', 'eastus', 'gpt-4o', 'Standard', undefined, 'Standard', '2024-11-20', ['US']],
    ['US', 'westus3', 'gpt-5', 'ProvisionedManaged', undefined, 'ProvisionedManaged', '2025-08-07', ['US']],
    ['IN', 'southindia', 'gpt-4o', undefined, undefined, 'Standard', '2024-11-20', ['IN']],
    ['IN', 'southindia', 'gpt-4.1-mini', undefined, undefined, 'Standard', '2025-04-14', ['IN']],
    ['IN', 'southindia', 'gpt-5', 'ProvisionedManaged', undefined, 'ProvisionedManaged', '2025-08-07', ['IN']],
    ['IN', 'southindia', 'gpt-4o', 'ProvisionedManaged', '2024-08-06', 'ProvisionedManaged', '2024-08-06', ['IN']],
    ['DE', 'germanywestcentral', 'text-embedding-3-large', undefined, undefined, 'Standard', '1', ['DE']],
    ['DE', 'germanywestcentral', 'gpt-4o', 'ProvisionedManaged', undefined, 'ProvisionedManaged', '2024-11-20', ['DE']],
    ['GB', 'uksouth', 'gpt-4o', undefined, undefined, 'Standard', '2024-11-20', ['GB']],
  ] as const)('%s %s %s %s %s → %s %s', (j, region, model, deploymentType, version, type, expectedVersion, countries) => {
    const r = resolveDeployment({ jurisdiction: J[j], region, model, deploymentType, version });
    expect(r).toMatchObject({ deploymentType: type, model, version: expectedVersion, region });
    expect([...r.processingCountries]).toEqual([...countries]);
    expect(r.dataZone).toBe(type.startsWith('DataZone') ? (j === 'US' ? 'US' : 'EU') : undefined);
  });

  test('accepts a Region object as well as a code', () => {
    expect(resolveDeployment({ jurisdiction: IN, region: findRegion('azure', 'southindia')!, model: 'gpt-4o' }).deploymentType).toBe('Standard');
  });

  test.each([
    ['US', 'eastus2'],
    ['EU', 'swedencentral'],
    ['IN', 'southindia'],
  ] as const)('fails when a Global deployment type is requested (%s, %s)', (j, region) => {
    for (const t of ['GlobalStandard', 'GlobalProvisionedManaged', 'GlobalBatch'] as const) {
      expect(() => resolveDeployment({ jurisdiction: J[j], region, model: 'gpt-4o', deploymentType: t })).toThrow(
        new RegExp(`deployment type ${t} processes prompts in any Azure region worldwide, outside jurisdiction "${J[j].id}"`),
      );
    }
  });

  test('fails when DataZoneStandard is requested for India, and names what southindia offers', () => {
    expect(() => resolveDeployment({ jurisdiction: IN, region: 'southindia', model: 'gpt-4o', deploymentType: 'DataZoneStandard' })).toThrow(
      'Azure OpenAI gpt-4o in southindia: DataZoneStandard needs a data zone, and southindia is in none (data zones: US, EU); types offered for gpt-4o in southindia: Standard (2024-11-20), ProvisionedManaged (2024-11-20, 2024-08-06, 2024-05-13)',
    );
  });

  test('fails when DataZone is requested for a Germany-only jurisdiction (the EU zone spans other member states)', () => {
    for (const t of ['DataZoneStandard', 'DataZoneProvisionedManaged'] as const) {
      expect(() => resolveDeployment({ jurisdiction: DE, region: 'germanywestcentral', model: 'gpt-4o', deploymentType: t })).toThrow(
        new RegExp(`${t} may process prompts anywhere in the EU data zone, which includes AT \\(Austria\\), BE \\(Belgium\\).* outside jurisdiction "de"`),
      );
    }
  });

  test('fails when the model is not offered with that type in the region, listing what is offered there and where it is offered', () => {
    expect(() => resolveDeployment({ jurisdiction: EU, region: 'germanywestcentral', model: 'gpt-5.1', deploymentType: 'DataZoneStandard' })).toThrow(
      'Azure OpenAI gpt-5.1 in germanywestcentral: DataZoneStandard is not offered for gpt-5.1 in germanywestcentral; ' +
        'types offered for gpt-5.1 in germanywestcentral: DataZoneProvisionedManaged (2025-11-13); ' +
        'regions of jurisdiction "eu" offering gpt-5.1: francecentral (DataZoneStandard, DataZoneProvisionedManaged), germanywestcentral (DataZoneProvisionedManaged), ' +
        'italynorth (DataZoneProvisionedManaged), westeurope (DataZoneProvisionedManaged), polandcentral (DataZoneProvisionedManaged), ' +
        'spaincentral (DataZoneProvisionedManaged), swedencentral (DataZoneStandard, Standard, DataZoneProvisionedManaged)',
    );
    expect(() => resolveDeployment({ jurisdiction: IN, region: 'southindia', model: 'o3' })).toThrow(
      'Standard is not offered for o3 in southindia; o3 is not offered in southindia with any residency-keeping type; no Azure region of jurisdiction "in" offers o3',
    );
    expect(() => resolveDeployment({ jurisdiction: IN, region: 'southindia', model: 'gpt-4o', version: '2024-05-13' })).toThrow(
      /Standard is not offered for gpt-4o version 2024-05-13 in southindia; types offered for gpt-4o in southindia: Standard \(2024-11-20\)/,
    );
  });

  test('fails when the region has no recorded offer (centralindia: not in the model matrix)', () => {
    expect(() => resolveDeployment({ jurisdiction: IN, region: 'centralindia', model: 'gpt-4o' })).toThrow(
      /centralindia has no Azure OpenAI offer in the catalog \(not in the model matrix: unverified\); regions of jurisdiction "in" offering gpt-4o: southindia \(Standard, ProvisionedManaged\)/,
    );
  });

  test('fails when the region is outside the jurisdiction, unknown, or the type is unknown', () => {
    expect(() => resolveDeployment({ jurisdiction: EU, region: 'uksouth', model: 'gpt-4o' })).toThrow(
      'region uksouth (London, GB (United Kingdom)) is outside jurisdiction "eu"',
    );
    expect(() => resolveDeployment({ jurisdiction: EU, region: 'mars-1', model: 'gpt-4o' })).toThrow('"mars-1" is not an Azure region of the catalog');
    expect(() => resolveDeployment({ jurisdiction: EU, region: 'eu-central-1', model: 'gpt-4o' })).toThrow('not an Azure region of the catalog');
    expect(() =>
      resolveDeployment({ jurisdiction: EU, region: 'swedencentral', model: 'gpt-4o', deploymentType: 'DataZoneBatch' as AzureOpenAiDeploymentType }),
    ).toThrow('unknown deployment type "DataZoneBatch"; allowed: DataZoneStandard, Standard, DataZoneProvisionedManaged, ProvisionedManaged');
  });
});
