export * from './model';
export * from './problems';
export * from './schema';
export * from './load';
export { validatePolicy, type Finding } from './validate';
export { POLICY_LIMITS } from './limits';
export { parsePolicyText } from './parse';
export { isCredentialKey, scanSecrets, secretKind } from './secrets';
export { decodePolicy, firstInvalidUtf8, readPolicySource } from './source';
