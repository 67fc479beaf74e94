/**
 * The network baseline's zone choice, planned by the real Terraform against a mock AWS provider
 * (`terraform test`, `mock_provider` with `override_during = plan`, Terraform >= 1.11): subnets go to
 * the zone IDs of the zones that offer the required interface endpoint service (here
 * `sagemaker.runtime`), and the plan fails with the construct's message when fewer zones offer it.
 * Needs `terraform` and a filesystem mirror holding hashicorp/aws (TF_PLUGIN_MIRROR, else
 * /opt/tf-plugins); skipped, with the reason printed, where either is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktn';
import { AwsNetworkBaseline } from '../../lib/network';

const terraform = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
const mirror = process.env.TF_PLUGIN_MIRROR ?? '/opt/tf-plugins';
const awsVersions = existsSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws')) ? readdirSync(join(mirror, 'registry.terraform.io', 'hashicorp', 'aws')).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : [];
const skipReason = terraform.status !== 0 ? 'terraform is not on the PATH' : awsVersions.length === 0 ? `no hashicorp/aws in the provider mirror ${mirror} (set TF_PLUGIN_MIRROR)` : undefined;
if (skipReason) console.log(`skipped: the network zone choice is not planned by Terraform: ${skipReason}`);
const maybe = skipReason ? test.skip : test;

/** The baseline alone, as Terraform JSON for the mirror's aws version (its arguments exist in 5.x and 6.x alike). */
function workdir(): { dir: string; subnets: string[] } {
  const stack = new TerraformStack(Testing.app(), 'zones');
  const provider = new AwsProvider(stack, 'aws', { region: 'eu-central-1', alias: 'eu-central-1' });
  const network = new AwsNetworkBaseline(stack, 'network', { provider, namePrefix: 'zones', requiredEndpointServices: ['com.amazonaws.eu-central-1.sagemaker.runtime'] });
  const json = JSON.parse(Testing.synth(stack));
  json.terraform.required_providers.aws.version = awsVersions[0];
  const dir = mkdtempSync(join(tmpdir(), 'zones-tf-'));
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'cli.tfrc'), `provider_installation {\n  filesystem_mirror {\n    path    = "${mirror}"\n    include = ["registry.terraform.io/hashicorp/*"]\n  }\n}\n`);
  mkdirSync(join(dir, 'tests'));
  expect(network.privateSubnetIds).toHaveLength(2);
  return { dir, subnets: Object.keys(json.resource.aws_subnet) };
}

function tfTest(dir: string, offered: string[], body: string) {
  writeFileSync(join(dir, 'tests', 'zones.tftest.hcl'), `
mock_provider "aws" {
  alias           = "eu-central-1"
  override_during = plan
  mock_data "aws_availability_zones" {
    defaults = { names = ["eu-central-1a", "eu-central-1b", "eu-central-1c"], zone_ids = ["euc1-az2", "euc1-az3", "euc1-az1"] }
  }
  mock_data "aws_vpc_endpoint_service" {
    defaults = { availability_zones = ${JSON.stringify(offered)} }
  }
}
run "zones" {
  command = plan
${body}
}
`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: join(dir, 'cli.tfrc'), CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
  if (!existsSync(join(dir, '.terraform'))) {
    const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
    expect({ init: init.status, stderr: init.stderr }).toEqual({ init: 0, stderr: '' });
  }
  return spawnSync('terraform', ['test', '-no-color'], { cwd: dir, env, encoding: 'utf8' });
}

maybe('subnets go to the zone IDs of the zones where the endpoint service is offered', () => {
  const { dir, subnets } = workdir();
  // Offered in b and c only: zone a (the first name) must not be chosen; names map to their IDs.
  const r = tfTest(dir, ['eu-central-1b', 'eu-central-1c'], `
  assert {
    condition     = [aws_subnet.${subnets[0]}.availability_zone_id, aws_subnet.${subnets[1]}.availability_zone_id] == ["euc1-az3", "euc1-az1"]
    error_message = "subnets must use the zone IDs of eu-central-1b and eu-central-1c"
  }`);
  expect({ status: r.status, out: r.stdout }).toEqual({ status: 0, out: expect.stringContaining('1 passed, 0 failed') });
}, 180_000);

maybe('the plan fails with the construct\'s message when fewer zones than subnets offer the service', () => {
  const { dir, subnets } = workdir();
  const r = tfTest(dir, ['eu-central-1b'], `
  expect_failures = [aws_subnet.${subnets[0]}, aws_subnet.${subnets[1]}]`);
  expect({ status: r.status, out: r.stdout }).toEqual({ status: 0, out: expect.stringContaining('1 passed, 0 failed') });
  // Without expect_failures, the message a user sees.
  const plain = tfTest(dir, ['eu-central-1b'], '');
  expect(plain.status).not.toBe(0);
  expect(plain.stdout + plain.stderr).toMatch(/fewer than 2 availability zones of eu-central-1 need no opt-in and offer com\.amazonaws\.eu-central-1\.sagemaker\.runtime/);
}, 180_000);
