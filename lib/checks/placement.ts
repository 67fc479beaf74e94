/** Moved to the one reader of synthesized Terraform JSON (lib/synth-files/placement.ts); kept for existing imports. */
export * from '../synth-files/placement';
