/**
 * State backends and the engine: where each stack's state lives (inside its jurisdiction), which
 * engine versions its backend and encryption need, and with engine opentofu the key that encrypts
 * state and plans client-side, placed like any other resource.
 *
 * OpenTofu facts (opentofu/opentofu at v1.12.6): S3 `use_lockfile` since v1.10.0
 * (internal/backend/remote-state/s3/backend.go); key provider `aws_kms` since v1.7.0, `azure_vault`
 * since v1.11.0 (internal/encryption/keyprovider/*); Terraform rejects `terraform.encryption`.
 */
import { allowedRegions, cloudDisplayName, describeCountry, findRegion, isRegionIn, type Cloud, type CountryCode, type Region } from '../catalog';
import type { Engine, StateBackend, StateEncryption } from './model';
import type { PolicyPath } from './problems';
import type { ParsedPolicy } from './schema';
import type { Finding } from './finding';
import { checkS3CompatibleState } from './validate-state-s3';

/** The message when a `state` section names no backend, or more than one. */
export const ONE_BACKEND = 'give exactly one state backend: `aws` (S3 with native locking), `azure` (azurerm) or `s3Compatible` (a national operator\'s S3-compatible storage)';

type ParsedState = ParsedPolicy['jurisdictions'][number]['state'];

export type { StateScope } from './validate-state-s3';
import type { StateScope } from './validate-state-s3';

/**
 * `terraform.required_version` for a stack's engine and features: Terraform >= 1.10 (S3 native
 * locking), >= 1.14 with an AWS EUSC region in the S3 backend; OpenTofu >= 1.10 (native locking,
 * aws_kms), >= 1.11 when the key is in Azure Key Vault (azure_vault).
 */
export function requiredEngineVersion(engine: Engine, regions: readonly Region[], encryption: StateEncryption | undefined): string {
  if (engine === 'opentofu') return encryption?.kind === 'azure_vault' ? '>= 1.11.0' : '>= 1.10.0';
  return regions.some((r) => r.partition === 'aws-eusc') ? '>= 1.14.0' : '>= 1.10.0';
}

/**
 * The key that encrypts state and plans (engine opentofu): on the state's cloud, inside `scope`.
 * With terraform an `encryption` section is refused (Terraform rejects `terraform.encryption`).
 */
export function checkStateEncryption(engine: Engine, state: ParsedState, path: PolicyPath, scope: StateScope, awsPartition: string | undefined, out: Finding[]): StateEncryption | undefined {
  const e = state.encryption;
  if (engine === 'terraform') {
    if (e) {
      out.push({ severity: 'error', path: [...path, 'encryption'], atKey: true, message: 'state encryption needs `engine: opentofu`: Terraform has no client-side state encryption and rejects a `terraform.encryption` block; set engine: opentofu at the top of the policy or remove `encryption`' });
    }
    return undefined;
  }
  if (!e) {
    out.push({ severity: 'error', path, message: `engine opentofu encrypts state and plans with a key inside ${scope.description}: add \`encryption: { ${state.azure ? 'azure: { vaultName, keyName, location }' : 'aws: { kmsKeyArn }'} }\`` });
    return undefined;
  }
  if (!!e.aws === !!e.azure) {
    out.push({ severity: 'error', path: [...path, 'encryption'], message: 'give exactly one key: `aws: { kmsKeyArn }` (with an S3 backend) or `azure: { vaultName, keyName, location }` (with an azurerm backend)' });
    return undefined;
  }
  const stateCloud: Cloud = state.aws ? 'aws' : 'azure';
  const keyCloud: Cloud = e.aws ? 'aws' : 'azure';
  if (stateCloud !== keyCloud) {
    out.push({
      severity: 'error',
      path: [...path, 'encryption', keyCloud],
      message: `the state lives on ${cloudDisplayName(stateCloud)} but its key on ${cloudDisplayName(keyCloud)}; OpenTofu reaches the key with the backend's credentials: use encryption.${stateCloud}`,
    });
    return undefined;
  }
  if (e.aws) {
    const keyPath = [...path, 'encryption', 'aws', 'kmsKeyArn'];
    const [, partition, , code] = e.aws.kmsKeyArn.split(':');
    const region = findRegion('aws', code);
    if (!region) {
      out.push({ severity: 'error', path: keyPath, message: `the key ARN names region "${code}", which is not an AWS region of the catalog; ${allowedRegions('aws', scope.within)}` });
      return undefined;
    }
    if (!isRegionIn(region, scope.within)) {
      out.push({
        severity: 'error',
        path: keyPath,
        message: `the state encryption key is in "${code}" (${region.city}, ${describeCountry(region.country)}), outside ${scope.description}; whoever holds the key can read the state: ${allowedRegions('aws', scope.within)}`,
      });
    }
    if (region.partition !== partition) {
      out.push({ severity: 'error', path: keyPath, message: `the key ARN says partition ${partition} but region "${code}" is in ${region.partition}` });
    } else if (awsPartition && region.partition !== awsPartition) {
      out.push({ severity: 'error', path: keyPath, message: `the key is in partition ${region.partition} but the jurisdiction's AWS regions are in ${awsPartition}` });
    }
    return { kind: 'aws_kms', kmsKeyArn: e.aws.kmsKeyArn, region, migrateFromUnencrypted: e.migrateFromUnencrypted };
  }
  const location = findRegion('azure', e.azure!.location);
  if (!location) return undefined; // the schema refused it with the list of regions
  if (!isRegionIn(location, scope.within)) {
    out.push({
      severity: 'error',
      path: [...path, 'encryption', 'azure', 'location'],
      message: `the state encryption key's vault is in "${location.code}" (${location.city}, ${describeCountry(location.country)}), outside ${scope.description}; whoever holds the key can read the state: ${allowedRegions('azure', scope.within)}`,
    });
  }
  return { kind: 'azure_vault', vaultName: e.azure!.vaultName, keyName: e.azure!.keyName, location, migrateFromUnencrypted: e.migrateFromUnencrypted };
}

