import { minimumLogRetentionDays } from '../../../catalog';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isUnresolved } from '../support';

/** Sovereign-LogRetention (checkov CKV_AWS_66, cdk-nag CloudWatchLogGroupRetentionPeriod; CERT-In for India). */
export const LogRetention = defineRule(
  {
    id: 'Sovereign-LogRetention',
    level: 'error',
    family: 'security',
    description:
      'An `aws_cloudwatch_log_group` sets `retention_in_days` explicitly, not 0 (never expire), and at least the jurisdiction\'s legal minimum (180 days where India is in it, CERT-In Directions 2022).',
    appliesTo: ['aws_cloudwatch_log_group'],
  },
  function LogRetention(group, ctx) {
    const days = group.attrs.retention_in_days;
    if (days === undefined) return nonCompliant('no retention_in_days: the logs are kept forever');
    if (isUnresolved(days)) return NOT_APPLICABLE;
    const n = Number(days);
    if (n === 0) return nonCompliant('retention_in_days is 0 (never expire): logs of callers and prompts would live forever; set a retention');
    const minimum = ctx.jurisdiction ? minimumLogRetentionDays(ctx.jurisdiction) : 1;
    return n >= minimum ? COMPLIANT : nonCompliant(`retention_in_days ${n} is below the ${minimum} days jurisdiction "${ctx.jurisdiction?.id}" requires`);
  },
);
