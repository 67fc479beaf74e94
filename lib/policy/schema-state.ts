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
import { awsRegion, azureRegion, country, iamRoleArn, operatorName, uuid } from './schema-atoms';

export const S3CompatibleState = z
  .strictObject({
    operator: operatorName.describe('Who runs the object storage: a name under the top-level `operators` (its home country must be inside the jurisdiction).'),
    country: country.describe('ISO 3166-1 alpha-2 code of the country where the storage location is (must be inside the jurisdiction).'),
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

const AwsState = z.strictObject({
  bucket: z.string().regex(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 lower-case letters, digits and hyphens, no dots'),
  region: awsRegion,
  key: z.string().min(1).optional().describe('State object key. Default: `sovereign-<id>/terraform.tfstate`.'),
  kmsKeyId: z.string().min(1).optional().describe('KMS key (ARN or alias ARN) that encrypts the state object. Default: the bucket default encryption.'),
  roleArn: iamRoleArn.optional().describe('Role the backend assumes. Default: the ambient credentials.'),
});

const AzureState = z.strictObject({
  storageAccount: z.string().regex(/^[a-z0-9]{3,24}$/, 'must be 3-24 lower-case letters and digits'),
  container: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be 3-63 lower-case letters, digits and single hyphens'),
  resourceGroup: z.string().min(1).max(90),
  location: azureRegion.describe('Region of the storage account (the backend cannot see it; it is checked against the jurisdiction).'),
  subscriptionId: uuid.optional(),
  key: z.string().min(1).optional().describe('State blob name. Default: `sovereign-<id>.tfstate`.'),
});

// OpenTofu state and plan encryption (opentofu.org, "State and Plan Encryption"; key provider configs in
// opentofu/opentofu internal/encryption/keyprovider/{aws_kms,azure_vault}/config.go at v1.12.6).
const StateEncryption = z
  .strictObject({
    aws: z
      .strictObject({
        kmsKeyArn: z
          .string()
          .regex(
            /^arn:aws(-us-gov|-eusc)?:kms:[a-z0-9-]+:\d{12}:(key\/[0-9a-f-]{36}|key\/mrk-[0-9a-f]{32}|alias\/[A-Za-z0-9/_-]{1,250})$/,
            'must be a KMS key or alias ARN: arn:<partition>:kms:<region>:<12-digit account>:key/<key id> (the region in it is checked against the jurisdiction)',
          )
          .describe('KMS key (or alias) ARN of the OpenTofu `aws_kms` key provider; its region must be inside the jurisdiction. Create the key before the stack, like the state bucket.'),
      })
      .optional(),
    azure: z
      .strictObject({
        vaultName: z
          .string()
          .regex(/^[a-zA-Z](?!.*--)[0-9a-zA-Z-]{1,22}[0-9a-zA-Z]$/, 'must be a Key Vault name: 3-24 letters, digits and single hyphens, starting with a letter'),
        keyName: z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'must be a Key Vault key name: 1-127 letters, digits and hyphens'),
        location: azureRegion.describe('Region of the Key Vault (the vault URI does not say; it is checked against the jurisdiction).'),
      })
      .optional()
      .describe('An RSA key in an Azure Key Vault (OpenTofu `azure_vault` key provider, OpenTofu >= 1.11).'),
    migrateFromUnencrypted: z
      .boolean()
      .default(false)
      .describe('true while an existing unencrypted state is taken over: OpenTofu reads it through an `unencrypted` fallback and writes it encrypted. Remove after one apply: encryption is then enforced. Default: false (enforced).'),
  })
  .describe('engine: opentofu only: the key that encrypts state and plans client-side, inside the jurisdiction; `aws` with an S3 backend, `azure` with an azurerm backend.');

export const State = z
  .strictObject({ aws: AwsState.optional(), azure: AzureState.optional(), s3Compatible: S3CompatibleState.optional(), encryption: StateEncryption.optional() })
  .describe('Where Terraform state lives: exactly one of `aws` (S3 with native locking), `azure` (azurerm backend) or `s3Compatible` (a national operator\'s S3-compatible storage), inside the jurisdiction; with engine opentofu, the key that encrypts it.');
