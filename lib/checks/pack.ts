/**
 * SovereigntyChecks: the rule pack as a cdktf Aspect. Findings become Annotations on the offending
 * resource (an error fails `cdktn synth`) and a report per stack in the synth output.
 *
 * Two ways in (cdktf 0.21 invokes aspects per stack, so an aspect added to the App never runs):
 * - `SovereigntyChecks.applyTo(app)` wraps each stack's synthesizer: the checks read the
 *   `cdk.tf.json` cdktf has just written (no second render), annotate, write the report, and fail
 *   the synthesis on an unsuppressed error (the cdktn CLI prints the annotations and fails itself).
 * - `Aspects.of(stack).add(new SovereigntyChecks())` adds a node validation that renders the stack
 *   (`stack.toTerraform()`) after the other aspects ran; errors surface as cdktf error annotations.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  AnnotationMetadataEntryType,
  App,
  TerraformProvider,
  TerraformStack,
  type IAspect,
  type IStackSynthesizer,
  type ISynthesisSession,
  type StackAnnotation,
} from 'cdktn';
import type { IConstruct } from 'constructs';
import { COUNTRY_CODES, type Jurisdiction } from '../catalog';
import { readStackFile } from '../synth-files';
import { inlineRemoteState } from '../synth-files/cross-stack';
import { StackContext } from './context';
import { activeFindings, evaluateStack, type ConditionalSuppression, type SovereigntyFinding, type Suppression } from './evaluate';
import type { TerraformJson } from './placement';
import { annotationText, buildReport, FINDINGS_REPORT_FILE, writeReport } from './report';
import type { CheckedResource, SovereigntyRule } from './rule';
import { ALL_RULES } from './rules';

const SUPPRESSION = 'sovereign-ai/checks:suppression';
const JURISDICTION = 'sovereign-ai/checks:jurisdiction';
const INSTALLED = Symbol.for('sovereign-ai/checks:installed');
const RULE_ID = /^Sovereign-[A-Z][A-Za-z0-9]+$/;

export interface SovereigntyChecksOptions {
  /**
   * The rules to run.
   * @default ALL_RULES - every rule of the pack
   */
  readonly rules?: readonly SovereigntyRule[];
  /**
   * Suppressions applied by predicate to every matching resource, each with its written reason
   * (for what a whole app deliberately accepts; single resources use SovereigntyChecks.suppress).
   * @default - none
   */
  readonly suppressions?: readonly ConditionalSuppression[];
}

export interface SuppressOptions {
  /**
   * Also suppress the rule on every resource below `construct` (a construct that wraps resources, or a stack).
   * @default false - only when `construct` is the resource itself
   */
  readonly applyToChildren?: boolean;
}

/** The outcome for one stack. */
export interface StackFindings {
  readonly stack: string;
  readonly jurisdiction?: Jurisdiction;
  readonly findings: readonly SovereigntyFinding[];
}

interface StoredSuppression extends Suppression {
  readonly applyToChildren: boolean;
}

export class SovereigntyChecks implements IAspect {
  /** File name of the per-stack findings report. */
  public static readonly REPORT_FILE = FINDINGS_REPORT_FILE;

  /**
   * Runs the pack on every stack of `scope` (an App or one stack) at synthesis. Call it after the
   * stacks exist: a stack added later fails the app's validation instead of going unchecked.
   */
  public static applyTo(scope: App | TerraformStack, options: SovereigntyChecksOptions = {}): SovereigntyChecks {
    const pack = new SovereigntyChecks(options);
    const stacks = TerraformStack.isStack(scope) ? [scope] : scope.node.findAll().filter(TerraformStack.isStack);
    for (const stack of stacks) pack.wrapSynthesizer(stack);
    if (App.isApp(scope)) {
      scope.node.addValidation({
        validate: () =>
          scope.node
            .findAll()
            .filter(TerraformStack.isStack)
            .filter((s) => (s as any)[INSTALLED] === undefined)
            .map((s) => `stack ${s.node.id} was created after SovereigntyChecks.applyTo(app) and was not checked; apply the checks after creating every stack`),
      });
    }
    return pack;
  }

