/** probe's targets: each service name with the tiers DNS can send it to (the country-routed name not to API Management). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy } from '../../lib/policy';
import { probeTargets } from '../../lib/probe/targets';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

const names = (tiers: readonly { name: string }[] | undefined) => tiers?.map((t) => t.name);

test('india-only: api.in.<domain> reaches both tiers, api.<domain> only the API Gateway tier', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'stacks', 'policies', 'india-only.yaml'), 'utf8');
  const [j] = probeTargets(loadPolicy(text, 'india-only.yaml').policy!);
  expect(j.serviceNames).toEqual(['api.ai.example.in', 'api.in.ai.example.in']);
  expect(names(j.tiersByName.get('api.in.ai.example.in'))).toEqual(['aws-ap-south-1', 'azure-southindia']);
  expect(names(j.tiersByName.get('api.ai.example.in'))).toEqual(['aws-ap-south-1']);
});

test('the default policy: in every jurisdiction the country-routed name reaches the AWS tier only', () => {
  for (const j of probeTargets(loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE).policy!)) {
    expect(names(j.tiersByName.get('api.ai.example.com'))).toEqual([j.tiers[0].name]);
    expect(j.tiers[0].name).toMatch(/^aws-/);
    expect(names(j.tiersByName.get(j.failoverName))).toEqual(j.tiers.map((t) => t.name));
  }
});
