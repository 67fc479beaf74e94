import type { TerraformStack } from 'cdktn';
import type { Engine, StateBackend } from '../lib/policy';
import { configureStateBackend, configureStateEncryption, declareEngineVersion } from '../lib/state';

/**
 * The engine settings of one stack, from the policy: the engine's version range, the state backend
 * inside the jurisdiction (`key` overrides the state key, e.g. for guardrails) and, with OpenTofu,
 * state and plan encryption with the jurisdiction's key. With Terraform no encryption block is emitted
 * (Terraform rejects it): the state is encrypted at rest by the backend only.
 */
export function configureEngine(stack: TerraformStack, engine: Engine, requiredVersion: string, state: StateBackend, key?: string): void {
  declareEngineVersion(stack, requiredVersion, engine);
  const { encryption, ...backend } = state;
  configureStateBackend(stack, backend.kind === 's3' ? { ...backend, region: backend.region.code, key: key ?? backend.key } : { ...backend, key: key ?? backend.key });
  // s3-compatible (a national operator's object storage): engine terraform only, refused with opentofu by the policy (lib/policy/validate-state-s3.ts).
  if (engine !== 'opentofu') return;
  if (!encryption) throw new Error(`${stack.node.path}: engine opentofu needs the state encryption key (policy state.encryption)`);
  configureStateEncryption(
    stack,
    encryption.kind === 'aws_kms'
      ? { keyProvider: 'aws_kms', kmsKeyArn: encryption.kmsKeyArn, region: encryption.region.code, migrateFromUnencrypted: encryption.migrateFromUnencrypted }
      : { keyProvider: 'azure_vault', vaultName: encryption.vaultName, keyName: encryption.keyName, migrateFromUnencrypted: encryption.migrateFromUnencrypted },
  );
}
