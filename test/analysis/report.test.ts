/**
 * The residency report: Markdown with a valid Mermaid flowchart per jurisdiction, JSON with the
 * matrix, both written next to the synthesized stacks; and the topology of other shapes of app
 * (AWS European Sovereign Cloud, Traffic Manager).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSynth, jurisdictionDiagram, mermaidText, REPORT_FILES, writeSovereigntyReport } from '../../lib/analysis';
import { defaultWithDemands, defaultWithNationalCloud, mermaidBlocks, mermaidProblems, synthPolicy } from './support';

/** The diagram under each jurisdiction's `### Diagram` heading (the report's other diagrams are cut-off paths). */
const jurisdictionDiagrams = (md: string) => md.split('### Diagram\n').slice(1).map((part) => mermaidBlocks(part)[0]);

describe('the Mermaid checker used below', () => {
  test.each([
    ['flowchart LR\n  n1["a"]\n  n1 --> n2', 'edge to undeclared node n2'],
    ['flowchart LR\n  n1["a"\n', 'unbalanced brackets'],
    ['flowchart LR\n  end["a"]', 'reserved node id: end'],
    ['graph\n  n1["a"]', 'bad header'],
    ['flowchart LR\n  n1["a "b" c"]', 'neither a node nor an edge'],
  ])('fails on %j', (source, problem) => {
    expect(mermaidProblems(source).join('\n')).toContain(problem);
  });
});

