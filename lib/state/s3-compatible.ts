/**
 * The Terraform `s3` backend pointed at a national operator's S3-compatible object storage.
 *
 * Arguments, from https://developer.hashicorp.com/terraform/language/backend/s3 (Terraform >= 1.6,
 * `use_lockfile` >= 1.10) and https://opentofu.org/docs/language/settings/backends/s3/ (same names;
 * `use_lockfile` since OpenTofu 1.10):
 * - `endpoints.s3`: the operator's S3 API (the deprecated top-level `endpoint` is not used);
 * - `use_path_style`: https://<host>/<bucket>, which S3-compatible stores serve without wildcard DNS;
 * - `skip_credentials_validation` (no STS), `skip_requesting_account_id` (no STS/IAM: without it
 *   init fails "Retrieving AWS account details", hashicorp/terraform#33983), `skip_metadata_api_check`
 *   (no EC2 instance metadata), `skip_region_validation` (the operator's region is not an AWS one);
 * - `skip_s3_checksum`: no SDK flexible checksums, which Ceph and others reject;
 * - `use_lockfile`: a `<key>.tflock` object written with `If-None-Match: *`; a store that ignores
 *   conditional writes gives no mutual exclusion (check the operator's documentation);
 * - no `access_key` / `secret_key`: credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 *   or `profile`, so nothing secret is written to cdk.tf.json.
 * Proven with terraform 1.11.4 against a local S3-compatible server (test/state/s3-compatible-terraform.test.ts).
 */
import { S3Backend, type TerraformStack } from 'cdktn';

/**
 * Environment for `terraform init/plan/apply` against an S3-compatible store. `skip_s3_checksum`
 * drops the backend's own checksum, but the AWS SDK (aws-sdk-go-v2 >= 2025-01) then adds a CRC32
 * checksum by default, which stores without flexible-checksum support reject: seen with terraform
 * 1.11.4 (x-amz-checksum-crc32 on the state upload), hashicorp/terraform#36704 and #37432; the SDK
 * settings below turn both directions to "only when the API requires it".
 */
export const S3_COMPATIBLE_CHECKSUM_ENV: Readonly<Record<string, string>> = Object.freeze({
  AWS_REQUEST_CHECKSUM_CALCULATION: 'when_required',
  AWS_RESPONSE_CHECKSUM_VALIDATION: 'when_required',
});

export interface S3CompatibleBackendProps {
  readonly kind: 's3-compatible';
  /** `https://s3.gra.io.cloud.ovh.net` */
  readonly endpoint: string;
  readonly bucket: string;
  readonly key: string;
  /** The operator's signing region name. */
  readonly region: string;
  /** @default true */
  readonly usePathStyle?: boolean;
  /** Send SDK flexible checksums (`skip_s3_checksum = false`). @default false */
  readonly checksums?: boolean;
  /** `encrypt` (SSE header AES256). @default true */
  readonly serverSideEncryption?: boolean;
  /** @default the environment's credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) */
  readonly profile?: string;
}

export function s3CompatibleBackend(stack: TerraformStack, props: S3CompatibleBackendProps): S3Backend {
  if (!/^https:\/\//.test(props.endpoint) && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(props.endpoint)) {
    throw new Error(`${stack.node.path}: the S3-compatible state endpoint "${props.endpoint}" must be https (the state holds every resource attribute); plain http only on the loopback, for tests`);
  }
  return new S3Backend(stack, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    endpoints: { s3: props.endpoint },
    usePathStyle: props.usePathStyle ?? true,
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipRegionValidation: true,
    skipS3Checksum: !(props.checksums ?? false),
    encrypt: props.serverSideEncryption ?? true,
    profile: props.profile,
    useLockfile: true, // validated against the stack's targetVersions (declareEngineVersion)
  });
}
