import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { isUnresolved } from '../support';

/** Sovereign-KmsDeletionWindow: a scheduled key deletion can be cancelled for 7-30 days (AWS refuses other values). */
export const KmsDeletionWindow = defineRule(
  {
    id: 'Sovereign-KmsDeletionWindow',
    level: 'error',
    family: 'data-safety',
    description: 'An `aws_kms_key` `deletion_window_in_days` is from 7 to 30 (30 when absent).',
    appliesTo: ['aws_kms_key'],
  },
  function KmsDeletionWindow(key) {
    const days = key.attrs.deletion_window_in_days;
    if (days === undefined) return COMPLIANT;
    if (isUnresolved(days)) return NOT_APPLICABLE;
    return Number(days) >= 7 && Number(days) <= 30 ? COMPLIANT : nonCompliant(`deletion_window_in_days ${days} is outside 7-30`);
  },
);
