/**
 * `state.s3Compatible`: Terraform state at a national operator's S3-compatible object storage
 * (Ceph RGW, MinIO, a national cloud's object store) through the Terraform `s3` backend with a
 * custom endpoint. No credentials here: the backend reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * from the environment, or a named `profile` of the shared AWS config files.
 *
 * Backend arguments (Terraform >= 1.6, the aws-sdk-go-v2 S3 backend; `use_lockfile` >= 1.10):
 * https://developer.hashicorp.com/terraform/language/backend/s3 (`endpoints.s3`, `use_path_style`,
 * `skip_credentials_validation`, `skip_region_validation`, `skip_requesting_account_id`,
 * `skip_metadata_api_check`, `skip_s3_checksum`, `use_lockfile`). OpenTofu accepts the same names
 * (https://opentofu.org/docs/language/settings/backends/s3/; `use_lockfile` since OpenTofu 1.10).
 * Which skips an S3-compatible store needs: it has no STS, IAM or EC2 metadata API, does not know
 * AWS region names, and may reject the SDK's default checksums (XAmzContentSHA256Mismatch on Ceph,
 * dev.to/thiagoarrais/storing-your-terraform-state-in-ceph-1p1f; hashicorp/terraform#33983).
 */
import { z } from 'zod';
import { COUNTRY_CODES } from '../catalog';

const countryCodes = [...COUNTRY_CODES].sort() as [string, ...string[]];

export const S3CompatibleState = z
  .strictObject({
    operator: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a lower-case operator name such as ovh or natcloud-fr')
      .describe('Who runs the object storage: a name under the top-level `operators` (its home country must be inside the jurisdiction).'),
    country: z.enum(countryCodes).describe('ISO 3166-1 alpha-2 code of the country where the storage location is (must be inside the jurisdiction).'),
    endpoint: z
      .string()
      .regex(/^https:\/\/(?=.{4,253}(:|\/|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?\/?$/, 'must be an https:// URL of a host name (optionally :port), no path, such as https://s3.gra.io.cloud.ovh.net')
      .describe('S3 API endpoint of the operator (Terraform `endpoints.s3`). https only: the state holds every resource attribute.'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3-63 lower-case letters, digits, dots and hyphens'),
    region: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be the region name the operator\'s S3 API signs with, such as gra, fr-par or de')
      .describe('Region name the operator\'s S3 API expects in the SigV4 signature (not an AWS region; Terraform `skip_region_validation` is set).'),
    key: z.string().min(1).optional().describe('State object key. Default: `sovereign-<id>/terraform.tfstate`.'),
    usePathStyle: z.boolean().default(true).describe('Path-style URLs (https://<host>/<bucket>), which every S3-compatible store serves; false for virtual-hosted style (https://<bucket>.<host>). Default: true.'),
    checksums: z
      .boolean()
      .default(false)
      .describe('Send the AWS SDK\'s flexible checksums on uploads (Terraform `skip_s3_checksum = false`); many S3-compatible stores reject them. Default: false (`skip_s3_checksum = true`).'),
    serverSideEncryption: z
      .boolean()
      .default(true)
      .describe('Ask the store to encrypt the state object at rest (Terraform `encrypt`, header x-amz-server-side-encryption: AES256). Set false only where the store encrypts at rest anyway and rejects the header. Default: true.'),
    profile: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be a profile name of the shared AWS config files')
      .optional()
      .describe('Named profile of ~/.aws/config and ~/.aws/credentials holding the operator\'s access key. Default: the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) or the default profile.'),
  })
  .describe('State at a national operator\'s S3-compatible object storage (Terraform s3 backend with a custom endpoint). Credentials come from the environment or `profile`, never from the policy.');

export type ParsedS3CompatibleState = z.output<typeof S3CompatibleState>;
