/**
 * The model lifecycle table, pinned to its dated source, and what the policy does with it: a retired
 * version is a located error, a deprecated one a warning, and no shipped policy deploys either.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AZURE_OPENAI_LIFECYCLE,
  AZURE_OPENAI_LIFECYCLE_SOURCE,
  AZURE_OPENAI_OFFERS,
  RETIRING_SOON_DAYS,
  azureOpenAiLifecycle,
  bedrockLifecycle,
} from '../../lib/catalog';
import { STARTER_PRESETS, starterPolicy } from '../../lib/cli/init';
import { loadPolicy, policyAsOf, type PolicyProblem } from '../../lib/policy';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';

const day = (d: string) => new Date(`${d}T00:00:00Z`);

describe('Azure OpenAI lifecycle table', () => {
  test('is pinned to Microsoft\'s retirement schedule of 2026-07-07, read 2026-11-29', () => {
    expect(AZURE_OPENAI_LIFECYCLE_SOURCE).toEqual({
      source: 'MicrosoftDocs/azure-ai-docs articles/foundry/openai/includes/concepts-model-retirement-schedule-content.md@00bb5540',
      sourceDate: '2026-07-07',
      readOn: '2026-11-29',
    });
  });

  // The rows of the source table (model | version | lifecycle | retirement date | replacement) for every
  // model the offer matrix records, copied here by hand: a change to the table must be a change to this list.
  test.each([
    ['gpt-4o', '2024-05-13', 'Deprecated', '2026-10-01', 'gpt-5.1'],
    ['gpt-4o', '2024-08-06', 'Deprecated', '2026-10-01', 'gpt-5.1'],
    ['gpt-4o', '2024-11-20', 'Deprecated', '2026-10-01', 'gpt-5.1'],
    ['gpt-4o-mini', '2024-07-18', 'Deprecated', '2026-10-01', 'gpt-4.1-mini'],
    ['gpt-4.1', '2025-04-14', 'Deprecated', '2026-10-14', undefined],
    ['gpt-4.1-mini', '2025-04-14', 'Deprecated', '2026-10-14', undefined],
    ['gpt-4.1-nano', '2025-04-14', 'Deprecated', '2026-10-14', undefined],
    ['gpt-5', '2025-08-07', 'GA', '2027-02-06', undefined],
    ['gpt-5-mini', '2025-08-07', 'GA', '2027-02-06', undefined],
    ['gpt-5-nano', '2025-08-07', 'GA', '2027-02-06', undefined],
    ['gpt-5.1', '2025-11-13', 'GA', '2027-05-15', undefined],
    ['gpt-5.2', '2025-12-11', 'GA', '2026-12-12', undefined],
    ['gpt-5.4', '2026-03-05', 'GA', '2027-03-05', undefined],
    ['o1', '2024-12-17', 'Deprecated', '2026-09-16', undefined],
    ['o3', '2025-04-16', 'GA', '2026-10-16', undefined],
    ['o3-mini', '2025-01-31', 'Deprecated', '2026-10-01', 'o4-mini'],
    ['o4-mini', '2025-04-16', 'Deprecated', '2026-10-16', undefined],
    ['text-embedding-3-large', '1', 'GA', '2027-04-15', undefined],
    ['text-embedding-3-small', '1', 'GA', '2027-04-15', undefined],
    ['text-embedding-ada-002', '2', 'GA', '2027-04-15', undefined],
    ['whisper', '001', 'GA', '2026-12-15', undefined],
  ])('%s %s: %s, retires %s', (model, version, stage, retiresOn, replacement) => {
    expect(AZURE_OPENAI_LIFECYCLE.find((e) => e.model === model && e.version === version)).toEqual({ model, version, stage, retiresOn, replacement });
  });

  test('every model version the offer matrix records has a lifecycle row (no silent "unknown")', () => {
    const offered = [...new Set(AZURE_OPENAI_OFFERS.map((o) => `${o.model} ${o.version}`))];
    const missing = offered.filter((k) => !AZURE_OPENAI_LIFECYCLE.some((e) => `${e.model} ${e.version}` === k));
    expect(missing).toEqual([]);
    expect(AZURE_OPENAI_LIFECYCLE).toHaveLength(21);
  });

  test.each([
    ['gpt-4o', '2024-11-20', '2026-09-30', 'deprecated', 1],
    ['gpt-4o', '2024-11-20', '2026-10-01', 'retired', 0],
    ['gpt-5.1', '2025-11-13', '2026-11-29', 'current', 167],
    ['gpt-5.1', '2025-11-13', '2027-02-15', 'deprecated', 89], // within RETIRING_SOON_DAYS
    ['gpt-5.2', '2025-12-11', '2026-11-29', 'deprecated', 13],
    ['gpt-5.4', '2026-03-05', '2026-11-29', 'current', 96],
    ['gpt-5.4', '2026-03-05', '2026-12-05', 'deprecated', 90],
    ['gpt-99', '1', '2026-11-29', 'unknown', undefined],
  ])('%s %s on %s is %s (%s days left)', (model, version, asOf, status, daysLeft) => {
    const v = azureOpenAiLifecycle(model, version, day(asOf));
    expect(v.status).toBe(status);
    expect(v.daysLeft).toBe(daysLeft);
    expect(RETIRING_SOON_DAYS).toBe(90);
  });

  test('Bedrock ids have no verified stage: a visible "check it" verdict, never a silent pass', () => {
    expect(bedrockLifecycle('eu.anthropic.claude-sonnet-4-5-20250929-v1:0', day('2026-11-29'))).toMatchObject({
      status: 'unknown',
      explanation: expect.stringMatching(/^Bedrock model anthropic\.claude-sonnet-4-5-20250929-v1:0 has no verified lifecycle stage .*model-lifecycle\.html.*GetFoundationModel/),
    });
  });
});

describe('the policy and the lifecycle', () => {
  const IN_AZURE = '        deployments: [{ model: gpt-5.1, deploymentType: ProvisionedManaged, capacity: 50 }]';
  const US_AZURE = '        deployments: [{ model: gpt-5.1, capacity: 10 }]   # GA until 2027-05-15 (gpt-4o retired 2026-10-01)';
  const load = (source: string, env: Record<string, string> = {}): readonly PolicyProblem[] => {
    const saved = process.env.SOVEREIGN_AS_OF;
    Object.assign(process.env, env);
    try {
      return loadPolicy(source, DEFAULT_POLICY_FILE).problems;
    } finally {
      if (saved === undefined) delete process.env.SOVEREIGN_AS_OF;
      else process.env.SOVEREIGN_AS_OF = saved;
    }
  };
  const lineOf = (source: string, text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1;

  test('fails with file:line:col when a deployment names a retired version', () => {
    expect(DEFAULT_POLICY_YAML).toContain(US_AZURE);
    const source = DEFAULT_POLICY_YAML.replace(US_AZURE, '        deployments: [{ model: gpt-4o, version: "2024-11-20", capacity: 10 }]');
    const errors = load(source, { SOVEREIGN_AS_OF: '2026-11-29' }).filter((p) => p.severity === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        file: DEFAULT_POLICY_FILE,
        line: lineOf(source, 'version: "2024-11-20"'),
        column: source.split('\n')[lineOf(source, 'version: "2024-11-20"') - 1].indexOf('"2024-11-20"') + 1,
        path: 'jurisdictions[0].inference.azureOpenAi.deployments[0].version',
        message: expect.stringMatching(/gpt-4o 2024-11-20 was retired on 2026-10-01 and its deployments return errors .*dated 2026-07-07\); suggested replacement: gpt-5\.1; current in eastus2 on 2026-11-29: .*gpt-5\.1 2025-11-13 \(DataZoneStandard/),
      }),
    ]);
  });

  test('fails at the model when every version offered there is retired', () => {
    const source = DEFAULT_POLICY_YAML.replace(US_AZURE, '        deployments: [{ model: gpt-4o, capacity: 10 }]');
    const errors = load(source, { SOVEREIGN_AS_OF: '2026-11-29' }).filter((p) => p.severity === 'error');
    expect(errors.map((e) => [e.path, e.line])).toEqual([['jurisdictions[0].inference.azureOpenAi.deployments[0].model', lineOf(source, 'model: gpt-4o, capacity: 10')]]);
    expect(errors[0].message).toMatch(/every version of gpt-4o offered as DataZoneStandard in eastus2 is retired/);
  });

  test('warns (and still validates) when a deployment names a deprecated or soon-retiring version', () => {
    const source = DEFAULT_POLICY_YAML.replace(US_AZURE, '        deployments: [{ model: gpt-5.2, capacity: 10 }]');
    const problems = load(source, { SOVEREIGN_AS_OF: '2026-11-29' });
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => p.path.startsWith('jurisdictions[0].inference')).map((p) => [p.severity, p.path, p.message])).toEqual([
      ['warning', 'jurisdictions[0].inference.azureOpenAi.deployments[0].model', expect.stringMatching(/^gpt-5\.2 2025-12-11 retires on 2026-12-12, in 13 days \(under 90\).*; pick a current version$/)],
    ]);
  });

  test('the same policy was valid on a day gpt-4o was current: the day is an input (SOVEREIGN_AS_OF)', () => {
    const source = DEFAULT_POLICY_YAML.replace(US_AZURE, '        deployments: [{ model: gpt-4o, version: "2024-11-20", capacity: 10 }]');
    expect(load(source, { SOVEREIGN_AS_OF: '2026-05-01' }).filter((p) => p.severity === 'error')).toEqual([]);
    expect(policyAsOf({ SOVEREIGN_AS_OF: '2026-05-01' }).toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(Math.abs(policyAsOf({ SOVEREIGN_AS_OF: 'yesterday' }).getTime() - Date.now())).toBeLessThan(60_000);
    expect(DEFAULT_POLICY_YAML).toContain(IN_AZURE);
  });

  // No shipped policy deploys a retired or deprecated model, judged on the day the tests run.
  const shipped: [string, string][] = [
    ['the default policy', DEFAULT_POLICY_YAML],
    ...readdirSync(join(__dirname, '../../stacks/policies')).map((f): [string, string] => [`stacks/policies/${f}`, readFileSync(join(__dirname, '../../stacks/policies', f), 'utf8')]),
    ...STARTER_PRESETS.map((p): [string, string] => [`the ${p} starter`, starterPolicy(p, 'schema.json')]),
  ];
  test.each(shipped)('%s deploys no retired or deprecated model today', (_name, source) => {
    const problems = load(source);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(problems.filter((p) => /retire|deprecated|lifecycle/.test(p.message))).toEqual([]);
  });
});
