/**
 * OpenTofu state and plan encryption (`terraform.encryption`, OpenTofu >= 1.7; opentofu.org "State and
 * Plan Encryption"). The state holds every attribute of every resource; encrypted client-side with a
 * key inside the jurisdiction, the state bucket or storage account alone reveals nothing.
 *
 * What OpenTofu accepts, read from opentofu/opentofu at v1.12.6:
 * - key provider `aws_kms` (internal/encryption/keyprovider/aws_kms/config.go): `kms_key_id` and
 *   `key_spec` required (`AES_256` for aes_gcm), `region` (else AWS_REGION); since v1.7.0.
 * - key provider `azure_vault` (.../azure_vault/config.go): `vault_uri`, `vault_key_name`, `key_length`
 *   required (32 bytes for AES-256); the vault name 3-24 characters; since v1.11.0.
 * - method `aes_gcm` takes `keys = key_provider.<type>.<name>`; in JSON the interpolated
 *   `"${key_provider...}"` form works; a target's `method` must be a bare reference string
 *   (`"method.aes_gcm.x"`, internal/encryption/targets.go uses hcl.AbsTraversalForExpr; targets_test.go
 *   "json-config-loads-state-method-*", opentofu/opentofu#3482).
 * - migration: `method "unencrypted"` as the target's `fallback`, `enforced = false`; once every state
 *   is rewritten, drop the fallback and set `enforced = true` (the default here).
 * Values must resolve at init: no references to resources, data sources or variables, so the key is
 * created outside the stack, like the state bucket. Terraform rejects the block
 * (`No argument or block type is named "encryption"`), so it is emitted only for OpenTofu stacks.
 */
import { Token, type TerraformStack } from 'cdktn';

export type StateEncryptionProps = (
  | {
      readonly keyProvider: 'aws_kms';
      /** Key or alias ARN; its region is where the data keys are generated. */
      readonly kmsKeyArn: string;
      /** Region of the key (the region in the ARN). */
      readonly region: string;
    }
  | {
      readonly keyProvider: 'azure_vault';
      readonly vaultName: string;
      readonly keyName: string;
    }
) & {
  /**
   * Read an existing unencrypted state through an `unencrypted` fallback while OpenTofu rewrites it
   * encrypted; remove after the first apply.
   * @default false - encryption enforced, no fallback: an unencrypted state or plan is refused
   */
  readonly migrateFromUnencrypted?: boolean;
};

/** Names of the blocks inside `terraform.encryption` (they appear in encrypted state metadata: keep them stable). */
export const ENCRYPTION_NAMES = { keyProvider: 'jurisdiction', method: 'jurisdiction', fallback: 'migrate' } as const;

/** The `terraform.encryption` block (Terraform JSON form) for the given key. */
export function stateEncryptionBlock(props: StateEncryptionProps): Record<string, unknown> {
  const n = ENCRYPTION_NAMES;
  const keyProvider =
    props.keyProvider === 'aws_kms'
      ? { aws_kms: { [n.keyProvider]: { kms_key_id: props.kmsKeyArn, region: props.region, key_spec: 'AES_256' } } }
      : { azure_vault: { [n.keyProvider]: { vault_uri: `https://${props.vaultName}.vault.azure.net`, vault_key_name: props.keyName, key_length: 32 } } };
  const migrating = props.migrateFromUnencrypted ?? false;
  const target = {
    method: `method.aes_gcm.${n.method}`,
    ...(migrating ? { fallback: { method: `method.unencrypted.${n.fallback}` } } : {}),
    enforced: !migrating,
  };
  return {
    key_provider: keyProvider,
    method: {
      aes_gcm: { [n.method]: { keys: `\${key_provider.${props.keyProvider}.${n.keyProvider}}` } },
      ...(migrating ? { unencrypted: { [n.fallback]: {} } } : {}),
    },
    state: target,
    plan: target,
    // How `terraform_remote_state` decrypts what it reads: without this block OpenTofu reads remote state
    // unencrypted (internal/encryption/encryption.go: no `remote_state_data_sources.default` gives
    // StateEncryptionDisabled), so an inference stack could not read its base stack's encrypted outputs.
    // cdktn cross-stack references read only stacks of the same state backend, encrypted with this same
    // key (configureEngine gives every stack of a jurisdiction its policy.state). The target takes
    // `method` and `fallback`, not `enforced` (internal/encryption/config/config.go, RemoteConfig/TargetConfig).
    remote_state_data_sources: { default: { method: target.method, ...(migrating ? { fallback: target.fallback } : {}) } },
  };
}

/**
 * Encrypts the stack's state and plans with OpenTofu (adds `terraform.encryption`). Only for stacks
 * deployed with OpenTofu: Terraform refuses such a stack at init. Values must be literals.
 */
export function configureStateEncryption(stack: TerraformStack, props: StateEncryptionProps): Record<string, unknown> {
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'string' && Token.isUnresolved(value)) {
      throw new Error(`${stack.node.path}: state encryption setting "${name}" is a token (${value}); OpenTofu resolves encryption at init, before any resource exists: give literal values`);
    }
  }
  if (props.keyProvider === 'aws_kms') {
    const arnRegion = props.kmsKeyArn.split(':')[3];
    if (!/^arn:[a-z-]+:kms:/.test(props.kmsKeyArn) || arnRegion !== props.region) {
      throw new Error(`${stack.node.path}: kmsKeyArn "${props.kmsKeyArn}" must be a KMS key or alias ARN in region "${props.region}"`);
    }
  }
  const block = stateEncryptionBlock(props);
  stack.addOverride('terraform.encryption', block);
  return block;
}
