/**
 * A small stack per test case (cdk-nag style): build a violating or compliant construct, run the
 * pack on the stack's final JSON, and look at one rule's findings.
 */
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { AzurermProvider } from '@cdktn/provider-azurerm/lib/provider';
import { ResourceGroup } from '@cdktn/provider-azurerm/lib/resource-group';
import { TerraformDataSource, TerraformStack, Testing, type App, type TerraformElement } from 'cdktn';
import { jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { SovereigntyChecks, type SovereigntyFinding, type RuleResult, type SovereigntyRule } from '../../lib/checks';
import { StackContext } from '../../lib/checks/context';

export const EU = jurisdiction('eu', { preset: 'EU' });
export const IN = jurisdiction('in', { preset: 'IN' });
export const DE = jurisdiction('de', { countries: ['DE'] });

/** One stack with a jurisdiction (EU unless told) and providers created on demand. */
export class Fixture {
  public readonly app: App;
  public readonly stack: TerraformStack;
  private readonly awsProviders = new Map<string, AwsProvider>();
  private azurerm?: AzurermProvider;
  private readonly groups = new Map<string, ResourceGroup>();

  constructor(j: Jurisdiction | null = EU) {
    this.app = Testing.app();
    this.stack = new TerraformStack(this.app, 'test');
    if (j) SovereigntyChecks.setJurisdiction(this.stack, j);
  }

  /** The AWS provider of a region, aliased by its code. */
  public aws(region = 'eu-central-1'): AwsProvider {
    let p = this.awsProviders.get(region);
    if (!p) {
      p = new AwsProvider(this.stack, `aws-${region}`, { region, alias: region });
      this.awsProviders.set(region, p);
    }
    return p;
  }

  public azure(): AzurermProvider {
    this.azurerm ??= new AzurermProvider(this.stack, 'azurerm', {
      features: [{ keyVault: [{ purgeSoftDeleteOnDestroy: false, purgeSoftDeletedKeysOnDestroy: false }] }],
    });
    return this.azurerm;
  }

  /** A resource group in `location` (one per location). */
  public group(location = 'germanywestcentral'): ResourceGroup {
    let g = this.groups.get(location);
    if (!g) {
      g = new ResourceGroup(this.stack, `rg-${location}`, { provider: this.azure(), name: `rg-${location}`, location });
      this.groups.set(location, g);
    }
    return g;
  }

  /** What one rule answers for one resource (or pseudo-resource) of the stack. */
  public result(rule: SovereigntyRule, address: string): RuleResult {
    const ctx = new StackContext(this.stack.node.id, this.stack.toTerraform(), SovereigntyChecks.jurisdictionOf(this.stack));
    const target = ctx.targets(rule.appliesTo).find((r) => r.address === address);
    if (!target) throw new Error(`${address} is not something ${rule.id} looks at`);
    return rule(target, ctx);
  }

  /** Findings of one rule (every rule of the pack runs). */
  public findings(ruleId: string): SovereigntyFinding[] {
    return SovereigntyChecks.check(this.stack).findings.filter((f) => f.ruleId === ruleId);
  }
}

/** `aws_s3_bucket.<logical id>`, or a pseudo-resource address given as a string. */
export function addressOf(target: TerraformElement | string): string {
  if (typeof target === 'string') return target;
  const type = (target as unknown as { terraformResourceType: string }).terraformResourceType;
  return `${target instanceof TerraformDataSource ? 'data.' : ''}${type}.${target.friendlyUniqueId}`;
}

/** A test case: build a violating and a compliant variant of what the rule looks at. */
export interface RuleCase {
  /** Builds the violation; returns the resource (or pseudo-resource address) the finding must name. */
  readonly violating: (f: Fixture) => TerraformElement | string;
  /** Builds the compliant variant; returns what must have no finding of the rule. */
  readonly compliant: (f: Fixture) => TerraformElement | string;
  /** @default EU */
  readonly jurisdiction?: Jurisdiction | null;
  /** A fragment of the violation's message. */
  readonly message?: RegExp;
}

/** One describe block per rule: it fires on the violating construct, and not on the compliant one. */
export function describeRules(family: readonly SovereigntyRule[], cases: Readonly<Record<string, RuleCase>>): void {
  test('every rule of the family has a case', () => {
    expect(Object.keys(cases).sort()).toEqual(family.map((r) => r.id).sort());
  });
  describe.each(Object.entries(cases))('%s', (id, c) => {
    test('fires on a violating construct', () => {
      const f = new Fixture(c.jurisdiction === undefined ? EU : c.jurisdiction);
      const address = addressOf(c.violating(f));
      const found = f.findings(id).filter((x) => x.resource === address);
      expect(found).toHaveLength(1);
      expect(found[0].level).toBe(family.find((r) => r.id === id)!.level);
      if (c.message) expect(found[0].message).toMatch(c.message);
    });
    test('passes a compliant construct', () => {
      const f = new Fixture(c.jurisdiction === undefined ? EU : c.jurisdiction);
      const address = addressOf(c.compliant(f));
      expect(f.result(family.find((r) => r.id === id)!, address)).toEqual({ status: 'compliant' });
      expect(f.findings(id).filter((x) => x.resource === address)).toEqual([]);
    });
  });
}
