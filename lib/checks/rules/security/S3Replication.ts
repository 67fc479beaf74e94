import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { attached, block, blocks } from '../support';

/** Sovereign-S3Replication (checkov CKV_AWS_144): a copy in a second region survives a region cut-off. */
export const S3Replication = defineRule(
  {
    id: 'Sovereign-S3Replication',
    level: 'warning',
    family: 'security',
    description:
      'An S3 bucket replicates with every rule enabled (`aws_s3_bucket_replication_configuration`), or is itself a replication destination; where the replica may go is Sovereign-ResidencyS3Replication.',
    appliesTo: ['aws_s3_bucket'],
  },
  function S3Replication(bucket, ctx) {
    const configs = attached(bucket, ctx, 'aws_s3_bucket_replication_configuration');
    if (configs.some((c) => blocks(c.attrs.rule).length > 0 && blocks(c.attrs.rule).every((r) => r.status === 'Enabled'))) return COMPLIANT;
    const destination = ctx
      .resourcesOfType('aws_s3_bucket_replication_configuration')
      .some((c) => blocks(c.attrs.rule).some((r) => ctx.referencedBy(block(r.destination)?.bucket).includes(bucket)));
    if (destination) return COMPLIANT;
    return nonCompliant(configs.length > 0 ? 'a replication rule is not Enabled' : 'no replication to a second region of the jurisdiction');
  },
);
