import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { asList, bucketPolicies, hasWildcardPrincipal, policyStatements } from '../support';

/** Sovereign-S3Tls (cdk-nag AwsSolutions-S10): the bucket policy denies every request not made over TLS. */
export const S3Tls = defineRule(
  {
    id: 'Sovereign-S3Tls',
    level: 'error',
    family: 'security',
    description:
      'An S3 bucket policy has a Deny for principal `*`, action `s3:*` (or `*`), on the bucket and its objects, when `aws:SecureTransport` is false.',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3Tls(bucket, ctx) {
    const policies = bucketPolicies(bucket, ctx);
    if (policies.length === 0) return nonCompliant('no bucket policy, so plain-HTTP requests are not denied; add a Deny on aws:SecureTransport = false');
    for (const policy of policies) {
      const statements = policyStatements(policy);
      if (!statements) return NOT_APPLICABLE; // a policy synth cannot read (jsonencode / data source) is not judged
      const denies = statements.some((s) => {
        const actions = asList(s.Action);
        const resources = asList(s.Resource);
        const insecure = s.Condition?.Bool?.['aws:SecureTransport'];
        return s.Effect === 'Deny' && hasWildcardPrincipal(s) && (actions.includes('s3:*') || actions.includes('*')) &&
          (insecure === 'false' || insecure === false) && resources.some((r) => r.endsWith('/*')) && resources.some((r) => !r.endsWith('/*'));
      });
      if (denies) return COMPLIANT;
    }
    return nonCompliant('the bucket policy has no Deny of s3:* for principal * on the bucket and its objects when aws:SecureTransport is false');
  },
);
