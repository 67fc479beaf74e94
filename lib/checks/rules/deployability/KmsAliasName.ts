import { defineRule, NOT_APPLICABLE, verdict } from '../../rule';
import { literal } from '../support';

/** Sovereign-KmsAliasName (KMS alias rules; provider validation at plan). */
export const KmsAliasName = defineRule(
  {
    id: 'Sovereign-KmsAliasName',
    level: 'error',
    family: 'deployability',
    description: 'An `aws_kms_alias` name is `alias/` followed by letters, digits, `/`, `_` and `-` (at most 256 characters), not under the reserved `alias/aws/`. Names with `${...}` are skipped.',
    appliesTo: ['aws_kms_alias'],
  },
  function KmsAliasName(alias) {
    const name = literal(alias.attrs.name);
    if (name === undefined) return NOT_APPLICABLE;
    return verdict([
      !/^alias\/[a-zA-Z0-9/_-]+$/.test(name) && `name "${name}" must be "alias/" followed by letters, digits, "/", "_" and "-"`,
      name.length > 256 && `name "${name}" is longer than 256 characters`,
      name.startsWith('alias/aws/') && `name "${name}" is under alias/aws/, reserved for AWS managed keys`,
    ]);
  },
);
