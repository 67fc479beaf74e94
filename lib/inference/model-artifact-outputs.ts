/**
 * Names of the base stack's outputs that say where model artifacts go: the inference stacks write
 * them, the CLI's `upload` reads them from `terraform output -json`. One contract, in the library.
 */

/** Base stack output: `s3://<primary bucket>/<key>`, where the upload step puts the model artifacts. */
export const MODEL_ARTIFACTS_UPLOAD_OUTPUT = 'model_artifacts_upload';
/** Base stack outputs `model_artifacts_<region, underscores>`: where each region's model reads them. */
export const MODEL_ARTIFACTS_OUTPUT_PREFIX = 'model_artifacts_';
