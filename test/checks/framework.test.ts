/**
 * The pack in cdktn synthesis: annotations (an error fails synth), the findings report next to
 * cdk.tf.json, suppressions, how a stack's jurisdiction is known, and rules that throw.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Bucket } from '@cdktn/provider-aws/lib/s3-bucket';
import { AnnotationMetadataEntryType, Aspects, TerraformStack, Testing, type App } from 'cdktn';
import { Construct } from 'constructs';
import { ALL_RULES, defineRule, nonCompliant, SovereigntyChecks, type FindingsReport } from '../../lib/checks';
import { addressOf, EU, Fixture } from './harness';

const REPORT = SovereigntyChecks.REPORT_FILE;
const reportOf = (app: App, stack: string): FindingsReport => JSON.parse(readFileSync(join(app.outdir, 'stacks', stack, REPORT), 'utf8'));
const errorsOn = (c: Construct) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.ERROR).map((m) => m.data as string);

/** An EU stack with a bucket in London (Sovereign-ResidencyRegion error) and one in Frankfurt. */
function euStackWithBucketAbroad(f = new Fixture(EU)) {
  const abroad = new S3Bucket(f.stack, 'abroad', { provider: f.aws('eu-west-2'), bucket: 'sovai-abroad' });
  const home = new S3Bucket(f.stack, 'home', { provider: f.aws('eu-central-1'), bucket: 'sovai-home' });
  return { f, abroad, home };
}

describe('SovereigntyChecks.applyTo(app)', () => {
  test('an unsuppressed error fails app.synth(), sits on the resource (node.metadata), and the stack gets no cdk.tf.json', () => {
    const { f, abroad } = euStackWithBucketAbroad();
    SovereigntyChecks.applyTo(f.app);
    expect(() => f.app.synth()).toThrow(/\[test\/abroad\] \[Sovereign-ResidencyRegion\] aws_s3_bucket\.abroad: the resource \(placed by its provider aws\.eu-west-2\) is in eu-west-2/);
    expect(errorsOn(abroad)).toEqual(expect.arrayContaining([expect.stringMatching(/^\[Sovereign-ResidencyRegion\]/)]));
    expect(existsSync(join(f.app.outdir, 'stacks', 'test', 'cdk.tf.json'))).toBe(false);
    const report = reportOf(f.app, 'test'); // written before failing, so the findings can be read
    expect(report.summary.errors).toBeGreaterThan(0);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'Sovereign-ResidencyRegion', level: 'error', resource: addressOf(abroad), path: 'test/abroad', suppressed: false }));
  });

  test('under the cdktf CLI the error goes into manifest.json and the CLI fails the run', () => {
    const { f } = euStackWithBucketAbroad();
    SovereigntyChecks.applyTo(f.app);
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = 'true';
    try {
      f.app.synth();
    } finally {
      delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    }
    const manifest = JSON.parse(readFileSync(join(f.app.outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks.test.annotations).toContainEqual({ constructPath: 'test/abroad', level: AnnotationMetadataEntryType.ERROR, message: expect.stringMatching(/^\[Sovereign-ResidencyRegion\]/) });
  });

  test('the report is written next to cdk.tf.json with every finding, suppressed ones with their reason; warnings do not fail synth', () => {
    const { f, abroad, home } = euStackWithBucketAbroad();
    SovereigntyChecks.suppress(abroad, 'Sovereign-ResidencyRegion', 'test: a bucket abroad on purpose');
    SovereigntyChecks.suppress(f.aws('eu-west-2'), 'Sovereign-ResidencyRegion', 'test: its provider'); // providers are suppressed on their construct
    SovereigntyChecks.applyTo(f.app, { rules: ALL_RULES.filter((r) => r.id === 'Sovereign-ResidencyRegion' || r.id === 'Sovereign-S3AccessLogging') });
    f.app.synth();
    expect(existsSync(join(f.app.outdir, 'stacks', 'test', 'cdk.tf.json'))).toBe(true);
    const report = reportOf(f.app, 'test');
    expect(report).toMatchObject({ version: 1, stack: 'test', jurisdiction: { id: 'eu', countries: EU.countries }, rules: ['Sovereign-ResidencyRegion', 'Sovereign-S3AccessLogging'] });
    expect(report.summary).toEqual({ errors: 0, warnings: 2, suppressed: 2 });
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'Sovereign-ResidencyRegion', resource: addressOf(abroad), suppressed: true, suppressionReason: 'test: a bucket abroad on purpose' }));
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'Sovereign-S3AccessLogging', level: 'warning', resource: addressOf(home), suppressed: false }));
  });

  test('a stack created after applyTo fails the app validation instead of going unchecked', () => {
    const f = new Fixture(EU);
    SovereigntyChecks.applyTo(f.app);
    new TerraformStack(f.app, 'late');
    expect(() => f.app.synth()).toThrow(/stack late was created after SovereigntyChecks\.applyTo\(app\) and was not checked/);
  });

  test('applying twice to a stack is refused', () => {
    const f = new Fixture(EU);
    SovereigntyChecks.applyTo(f.stack);
    expect(() => SovereigntyChecks.applyTo(f.app)).toThrow(/already applied/);
  });
});