  /**
   * Suppresses one rule on a resource (or, with applyToChildren, on everything below a construct).
   * The reason is required and appears in the findings report.
   */
  public static suppress(construct: IConstruct, ruleId: string, reason: string, options: SuppressOptions = {}): void {
    if (!RULE_ID.test(ruleId)) throw new Error(`${construct.node.path}: "${ruleId}" is not a rule id (Sovereign-<Name>, e.g. Sovereign-S3Tls)`);
    if (typeof reason !== 'string' || reason.trim().length === 0) {
      throw new Error(`${construct.node.path}: suppressing ${ruleId} needs a written reason`);
    }
    const entry: StoredSuppression = { ruleId, reason: reason.trim(), applyToChildren: options.applyToChildren ?? false };
    construct.node.addMetadata(SUPPRESSION, entry);
  }

  /** Declares the jurisdiction of a stack that is not a JurisdictionStack, so the residency rules run on it. */
  public static setJurisdiction(stack: TerraformStack, jurisdiction: Pick<Jurisdiction, 'id' | 'countries'> & Partial<Pick<Jurisdiction, 'residency'>>): void {
    const unknown = jurisdiction.countries.filter((c) => !COUNTRY_CODES.has(c));
    if (!jurisdiction.id || jurisdiction.countries.length === 0 || unknown.length > 0) {
      throw new Error(`${stack.node.path}: a jurisdiction needs an id and ISO 3166-1 alpha-2 countries${unknown.length ? `; not country codes: ${unknown.join(', ')}` : ''}`);
    }
    const countries = Object.freeze([...jurisdiction.countries]);
    stack.node.addMetadata(JURISDICTION, Object.freeze({ id: jurisdiction.id, countries, residency: jurisdiction.residency ?? countries.join('+') }));
  }

  /** The stack's jurisdiction: set with setJurisdiction, else a JurisdictionStack's `policy.jurisdiction`, else undefined. */
  public static jurisdictionOf(stack: TerraformStack): Jurisdiction | undefined {
    const marked = [...stack.node.metadata].reverse().find((m) => m.type === JURISDICTION);
    if (marked) return marked.data as Jurisdiction;
    const candidate = (stack as { policy?: { jurisdiction?: unknown } }).policy?.jurisdiction as Partial<Jurisdiction> | undefined;
    if (candidate && typeof candidate.id === 'string' && Array.isArray(candidate.countries)) return candidate as Jurisdiction;
    return undefined;
  }

  /** The pack applied to a stack (by applyTo or as an aspect), or undefined. */
  public static packOf(stack: TerraformStack): SovereigntyChecks | undefined {
    return (stack as any)[INSTALLED];
  }

  /** Evaluates a stack now, from `stack.toTerraform()` (aspects are not invoked): findings only, no annotations, no files. */
  public static check(stack: TerraformStack, options: SovereigntyChecksOptions = {}): StackFindings {
    return new SovereigntyChecks(options).evaluate(stack, stack.toTerraform());
  }

  public readonly rules: readonly SovereigntyRule[];
  private readonly suppressions: readonly ConditionalSuppression[];
  /** The JSON each stack's synthesis wrote, for the stacks that read it by cross-stack reference. */
  private readonly synthesized = new WeakMap<TerraformStack, TerraformJson>();

  constructor(options: SovereigntyChecksOptions = {}) {
    this.rules = options.rules ?? ALL_RULES;
    this.suppressions = options.suppressions ?? [];
    const ids = this.rules.map((r) => r.id);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (twice.length > 0) throw new Error(`rule ids listed twice: ${[...new Set(twice)].join(', ')}`);
  }

