import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { s3BucketNameProblems } from '../../../catalog';
import { literal } from '../support';

/** The S3 naming rule lives in the catalog (lib/catalog/names.ts), shared with the storage constructs. */
export { s3BucketNameProblems };

/** Sovereign-S3BucketName: AWS accepts the name at apply (the provider only checks it during create). */
export const S3BucketName = defineRule(
  {
    id: 'Sovereign-S3BucketName',
    level: 'error',
    family: 'deployability',
    description:
      'An `aws_s3_bucket` name follows the S3 naming rules: 3-63 lower-case letters, digits and hyphens (no dots), starting and ending with a letter or digit, not an IP address, no reserved prefix or suffix. Names with `${...}` are skipped.',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3BucketName(bucket) {
    const name = literal(bucket.attrs.bucket);
    if (name === undefined) return NOT_APPLICABLE;
    return verdict(s3BucketNameProblems(name).map((p) => `bucket name "${name}": ${p}`));
  },
);
