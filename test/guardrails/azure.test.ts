import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { jurisdiction, regionsIn, type Jurisdiction } from '../../lib/catalog';
import {
  ALLOWED_LOCATIONS_POLICY_ID,
  ALLOWED_RESOURCE_GROUP_LOCATIONS_POLICY_ID,
  deniedDeploymentSkus,
  ResidencyPolicyAssignments,
  type ResidencyPolicyAssignmentsProps,
} from '../../lib/guardrails/azure';
import { resourcesOf, synthJson, type SynthJson } from '../support/synth';

const US = jurisdiction('us', { preset: 'US' });
const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const DE = jurisdiction('de', { countries: ['DE'] });
const SUB = '00000000-0000-0000-0000-0000000000aa';
const US_LOCATIONS = ['centralus', 'eastus', 'eastus2', 'northcentralus', 'southcentralus', 'westcentralus', 'westus', 'westus2', 'westus3'];
const EU_LOCATIONS = [
  'austriaeast', 'belgiumcentral', 'denmarkeast', 'francecentral', 'francesouth', 'germanywestcentral', 'germanynorth',
  'italynorth', 'northeurope', 'westeurope', 'polandcentral', 'spaincentral', 'swedencentral', 'swedensouth',
];
const IN_LOCATIONS = ['centralindia', 'southindia', 'westindia', 'jioindiawest', 'jioindiacentral'];
const GLOBAL_SKUS = ['GlobalStandard', 'GlobalProvisionedManaged', 'GlobalBatch'];
const DATA_ZONE_SKUS = ['DataZoneStandard', 'DataZoneProvisionedManaged', 'DataZoneBatch'];

type Props = Partial<ResidencyPolicyAssignmentsProps> & { jurisdiction: Jurisdiction };

function synth(props: Props, providerSubscription?: string) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AzurermProvider(stack, 'azurerm', { features: [{}], subscriptionId: providerSubscription });
  const guard = new ResidencyPolicyAssignments(stack, 'residency', { provider, scope: { subscriptionId: SUB }, ...props });
  const json = synthJson(stack);
  return { guard, json };
}

/** Assignments by the built-in or custom definition they assign. */
function assignments(json: SynthJson, type = 'azurerm_subscription_policy_assignment') {
  const all = resourcesOf(json, type).map(([, a]) => a);
  const [definitionId] = resourcesOf(json, 'azurerm_policy_definition')[0];
  const by = (policy: string) => all.find((a) => a.policy_definition_id === policy);
  return {
    all,
    locations: by(ALLOWED_LOCATIONS_POLICY_ID),
    resourceGroups: by(ALLOWED_RESOURCE_GROUP_LOCATIONS_POLICY_ID),
    skus: by(`\${azurerm_policy_definition.${definitionId}.id}`),
  };
}
const allowedIn = (assignment: any): string[] => JSON.parse(assignment.parameters).listOfAllowedLocations.value;
const definition = (json: SynthJson) => resourcesOf(json, 'azurerm_policy_definition')[0][1];
const deniedSkusOf = (json: SynthJson): string[] => JSON.parse(definition(json).policy_rule).if.allOf[1].in;

describe('ResidencyPolicyAssignments: allowed locations per jurisdiction', () => {
  test.each<[string, Jurisdiction, string[]]>([
    ['US', US, US_LOCATIONS],
    ['EU (no uksouth, switzerlandnorth, norwayeast)', EU, EU_LOCATIONS],
    ['IN', IN, IN_LOCATIONS],
  ])('%s: both location built-ins list exactly the jurisdiction\'s Azure regions', (_name, j, expected) => {
    const { json, guard } = synth({ jurisdiction: j });
    const { locations, resourceGroups, all } = assignments(json);
    expect(all).toHaveLength(3);
    expect(allowedIn(locations)).toEqual(expected);
    expect(allowedIn(resourceGroups)).toEqual(expected);
    expect(expected).toEqual(regionsIn('azure', j).map((r) => r.code));
    expect(guard.allowedLocations).toEqual(expected);
    for (const a of [locations, resourceGroups]) {
      expect(a).toMatchObject({ provider: 'azurerm', subscription_id: `/subscriptions/${SUB}`, enforce: true });
      expect(a.non_compliance_message).toEqual([{ content: expect.stringContaining(expected.join(', ')) }]);
    }
  });

  test('EU leaves out every non-EU European region', () => {
    const { json } = synth({ jurisdiction: EU });
    const listed = allowedIn(assignments(json).locations);
    for (const code of ['uksouth', 'ukwest', 'switzerlandnorth', 'switzerlandwest', 'norwayeast', 'norwaywest', 'global']) expect(listed).not.toContain(code);
  });

  test('names, display names and scope are deterministic', () => {
    const a = synth({ jurisdiction: EU }).json;
    const b = synth({ jurisdiction: EU }).json;
    expect(a).toEqual(b);
    expect(assignments(a).all.map((x) => x.name).sort()).toEqual(['sov-eu-ai-skus', 'sov-eu-locs', 'sov-eu-rg-locs']);
    expect(assignments(a).locations.display_name).toBe('Allowed locations: jurisdiction eu (EU)');
  });

  test('an explicit list is validated and kept in catalog order', () => {
    const { json } = synth({ jurisdiction: EU, allowedLocations: ['swedencentral', 'germanywestcentral'] });
    expect(allowedIn(assignments(json).locations)).toEqual(['germanywestcentral', 'swedencentral']);
  });
});

