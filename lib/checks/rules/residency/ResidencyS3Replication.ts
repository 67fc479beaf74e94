import { defineRule, verdict } from '../../rule';
import { block, blocks, describeJurisdiction, placedOutside } from '../support';

/** Sovereign-ResidencyS3Replication: S3 replicas (and their keys) stay in the jurisdiction. */
export const ResidencyS3Replication = defineRule(
  {
    id: 'Sovereign-ResidencyS3Replication',
    level: 'error',
    family: 'residency',
    description:
      'Each `aws_s3_bucket_replication_configuration` rule replicates to a bucket of this stack placed in the jurisdiction (a bucket given by literal ARN cannot be placed and is refused), encrypted with a key of this stack in the jurisdiction.',
    appliesTo: ['aws_s3_bucket_replication_configuration'],
  },
  function ResidencyS3Replication(config, ctx) {
    const j = ctx.jurisdiction!;
    const problems: (string | undefined)[] = [];
    for (const rule of blocks(config.attrs.rule)) {
      const destination = block(rule.destination);
      const id = rule.id ? `rule "${rule.id}"` : 'a rule';
      if (!destination?.bucket) continue;
      const buckets = ctx.referencedBy(destination.bucket).filter((r) => r.type === 'aws_s3_bucket');
      if (buckets.length === 0) {
        problems.push(`${id} replicates to ${destination.bucket}, a bucket outside this stack whose region cannot be checked against jurisdiction ${describeJurisdiction(j)}; replicate to a bucket this stack creates`);
      }
      for (const bucket of buckets) problems.push(placedOutside(bucket, ctx, j, `${id} replicates to ${bucket.address}, which`));
      const key = block(destination.encryption_configuration)?.replica_kms_key_id;
      for (const k of key ? ctx.referencedBy(key).filter((r) => r.type === 'aws_kms_key') : []) {
        problems.push(placedOutside(k, ctx, j, `${id} encrypts replicas with ${k.address}, which`));
      }
    }
    return verdict(problems);
  },
);
