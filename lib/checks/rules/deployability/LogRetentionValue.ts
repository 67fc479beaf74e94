import { LOG_RETENTION_DAYS } from '../../../catalog';
import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isUnresolved } from '../support';

/** Sovereign-LogRetentionValue: CloudWatch accepts only its listed retention values (366 synthesizes, then fails). */
export const LogRetentionValue = defineRule(
  {
    id: 'Sovereign-LogRetentionValue',
    level: 'error',
    family: 'deployability',
    description: `An \`aws_cloudwatch_log_group\` \`retention_in_days\` is a value PutRetentionPolicy accepts: ${LOG_RETENTION_DAYS.join(', ')} (or 0, never expire).`,
    appliesTo: ['aws_cloudwatch_log_group'],
  },
  function LogRetentionValue(group) {
    const days = group.attrs.retention_in_days;
    if (days === undefined || isUnresolved(days)) return NOT_APPLICABLE;
    const n = Number(days);
    if (n === 0 || LOG_RETENTION_DAYS.includes(n)) return COMPLIANT;
    const next = LOG_RETENTION_DAYS.find((v) => v > n);
    return nonCompliant(`retention_in_days ${days} is not a CloudWatch value${next ? ` (the next one up is ${next})` : ''}; allowed: ${LOG_RETENTION_DAYS.join(', ')}`);
  },
);