describe('ResidencyPolicyAssignments: model deployment types', () => {
  test.each<[string, Jurisdiction, boolean]>([
    ['US: Global* denied, DataZone allowed (the US zone is the US)', US, false],
    ['EU: Global* denied, DataZone allowed (the EU zone is the 27)', EU, false],
    ['IN: Global* and DataZone denied (no India data zone)', IN, true],
    ['DE only: Global* and DataZone denied (the EU zone reaches beyond Germany)', DE, true],
  ])('%s', (_name, j, dataZoneDenied) => {
    const { json, guard } = synth({ jurisdiction: j });
    const def = definition(json);
    expect(def).toMatchObject({ provider: 'azurerm', mode: 'All', policy_type: 'Custom', name: `sov-${j.id}-ai-skus` });
    expect(def.management_group_id).toBeUndefined();
    const rule = JSON.parse(def.policy_rule);
    expect(rule.if.allOf[0]).toEqual({ field: 'type', equals: 'Microsoft.CognitiveServices/accounts/deployments' });
    expect(rule.if.allOf[1].field).toBe('Microsoft.CognitiveServices/accounts/deployments/sku.name');
    expect(rule.then).toEqual({ effect: 'deny' });
    const denied = deniedSkusOf(json);
    expect(denied).toEqual(expect.arrayContaining([...GLOBAL_SKUS, 'DeveloperTier']));
    for (const sku of DATA_ZONE_SKUS) expect(denied.includes(sku)).toBe(dataZoneDenied);
    for (const sku of ['Standard', 'ProvisionedManaged']) expect(denied).not.toContain(sku);
    expect(guard.deniedDeploymentSkus).toEqual(denied);
    const { skus } = assignments(json);
    expect(skus).toMatchObject({ enforce: true, name: `sov-${j.id}-ai-skus`, subscription_id: `/subscriptions/${SUB}` });
    expect(skus.parameters).toBeUndefined();
    expect(skus.non_compliance_message[0].content).toContain('GlobalStandard');
  });

  test.each<[string, Pick<Jurisdiction, 'countries'>, string[], boolean]>([
    ['US regions', US, ['eastus'], true],
    ['EU regions', EU, ['germanywestcentral', 'swedencentral'], true],
    ['India', IN, ['southindia'], false],
    ['US and Germany: one zone not covered', { countries: ['US', 'DE'] }, ['eastus', 'germanywestcentral'], false],
    ['EU member regions outside any data zone only', EU, ['northeurope'], false],
  ])('deniedDeploymentSkus: %s → DataZone allowed: %s', (_name, j, locations, allowed) => {
    expect(deniedDeploymentSkus(j, locations).dataZonesAllowed).toBe(allowed);
  });
});

