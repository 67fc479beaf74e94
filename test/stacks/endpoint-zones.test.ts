/**
 * The inference stack creates interface VPC endpoints (sagemaker.runtime, bedrock-runtime) in the base
 * stack's private subnets. CreateVpcEndpoint refuses a subnet in an Availability Zone the service does
 * not offer ("The VPC endpoint service ... does not support the Availability Zone of the subnet", AWS
 * Knowledge Center, interface-endpoint-availability-zone), and which zones offer a service differs per
 * service and region. So every interface endpoint of a region must be one the base stack's network
 * placed its subnets for (`data.aws_vpc_endpoint_service` of that region, intersected by zone).
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicy, loadPolicyFile, type SovereigntyPolicy } from '../../lib/policy';
import { buildApp } from '../../stacks/app';
import { DEFAULT_POLICY_FILE, DEFAULT_POLICY_YAML } from '../../stacks/default-policy';
import { readApp } from '../support/deploy-order';

const EU_SELF = '      selfHosted: *llm     # the same model server and artifacts key as above\n      azureOpenAi:         # managed model; DataZoneStandard keeps processing in the EU data zone\n';
const withBedrock = (): SovereigntyPolicy => {
  expect(DEFAULT_POLICY_YAML).toContain(EU_SELF);
  const source = DEFAULT_POLICY_YAML.replace(EU_SELF, `      bedrock: { models: [{ name: nova, modelId: amazon.nova-pro-v1:0 }] }\n${EU_SELF}`);
  const { policy, problems } = loadPolicy(source, DEFAULT_POLICY_FILE);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  return policy!;
};
const POLICIES_DIR = join(__dirname, '..', '..', 'stacks', 'policies');
const policies: [string, () => SovereigntyPolicy][] = [
  ['default policy', () => loadPolicy(DEFAULT_POLICY_YAML, DEFAULT_POLICY_FILE).policy!],
  ['default policy with Bedrock in the EU', withBedrock],
  ...readdirSync(POLICIES_DIR).filter((f) => f.endsWith('.yaml')).map((f) => [f, () => loadPolicyFile(join(POLICIES_DIR, f)).policy!] as [string, () => SovereigntyPolicy]),
];

type Json = Record<string, any>;
const values = (o: Json | undefined): Json[] => Object.values(o ?? {});
const regionOf = (json: Json, provider: string) => (json.provider.aws as Json[]).find((p) => `aws.${p.alias}` === provider)?.region as string;

/** Region → interface services each stack of a jurisdiction asks for or places subnets for. */
function interfaceServices(policy: SovereigntyPolicy) {
  const outdir = mkdtempSync(join(tmpdir(), 'endpoint-zones-'));
  buildApp(policy, { outdir }).app.synth();
  const app = readApp(outdir);
  return policy.jurisdictions.map((j) => {
    const id = j.jurisdiction.id;
    const base = app.stacks[`sovereign-${id}`];
    const inference = app.stacks[`sovereign-${id}-inference`];
    const placed = values(base.data?.aws_vpc_endpoint_service).map((s) => `${regionOf(base, s.provider)} ${s.service_name}`);
    const created = inference ? values(inference.resource?.aws_vpc_endpoint).filter((e) => e.vpc_endpoint_type === 'Interface').map((e) => `${regionOf(inference, e.provider)} ${e.service_name}`) : [];
    return { id, placed, created };
  });
}

describe.each(policies)('%s', (_name, policy) => {
  test('every interface endpoint of the inference stack is in subnets placed in zones that offer its service', () => {
    for (const { id, placed, created } of interfaceServices(policy())) {
      expect({ id, missing: created.filter((c) => !placed.includes(c)) }).toEqual({ id, missing: [] });
    }
  });
});

test('with Bedrock in the EU, eu-central-1 places its subnets for both runtimes', () => {
  const eu = interfaceServices(withBedrock()).find((j) => j.id === 'eu')!;
  expect(eu.created.sort()).toEqual(['eu-central-1 com.amazonaws.eu-central-1.bedrock-runtime', 'eu-central-1 com.amazonaws.eu-central-1.sagemaker.runtime']);
  expect(eu.placed.sort()).toEqual(eu.created.sort());
});