  /** Aspect entry: on a stack, checks run as a validation once the other aspects are done. */
  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || (node as any)[INSTALLED] !== undefined) return;
    (node as any)[INSTALLED] = this;
    node.node.addValidation({
      validate: () => {
        const targets = new ConstructIndex(node);
        const outcome = this.run(node, node.toTerraform(), targets);
        this.annotateWith(targets, outcome);
        this.writeReport(join(App.of(node).outdir, 'stacks', node.node.id, FINDINGS_REPORT_FILE), outcome);
        return [];
      },
    });
  }

  /** Runs the rules over a stack's synthesized JSON, with the suppressions stored on its constructs. */
  public evaluate(stack: TerraformStack, json: TerraformJson): StackFindings {
    return this.run(stack, json, new ConstructIndex(stack));
  }

  /** Puts every unsuppressed finding on its construct's metadata as a cdktf annotation; returns them for the manifest. */
  public annotate(stack: TerraformStack, outcome: StackFindings): StackAnnotation[] {
    return this.annotateWith(new ConstructIndex(stack), outcome);
  }

  private run(stack: TerraformStack, json: TerraformJson, targets: ConstructIndex): StackFindings {
    const jurisdiction = SovereigntyChecks.jurisdictionOf(stack);
    // A stack that reads another by cross-stack reference (an inference stack its base stack): the
    // rules follow those references into the other stack's resources, as if they were here.
    const upstream: TerraformJson[] = [];
    let own = json;
    // Synthesized, the references are remote-state reads (inlined here); rendered alone
    // (`stack.toTerraform()`, SovereigntyChecks.check), they are plain references to the other stack's resources.
    const reads = Object.keys(json.data?.terraform_remote_state ?? {}).length > 0;
    const text = reads ? '' : JSON.stringify(json);
    for (const dependency of stack.dependencies) {
      // What this synthesis wrote for it (stacks synthesize in dependency order), else rendered now.
      const up = this.synthesized.get(dependency) ?? (dependency.toTerraform() as TerraformJson);
      if (reads) {
        const inlined = inlineRemoteState(own, up);
        if (inlined.inlined === 0) continue;
        own = inlined.json as TerraformJson;
      } else if (!Object.entries(up.resource ?? {}).some(([type, byName]) => Object.keys(byName).some((name) => text.includes(`\${${type}.${name}.`)))) {
        continue;
      }
      upstream.push(up);
    }
    const findings = evaluateStack({
      context: new StackContext(stack.node.id, own, jurisdiction, upstream),
      rules: this.rules,
      suppressionsOf: (r) => targets.suppressionsOf(r),
      conditionalSuppressions: this.suppressions,
    });
    return { stack: stack.node.id, jurisdiction, findings };
  }

  private annotateWith(targets: ConstructIndex, outcome: StackFindings): StackAnnotation[] {
    const known = new Set(this.rules.map((r) => r.id));
    const out: StackAnnotation[] = [];
    const add = (construct: IConstruct, level: AnnotationMetadataEntryType, message: string) => {
      construct.node.addMetadata(level, message); // what Annotations.of() does, without a stack trace of this pack
      out.push({ constructPath: construct.node.path, level, message });
    };
    for (const f of activeFindings(outcome.findings)) {
      add(targets.constructOf(f.resource, f.path), f.level === 'error' ? AnnotationMetadataEntryType.ERROR : AnnotationMetadataEntryType.WARN, annotationText(f));
    }
    for (const { construct, suppression } of targets.allSuppressions()) {
      if (!known.has(suppression.ruleId)) {
        add(construct, AnnotationMetadataEntryType.WARN, `[SovereigntyChecks] the suppression of ${suppression.ruleId} matches no rule of the pack (misspelt id?)`);
      }
    }
    return out;
  }

  private writeReport(file: string, outcome: StackFindings): void {
    const ran = this.rules.filter((r) => r.family !== 'residency' || outcome.jurisdiction).map((r) => r.id);
    writeReport(file, buildReport(outcome.stack, outcome.jurisdiction, ran, outcome.findings));
  }

  private wrapSynthesizer(stack: TerraformStack): void {
    if ((stack as any)[INSTALLED] !== undefined) throw new Error(`${stack.node.path}: SovereigntyChecks are already applied to this stack`);
    (stack as any)[INSTALLED] = this;
    const inner = stack.synthesizer;
    const wrapper: IStackSynthesizer = {
      synthesize: (session: ISynthesisSession) => {
        inner.synthesize(session);
        this.afterSynthesis(stack, session);
      },
    };
    stack.synthesizer = wrapper;
  }

  /** After cdktf wrote the stack: check what it wrote, report, annotate, and fail on an unsuppressed error. */
  private afterSynthesis(stack: TerraformStack, session: ISynthesisSession): void {
    const manifest = session.manifest.forStack(stack);
    const file = join(session.outdir, manifest.synthesizedStackPath);
    // What cdktn wrote: cdk.tf.json, or cdk.tf (+ metadata.json) with `cdktn synth --hcl`.
    const json: TerraformJson = existsSync(file) ? (readStackFile(file, join(session.outdir, manifest.stackMetadataPath)) as TerraformJson) : stack.toTerraform();
    this.synthesized.set(stack, json);
    const targets = new ConstructIndex(stack);
    const outcome = this.run(stack, json, targets);
    this.writeReport(join(session.outdir, manifest.workingDirectory, FINDINGS_REPORT_FILE), outcome);
    const annotations = this.annotateWith(targets, outcome);
    manifest.annotations.push(...annotations);
    const errors = annotations.filter((a) => a.level === AnnotationMetadataEntryType.ERROR);
    // Under the cdktn CLI (which sets this variable) the CLI prints the annotations and fails the run itself.
    if (errors.length > 0 && process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS === undefined) {
      rmSync(file, { force: true }); // like cdktf on an error annotation: no deployable output for the stack
      throw new Error(`Encountered Annotations with level "ERROR":\n${errors.map((a) => `[${a.constructPath}] ${a.message}`).join('\n')}`);
    }
  }
}

