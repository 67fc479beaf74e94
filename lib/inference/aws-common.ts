/**
 * Shared checks, names and policy documents of the AWS inference constructs, as pure functions.
 *
 * Policies are rendered as literal JSON (`JSON.stringify`) so that checkov and trivy can read them
 * in `cdk.tf.json` (docs/facts/security-rules.md §1.9); ARNs and ids inside are cdktf string tokens.
 */
import { createHash } from 'node:crypto';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Fn, Token, Tokenization } from 'cdktn';
import { dnsSuffixOf, integerRangeProblem, regionProblem, type Jurisdiction, type Region } from '../catalog';

export type Statement = Readonly<Record<string, unknown>>;

export function policyJson(statements: readonly Statement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Trust policy for an AWS service principal, for requests on behalf of this account only (confused deputy). */
export function serviceTrustPolicy(service: string, accountId: string, sourceArnLike?: string): string {
  const condition: Record<string, unknown> = { StringEquals: { 'aws:SourceAccount': accountId } };
  if (sourceArnLike) condition.ArnLike = { 'aws:SourceArn': sourceArnLike };
  return policyJson([{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', Condition: condition }]);
}

/** Every action of every Allow statement; used by tests and by the constructs' own "no wildcard action" check. */
export function allowedActions(policy: string): string[] {
  const doc = JSON.parse(policy) as { Statement: { Effect: string; Action: string | string[] }[] };
  return doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** Throws if an Allow statement names an action with `*` (cdk-nag AwsSolutions-IAM5, checkov CKV_AWS_63). */
export function assertNoWildcardActions(path: string, what: string, policy: string): void {
  const wild = allowedActions(policy).filter((a) => a.includes('*'));
  if (wild.length > 0) throw new Error(`${path}: ${what} allows wildcard actions ${wild.join(', ')}; list exact actions`);
}

// --- placement --------------------------------------------------------------------------------

/** Throws unless `region` is an AWS region inside the jurisdiction (the residency kernel's rule, lib/catalog/residency.ts). */
export function assertRegionInJurisdiction(path: string, what: string, region: Region, j: Jurisdiction): void {
  const problem = regionProblem(region, j, 'aws');
  if (problem) throw new Error(`${path}: ${what} ${problem}`);
}

/** The provider's region, when it is a literal, must be the construct's region. */
export function assertProviderRegion(path: string, provider: AwsProvider, region: Region): void {
  const configured = provider.region;
  if (configured !== undefined && !Token.isUnresolved(configured) && configured !== region.code) {
    throw new Error(`${path}: the AWS provider ${provider.alias ?? '(default)'} is configured for ${configured}, not ${region.code}`);
  }
}

/** Endpoint DNS suffix of a partition: a catalog fact (lib/catalog/operators.ts), re-exported for the constructs. */
export { dnsSuffixOf };

/**
 * Service name of an AWS interface VPC endpoint. In `aws-eusc` most services keep the
 * `com.amazonaws.` prefix; ECR, API Gateway (`execute-api`) and Security Hub use `eu.amazonaws.`
 * (aws/aws-cdk#36471, `getDefaultEndpointPrefix`). Which services EUSC offers is not verified here.
 */
export function interfaceEndpointServiceName(region: Region, service: string): string {
  const euPrefixed = ['ecr.api', 'ecr.dkr', 'execute-api', 'securityhub'];
  const prefix = region.partition === 'aws-eusc' && euPrefixed.includes(service) ? 'eu.amazonaws' : 'com.amazonaws';
  return `${prefix}.${region.code}.${service}`;
}

// --- names and numbers ------------------------------------------------------------------------

/**
 * First 8 hex digits of a SHA-1 over `settings`, stable across synths. Literal values are hashed
 * here; values that are tokens (attributes of other resources) are hashed by Terraform, joined to
 * the literal digest, so a change of either gives a new value. Literals never go into the Terraform
 * expression: cdktf does not escape `"` or `\` inside function arguments, which would break HCL.
 */
export function settingsHash(settings: unknown): string {
  const tokens: string[] = [];
  const literal = JSON.stringify(settings, (_key, value: unknown) => {
    if (typeof value !== 'string' || !Token.isUnresolved(value)) return value;
    // A string mixing text and references (`s3://${bucket}/key`): its text is hashed here and only
    // its references go to Terraform, as bare expressions.
    const fragments = Tokenization.reverseString(value);
    const placeholder = `#tokens${tokens.length}:${JSON.stringify(fragments.literals)}`;
    tokens.push(...fragments.tokens.map((t) => Token.asString(t)));
    return placeholder;
  });
  const digest = createHash('sha1').update(literal).digest('hex');
  return tokens.length === 0 ? digest.slice(0, 8) : Fn.substr(Fn.sha1(Fn.join('|', [digest, ...tokens])), 0, 8);
}

/** SageMaker API pattern for endpoint, endpoint-configuration and model names (max 63). */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/**
 * SageMaker names: the API pattern, which also refuses a trailing hyphen that the provider's own
 * check lets through (docs/facts/security-rules.md §5.7). `maxLength` leaves room for suffixes the construct adds.
 */
export function assertSageMakerName(path: string, what: string, name: string, maxLength = 63): void {
  if (Token.isUnresolved(name)) throw new Error(`${path}: ${what} must be a literal, not a token (it names several resources)`);
  if (!SAGEMAKER_NAME.test(name) || name.length > maxLength) {
    const why = name.length > maxLength ? `is ${name.length} characters, more than ${maxLength}` : 'does not match ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$';
    throw new Error(
      `${path}: ${what} "${name}" ${why}: letters, digits and hyphens, starting and ending with a letter or digit, at most ${maxLength} characters`,
    );
  }
}

export function assertIntegerInRange(path: string, what: string, value: number, min: number, max: number): void {
  const problem = integerRangeProblem(what, value, min, max);
  if (problem) throw new Error(`${path}: ${problem}`);
}

/** One DNS name: lower-case labels of letters, digits and inner hyphens, each ≤ 63, total ≤ 253. */
export function assertDnsName(path: string, what: string, name: string): void {
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  const bad = name.split('.').filter((l) => !label.test(l));
  if (name.length > 253 || bad.length > 0 || !name.includes('.')) {
    throw new Error(`${path}: ${what} "${name}" is not a valid lower-case DNS name${bad.length ? ` (bad labels: ${bad.map((l) => `"${l}"`).join(', ')})` : ''}`);
  }
}

// --- artifact locations -----------------------------------------------------------------------

export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** `s3://bucket/key`; the bucket part may be a token (`s3://${bucket}/models/x.tar.gz`). */
export function parseS3Uri(path: string, what: string, uri: string): S3Location {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`${path}: ${what} "${uri}" is not an S3 URI of the form s3://<bucket>/<key or prefix>`);
  return { bucket: m[1], key: m[2] };
}

export interface EcrImage {
  readonly accountId: string;
  readonly regionCode: string;
  readonly dnsSuffix: string;
  readonly repository: string;
}

/** `<account>.dkr.ecr.<region>.<dns suffix>/<repository>[:tag|@sha256:digest]`. */
export const ECR_IMAGE =
  /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.(amazonaws\.com|amazonaws\.eu)\/((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*)(?::[\w][\w.-]{0,127}|@sha256:[a-f0-9]{64})?$/;

/**
 * The image must come from a private ECR registry in the endpoint's own region and partition, so
 * neither the image pull nor the registry is outside the jurisdiction. Throws with the bad value.
 */
export function parseInRegionEcrImage(path: string, image: string, region: Region): EcrImage {
  const m = ECR_IMAGE.exec(image);
  if (!m) {
    throw new Error(
      `${path}: image "${image}" is not an ECR image URI (<12-digit account>.dkr.ecr.<region>.${dnsSuffixOf(region)}/<repository>[:tag|@sha256:digest])`,
    );
  }
  const [, accountId, regionCode, dnsSuffix, repository] = m;
  if (regionCode !== region.code) {
    throw new Error(
      `${path}: image "${image}" is in ECR region ${regionCode}, not the endpoint region ${region.code}: ` +
        `copy it to ${region.code} (ECR replication or a pull-through cache in ${region.code}) and use that URI`,
    );
  }
  if (dnsSuffix !== dnsSuffixOf(region)) {
    throw new Error(`${path}: image "${image}" uses DNS suffix ${dnsSuffix}; partition ${region.partition} uses ${dnsSuffixOf(region)}`);
  }
  return { accountId, regionCode, dnsSuffix, repository };
}
