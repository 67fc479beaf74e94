/**
 * The IAM policy documents of a resource, for the IAM rules: identity policies (`aws_iam_policy`,
 * `aws_iam_role_policy`, `aws_iam_user_policy`, `aws_iam_group_policy`, a role's `inline_policy`)
 * written as literal JSON. `${jsonencode(...)}` and data-source documents are not readable at synth.
 */
import type { CheckedResource } from '../rule';
import { blocks, policyStatements, type PolicyStatement } from './support';

export const IAM_POLICY_TYPES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'];

/** The readable identity-policy statements of a resource. */
export function identityStatements(resource: CheckedResource): PolicyStatement[] {
  const documents = resource.type === 'aws_iam_role' ? blocks(resource.attrs.inline_policy).map((p) => p.policy) : [resource.attrs.policy];
  return documents.flatMap((d) => policyStatements(d) ?? []);
}

export function label(s: PolicyStatement): string {
  return `statement ${s.Sid ?? '(no Sid)'}`;
}