/** Construct lookups of one stack: by path, providers by alias, and the suppressions stored on them. */
class ConstructIndex {
  private readonly byPath = new Map<string, IConstruct>();
  private readonly providers = new Map<string, IConstruct>();

  constructor(private readonly stack: TerraformStack) {
    for (const c of stack.node.findAll()) {
      this.byPath.set(c.node.path, c);
      if (c instanceof TerraformProvider) {
        const type = (c as TerraformProvider).terraformResourceType;
        const alias = (c as TerraformProvider).alias ?? '';
        this.providers.set(`provider.${type}${alias ? `.${alias}` : ''}`, c);
      }
    }
  }

  public constructOf(address: string, path?: string): IConstruct {
    return (path && this.byPath.get(path)) || this.providers.get(address) || this.stack;
  }

  /** The resource's own suppressions, then those of its ancestors given with applyToChildren. */
  public suppressionsOf(resource: CheckedResource): Suppression[] {
    const own = this.constructOf(resource.address, resource.path);
    const out: Suppression[] = [];
    for (let c: IConstruct | undefined = own; c; c = c.node.scope) {
      for (const s of stored(c)) if (c === own || s.applyToChildren) out.push(s);
      if (c === this.stack) break;
    }
    return out;
  }

  public allSuppressions(): { construct: IConstruct; suppression: StoredSuppression }[] {
    return [...this.byPath.values()].flatMap((construct) => stored(construct).map((suppression) => ({ construct, suppression })));
  }
}

function stored(c: IConstruct): StoredSuppression[] {
  return c.node.metadata.filter((m) => m.type === SUPPRESSION).map((m) => m.data as StoredSuppression);
}