describe('ResidencyPolicyAssignments at a management group', () => {
  const stack = new TerraformStack(Testing.app(), 'mg');
  const provider = new AzurermProvider(stack, 'azurerm', { features: [{}] });
  new ResidencyPolicyAssignments(stack, 'residency', { provider, jurisdiction: EU, scope: { managementGroupId: 'mg-sovereign-eu' } });
  const json = synthJson(stack);
  const mg = '/providers/Microsoft.Management/managementGroups/mg-sovereign-eu';

  test('three management-group assignments and a definition in the management group, no subscription assignment', () => {
    expect(resourcesOf(json, 'azurerm_subscription_policy_assignment')).toEqual([]);
    const { all, locations } = assignments(json, 'azurerm_management_group_policy_assignment');
    expect(all).toHaveLength(3);
    for (const a of all) {
      expect(a).toMatchObject({ provider: 'azurerm', management_group_id: mg, enforce: true });
      expect(a.name.length).toBeLessThanOrEqual(24);
    }
    expect(allowedIn(locations)).toEqual(EU_LOCATIONS);
    expect(definition(json).management_group_id).toBe(mg);
  });

  test('a full management-group id is accepted as is', () => {
    const s = new TerraformStack(Testing.app(), 'mg2');
    const p = new AzurermProvider(s, 'azurerm', { features: [{}] });
    const g = new ResidencyPolicyAssignments(s, 'residency', { provider: p, jurisdiction: IN, scope: { managementGroupId: mg } });
    expect(g.scopeId).toBe(mg);
  });
});

describe('ResidencyPolicyAssignments: refusals', () => {
  const mgScope = { managementGroupId: 'mg-eu' } as const;
  test.each<[string, Props, RegExp]>([
    ['an allowed location is outside the jurisdiction', { jurisdiction: EU, allowedLocations: ['westeurope', 'uksouth'] }, /Azure region uksouth \(London, GB \(United Kingdom\)\) is outside jurisdiction "eu"; Azure regions there: austriaeast/],
    ['an allowed location is "global"', { jurisdiction: EU, allowedLocations: ['global'] }, /"global" is not a region/],
    ['an allowed location is unknown', { jurisdiction: IN, allowedLocations: ['indiasouth'] }, /"indiasouth" is not an Azure region of the catalog; Azure regions of jurisdiction "in": centralindia/],
    ['the allowed list is empty', { jurisdiction: IN, allowedLocations: [] }, /allowedLocations is empty/],
    ['the jurisdiction has no Azure region', { jurisdiction: jurisdiction('pt', { countries: ['PT'] }) }, /jurisdiction "pt" \(PT\) has no Azure region/],
    ['the subscription id is not a GUID', { jurisdiction: EU, scope: { subscriptionId: 'my-subscription' } }, /scope.subscriptionId "my-subscription" is neither a subscription GUID nor \/subscriptions\/<GUID>/],
    ['the management group id has a slash', { jurisdiction: EU, scope: { managementGroupId: 'mg/eu' } }, /scope.managementGroupId "mg\/eu" is not a management group id/],
    ['the management group id ends with a period', { jurisdiction: EU, scope: { managementGroupId: 'mg-eu.' } }, /is not a management group id/],
    ['the scope names both', { jurisdiction: EU, scope: { subscriptionId: SUB, managementGroupId: 'mg-eu' } as never }, /exactly one of subscriptionId and managementGroupId/],
    ['an assignment name is over 24 characters at a management group', { jurisdiction: EU, scope: mgScope, namePrefix: 'sovereign-europa1' }, /assignment name "sovereign-europa1-rg-locs" is 25 characters; Azure allows 24 for a policy assignment at a management group: shorten namePrefix/],
    ['an assignment name is over 64 characters at a subscription', { jurisdiction: EU, namePrefix: `s${'o'.repeat(56)}` }, /is 65 characters; Azure allows 64 for a policy assignment at a subscription/],
    ['the name prefix is not lower-case', { jurisdiction: EU, namePrefix: 'Sov_EU' }, /namePrefix "Sov_EU" must be lower-case letters/],
  ])('fails when %s', (_name, props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('passes with an assignment name of exactly 24 characters at a management group', () => {
    expect(() => synth({ jurisdiction: EU, scope: mgScope, namePrefix: 'sovereign-europe' })).not.toThrow();
  });

  test('fails when the provider manages another subscription than the scope', () => {
    expect(() => synth({ jurisdiction: EU }, '00000000-0000-0000-0000-0000000000bb')).toThrow(
      /the provider manages subscription 00000000-0000-0000-0000-0000000000bb, not 00000000-0000-0000-0000-0000000000aa/,
    );
    expect(() => synth({ jurisdiction: EU }, SUB.toUpperCase())).not.toThrow();
  });
});
