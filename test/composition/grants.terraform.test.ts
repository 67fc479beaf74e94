/**
 * The store grants through the real Terraform (the gate of test/support/terraform-gate.ts): a library
 * user's app with a replicated ResidencyBucket, a read grant and a read-write grant passes
 * `terraform init` (configuration), and where a provider mirror exists, `terraform validate` and a
 * `terraform test` plan against mock providers: the `aws_kms_grant` constraints block and the bucket
 * policy with the grant statements are arguments the provider accepts and plans.
 * Skips visibly where terraform is absent; SOVEREIGN_TERRAFORM_GATE=required makes that a failure.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktn';
import { AwsNetworkBaseline, RegionalKeys, ResidencyStorage, findRegion, jurisdiction } from '../../lib';
import { runGate } from '../support/terraform-gate';
import { findPluginMirror, findTerraform, formatDiagnostic } from '../support/terraform-tool';

const required = process.env.SOVEREIGN_TERRAFORM_GATE === 'required';
const tool = findTerraform();
const mirror = 'found' in tool ? findPluginMirror() : undefined;
const skipReason = !('found' in tool) ? tool.reason : mirror && !('found' in mirror) ? mirror.reason : !tool.found.canMockPlan ? `terraform ${tool.found.version} is older than 1.11` : undefined;
if (skipReason) console.warn(`skipped: store grants are not planned by Terraform: ${skipReason}`);
const maybe = skipReason && !required ? test.skip : test;

function synthGrantApp(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'grants-app-'));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, 'grants');
  const aws = (['eu-central-1', 'eu-west-3'] as const).map((code, i) => {
    const provider = new AwsProvider(stack, `aws-${code}`, { alias: code, region: code });
    const network = new AwsNetworkBaseline(stack, `net-${code}`, { provider, namePrefix: 'grants', cidrBlock: `10.${10 + i}.0.0/16` });
    return { role: i === 0 ? 'primary' as const : 'secondary' as const, region: findRegion('aws', code)!, provider, network };
  });
  const keys = new RegionalKeys(stack, 'keys', { placement: { jurisdiction: jurisdiction('eu', { preset: 'EU' }), aws, azure: [] } });
  const storage = new ResidencyStorage(stack, 'storage', {
    stores: [{ name: 'docs', classification: 'confidential', replication: true, noncurrentVersionExpirationDays: 90, privateOnly: true }],
    keys,
    namespace: 'acme',
  });
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'sagemaker.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
  const reader = new IamRole(stack, 'reader', { provider: aws[0].provider, name: 'docs-reader', assumeRolePolicy: trust });
  const writer = new IamRole(stack, 'writer', { provider: aws[0].provider, name: 'docs-writer', assumeRolePolicy: trust });
  storage.store('docs').aws!.grantRead({ principalId: reader.arn });
  storage.store('docs').aws!.grantReadWrite({ principalId: writer.arn });
  app.synth();
  return outdir;
}

maybe('a replicated, private store with a read and a read-write grant passes init, validate and a mock plan', async () => {
  if (!('found' in tool)) throw new Error(`SOVEREIGN_TERRAFORM_GATE=required: ${tool.reason}`);
  const report = await runGate(tool.found, mirror && 'found' in mirror ? mirror.found : undefined, [{ label: 'grants', outdir: synthGrantApp() }]);
  expect(report.config.flatMap((c) => c.configErrors.map(formatDiagnostic))).toEqual([]);
  expect(report.config.map((c) => c.valid)).toEqual([true]);
  const [result] = report.plan!.results;
  expect({ status: result.status, errors: result.errors }).toEqual({ status: 'pass', errors: [] });
  // The grant resources are planned, not dropped as arguments the mirror's provider does not know.
  expect(result.drift.filter((d) => d.address.includes('aws_kms_grant') || d.address.includes('aws_s3_bucket_policy'))).toEqual([]);
  expect(result.resources).toBeGreaterThan(0);
}, 600_000);
