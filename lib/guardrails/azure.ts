/**
 * Azure guardrail: Azure Policy assignments that keep a jurisdiction's resources, resource groups and
 * model processing inside it, at a subscription or a management group.
 *
 * Sources (see docs/facts/regions-services-law.md §2.3, §3.2, §4.1):
 * - Built-in definitions (Azure/azure-policy `built-in-policies/policyDefinitions/General/`):
 *   *Allowed locations* `e56962a6-4747-49cd-b67b-bf8b01975c4c` (AllowedLocations_Deny.json, mode Indexed,
 *   effect deny, parameter `listOfAllowedLocations`; it skips resources whose location is `global`,
 *   resource groups and `Microsoft.AzureActiveDirectory/b2cDirectories`) and *Allowed locations for
 *   resource groups* `e765b5de-1225-4ba3-bd56-1ac6695af988` (ResourceGroupAllowedLocations_Deny.json,
 *   same parameter). These are the SO.1 policies of the Microsoft Sovereign Landing Zone.
 * - Deployment-type deny: Microsoft's sample on field `Microsoft.CognitiveServices/accounts/deployments/sku.name`
 *   (MicrosoftDocs/azure-ai-docs deployment-types.md), extended to every Global SKU, the Developer SKU
 *   ("no data residency guarantees"; named `DeveloperTier` in current docs, `Developer` in older ones)
 *   and, where a data zone reaches outside the jurisdiction, the DataZone SKUs.
 * - Names: at most 64 characters, 24 for assignments at management-group scope (azurerm
 *   `management_group_policy_assignment` docs; the Azure Policy API); display names 128, descriptions 512.
 */