describe('Aspects.of(stack).add(new SovereigntyChecks())', () => {
  test('checks the stack once the other aspects ran: an error annotation fails synthesis, the report is written', () => {
    const { f, abroad } = euStackWithBucketAbroad();
    Aspects.of(f.stack).add(new SovereigntyChecks());
    expect(() => f.app.synth()).toThrow(/Sovereign-ResidencyRegion/);
    expect(errorsOn(abroad).length).toBeGreaterThan(0);
    expect(reportOf(f.app, 'test').findings).toContainEqual(expect.objectContaining({ ruleId: 'Sovereign-ResidencyRegion', resource: addressOf(abroad) }));
  });

  test('Testing.fullSynth runs it too; Testing.synth (which ignores annotations) does not fail', () => {
    const { f } = euStackWithBucketAbroad();
    Aspects.of(f.stack).add(new SovereigntyChecks());
    expect(() => Testing.synth(f.stack)).not.toThrow();
    expect(() => Testing.fullSynth(f.stack)).toThrow(/Sovereign-ResidencyRegion/);
  });
});

describe('suppressions', () => {
  test('need a rule id and a written reason', () => {
    const f = new Fixture(EU);
    expect(() => SovereigntyChecks.suppress(f.stack, 'ResidencyRegion', 'why')).toThrow(/is not a rule id/);
    expect(() => SovereigntyChecks.suppress(f.stack, 'Sovereign-ResidencyRegion', '  ')).toThrow(/needs a written reason/);
  });

  test('narrow to one rule: the others still fire on the resource', () => {
    const { f, abroad } = euStackWithBucketAbroad();
    SovereigntyChecks.suppress(abroad, 'Sovereign-ResidencyRegion', 'test');
    const on = SovereigntyChecks.check(f.stack).findings.filter((x) => x.resource === addressOf(abroad));
    expect(on.find((x) => x.ruleId === 'Sovereign-ResidencyRegion')).toMatchObject({ suppressed: true, suppressionReason: 'test' });
    expect(on.filter((x) => x.ruleId === 'Sovereign-S3Encryption')).toEqual([expect.objectContaining({ suppressed: false })]);
  });

  test('on a wrapping construct they cover its resources only with applyToChildren', () => {
    const f = new Fixture(EU);
    const wrapper = new Construct(f.stack, 'store');
    const b = new S3Bucket(wrapper, 'bucket', { provider: f.aws('eu-west-2'), bucket: 'sovai-b' });
    const residency = () => SovereigntyChecks.check(f.stack).findings.find((x) => x.ruleId === 'Sovereign-ResidencyRegion' && x.resource === addressOf(b))!;
    SovereigntyChecks.suppress(wrapper, 'Sovereign-ResidencyRegion', 'wrapper only');
    expect(residency().suppressed).toBe(false);
    SovereigntyChecks.suppress(wrapper, 'Sovereign-ResidencyRegion', 'the whole store', { applyToChildren: true });
    expect(residency()).toMatchObject({ suppressed: true, suppressionReason: 'the whole store' });
  });

  test('a suppression naming no rule of the pack is warned about (a misspelt id would hide nothing)', () => {
    const { f, home } = euStackWithBucketAbroad();
    SovereigntyChecks.suppress(home, 'Sovereign-S3Encryptoin', 'typo');
    const pack = new SovereigntyChecks({ rules: [] });
    const annotations = pack.annotate(f.stack, pack.evaluate(f.stack, f.stack.toTerraform()));
    expect(annotations).toEqual([expect.objectContaining({ level: AnnotationMetadataEntryType.WARN, message: expect.stringMatching(/suppression of Sovereign-S3Encryptoin matches no rule/) })]);
  });

  test('a conditional suppression whose predicate throws hides nothing', () => {
    const { f } = euStackWithBucketAbroad();
    const boom = { ruleId: 'Sovereign-ResidencyRegion', reason: 'broken', appliesTo: () => { throw new Error('boom'); } };
    const findings = SovereigntyChecks.check(f.stack, { suppressions: [boom] }).findings.filter((x) => x.ruleId === 'Sovereign-ResidencyRegion');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((x) => !x.suppressed)).toBe(true);
  });
});