describe('writeSovereigntyReport', () => {
  const { outdir, policy } = synthPolicy(defaultWithNationalCloud({ dns: true, domain: 'ai.example.eu', survives: '[cutoff:US]' }));
  const { analysis, refusals, files } = writeSovereigntyReport(outdir, policy);
  const md = readFileSync(join(outdir, REPORT_FILES.markdown), 'utf8');

  test('writes the declarations, the Markdown and the JSON report into the output folder', () => {
    expect(files.map((f) => f.slice(outdir.length + 1))).toEqual(['sovereignty-declarations.json', 'sovereignty-report.md', 'sovereignty-report.json']);
    for (const f of files) expect(existsSync(f)).toBe(true);
    expect(refusals).toEqual([]);
    expect(analysis.refusals).toEqual([]);
  });

  test('renders one Mermaid flowchart per jurisdiction (plus one per survived cut-off path), syntactically plausible', () => {
    expect(jurisdictionDiagrams(md)).toHaveLength(3);
    const blocks = mermaidBlocks(md);
    expect(blocks).toHaveLength(3 + (md.match(/#### The path that answers under/g) ?? []).length);
    for (const b of blocks) expect(mermaidProblems(b)).toEqual([]);
  });

  test('the eu diagram goes clients → DNS → gateways → models → stores, with the declared DNS path dotted', () => {
    const eu = jurisdictionDiagrams(md)[0];
    expect(eu).toMatch(/^flowchart LR\n {2}n1\(\["clients of eu: 27 countries \(AT BE BG CY CZ DE \.\.\.\)"\]\)\n {2}n2\{\{"ai\.example\.eu: geolocation \(route53, global, aws US\)"\}\}\n {2}n1 --> n2\n/);
    expect(eu).toContain('-->|delegation|');
    expect(eu).toMatch(/\["aws-eu-central-1: API Gateway eu-eu-central-1-inference \(eu-central-1, aws US\)"\]/);
    expect(eu).toMatch(/\["SageMaker endpoint sovai-eu-llm \(ml\.g5\.2xlarge × 1\) \(eu-central-1, aws US\)"\]/);
    expect(eu).toMatch(/n\d+ -->\|artifacts\| n\d+/);
    expect(eu).toMatch(/\[\("store models: S3 bucket sovai-eu-models-eu-central-1-#60;account#62; \(eu-central-1, aws US\)"\)\]/);
    expect(eu).toMatch(/n1 -\. when the main DNS fails \.-> n\d+/);
    expect(eu).toMatch(/\{\{"natdns: declared DNS provider \(natcloud-fr FR\)"\}\}/);
  });

  test('the Markdown has the sections the issue asks for, and the matrix rows', () => {
    for (const heading of ['### Regions', '### Failover chain', '### Gateways and models', '### Data stores and keys', '### State', '### What crosses a border, and why it is allowed', '### Scenario matrix', '### Diagram', '## Assumptions']) {
      expect(md.split('\n').filter((l) => l === heading)).toHaveLength(3 * Number(heading.startsWith('###')) || 1);
    }
    expect(md).toContain('| eu | 12 of 12 | none | cutoff:US: ok |');
    expect(md).toContain('| us | 6 of 8 | `dns:route53`, `cutoff:US` | none |');
    expect(md).toMatch(/\| `cutoff:US` \| operators whose home is in US \(United States\) are cut off \| yes \| \*\*no\*\* \| \*\*no\*\* \| answered by natcloud/);
  });

  test('the JSON report holds the matrix and the demands', () => {
    const json = JSON.parse(readFileSync(join(outdir, REPORT_FILES.json), 'utf8'));
    const eu = json.jurisdictions.find((j: { id: string }) => j.id === 'eu');
    expect(eu.matrix.find((o: { scenario: string }) => o.scenario === 'cutoff:US').inference.ok).toBe(true);
    expect(eu.demands).toEqual([{ demand: 'cutoff:US', ok: true, failures: [] }]);
    expect(eu.regions).toEqual(['eu-central-1', 'swedencentral', 'eu-west-3', 'germanywestcentral', 'germanynorth']);
    expect(json.refusals).toEqual([]);
  });

  test('a refused demand is listed at the top of the Markdown', () => {
    const demanded = synthPolicy(defaultWithDemands('[]', '[cutoff:US]'));
    const result = writeSovereigntyReport(demanded.outdir, demanded.policy);
    expect(result.refusals).toHaveLength(1);
    expect(readFileSync(join(demanded.outdir, REPORT_FILES.markdown), 'utf8')).toMatch(/## Refused\n\n- jurisdiction us, scenario cutoff:US: DNS: the \.com registry VeriSign Global Registry Services \(operator verisign, US\) is cut off/);
  });

  test('mermaidText escapes what would end or break a label', () => {
    expect(mermaidText('a "b" <c>\nd')).toBe('a #quot;b#quot; #60;c#62; d');
  });
});

describe('other shapes of app', () => {
  test('AWS European Sovereign Cloud: its zone is route53-eusc and a US cut-off spares it, not the parent zone', () => {
    const text = `version: 1
name: eusc-test
domain: ki.example.de
routing: { default: none }
contact: { email: ops@example.de }
dns:
  provider: route53
  state: { aws: { bucket: eusc-routing-tfstate, region: eu-central-1 } }
jurisdictions:
  - id: de
    countries: [DE]
    aws: { primary: eusc-de-east-1 }
    azure: { primary: germanywestcentral, secondary: germanynorth, deployer: { ipRanges: [203.0.113.10/32] } }
    state: { aws: { bucket: eusc-de-tfstate, region: eusc-de-east-1 } }
    inference:
      azureOpenAi: { deployments: [{ model: gpt-4o, deploymentType: ProvisionedManaged, capacity: 15 }] }   # current on SOVEREIGN_AS_OF below
    failover:
      external: [{ name: natcloud, hostname: ai.natcloud.example.de, operator: aws-eusc, country: DE }]
`;
    // gpt-4o (retired 2026-10-01) was the only model offered as regional ProvisionedManaged in germanywestcentral
    // on the 04/30/2026 matrix: judge the lifecycle on a day it was current.
    process.env.SOVEREIGN_AS_OF = '2026-05-01';
    let outdir: string;
    try {
      outdir = synthPolicy(text).outdir;
    } finally {
      delete process.env.SOVEREIGN_AS_OF;
    }
    const a = analyzeSynth(outdir);
    const de = a.jurisdictions[0];
    expect(de.topology.zone!.component).toMatchObject({ operator: 'aws-eusc', dnsProvider: 'route53-eusc' });
    expect(de.outcomes.map((o) => o.scenario)).toEqual(['region:germanywestcentral', 'region:eusc-de-east-1', 'cloud:azure', 'cloud:aws-eusc', 'dns:route53', 'dns:route53-eusc', 'cutoff:US', 'cutoff:DE']);
    const cut = de.outcomes.find((o) => o.scenario === 'cutoff:US')!;
    expect(cut.state.ok).toBe(true);
    expect(cut.inference.broken).toEqual(['DNS: route53 (operator aws, US) is cut off: ki.example.de does not resolve', 'still serving but unreachable: natcloud']);
    expect(mermaidProblems(jurisdictionDiagram(de.topology, a.topology))).toEqual([]);
  });

  test('Traffic Manager: the chain comes from the priorities, and its outage is dns:traffic-manager', () => {
    const text = `version: 1
name: tm-test
domain: ai.example.org
routing: { default: none }
dns:
  provider: azure
  azure: { location: westeurope }
  state: { aws: { bucket: tm-test-routing-tfstate, region: eu-central-1 } }
jurisdictions:
  - id: eu
    preset: EU
    aws: { primary: eu-central-1, secondary: eu-west-3 }
    state: { aws: { bucket: tm-test-eu-tfstate, region: eu-central-1 } }
    failover:
      endpoints:
        - { name: gw-a, hostname: a.gw.example.org, operator: aws, country: DE, contract: { api: openai-v1, issuer: "https://id.example.org", audience: ai, hostnames: [a.gw.example.org] } }
        - { name: gw-b, hostname: b.gw.example.org, operator: azure, country: FR, contract: { api: openai-v1, issuer: "https://id.example.org", audience: ai, hostnames: [b.gw.example.org] } }
`;
    const a = analyzeSynth(synthPolicy(text).outdir);
    const eu = a.jurisdictions[0];
    expect(eu.topology.chain.map((l) => [l.name, l.via])).toEqual([['gw-a', 'Traffic Manager priority 1'], ['gw-b', 'Traffic Manager priority 2']]);
    expect(eu.topology.clientCountries).toHaveLength(27);
    expect(eu.outcomes.map((o) => o.scenario)).toEqual(['region:eu-central-1', 'cloud:aws', 'cloud:azure', 'dns:traffic-manager', 'cutoff:US']);
    expect(eu.outcomes.find((o) => o.scenario === 'cloud:aws')!.inference.summary).toBe('gw-b (b.gw.example.org, operator azure, US, runs in FR) via Traffic Manager priority 2 → b.gw.example.org');
    expect(eu.outcomes.find((o) => o.scenario === 'dns:traffic-manager')!.inference.broken[0]).toBe('DNS: traffic-manager (operator azure, US) does not answer');
    expect(mermaidProblems(jurisdictionDiagram(eu.topology, a.topology))).toEqual([]);
  });
});
