/**
 * The pack on the app `npm run synth` builds (the embedded default policy): no error and no
 * warning, only the project's deliberate suppressions (each still needed), a report per stack;
 * and a resource a user moves abroad through an escape hatch fails the synthesis.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformResource } from 'cdktn';
import { ALL_RULES, PROJECT_SUPPRESSIONS, SovereigntyChecks, type FindingsReport } from '../../lib/checks';
import { loadPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

const { policy } = loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE);
const STACKS = ['sovereign-dns', 'sovereign-eu', 'sovereign-eu-inference', 'sovereign-in', 'sovereign-in-inference', 'sovereign-routing', 'sovereign-us', 'sovereign-us-inference'];

/** The default app with the pack, whether buildApp applies it already or not. */
function synthesized() {
  const built = buildApp(policy!, { outdir: mkdtempSync(join(tmpdir(), 'checks-default-')) });
  if (!SovereigntyChecks.packOf(built.stacks[0])) SovereigntyChecks.applyTo(built.app, { suppressions: PROJECT_SUPPRESSIONS });
  return built;
}
const reportOf = (outdir: string, stack: string): FindingsReport => JSON.parse(readFileSync(join(outdir, 'stacks', stack, SovereigntyChecks.REPORT_FILE), 'utf8'));

describe('the default policy app with the pack applied', () => {
  const { app } = synthesized();
  app.synth();
  const reports = Object.fromEntries(STACKS.map((s) => [s, reportOf(app.outdir, s)]));

  test('writes sovereignty-findings.json next to each cdk.tf.json', () => {
    for (const s of STACKS) expect(existsSync(join(app.outdir, 'stacks', s, 'cdk.tf.json'))).toBe(true);
    expect(reports['sovereign-eu'].jurisdiction).toEqual({ id: 'eu', countries: expect.arrayContaining(['DE', 'FR']) });
    expect(reports['sovereign-routing'].jurisdiction).toBeNull();
    expect(reports['sovereign-dns'].jurisdiction).toBeNull();
    expect(reports['sovereign-eu-inference'].jurisdiction).toEqual({ id: 'eu', countries: expect.arrayContaining(['DE', 'FR']) });
    expect(reports['sovereign-in-inference'].rules).toEqual(ALL_RULES.map((r) => r.id));
    expect(reports['sovereign-in'].rules).toEqual(ALL_RULES.map((r) => r.id));
    expect(reports['sovereign-routing'].rules).toEqual(ALL_RULES.filter((r) => r.family !== 'residency').map((r) => r.id));
  });

  test.each(STACKS)('%s: zero errors and zero warnings', (stack) => {
    expect(reports[stack].findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(reports[stack].summary).toMatchObject({ errors: 0, warnings: 0 });
  });

  test('only the deliberate exceptions are suppressed, each with its written reason', () => {
    const reasons = Object.fromEntries(PROJECT_SUPPRESSIONS.map((s) => [s.ruleId, s.reason]));
    const suppressed = Object.fromEntries(
      STACKS.map((s) => [s, reports[s].findings.map((f) => `${f.ruleId} ${f.resource.replace(/\.[^.]+$/, '')} ${f.resource.includes('log-bucket') ? '(log bucket)' : ''}`.trim()).sort()]),
    );
    const perJurisdiction = ['Sovereign-S3Replication aws_s3_bucket (log bucket)', 'Sovereign-S3Replication aws_s3_bucket (log bucket)'];
    // Every zone lives in the DNS stack: the parent and the three jurisdiction zones.
    const zones = ['Sovereign-Route53Dnssec aws_route53_zone', 'Sovereign-Route53QueryLogging aws_route53_zone'];
    expect(suppressed).toEqual({
      'sovereign-dns': [...zones, ...zones, ...zones, ...zones].sort(),
      'sovereign-eu': perJurisdiction,
      'sovereign-eu-inference': [],
      'sovereign-in': perJurisdiction,
      'sovereign-in-inference': [],
      'sovereign-us': perJurisdiction,
      'sovereign-us-inference': [],
      'sovereign-routing': [],
    });
    for (const f of STACKS.flatMap((s) => reports[s].findings)) expect(f).toMatchObject({ suppressed: true, suppressionReason: reasons[f.ruleId] });
  });
});

test('each project suppression is still needed: without them, exactly those findings remain, all warnings', () => {
  const { stacks, routing, dns, inferenceStacks } = buildApp(policy!, { outdir: mkdtempSync(join(tmpdir(), 'checks-default-')) });
  const all = [...stacks, ...Object.values(inferenceStacks), dns!, routing!].flatMap((s) => SovereigntyChecks.check(s).findings);
  expect(all.every((f) => !f.suppressed && f.level === 'warning')).toBe(true);
  expect([...new Set(all.map((f) => f.ruleId))].sort()).toEqual(PROJECT_SUPPRESSIONS.map((s) => s.ruleId).sort());
});

test("a user's escape hatch that moves a resource group to uksouth fails the synthesis, naming it and what follows it", () => {
  const { app, stacks } = synthesized();
  const eu = stacks.find((s) => s.node.id === 'sovereign-eu')!;
  const rg = eu.node.findAll().find((n): n is TerraformResource => n instanceof TerraformResource && n.terraformResourceType === 'azurerm_resource_group')!;
  rg.addOverride('location', 'uksouth');
  expect(() => app.synth()).toThrow(new RegExp(`\\[Sovereign-ResidencyRegion\\] azurerm_resource_group\\.${rg.friendlyUniqueId}: .* is in uksouth \\(London, GB \\(United Kingdom\\)\\), outside jurisdiction "eu"`));
  const errors = reportOf(app.outdir, 'sovereign-eu').findings.filter((f) => f.level === 'error' && !f.suppressed);
  expect(errors.map((f) => f.resource)).toContain(`azurerm_resource_group.${rg.friendlyUniqueId}`);
  expect(errors.filter((f) => f.message.includes('placed by the location of the resources it refers to')).length).toBeGreaterThan(0); // subnets and the like follow the group
  expect(existsSync(join(app.outdir, 'stacks', 'sovereign-eu', 'cdk.tf.json'))).toBe(false);
});

test('the rules follow cross-stack references: resources of sovereign-eu-inference placed by a base-stack resource group moved abroad fail', () => {
  const inferenceErrors = (move: boolean) => {
    const { stacks, inferenceStacks } = buildApp(policy!, { outdir: mkdtempSync(join(tmpdir(), 'checks-default-')) });
    const eu = stacks.find((s) => s.node.id === 'sovereign-eu')!;
    const rg = eu.node.findAll().find((n): n is TerraformResource => n instanceof TerraformResource && n.terraformResourceType === 'azurerm_resource_group' && n.node.path.includes('swedencentral'))!;
    if (move) rg.addOverride('location', 'uksouth');
    return SovereigntyChecks.check(inferenceStacks['sovereign-eu']).findings.filter((f) => f.ruleId === 'Sovereign-ResidencyRegion' && !f.suppressed);
  };
  expect(inferenceErrors(false)).toEqual([]);
  const errors = inferenceErrors(true);
  // Azure OpenAI's region (swedencentral): the account's private DNS zone and its VNet link have no location of their
  // own; they are placed by the base stack's resource group, across the stack boundary.
  expect(errors.map((f) => f.resource)).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_private_dns_zone\./), expect.stringMatching(/^azurerm_private_dns_zone_virtual_network_link\./)]));
  expect(errors.every((f) => f.level === 'error' && f.message.includes('uksouth'))).toBe(true);
});
