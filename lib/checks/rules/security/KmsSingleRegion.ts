import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isTrue } from '../support';

/** Sovereign-KmsSingleRegion: key material never leaves its region (multi-region keys can be replicated anywhere). */
export const KmsSingleRegion = defineRule(
  {
    id: 'Sovereign-KmsSingleRegion',
    level: 'error',
    family: 'security',
    description: 'An `aws_kms_key` is not `multi_region` (a multi-region primary key can be replicated to any region, outside the jurisdiction too); no `aws_kms_replica_key` is created.',
    appliesTo: ['aws_kms_key', 'aws_kms_replica_key'],
  },
  function KmsSingleRegion(key) {
    if (key.type === 'aws_kms_replica_key') return nonCompliant('a replica key copies key material of a multi-region key into another region; keep one key per region instead');
    return isTrue(key.attrs.multi_region) ? nonCompliant('multi_region is true: the key material can be replicated to any region; set it false') : COMPLIANT;
  },
);
