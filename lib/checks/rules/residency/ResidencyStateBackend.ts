import { defineRule, NOT_APPLICABLE, nonCompliant, verdict } from '../../rule';
import { regionsNamedIn } from './ResidencyArnRegion';
import { describeJurisdiction, isUnresolved, regionProblem } from '../support';

/**
 * Sovereign-ResidencyStateBackend: the Terraform state (it holds every resource attribute) stays in the
 * jurisdiction, and so does the OpenTofu key that encrypts it (`terraform.encryption.key_provider`):
 * whoever holds the key can read the state. aws_kms attributes from opentofu/opentofu v1.12.6
 * internal/encryption/keyprovider/aws_kms/config.go (`kms_key_id`, `region`, else AWS_REGION).
 */
export const ResidencyStateBackend = defineRule(
  {
    id: 'Sovereign-ResidencyStateBackend',
    level: 'error',
    family: 'residency',
    description:
      'The S3 state backend names its `region` (and any KMS key ARN) inside the jurisdiction; `remote` and `cloud` (HCP Terraform, US-hosted unless a self-hosted `hostname`) are refused. An OpenTofu `aws_kms` state encryption key names its `region` and key ARN inside the jurisdiction. Other backends and key providers are not checked (azurerm and azure_vault have no location to read). An s3 backend at an S3-compatible operator (`endpoints.s3` not an AWS host) must use https and name no access or secret key; its country and operator are not in the JSON: the policy checks them (state.s3Compatible) and the cut-off analysis reads them from the declarations.',
    appliesTo: ['terraform.backend', 'terraform.encryption.key_provider'],
  },
  function ResidencyStateBackend(backend, ctx) {
    const j = ctx.jurisdiction!;
    if (backend.type === 'terraform.encryption.key_provider') {
      if (!backend.name.startsWith('aws_kms.')) return NOT_APPLICABLE;
      const { region, kms_key_id: keyId } = backend.attrs;
      if (region === undefined && !(typeof keyId === 'string' && keyId.startsWith('arn:'))) {
        return nonCompliant('the aws_kms state encryption key names no region and no key ARN (the region would come from AWS_REGION at `tofu init`); set `region` and a key ARN inside the jurisdiction');
      }
      const named = [...(typeof region === 'string' && !isUnresolved(region) ? [region] : []), ...regionsNamedIn(JSON.stringify(backend.attrs))];
      return verdict([...new Set(named)].map((r) => regionProblem('aws', r, j, 'the state encryption key')));
    }
    if (backend.name === 'remote' || backend.name === 'cloud') {
      return nonCompliant(`the state is kept by ${backend.name === 'cloud' ? 'HCP Terraform (terraform.cloud)' : 'the remote backend'} at ${backend.attrs.hostname ?? 'app.terraform.io'}, whose storage location synth cannot check against jurisdiction ${describeJurisdiction(j)}; use an s3 or azurerm backend in the jurisdiction (or suppress, naming where that host stores state)`);
    }
    if (backend.name !== 's3') return NOT_APPLICABLE;
    const custom = s3CompatibleProblems(backend.attrs);
    if (custom) return verdict(custom);
    const region = backend.attrs.region;
    if (region === undefined) return nonCompliant('the s3 backend names no region (it would come from the environment at `terraform init`); set `region` inside the jurisdiction');
    if (typeof region !== 'string' || isUnresolved(region)) return NOT_APPLICABLE;
    const problems = [regionProblem('aws', region, j, 'the state bucket')];
    for (const r of regionsNamedIn(JSON.stringify(backend.attrs))) if (r !== region) problems.push(regionProblem('aws', r, j, 'a key or role the backend names'));
    return verdict(problems);
  },
);

/** AWS's own S3 endpoints (FIPS, dual-stack, China, European Sovereign Cloud): those are checked by region. */
const AWS_HOST = /(^|\.)amazonaws\.(com|eu|com\.cn)$/;

/**
 * An s3 backend at an S3-compatible operator: the problems synth can see (plaintext endpoint, keys
 * written into the configuration), [] when none, undefined when the endpoint is AWS's own (or none).
 */
export function s3CompatibleProblems(attrs: Record<string, unknown>): (string | undefined)[] | undefined {
  const endpoints = attrs.endpoints as { s3?: unknown } | undefined;
  const endpoint = endpoints?.s3 ?? attrs.endpoint;
  if (typeof endpoint !== 'string' || isUnresolved(endpoint)) return undefined;
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return [`the s3 backend endpoint "${endpoint}" is not a URL`];
  }
  if (AWS_HOST.test(url.hostname)) return undefined;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
  return [
    url.protocol === 'https:' || loopback ? undefined : `the state goes to ${url.host} over plain ${url.protocol.replace(':', '')}: the state holds every resource attribute; use https`,
    ...['access_key', 'secret_key', 'token'].map((k) => (attrs[k] === undefined ? undefined : `the s3 backend writes \`${k}\` into the configuration; take credentials from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or a profile`)),
  ];
}
