/**
 * Runs rules over one stack's synthesized JSON and turns their results into findings, applying
 * suppressions. Pure: no constructs, no files; the pack (pack.ts) wires it into cdktn synthesis.
 */
import type { StackContext } from './context';
import type { CheckedResource, RuleContext, RuleFamily, RuleLevel, SovereigntyRule } from './rule';

export interface SovereigntyFinding {
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly family: RuleFamily;
  /** Terraform address of the resource (`aws_s3_bucket.x`, `provider.aws.eu-west-2`, `terraform.backend.s3`). */
  readonly resource: string;
  /** Construct path of the resource, when known. */
  readonly path?: string;
  readonly message: string;
  readonly suppressed: boolean;
  /** The written reason, when suppressed. */
  readonly suppressionReason?: string;
  /** True when the rule threw instead of answering (the finding keeps the rule's level: it fails closed). */
  readonly evaluationError?: boolean;
}

/** A suppression as stored on a resource (see SovereigntyChecks.suppress). */
export interface Suppression {
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * A suppression the pack applies to every resource it matches, for findings a whole app accepts
 * (e.g. a construct library's deliberate design); the report shows its reason like any other.
 */
export interface ConditionalSuppression extends Suppression {
  /** Which resources it covers: a pure predicate over the resource and its stack. */
  readonly appliesTo: (resource: CheckedResource, context: RuleContext) => boolean;
}

export interface EvaluationInput {
  readonly context: StackContext;
  readonly rules: readonly SovereigntyRule[];
  /** Suppressions stored on a resource's construct (and inherited from its ancestors). */
  readonly suppressionsOf?: (resource: CheckedResource) => readonly Suppression[];
  readonly conditionalSuppressions?: readonly ConditionalSuppression[];
}

/** Every non-compliant result of every applicable rule, in rule order, suppressed or not. */
export function evaluateStack(input: EvaluationInput): SovereigntyFinding[] {
  const { context, rules } = input;
  const conditional = input.conditionalSuppressions ?? [];
  const findings: SovereigntyFinding[] = [];
  for (const rule of rules) {
    if (rule.family === 'residency' && !context.jurisdiction) continue;
    for (const resource of context.targets(rule.appliesTo)) {
      let message: string;
      let evaluationError = false;
      try {
        const result = rule(resource, context);
        if (result.status !== 'non-compliant') continue;
        message = result.message;
      } catch (e) {
        message = `the rule could not be evaluated (${e instanceof Error ? e.message : String(e)}); treated as a finding until fixed or suppressed`;
        evaluationError = true;
      }
      const suppression =
        (input.suppressionsOf?.(resource) ?? []).find((s) => s.ruleId === rule.id) ??
        conditional.find((s) => s.ruleId === rule.id && safely(() => s.appliesTo(resource, context)));
      findings.push({
        ruleId: rule.id,
        level: rule.level,
        family: rule.family,
        resource: resource.address,
        ...(resource.path ? { path: resource.path } : {}),
        message,
        suppressed: suppression !== undefined,
        ...(suppression ? { suppressionReason: suppression.reason } : {}),
        ...(evaluationError ? { evaluationError } : {}),
      });
    }
  }
  return findings;
}

/** A predicate that throws matches nothing: a broken suppression never hides a finding. */
function safely(predicate: () => boolean): boolean {
  try {
    return predicate() === true;
  } catch {
    return false;
  }
}

/** Findings that count: not suppressed. */
export function activeFindings(findings: readonly SovereigntyFinding[], level?: RuleLevel): SovereigntyFinding[] {
  return findings.filter((f) => !f.suppressed && (level === undefined || f.level === level));
}
