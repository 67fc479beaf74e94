import { defineRule, verdict } from '../../rule';
import { attached, block, blocks } from '../support';

const PUBLIC_ACLS = new Set(['public-read', 'public-read-write', 'authenticated-read', 'website']);
const PUBLIC_GRANTEES = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/;

/** Sovereign-S3AclsDisabled (checkov CKV2_AWS_65, CKV_AWS_20/57, CKV2_AWS_43; trivy AWS-0092). */
export const S3AclsDisabled = defineRule(
  {
    id: 'Sovereign-S3AclsDisabled',
    level: 'error',
    family: 'security',
    description:
      'An S3 bucket keeps ACLs disabled: any `aws_s3_bucket_ownership_controls` says `BucketOwnerEnforced` (the S3 default when absent), and no ACL is public (canned public ACLs, grants to AllUsers or AuthenticatedUsers).',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3AclsDisabled(bucket, ctx) {
    const problems: string[] = [];
    for (const o of attached(bucket, ctx, 'aws_s3_bucket_ownership_controls')) {
      const ownership = block(o.attrs.rule)?.object_ownership;
      if (ownership !== 'BucketOwnerEnforced') problems.push(`object_ownership is ${ownership}, so ACLs are enabled; use BucketOwnerEnforced`);
    }
    const acls = [...attached(bucket, ctx, 'aws_s3_bucket_acl').map((a) => a.attrs), bucket.attrs];
    for (const a of acls) {
      if (typeof a.acl === 'string' && PUBLIC_ACLS.has(a.acl)) problems.push(`acl "${a.acl}" is public`);
      for (const policy of blocks(a.access_control_policy)) {
        if (PUBLIC_GRANTEES.test(JSON.stringify(blocks(policy.grant)))) problems.push('an ACL grant is given to AllUsers or AuthenticatedUsers');
      }
    }
    return verdict(problems);
  },
);
