import { defineRule, nonCompliant, NOT_APPLICABLE, verdict } from '../../rule';
import { hasCondition, hasWildcardPrincipal, isAllow, policyStatements } from '../support';

/** Sovereign-KmsKeyPolicy (checkov CKV2_AWS_64, CKV_AWS_33). */
export const KmsKeyPolicy = defineRule(
  {
    id: 'Sovereign-KmsKeyPolicy',
    level: 'error',
    family: 'security',
    description: 'An `aws_kms_key` has an explicit key policy (or an `aws_kms_key_policy`), with no Allow for principal `*` that a Condition does not narrow.',
    appliesTo: ['aws_kms_key'],
  },
  function KmsKeyPolicy(key, ctx) {
    const separate = ctx.referencing(key, 'aws_kms_key_policy', 'key_id').map((p) => p.attrs.policy);
    const policies = [...(key.attrs.policy !== undefined ? [key.attrs.policy] : []), ...separate];
    if (policies.length === 0) return nonCompliant('no key policy: the default policy gives the whole account kms:* without a statement you can review');
    const readable = policies.map(policyStatements).filter((s) => s !== undefined);
    if (readable.length === 0) return NOT_APPLICABLE;
    return verdict(readable.flat().filter((s) => isAllow(s) && hasWildcardPrincipal(s) && !hasCondition(s)).map((s) => `statement ${s.Sid ?? '(no Sid)'} allows any principal without a condition`));
  },
);
