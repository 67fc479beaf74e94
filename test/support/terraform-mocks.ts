/**
 * What the gate plans: the AWS part of a synthesized stack, and a `terraform test` file that plans it
 * against mock providers with realistic values.
 *
 * Facts (terraform 1.11.4, seen here; docs: https://developer.hashicorp.com/terraform/language/tests/mocking):
 * - `mock_provider "aws" { alias = "<alias>" }` replaces the provider configuration of that alias,
 *   also in the alternate module a `run { module { source = "./..." } }` block plans; mocks never
 *   configure the provider (no credentials) but pass validation through to the real provider binary
 *   (terraform `internal/providers/mock.go`, `ValidateResourceConfig`), so the schema is the real one.
 * - `override_during = plan` (1.11) makes computed values known at plan; without it they stay
 *   unknown and `for_each` over ACM `domain_validation_options` cannot expand.
 * - `data "terraform_remote_state"` (cdktn cross-stack references) is mocked by a run-level
 *   `override_data` (its `outputs`) and `mock_provider "terraform"`; unmocked, the plan tries to read
 *   the S3 state and fails for want of credentials; mocked without `outputs`, `outputs` is null.
 * - With `command = apply`, mocks regenerate values and the provider reports an inconsistent final
 *   plan (facts file §1): the gate plans only.
 */
import { findRegion } from '../../lib/catalog';
import { dnsSuffixOf } from '../../lib/inference/aws-common';

export const MOCK_ACCOUNT_ID = '123456789012';

/** The provider local names the gate keeps; every other provider's blocks are removed (no binary here). */
const KEPT_PROVIDERS = new Set(['aws', 'terraform']);

