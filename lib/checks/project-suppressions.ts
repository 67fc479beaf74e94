/**
 * Findings this repository's constructs accept by design, each with its reason (they appear in
 * every findings report as suppressed). Pass them to the pack for apps built from lib/storage and
 * lib/dns: `SovereigntyChecks.applyTo(app, { suppressions: PROJECT_SUPPRESSIONS })`.
 * Until the constructs suppress these on their own resources (SovereigntyChecks.suppress), this is
 * the one list to review.
 */
import type { ConditionalSuppression } from './evaluate';
import { isAccessLogTarget } from './rules/support';

export const PROJECT_SUPPRESSIONS: readonly ConditionalSuppression[] = Object.freeze([
  {
    ruleId: 'Sovereign-S3Replication',
    reason: 'server access logs stay in the region of the bucket they log (ResidencyBucket log bucket); the data buckets replicate',
    appliesTo: (r, ctx) => r.type === 'aws_s3_bucket' && isAccessLogTarget(r, ctx),
  },
  {
    ruleId: 'Sovereign-Route53Dnssec',
    reason: 'DNSSEC signing needs an asymmetric KMS key in us-east-1 (Route 53 requirement), outside the EU and India: opt-in per zone (dnssecKmsKeyArn), off by default',
    appliesTo: (r) => r.type === 'aws_route53_zone',
  },
  {
    ruleId: 'Sovereign-Route53QueryLogging',
    reason: 'query logs must go to a log group in us-east-1 and hold client resolver addresses, kept outside the EU and India: opt-in per zone (queryLogGroupArn), off by default',
    appliesTo: (r) => r.type === 'aws_route53_zone',
  },
]);
