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
      'The S3 state backend names its `region` (and any KMS key ARN) inside the jurisdiction; `remote` and `cloud` (HCP Terraform, US-hosted unless a self-hosted `hostname`) are refused. An OpenTofu `aws_kms` state encryption key names its `region` and key ARN inside the jurisdiction. Other backends and key providers are not checked (azurerm and azure_vault have no location to read).',
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
    const region = backend.attrs.region;
    if (region === undefined) return nonCompliant('the s3 backend names no region (it would come from the environment at `terraform init`); set `region` inside the jurisdiction');
    if (typeof region !== 'string' || isUnresolved(region)) return NOT_APPLICABLE;
    const problems = [regionProblem('aws', region, j, 'the state bucket')];
    for (const r of regionsNamedIn(JSON.stringify(backend.attrs))) if (r !== region) problems.push(regionProblem('aws', r, j, 'a key or role the backend names'));
    return verdict(problems);
  },
);
