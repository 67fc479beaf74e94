import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { literal } from '../support';

/** Why `name` cannot be an S3 bucket name (AWS bucket naming rules, docs/facts/security-rules.md §5.1), or undefined. */
export function s3BucketNameProblems(name: string): string[] {
  return [
    (name.length < 3 || name.length > 63) && `it has ${name.length} characters (3-63)`,
    !/^[a-z0-9.-]+$/.test(name) && 'only lower-case letters, digits, "." and "-" are allowed',
    !/^[a-z0-9].*[a-z0-9]$/.test(name) && 'it must begin and end with a letter or digit',
    name.includes('..') && 'it has two adjacent periods',
    /^\d{1,3}(\.\d{1,3}){3}$/.test(name) && 'it is formatted as an IP address',
    /^(xn--|sthree-|amzn-s3-demo-)/.test(name) && 'it starts with a reserved prefix (xn--, sthree-, amzn-s3-demo-)',
    /(-s3alias|--ol-s3|\.mrap|--x-s3)$/.test(name) && 'it ends with a reserved suffix (-s3alias, --ol-s3, .mrap, --x-s3)',
    name.includes('.') && 'it has a "." (virtual-hosted HTTPS certificates do not match dotted names; trivy AWS-0320): use "-"',
  ].filter((p): p is string => typeof p === 'string');
}

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
