import { AzurermBackend, S3Backend, Token, type TerraformStack } from 'cdktn';
import { repairHclOutput } from './hcl-output';
import { s3CompatibleBackend, type S3CompatibleBackendProps } from './s3-compatible';

export * from './encryption';
export { S3_COMPATIBLE_CHECKSUM_ENV, s3CompatibleBackend, type S3CompatibleBackendProps } from './s3-compatible';
export { renderEncryptionHcl, repairHclOutput } from './hcl-output';

export type StateBackendProps =
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region: string;
      readonly key: string;
      /** @default the bucket's default encryption */
      readonly kmsKeyId?: string;
      /** @default the ambient credentials */
      readonly roleArn?: string;
    }
  | {
      readonly kind: 'azurerm';
      readonly storageAccount: string;
      readonly container: string;
      readonly resourceGroup: string;
      readonly key: string;
      /** @default ARM_SUBSCRIPTION_ID */
      readonly subscriptionId?: string;
    }
  | S3CompatibleBackendProps;

/** The engine that deploys a stack. */
export type EngineName = 'terraform' | 'opentofu';

/**
 * Declares the engine versions a stack needs: `terraform.required_version` (read by Terraform and by
 * OpenTofu, each against its own version) for the engine at init, and the same range as the stack's
 * CDK Terrain `targetVersions` context for that engine only, against which cdktn validates the
 * features the stack uses at synth (S3 native locking needs >= 1.10 in both). Call it first in the
 * stack's constructor: context cannot be set once the stack has children.
 * @param engine @default 'terraform'
 */
export function declareEngineVersion(stack: TerraformStack, requiredVersion: string, engine: EngineName = 'terraform'): void {
  stack.node.setContext('targetVersions', { [engine]: requiredVersion.replace(/\s+/g, '') });
  stack.addOverride('terraform.required_version', requiredVersion);
  repairHclOutput(stack); // cdktn 0.24 renders terraform-block overrides as `0 = "required_version"` in --hcl output
}

/**
 * Points a stack's Terraform state at a backend inside its jurisdiction.
 * - S3: encrypted, with S3 native locking (`use_lockfile`, Terraform >= 1.10), no DynamoDB table.
 * - azurerm: Entra ID auth (no storage account keys), locking by blob lease.
 * Backends are read before Terraform evaluates anything, so a token (an unresolved reference) in
 * any setting is refused here rather than at `terraform init`.
 */
export function configureStateBackend(stack: TerraformStack, props: StateBackendProps): S3Backend | AzurermBackend {
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'string' && Token.isUnresolved(value)) {
      throw new Error(`${stack.node.path}: state backend setting "${name}" is a token (${value}); backends accept literal values only`);
    }
  }
  if (props.kind === 's3-compatible') return s3CompatibleBackend(stack, props);
  if (props.kind === 's3') {
    const backend = new S3Backend(stack, {
      bucket: props.bucket,
      key: props.key,
      region: props.region,
      encrypt: true,
      kmsKeyId: props.kmsKeyId,
      assumeRole: props.roleArn ? { roleArn: props.roleArn, sessionName: 'cdktf-sovereign-ai-state' } : undefined,
      useLockfile: true, // validated against the stack's targetVersions (declareEngineVersion)
    });
    return backend;
  }
  return new AzurermBackend(stack, {
    storageAccountName: props.storageAccount,
    containerName: props.container,
    resourceGroupName: props.resourceGroup,
    key: props.key,
    subscriptionId: props.subscriptionId,
    useAzureadAuth: true,
  });
}