describe("a stack's jurisdiction", () => {
  test('from setJurisdiction, from a JurisdictionStack-like `policy.jurisdiction`, or none (residency rules do not run)', () => {
    const app = Testing.app();
    const marked = new TerraformStack(app, 'marked');
    SovereigntyChecks.setJurisdiction(marked, { id: 'de', countries: ['DE'] });
    expect(SovereigntyChecks.jurisdictionOf(marked)).toEqual({ id: 'de', countries: ['DE'], residency: 'DE' });
    class PolicyStack extends TerraformStack {
      public readonly policy = { jurisdiction: EU };
    }
    expect(SovereigntyChecks.jurisdictionOf(new PolicyStack(app, 'policy'))).toBe(EU);
    const none = new Fixture(null);
    new S3Bucket(none.stack, 'abroad', { provider: none.aws('eu-west-2'), bucket: 'sovai-x' });
    expect(SovereigntyChecks.check(none.stack).findings.filter((x) => x.family === 'residency')).toEqual([]);
    SovereigntyChecks.applyTo(none.app, { rules: ALL_RULES.filter((r) => r.family === 'residency' || r.id === 'Sovereign-S3AccessLogging') });
    none.app.synth();
    const report = reportOf(none.app, 'test');
    expect(report.jurisdiction).toBeNull();
    expect(report.rules).toEqual(['Sovereign-S3AccessLogging']);
  });

  test('setJurisdiction refuses what is not a list of ISO countries', () => {
    const f = new Fixture(null);
    expect(() => SovereigntyChecks.setJurisdiction(f.stack, { id: 'eu', countries: ['EU', 'UK'] })).toThrow(/not country codes: EU, UK/);
  });
});

test('a rule that throws becomes a finding at its level, never a crashed synth', () => {
  const broken = defineRule(
    { id: 'Sovereign-Broken', level: 'error', family: 'security', description: 'throws', appliesTo: ['aws_s3_bucket'] },
    function Broken(bucket) {
      if (bucket.name === 'home') throw new TypeError('cannot read properties of undefined');
      return nonCompliant('never reached for home');
    },
  );
  const { f, home } = euStackWithBucketAbroad();
  SovereigntyChecks.applyTo(f.app, { rules: [broken] });
  expect(() => f.app.synth()).toThrow(/\[Sovereign-Broken\] aws_s3_bucket\.home: the rule could not be evaluated \(cannot read properties of undefined\)/);
  expect(reportOf(f.app, 'test').findings).toContainEqual(expect.objectContaining({ ruleId: 'Sovereign-Broken', resource: addressOf(home), evaluationError: true, level: 'error' }));
});
