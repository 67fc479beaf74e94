/** Guardrails from the policy: a stack per jurisdiction that asks, with exactly its allowed regions. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { resourcesOf, type SynthJson } from '../support/synth';

const EU_GUARDRAILS = `    guardrails:
      aws: { targetId: ou-ab12-cd34ef56 }
      azure: { managementGroupId: mg-eu-sovereign }
`;
const withGuardrails = (text: string) => DEFAULT_POLICY_YAML.replace('  - id: in\n', `${text}  - id: in\n`);

test('the eu guardrails stack denies every AWS region outside the EU and allows only EU Azure locations', () => {
  const { policy, problems } = loadPolicy(withGuardrails(EU_GUARDRAILS), DEFAULT_POLICY_FILE);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  const outdir = mkdtempSync(join(tmpdir(), 'guardrails-'));
  const built = buildApp(policy!, { outdir });
  built.app.synth();
  expect(Object.keys(built.guardrails)).toEqual(['eu']);
  const json: SynthJson = JSON.parse(readFileSync(join(outdir, 'stacks', 'sovereign-eu-guardrails', 'cdk.tf.json'), 'utf8'));
  expect(json.terraform!.backend.s3).toMatchObject({ bucket: 'sovereign-ai-eu-tfstate', key: 'sovereign-eu/guardrails.tfstate', region: 'eu-central-1' });
  const [[, scp]] = resourcesOf(json, 'aws_organizations_policy');
  const regionDeny = JSON.parse(scp.content).Statement[0];
  expect([...regionDeny.Condition.StringNotEquals['aws:RequestedRegion']].sort()).toEqual(['eu-central-1', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-3']);
  expect(resourcesOf(json, 'aws_organizations_policy_attachment').map(([, a]) => a.target_id)).toEqual(['ou-ab12-cd34ef56']);
  const locations = resourcesOf(json, 'azurerm_management_group_policy_assignment').filter(([, a]) => a.parameters).map(([, a]) => JSON.parse(a.parameters));
  expect(locations).toHaveLength(2);
  for (const p of locations) {
    expect(p.listOfAllowedLocations.value).not.toContain('uksouth');
    expect(p.listOfAllowedLocations.value).toContain('germanywestcentral');
  }
});

test.each([
  ['both Azure scopes', '    guardrails:\n      azure: { managementGroupId: mg, subscriptionId: 00000000-0000-0000-0000-000000000001 }\n', 'jurisdictions[1].guardrails.azure', /exactly one scope/],
  ['an invalid OU id', '    guardrails:\n      aws: { targetId: r-root }\n', 'jurisdictions[1].guardrails.aws.targetId', /organizational unit id/],
])('fails on %s', (_what, text, path, message) => {
  const errs = loadPolicy(withGuardrails(text), DEFAULT_POLICY_FILE).problems.filter((p) => p.severity === 'error');
  expect(errs.map((e) => e.path)).toEqual([path]);
  expect(errs[0].message).toMatch(message);
});
