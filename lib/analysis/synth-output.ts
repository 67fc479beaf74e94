/** The analysis reads synthesized stacks through the one reader of Terraform JSON (lib/synth-files). */
export * from '../synth-files/output';
