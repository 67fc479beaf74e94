/**
 * The policy's `sovereign` block: located errors (file:line:col, path, what is wrong, what is
 * allowed) for an operator or a place outside the jurisdiction and for a tier without the
 * jurisdiction's JWT; the tier's place in the failover chain.
 */
import { chainNames } from '../../lib/policy/validate-cutoff';
import { loadPolicy, policyFailoverChain } from '../../lib/policy';
import { EU_FILE, loadValid, policyText } from './support';

const EU = policyText(EU_FILE);
const FILE = 'eu.yaml';

/** Replaces the `nth` (1-based) occurrence of `from`. */
function replaceNth(text: string, from: string, to: string, nth = 1): string {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(from, at + 1);
  if (at < 0) throw new Error(`not found: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function lineOf(text: string, fragment: string, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) at = text.indexOf(fragment, at + 1);
  return text.slice(0, at).split('\n').length;
}

const errors = (text: string) => loadPolicy(text, FILE).problems.filter((p) => p.severity === 'error');

describe('located errors', () => {
  test('fails when the cluster operator is homed outside the jurisdiction, at the operator of each part it runs', () => {
    // The state stays with another FR operator here, so only the tier's parts are judged (a state operator homed outside is test/state's).
    const text = replaceNth(EU.replace('s3Compatible: { operator: natcloud-fr', 's3Compatible: { operator: natdns-fr'), 'natcloud-fr: { country: FR', 'natcloud-fr: { country: US');
    const e = errors(text);
    expect(e.map((p) => p.path)).toEqual(['jurisdictions[0].sovereign.operator', 'jurisdictions[0].sovereign.registry.operator', 'jurisdictions[0].sovereign.weights.operator']);
    expect(e[0]).toMatchObject({ file: FILE, line: lineOf(text, '      operator: natcloud-fr'), column: 17 });
    expect(e[0].message).toMatch(/operator "natcloud-fr" of the cluster is homed in .*United States.*outside jurisdiction "eu" \(AT, BE, .*\): a sovereign tier needs an operator homed inside it, or a cut-off of US reaches it/);
  });

  test('fails when the cluster runs outside the jurisdiction, naming the allowed countries', () => {
    const text = replaceNth(EU, '      country: FR', '      country: CH');
    const [e] = errors(text);
    expect(e).toMatchObject({ path: 'jurisdictions[0].sovereign.country', line: lineOf(text, '      country: CH') });
    expect(e.message).toMatch(/^the cluster runs in .*Switzerland.*, outside jurisdiction "eu"; allowed: AT, BE/);
  });

  test('fails when the registry is run by an undeclared operator', () => {
    const text = replaceNth(EU, 'registry: { host: registry.natcloud.example.eu, operator: natcloud-fr', 'registry: { host: registry.natcloud.example.eu, operator: hub-us');
    const [e] = errors(text);
    expect(e).toMatchObject({ path: 'jurisdictions[0].sovereign.registry.operator', line: lineOf(text, 'operator: hub-us') });
    expect(e.message).toMatch(/unknown operator "hub-us" of the registry; declare it under `operators`/);
  });

  test('fails when the jurisdiction has no client JWT: the tier serves the same credential as every tier', () => {
    const text = EU.replace(/\n {4}clients: .*\n/, '\n');
    const e = errors(text);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ path: 'jurisdictions[0].sovereign', line: lineOf(text, '    sovereign:') });
    expect(e[0].message).toMatch(/give `clients.issuer` and `clients.audience`/);
  });

  test('fails on an image without a tag or digest, with the allowed form', () => {
    const text = replaceNth(EU, 'vllm: vllm/vllm-openai:v0.11.0', 'vllm: vllm/vllm-openai');
    const [e] = errors(text);
    expect(e).toMatchObject({ path: 'jurisdictions[0].sovereign.images.vllm', line: lineOf(text, 'vllm: vllm/vllm-openai') });
    expect(e.message).toMatch(/with a tag or digest/);
  });
});

describe('the failover chain', () => {
  test('the tier is last by default, with its own host name, operator and country', () => {
    const p = loadValid(EU);
    expect(policyFailoverChain(p.jurisdictions[0], p.domain).map((e) => [e.name, e.hostname, e.operator, e.country])).toEqual([
      ['aws-eu-central-1', 'eu-central-1.eu.ai.example.eu', 'aws', 'DE'],
      ['sovereign', 'llm.natcloud.example.eu', 'natcloud-fr', 'FR'],
    ]);
  });
  test('position 1 puts it first', () => {
    const p = loadValid(EU.replace('      operator: natcloud-fr\n      country: FR\n', '      operator: natcloud-fr\n      country: FR\n      position: 1\n'));
    expect(chainNames(p.jurisdictions[0])).toEqual(['sovereign', 'aws-eu-central-1']);
  });
});
