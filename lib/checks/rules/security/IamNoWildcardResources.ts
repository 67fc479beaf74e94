import { defineRule, verdict } from '../../rule';
import { IAM_POLICY_TYPES, identityStatements, label } from '../support-iam';
import { asList, hasCondition, isAllow } from '../support';

/**
 * Actions with no resource-level permissions (IAM Service Authorization Reference): their resource
 * can only be `*`. `ec2:Describe*` covers every EC2 describe action.
 */
const UNRESTRICTABLE = [/^ecr:GetAuthorizationToken$/, /^ec2:Describe[A-Za-z]*$/, /^ec2:DeleteNetworkInterfacePermission$/, /^cloudwatch:PutMetricData$/, /^sts:GetCallerIdentity$/];

/** Sovereign-IamNoWildcardResources (checkov CKV_AWS_355, cdk-nag AwsSolutions-IAM5 for resources). */
export const IamNoWildcardResources = defineRule(
  {
    id: 'Sovereign-IamNoWildcardResources',
    level: 'warning',
    family: 'security',
    description:
      'Literal-JSON IAM identity policies allow resource `*` only for actions that have no resource-level permissions (ecr:GetAuthorizationToken, ec2:Describe*, cloudwatch:PutMetricData, ...) or under a Condition.',
    appliesTo: IAM_POLICY_TYPES,
  },
  function IamNoWildcardResources(resource) {
    return verdict(
      identityStatements(resource)
        .filter((s) => isAllow(s) && asList(s.Resource).includes('*') && !hasCondition(s))
        .map((s) => [s, asList(s.Action).filter((a) => !UNRESTRICTABLE.some((p) => p.test(a)))] as const)
        .filter(([, restrictable]) => restrictable.length > 0)
        .map(([s, restrictable]) => `${label(s)} allows ${restrictable.join(', ')} on every resource "*"; name the resources or add a Condition`),
    );
  },
);