export interface AwsCopy {
  readonly json: any;
  /** Blocks removed because their provider is not planned here, e.g. `resource.azurerm_key_vault.x`. */
  readonly removed: string[];
  /** What the copy cannot honestly stand in for (a kept block that needs a removed one). */
  readonly problems: string[];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The AWS part of a stack: no backend, the aws constraint rewritten to what the mirror holds, every
 * other provider's providers, resources and data sources removed, with the outputs and locals that
 * read them. A kept resource that reads a removed one is a problem, not a silent substitute.
 */
export function awsOnlyCopy(stackJson: any, awsVersion: string): AwsCopy {
  const json = clone(stackJson);
  const tf = (json.terraform ??= {});
  delete tf.backend;
  delete tf.cloud;
  delete tf.encryption; // OpenTofu's state encryption: Terraform refuses it (see forTerraform in terraform-gate.ts)
  const dropped = Object.keys(tf.required_providers ?? {}).filter((p) => !KEPT_PROVIDERS.has(p));
  for (const p of dropped) delete tf.required_providers[p];
  if (tf.required_providers?.aws) tf.required_providers.aws = { ...tf.required_providers.aws, version: awsVersion };
  const removed: string[] = [];
  for (const p of dropped) delete json.provider?.[p];
  for (const kind of ['resource', 'data'] as const) {
    for (const type of Object.keys(json[kind] ?? {})) {
      if (dropped.some((p) => type.startsWith(`${p}_`))) {
        for (const name of Object.keys(json[kind][type])) removed.push(`${kind === 'data' ? 'data.' : ''}${type}.${name}`);
        delete json[kind][type];
      }
    }
    if (json[kind] && !Object.keys(json[kind]).length) delete json[kind];
  }
  // Outputs and locals that read removed blocks go too (repeat: a local may read a removed local).
  const removedLocals: string[] = [];
  const reference = () =>
    new RegExp(
      `(?<![\\w.-])(?:(?:data\\.)?(?:${dropped.map(esc).join('|') || '(?!)'})_[a-z0-9_]+\\.[A-Za-z0-9_-]+` +
        `${removedLocals.length ? `|local\\.(?:${removedLocals.map(esc).join('|')})(?![\\w-])` : ''})`,
    );
  let pattern = reference();
  const refersToRemoved = (v: unknown) => pattern.test(JSON.stringify(v));
  for (let changed = true; changed; ) {
    changed = false;
    for (const kind of ['output', 'locals'] as const) {
      for (const [name, value] of Object.entries(json[kind] ?? {})) {
        if (refersToRemoved(value)) {
          delete json[kind][name];
          removed.push(kind === 'locals' ? `local.${name}` : `output.${name}`);
          if (kind === 'locals') removedLocals.push(name);
          changed = true;
        }
      }
    }
    pattern = reference();
  }
  const problems: string[] = [];
  for (const kind of ['resource', 'data'] as const) {
    for (const [type, blocks] of Object.entries<any>(json[kind] ?? {})) {
      for (const [name, block] of Object.entries(blocks)) {
        if (refersToRemoved(block)) problems.push(`${kind === 'data' ? 'data.' : ''}${type}.${name} reads a block of a provider the gate does not plan (${dropped.join(', ')})`);
      }
    }
  }
  return { json, removed, problems };
}

/** Planned blocks of a copy: [resources, data sources]. */
export function blockCounts(json: any): [number, number] {
  const count = (k: string) => Object.values<any>(json[k] ?? {}).reduce((n, blocks) => n + Object.keys(blocks).length, 0);
  return [count('resource'), count('data')];
}

// --- mock values ------------------------------------------------------------------------------

/** AWS zone-ID prefix of a region (eu-central-1 → euc1, ap-southeast-2 → apse2, us-east-1 → use1). */
function zoneIdPrefix(code: string): string {
  const parts = code.split('-');
  const dirs: Record<string, string> = { north: 'n', south: 's', east: 'e', west: 'w', central: 'c', northeast: 'ne', southeast: 'se', northwest: 'nw', southwest: 'sw' };
  return parts[0] + parts.slice(1, -1).map((p) => dirs[p] ?? p[0]).join('') + parts[parts.length - 1];
}

function partitionOf(regionCode: string): { partition: string; dnsSuffix: string } {
  const region = findRegion('aws', regionCode);
  if (!region) return { partition: 'aws', dnsSuffix: 'amazonaws.com' };
  return { partition: region.partition, dnsSuffix: dnsSuffixOf(region) };
}

const hcl = (v: unknown) => JSON.stringify(v); // HCL object constructors accept JSON syntax (`"k": v`)

/** One `mock_provider "aws"` for a provider configuration of the stack (its alias and region). */
export function awsMockProvider(alias: string | undefined, regionCode: string): string {
  const { partition, dnsSuffix } = partitionOf(regionCode);
  const acct = MOCK_ACCOUNT_ID;
  const zone = zoneIdPrefix(regionCode);
  const arn = (service: string, resource: string) => `arn:${partition}:${service}:${regionCode}:${acct}:${resource}`;
  const data: Record<string, Record<string, unknown>> = {
    aws_availability_zones: { names: ['a', 'b', 'c'].map((l) => `${regionCode}${l}`), zone_ids: [1, 2, 3].map((n) => `${zone}-az${n}`), id: regionCode },
    // An interface endpoint service (e.g. sagemaker.runtime) offered in two of the three zones, as AWS often does.
    aws_vpc_endpoint_service: { availability_zones: ['a', 'b'].map((l) => `${regionCode}${l}`), service_type: 'Interface', service_id: 'vpce-svc-0gatemock' },
    aws_caller_identity: { account_id: acct, arn: `arn:${partition}:iam::${acct}:role/gate`, user_id: 'AROAGATEMOCK', id: acct },
    aws_partition: { partition, dns_suffix: dnsSuffix, reverse_dns_prefix: dnsSuffix.split('.').reverse().join('.'), id: partition },
    aws_region: { name: regionCode, id: regionCode, endpoint: `ec2.${regionCode}.${dnsSuffix}`, description: regionCode },
    aws_prefix_list: { id: 'pl-6ea54007', cidr_blocks: ['52.219.72.0/22'] },
    aws_route53_zone: { zone_id: 'Z0GATEMOCKZONE', name_servers: ['ns-1.awsdns-00.com.', 'ns-2.awsdns-00.net.', 'ns-3.awsdns-00.org.', 'ns-4.awsdns-00.co.uk.'] },
  };
  const resources: Record<string, Record<string, unknown>> = {
    aws_acm_certificate: { arn: arn('acm', 'certificate/00000000-0000-4000-8000-000000000000') },
    aws_kms_key: { arn: arn('kms', 'key/00000000-0000-4000-8000-000000000001'), key_id: '00000000-0000-4000-8000-000000000001' },
    aws_iam_role: { arn: `arn:${partition}:iam::${acct}:role/gate-mock` },
    aws_route53_zone: { zone_id: 'Z0GATEMOCKZONE', name_servers: ['ns-1.awsdns-00.com.', 'ns-2.awsdns-00.net.', 'ns-3.awsdns-00.org.', 'ns-4.awsdns-00.co.uk.'] },
    aws_ecr_repository: { repository_url: `${acct}.dkr.ecr.${regionCode}.${dnsSuffix}/gate-mock`, arn: arn('ecr', 'repository/gate-mock') },
  };
  const blocks = [
    ...Object.entries(data).map(([t, d]) => `  mock_data "${t}" {\n    defaults = ${hcl(d)}\n  }`),
    ...Object.entries(resources).map(([t, d]) => `  mock_resource "${t}" {\n    defaults = ${hcl(d)}\n  }`),
  ];
  return `mock_provider "aws" {\n${alias ? `  alias = ${hcl(alias)}\n` : ''}  override_during = plan\n${blocks.join('\n')}\n}\n`;
}

/** The names a certificate covers, when they are literal. */
function certificateNames(cert: any): string[] | undefined {
  const names = [cert.domain_name, ...(cert.subject_alternative_names ?? [])];
  return names.every((n) => typeof n === 'string' && !n.includes('${')) ? [...new Set(names)] : undefined;
}

/** ARN shapes of the types stacks hand each other (AWS General Reference, "Amazon Resource Names"); others `<service>:<region>:<account>:<type>/mock`. */
function mockArn(type: string, partition: string, region: string): string {
  const a = MOCK_ACCOUNT_ID;
  const shapes: Record<string, string> = {
    aws_kms_key: `arn:${partition}:kms:${region}:${a}:key/00000000-0000-4000-8000-000000000001`,
    aws_kms_alias: `arn:${partition}:kms:${region}:${a}:alias/mock`,
    aws_s3_bucket: `arn:${partition}:s3:::mock-bucket`,
    aws_iam_role: `arn:${partition}:iam::${a}:role/mock`,
    aws_iam_policy: `arn:${partition}:iam::${a}:policy/mock`,
    aws_acm_certificate: `arn:${partition}:acm:${region}:${a}:certificate/00000000-0000-4000-8000-000000000000`,
    aws_route53_zone: `arn:${partition}:route53:::hostedzone/Z0GATEMOCKZONE`,
    aws_ecr_repository: `arn:${partition}:ecr:${region}:${a}:repository/mock`,
    aws_cloudwatch_log_group: `arn:${partition}:logs:${region}:${a}:log-group:mock`,
    aws_vpc: `arn:${partition}:ec2:${region}:${a}:vpc/vpc-0123456789abcdef0`,
    aws_subnet: `arn:${partition}:ec2:${region}:${a}:subnet/subnet-0123456789abcdef0`,
  };
  return shapes[type] ?? `arn:${partition}:${type.split('_')[1]}:${region}:${a}:${type.replace(/^aws_/, '')}/mock`;
}

/** A mock value for `<type>.<name>.<attribute>` read across stacks. */
function mockForExpression(expression: unknown, regionCode: string): unknown {
  const m = typeof expression === 'string' ? /^\$\{(?:data\.)?(aws_[a-z0-9_]+)\.[A-Za-z0-9_-]+\.([a-z0-9_]+)\}$/.exec(expression) : null;
  if (!m) return typeof expression === 'string' && expression.startsWith('${[') ? ['mock-1', 'mock-2'] : 'mock-value';
  const [, type, attr] = m;
  const { partition } = partitionOf(regionCode);
  if (attr === 'arn' || attr.endsWith('_arn')) return mockArn(type, partition, regionCode);
  if (attr === 'name_servers' || attr === 'names' || attr.endsWith('_ids') || attr.endsWith('_blocks')) return ['mock-1', 'mock-2'];
  if (attr === 'zone_id') return 'Z0GATEMOCKZONE';
  return `mock-${type.replace(/^aws_/, '')}-${attr}`.replace(/_/g, '-');
}

export interface ProducerLookup {
  /** The `output` block of the stack whose state a remote state data source reads, if it is in the same app. */
  (backend: string, config: Record<string, unknown>): Record<string, any> | undefined;
}

/**
 * The `terraform test` file of one stack: a mock provider per aws provider configuration, one plan
 * run of the stack's folder with run-level overrides (ACM validation options for each certificate's
 * own names; the outputs every `terraform_remote_state` is read for), and assertions that the DNS
 * validation records expand to one per certificate name.
 */
export function testFileFor(json: any, moduleSource: string, producerOf: ProducerLookup): { text: string; assertions: number; mockedProviders: string[] } {
  const providers: any[] = json.provider?.aws ?? [];
  const mockedProviders = providers.map((p) => p.alias ?? '(default)');
  const regionOfAlias = new Map<string | undefined, string>(providers.map((p) => [p.alias, p.region ?? 'us-east-1']));
  const defaultRegion = providers[0]?.region ?? 'us-east-1';
  const regionOf = (block: any) => regionOfAlias.get(typeof block.provider === 'string' ? block.provider.replace(/^aws\.?/, '') || undefined : undefined) ?? defaultRegion;
  const parts = providers.map((p) => awsMockProvider(p.alias, p.region ?? 'us-east-1'));
  const run: string[] = [`  command = plan`, `  module {\n    source = ${hcl(moduleSource)}\n  }`];
  let assertions = 0;

  for (const [name, cert] of Object.entries<any>(json.resource?.aws_acm_certificate ?? {})) {
    const names = certificateNames(cert);
    if (!names) continue;
    const options = names.map((n) => ({
      domain_name: n,
      resource_record_name: `_0123456789abcdef0123456789abcdef.${n}.`,
      resource_record_type: 'CNAME',
      resource_record_value: `_fedcba9876543210fedcba9876543210.mock.acm-validations.aws.`,
    }));
    run.push(`  override_resource {\n    target = aws_acm_certificate.${name}\n    override_during = plan\n    values = ${hcl({ domain_validation_options: options })}\n  }`);
    // Record groups of this certificate: all its names, or (split by provider) the names a `contains([...])` filter keeps; together one per name.
    const groups: string[] = [];
    for (const [type, blocks] of Object.entries<any>(json.resource ?? {})) {
      for (const [rname, block] of Object.entries<any>(blocks)) {
        if (typeof block.for_each === 'string' && block.for_each.includes(`aws_acm_certificate.${name}.domain_validation_options`)) {
          const filter = /contains\((\[[^\]]*\]), val\.domain_name\)/.exec(block.for_each);
          const expected = filter ? names.filter((n) => (JSON.parse(filter[1]) as string[]).includes(n)).length : names.length;
          groups.push(`length(${type}.${rname})`);
          assertions++;
          run.push(
            `  assert {\n    condition = length(${type}.${rname}) == ${expected}\n` +
              `    error_message = "${type}.${rname}: one validation record per name of aws_acm_certificate.${name} it validates (${expected}) expected"\n  }`,
          );
        }
      }
    }
    if (groups.length > 1) {
      assertions++;
      run.push(`  assert {\n    condition = ${groups.join(' + ')} == ${names.length}\n    error_message = "aws_acm_certificate.${name}: its validation record groups together hold one record per name (${names.length})"\n  }`);
    }
  }

  const remote = Object.entries<any>(json.data?.terraform_remote_state ?? {});
  if (remote.length) parts.push(`mock_provider "terraform" {\n  override_during = plan\n}\n`);
  const text = JSON.stringify(json);
  for (const [name, block] of remote) {
    const keys = [...new Set([...text.matchAll(new RegExp(`data\\.terraform_remote_state\\.${esc(name)}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g'))].map((m) => m[1]))];
    const producer = producerOf(block.backend, block.config ?? {});
    const outputs = Object.fromEntries(keys.map((k) => [k, mockForExpression(producer?.[k]?.value, regionOf(block))]));
    run.push(`  override_data {\n    target = data.terraform_remote_state.${name}\n    override_during = plan\n    values = ${hcl({ outputs })}\n  }`);
  }
  parts.push(`run "plan" {\n${run.join('\n')}\n}\n`);
  return { text: parts.join('\n'), assertions, mockedProviders };
}
