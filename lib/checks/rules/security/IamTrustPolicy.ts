import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { label } from '../support-iam';
import { asList, hasCondition, hasWildcardPrincipal, isAllow, policyStatements } from '../support';

const WHOLE_ACCOUNT = /^(\d{12}|arn:[^:]+:iam::[^:]+:root)$/;

/** Sovereign-IamTrustPolicy (checkov CKV_AWS_60, CKV_AWS_61). */
export const IamTrustPolicy = defineRule(
  {
    id: 'Sovereign-IamTrustPolicy',
    level: 'error',
    family: 'security',
    description:
      'An `aws_iam_role` trust policy (literal JSON) lets no principal `*` assume it, and trusts no whole account (`<account id>` or `arn:...:root`) without a Condition.',
    appliesTo: ['aws_iam_role'],
  },
  function IamTrustPolicy(role) {
    const statements = policyStatements(role.attrs.assume_role_policy);
    if (!statements) return NOT_APPLICABLE;
    return verdict(
      statements.filter(isAllow).flatMap((s) => {
        if (hasWildcardPrincipal(s)) return hasCondition(s) ? [] : [`${label(s)} lets any principal assume the role`];
        const aws = s.Principal && typeof s.Principal === 'object' ? asList((s.Principal as Record<string, unknown>).AWS) : [];
        const accounts = aws.filter((p) => WHOLE_ACCOUNT.test(p));
        return accounts.length > 0 && !hasCondition(s) ? [`${label(s)} trusts every principal of ${accounts.join(', ')}; name the role, or add a Condition`] : [];
      }),
    );
  },
);
