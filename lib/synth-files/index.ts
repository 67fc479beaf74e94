/**
 * The one reader of synthesized Terraform JSON: `manifest.json` and each stack's `cdk.tf.json` (or
 * `cdk.tf` with `--hcl`), where a resource runs, cdktn cross-stack references, and the small shape
 * helpers. The rule pack (lib/checks), the analysis (lib/analysis) and the tests (test/support)
 * read synthesized stacks through it. It imports only lib/catalog.
 */
export * from './stack-file';
export * from './json';
export * from './placement';
export * from './cross-stack';
export * from './output';