/** A jurisdiction's state backend, inside it; the encryption key with engine opentofu. */
export function checkJurisdictionState(
  engine: Engine,
  id: string,
  state: ParsedState,
  base: PolicyPath,
  scope: StateScope,
  awsPartition: string | undefined,
  out: Finding[],
  operators: Readonly<Record<string, { readonly country: CountryCode }>> = {},
): StateBackend | undefined {
  const path: PolicyPath = [...base, 'state'];
  const { aws, azure, s3Compatible } = state;
  if ([aws, azure, s3Compatible].filter(Boolean).length !== 1) {
    out.push({ severity: 'error', path, message: ONE_BACKEND });
    return undefined;
  }
  if (s3Compatible) {
    if (engine === 'terraform') checkStateEncryption(engine, state, path, scope, awsPartition, out); // refuses `encryption` with terraform
    return checkS3CompatibleState(engine, s3Compatible, `sovereign-${id}/terraform.tfstate`, path, scope, operators, out);
  }
  const encryption = checkStateEncryption(engine, state, path, scope, awsPartition, out);
  if (aws) {
    const region = findRegion('aws', aws.region);
    if (!region) return undefined;
    if (!isRegionIn(region, scope.within)) {
      out.push({
        severity: 'error',
        path: [...path, 'aws', 'region'],
        message: `Terraform state would live in "${aws.region}" (${region.city}, ${describeCountry(region.country)}), outside ${scope.description}; state holds resource attributes and must stay in the jurisdiction; ${allowedRegions('aws', scope.within)}`,
      });
    }
    if (awsPartition && region.partition !== awsPartition) {
      out.push({ severity: 'error', path: [...path, 'aws', 'region'], message: `state region "${aws.region}" is in partition ${region.partition} but the jurisdiction's AWS regions are in ${awsPartition}` });
    }
    if (engine === 'opentofu' && region.partition === 'aws-eusc') {
      out.push({ severity: 'warning', path: [...path, 'aws', 'region'], message: `OpenTofu's S3 backend and aws_kms key provider are not known to support the AWS European Sovereign Cloud (${region.code}); try \`tofu init\` before relying on it` });
    }
    return { kind: 's3', bucket: aws.bucket, region, key: aws.key ?? `sovereign-${id}/terraform.tfstate`, kmsKeyId: aws.kmsKeyId, roleArn: aws.roleArn, encryption };
  }
  const location = findRegion('azure', azure!.location);
  if (!location) return undefined;
  if (!isRegionIn(location, scope.within)) {
    out.push({
      severity: 'error',
      path: [...path, 'azure', 'location'],
      message: `Terraform state would live in "${location.code}" (${location.city}, ${describeCountry(location.country)}), outside ${scope.description}; ${allowedRegions('azure', scope.within)}`,
    });
  }
  return {
    kind: 'azurerm',
    storageAccount: azure!.storageAccount,
    container: azure!.container,
    resourceGroup: azure!.resourceGroup,
    location,
    key: azure!.key ?? `sovereign-${id}.tfstate`,
    subscriptionId: azure!.subscriptionId,
    encryption,
  };
}