import { ManagementGroupPolicyAssignment } from '@cdktn/provider-azurerm/lib/management-group-policy-assignment';
import { PolicyDefinition } from '@cdktn/provider-azurerm/lib/policy-definition';
import type { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { SubscriptionPolicyAssignment } from '@cdktn/provider-azurerm/lib/subscription-policy-assignment';
import { Token } from 'cdktn';
import { Construct } from 'constructs';
import { allowedRegionList, describeRegion, findRegion, isCountryIn, type Jurisdiction } from '../catalog';
import { AZURE_OPENAI_DATA_ZONES, GLOBAL_DEPLOYMENT_TYPES, azureOpenAiDataZoneOf, type AzureOpenAiDataZone } from '../catalog/azure-openai';

export const ALLOWED_LOCATIONS_POLICY_ID = '/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c';
export const ALLOWED_RESOURCE_GROUP_LOCATIONS_POLICY_ID = '/providers/Microsoft.Authorization/policyDefinitions/e765b5de-1225-4ba3-bd56-1ac6695af988';

/** `sku.name` values of a model deployment that may process prompts anywhere in the world. */
export const WORLDWIDE_DEPLOYMENT_SKUS: readonly string[] = Object.freeze([...GLOBAL_DEPLOYMENT_TYPES, 'DeveloperTier', 'Developer']);
/** `sku.name` values that process prompts anywhere in the resource's data zone (US or EU). */
export const DATA_ZONE_DEPLOYMENT_SKUS: readonly string[] = Object.freeze(['DataZoneStandard', 'DataZoneProvisionedManaged', 'DataZoneBatch']);

export interface DeniedDeploymentSkus {
  readonly skus: readonly string[];
  /** Whether DataZone deployments stay allowed. */
  readonly dataZonesAllowed: boolean;
  /** Data zones that hold an allowed location. */
  readonly dataZones: readonly AzureOpenAiDataZone[];
}

/*
 * DataZone SKUs are allowed only when (first row wins):
 *   allowed locations in a data zone | every such zone's countries inside j | DataZone*
 *   none (India, CH, ...)            | -                                    | denied
 *   some                             | no (e.g. DE only: the EU zone is 27) | denied
 *   some                             | yes (US, EU)                         | allowed
 * A deployment (a child of the account) has no location of its own the rule could test, so a
 * jurisdiction with locations in one covered and one uncovered zone gets the stricter answer.
 */
export function deniedDeploymentSkus(j: Pick<Jurisdiction, 'countries'>, allowedLocations: readonly string[]): DeniedDeploymentSkus {
  const zones = [...new Set(allowedLocations.map(azureOpenAiDataZoneOf).filter((z): z is AzureOpenAiDataZone => z !== undefined))];
  const dataZonesAllowed = zones.length > 0 && zones.every((z) => AZURE_OPENAI_DATA_ZONES[z].countries.every((c) => isCountryIn(c, j)));
  return {
    skus: Object.freeze([...WORLDWIDE_DEPLOYMENT_SKUS, ...(dataZonesAllowed ? [] : DATA_ZONE_DEPLOYMENT_SKUS)]),
    dataZonesAllowed,
    dataZones: Object.freeze(zones),
  };
}

/** Where the assignments apply: one subscription, or a management group (and every subscription under it). */
export type PolicyAssignmentScope =
  | { readonly subscriptionId: string; readonly managementGroupId?: undefined }
  | { readonly managementGroupId: string; readonly subscriptionId?: undefined };

export interface ResidencyPolicyAssignmentsProps {
  /**
   * The azurerm provider. At subscription scope it must manage that subscription: the custom policy
   * definition is created in the provider's subscription.
   */
  readonly provider: AzurermProvider;
  readonly jurisdiction: Jurisdiction;
  /**
   * `{ subscriptionId }`: a GUID or `/subscriptions/<GUID>`; `{ managementGroupId }`: a management group
   * name or `/providers/Microsoft.Management/managementGroups/<name>`.
   */
  readonly scope: PolicyAssignmentScope;
  /**
   * Azure regions resources and resource groups may be created in; each must be in the jurisdiction.
   * @default - every Azure region of the jurisdiction in the region catalog (restricted regions included)
   */
  readonly allowedLocations?: readonly string[];
  /**
   * Prefix of the policy names: lower-case letters, digits and inner hyphens. Assignment names are
   * `<namePrefix>-locs`, `-rg-locs`, `-ai-skus` (at most 24 characters at a management group, 64 at a
   * subscription); the custom definition is named like its assignment, `<namePrefix>-ai-skus`.
   * @default `sov-<jurisdiction id>`
   */
  readonly namePrefix?: string;
}

const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const MANAGEMENT_GROUP = /^[A-Za-z0-9_().-]{0,89}[A-Za-z0-9_()-]$/;
const MANAGEMENT_GROUP_PREFIX = '/providers/Microsoft.Management/managementGroups/';
const NAME_PREFIX = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const DEPLOYMENTS = 'Microsoft.CognitiveServices/accounts/deployments';

interface Assignment {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly policyDefinitionId: string;
  readonly parameters?: string;
  readonly message: string;
}

/**
 * Azure Policy for one jurisdiction at a subscription or management group, all enforced (deny):
 * - *Allowed locations* and *Allowed locations for resource groups* (built-ins) with exactly the
 *   jurisdiction's Azure regions;
 * - a custom definition (mode All) denying model deployments (`Microsoft.CognitiveServices/accounts/deployments`)
 *   whose `sku.name` may process prompts outside the jurisdiction (see deniedDeploymentSkus), and its assignment.
 *
 * Not covered: resources whose location is `global` (Traffic Manager profiles, DNS zones, Front Door)
 * are exempt from *Allowed locations*, and resource types without a location or tags (mode Indexed)
 * are not evaluated: govern those by resource type or review. Deny assignments act on create and
 * update; existing resources are reported non-compliant, not removed.
 */
export class ResidencyPolicyAssignments extends Construct {
  /** Resource id of the scope: `/subscriptions/<GUID>` or `/providers/Microsoft.Management/managementGroups/<name>`. */
  public readonly scopeId: string;
  /** In catalog order. */
  public readonly allowedLocations: readonly string[];
  public readonly deniedDeploymentSkus: readonly string[];
  public readonly deploymentSkuPolicyDefinitionId: string;
  public readonly assignmentIds: Readonly<{ allowedLocations: string; resourceGroupLocations: string; deploymentSkus: string }>;

  constructor(scope: Construct, id: string, props: ResidencyPolicyAssignmentsProps) {
    super(scope, id);
    const path = this.node.path;
    const fail = (why: string): never => {
      throw new Error(`${path}: ${why}`);
    };
    const { provider, jurisdiction: j } = props;
    const target = resolveScope(props.scope, fail);
    if (target.kind === 'subscription' && target.guid !== undefined) {
      const configured = provider.subscriptionId;
      if (configured !== undefined && !Token.isUnresolved(configured) && configured.toLowerCase() !== target.guid.toLowerCase()) {
        fail(`the provider manages subscription ${configured}, not ${target.guid}: the custom policy definition would be created in ${configured} and cannot be assigned at ${target.guid}`);
      }
    }
    const locations = allowedLocationsOf(j, props.allowedLocations, fail);
    const denied = deniedDeploymentSkus(j, locations);
    const prefix = props.namePrefix ?? `sov-${j.id}`;
    if (!Token.isUnresolved(prefix) && !NAME_PREFIX.test(prefix)) fail(`namePrefix "${prefix}" must be lower-case letters, digits and inner hyphens`);
    const who = `jurisdiction ${j.id} (${j.residency})`;
    const allowedTypes = ['Standard', 'ProvisionedManaged', ...(denied.dataZonesAllowed ? DATA_ZONE_DEPLOYMENT_SKUS : [])];

    const names = { allowedLocations: `${prefix}-locs`, resourceGroupLocations: `${prefix}-rg-locs`, deploymentSkus: `${prefix}-ai-skus` };
    const maxName = target.kind === 'managementGroup' ? 24 : 64;
    for (const name of Object.values(names)) {
      if (!Token.isUnresolved(name) && name.length > maxName) {
        fail(`assignment name "${name}" is ${name.length} characters; Azure allows ${maxName} for a policy assignment at a ${target.kind === 'managementGroup' ? 'management group' : 'subscription'}: shorten namePrefix "${prefix}"`);
      }
    }
    const definition = new PolicyDefinition(this, 'deployment-sku-definition', {
      provider,
      name: names.deploymentSkus,
      policyType: 'Custom',
      mode: 'All',
      displayName: checkText(fail, 'display name', `Deny model deployment types that process prompts outside ${who}`, 128),
      description: checkText(
        fail,
        'description',
        `Denies ${DEPLOYMENTS} whose sku.name is ${denied.skus.join(', ')}: these may process prompts outside ${who}. Allowed: ${allowedTypes.join(', ')}.`,
        512,
      ),
      managementGroupId: target.kind === 'managementGroup' ? target.id : undefined,
      metadata: JSON.stringify({ category: 'Cognitive Services' }),
      policyRule: JSON.stringify({
        if: {
          allOf: [
            { field: 'type', equals: DEPLOYMENTS },
            { field: `${DEPLOYMENTS}/sku.name`, in: denied.skus },
          ],
        },
        then: { effect: 'deny' },
      }),
    });

    const list = locations.join(', ');
    const assignments: Record<keyof ResidencyPolicyAssignments['assignmentIds'], Assignment> = {
      allowedLocations: {
        name: names.allowedLocations,
        displayName: `Allowed locations: ${who}`,
        description: `Resources of ${who} only in its Azure regions. Resources in location "global" (Traffic Manager, DNS zones, Front Door) are exempt from this built-in.`,
        policyDefinitionId: ALLOWED_LOCATIONS_POLICY_ID,
        parameters: JSON.stringify({ listOfAllowedLocations: { value: locations } }),
        message: `Data residency, ${who}: create resources only in ${list}.`,
      },
      resourceGroupLocations: {
        name: names.resourceGroupLocations,
        displayName: `Allowed locations for resource groups: ${who}`,
        description: `Resource groups of ${who} (and so their metadata) only in its Azure regions.`,
        policyDefinitionId: ALLOWED_RESOURCE_GROUP_LOCATIONS_POLICY_ID,
        parameters: JSON.stringify({ listOfAllowedLocations: { value: locations } }),
        message: `Data residency, ${who}: create resource groups only in ${list}.`,
      },
      deploymentSkus: {
        name: names.deploymentSkus,
        displayName: `Resident model deployment types: ${who}`,
        description: `Model deployments of ${who} only with deployment types that process prompts inside it.`,
        policyDefinitionId: definition.id,
        message: `Data residency, ${who}: deployment types ${denied.skus.join(', ')} may process prompts outside it; use ${allowedTypes.join(', ')}.`,
      },
    };

    const ids: Record<string, string> = {};
    for (const [key, a] of Object.entries(assignments)) {
      const common = {
        provider,
        name: a.name,
        displayName: checkText(fail, 'display name', a.displayName, 128),
        description: checkText(fail, 'description', a.description, 512),
        policyDefinitionId: a.policyDefinitionId,
        parameters: a.parameters,
        enforce: true,
        nonComplianceMessage: [{ content: a.message }],
      };
      const resourceId = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      ids[key] =
        target.kind === 'subscription'
          ? new SubscriptionPolicyAssignment(this, resourceId, { ...common, subscriptionId: target.id }).id
          : new ManagementGroupPolicyAssignment(this, resourceId, { ...common, managementGroupId: target.id }).id;
    }

    this.scopeId = target.id;
    this.allowedLocations = locations;
    this.deniedDeploymentSkus = denied.skus;
    this.deploymentSkuPolicyDefinitionId = definition.id;
    this.assignmentIds = Object.freeze({ allowedLocations: ids.allowedLocations, resourceGroupLocations: ids.resourceGroupLocations, deploymentSkus: ids.deploymentSkus });
  }
}

type ResolvedScope = { kind: 'subscription'; id: string; guid?: string } | { kind: 'managementGroup'; id: string };

function resolveScope(scope: PolicyAssignmentScope, fail: (why: string) => never): ResolvedScope {
  const { subscriptionId: sub, managementGroupId: mg } = scope as { subscriptionId?: string; managementGroupId?: string };
  if ((sub === undefined) === (mg === undefined)) fail('scope must name exactly one of subscriptionId and managementGroupId');
  if (sub !== undefined) {
    if (Token.isUnresolved(sub)) return { kind: 'subscription', id: sub };
    const guid = sub.startsWith('/subscriptions/') ? sub.slice('/subscriptions/'.length) : sub;
    if (!GUID.test(guid)) fail(`scope.subscriptionId "${sub}" is neither a subscription GUID nor /subscriptions/<GUID>`);
    return { kind: 'subscription', id: `/subscriptions/${guid}`, guid };
  }
  if (Token.isUnresolved(mg!)) return { kind: 'managementGroup', id: mg! };
  const name = mg!.startsWith(MANAGEMENT_GROUP_PREFIX) ? mg!.slice(MANAGEMENT_GROUP_PREFIX.length) : mg!;
  if (!MANAGEMENT_GROUP.test(name)) {
    fail(`scope.managementGroupId "${mg}" is not a management group id: 1-90 letters, digits, hyphens, underscores, periods and parentheses, not ending with a period`);
  }
  return { kind: 'managementGroup', id: `${MANAGEMENT_GROUP_PREFIX}${name}` };
}

function allowedLocationsOf(j: Jurisdiction, explicit: readonly string[] | undefined, fail: (why: string) => never): readonly string[] {
  const inJurisdiction = allowedRegionList('azure', j).map((r) => r.code);
  if (inJurisdiction.length === 0) fail(`jurisdiction "${j.id}" (${j.countries.join(', ')}) has no Azure region; Allowed locations would deny every location`);
  if (explicit === undefined) return Object.freeze(inJurisdiction);
  if (explicit.some((c) => Token.isUnresolved(c))) fail('allowedLocations must be literal region codes');
  if (explicit.length === 0) fail(`allowedLocations is empty; Azure regions of jurisdiction "${j.id}": ${inJurisdiction.join(', ')}`);
  for (const code of explicit) {
    if (code === 'global') fail('allowedLocations: "global" is not a region; Allowed locations already exempts global resources');
    const region = findRegion('azure', code);
    if (!region) fail(`allowedLocations: "${code}" is not an Azure region of the catalog; Azure regions of jurisdiction "${j.id}": ${inJurisdiction.join(', ')}`);
    if (!inJurisdiction.includes(code)) fail(`allowedLocations: Azure region ${describeRegion(region!)} is outside jurisdiction "${j.id}"; Azure regions there: ${inJurisdiction.join(', ')}`);
  }
  return Object.freeze(inJurisdiction.filter((c) => explicit.includes(c)));
}

function checkText(fail: (why: string) => never, what: string, value: string, max: number): string {
  if (!Token.isUnresolved(value) && value.length > max) fail(`${what} "${value.slice(0, 40)}..." is ${value.length} characters; Azure Policy allows ${max}`);
  return value;
}
