import { defineRule, verdict } from '../../rule';
import { bucketPolicies, hasCondition, hasWildcardPrincipal, isAllow, policyStatements } from '../support';

/** Sovereign-S3NoPublicPolicy (checkov CKV_AWS_70): no Allow for any principal unless a condition narrows it. */
export const S3NoPublicPolicy = defineRule(
  {
    id: 'Sovereign-S3NoPublicPolicy',
    level: 'error',
    family: 'security',
    description: 'An S3 bucket policy has no Allow statement for principal `*` (or `AWS: *`) without a Condition that narrows it (source VPC endpoint, organization, account...).',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3NoPublicPolicy(bucket, ctx) {
    return verdict(
      bucketPolicies(bucket, ctx)
        .flatMap((p) => policyStatements(p) ?? [])
        .filter((s) => isAllow(s) && hasWildcardPrincipal(s) && !hasCondition(s))
        .map((s) => `statement ${s.Sid ?? '(no Sid)'} allows any principal without a condition`),
    );
  },
);
