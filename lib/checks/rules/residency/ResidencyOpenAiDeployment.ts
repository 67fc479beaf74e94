import { AZURE_OPENAI_DATA_ZONES, azureOpenAiDataZoneOf, describeCountry, isCountryIn } from '../../../catalog';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { block, describeJurisdiction, isUnresolved } from '../support';

/** Sovereign-ResidencyOpenAiDeployment: Azure OpenAI deployments process prompts inside the jurisdiction. */
export const ResidencyOpenAiDeployment = defineRule(
  {
    id: 'Sovereign-ResidencyOpenAiDeployment',
    level: 'error',
    family: 'residency',
    description:
      'An `azurerm_cognitive_deployment` SKU keeps processing in the jurisdiction: `Global*` never (any Azure region worldwide); `DataZone*` only when the account\'s region is in a data zone whose every country is in the jurisdiction (the EU zone for an EU jurisdiction, not for Germany alone); `Standard` / `ProvisionedManaged` stay in the account\'s region.',
    appliesTo: ['azurerm_cognitive_deployment'],
  },
  function ResidencyOpenAiDeployment(deployment, ctx) {
    const j = ctx.jurisdiction!;
    const sku = block(deployment.attrs.sku)?.name;
    if (typeof sku !== 'string' || isUnresolved(sku)) return NOT_APPLICABLE;
    if (sku.startsWith('Global')) {
      return nonCompliant(`sku "${sku}" processes prompts in any Azure region worldwide; use DataZoneStandard (where the whole data zone is in the jurisdiction) or Standard`);
    }
    if (!sku.startsWith('DataZone')) return COMPLIANT;
    const account = ctx.referencedBy(deployment.attrs.cognitive_account_id).find((r) => r.type === 'azurerm_cognitive_account');
    const placement = account ? ctx.placementOf(account) : undefined;
    if (!placement || isUnresolved(placement.region)) {
      return nonCompliant(`sku "${sku}" processes prompts anywhere in the account's data zone, and the account is not one of this stack whose region synth can read; use Standard, or deploy into an account of this stack`);
    }
    const zone = azureOpenAiDataZoneOf(placement.region);
    if (!zone) return nonCompliant(`sku "${sku}" needs a data zone, and the account's region ${placement.region} belongs to none; use Standard`);
    const outside = AZURE_OPENAI_DATA_ZONES[zone].countries.filter((c) => !isCountryIn(c, j));
    if (outside.length === 0) return COMPLIANT;
    return nonCompliant(
      `sku "${sku}" may process prompts anywhere in the ${zone} data zone of ${placement.region}, including ${outside.map(describeCountry).join(', ')}, outside jurisdiction ${describeJurisdiction(j)}; use Standard`,
    );
  },
);
