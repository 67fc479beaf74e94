/** Moved to the one reader of synthesized Terraform JSON (lib/synth-files/cross-stack.ts); kept for existing imports. */
export * from '../synth-files/cross-stack';
