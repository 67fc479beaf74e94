import { defineRule, verdict } from '../../rule';
import { IAM_POLICY_TYPES, identityStatements, label } from '../support-iam';
import { asList, isAllow } from '../support';

/** Sovereign-IamNoWildcardActions (checkov CKV_AWS_62, CKV_AWS_63, CKV2_AWS_40; trivy AWS-0345). */
export const IamNoWildcardActions = defineRule(
  {
    id: 'Sovereign-IamNoWildcardActions',
    level: 'error',
    family: 'security',
    description:
      'Literal-JSON IAM identity policies (policy resources and role inline policies) allow no `*` or `<service>:*` action, and no Allow with `NotAction`.',
    appliesTo: IAM_POLICY_TYPES,
  },
  function IamNoWildcardActions(resource) {
    return verdict(
      identityStatements(resource)
        .filter(isAllow)
        .flatMap((s) => [
          ...asList(s.Action).filter((a) => a === '*' || /^[a-z0-9-]+:\*$/i.test(a)).map((a) => `${label(s)} allows every action "${a}"`),
          ...(s.NotAction !== undefined ? [`${label(s)} allows everything but NotAction`] : []),
        ]),
    );
  },
);
