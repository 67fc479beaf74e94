import { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { TerraformStack, TerraformVariable, Testing } from 'cdktn';
import { jurisdiction, type Jurisdiction } from '../../lib/catalog';
import { RegionDenyPolicy, regionDenyScp, type PolicyDocument, type PolicyStatement, type RegionDenyPolicyProps } from '../../lib/guardrails/aws';
import {
  BEDROCK_INVOKE_ACTIONS,
  CONTROL_TOWER_EXECUTION_ROLE_PATTERN,
  REGION_DENY_EXEMPT_ACTIONS,
  SCP_MAX_CHARACTERS,
} from '../../lib/guardrails/aws-region-deny-data';
import { resourcesOf, synthJson } from '../support/synth';

const US = jurisdiction('us', { preset: 'US' });
const EU = jurisdiction('eu', { preset: 'EU' });
const IN = jurisdiction('in', { preset: 'IN' });
const OU = 'ou-ab12-cd34ef56';
const US_REGIONS = ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'];
const EU_REGIONS = ['eu-central-1', 'eu-west-1', 'eu-west-3', 'eu-north-1', 'eu-south-1', 'eu-south-2'];
const IN_REGIONS = ['ap-south-1', 'ap-south-2'];

function synth(props: Partial<RegionDenyPolicyProps> & { jurisdiction: Jurisdiction }) {
  const stack = new TerraformStack(Testing.app(), 'test');
  const provider = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const policy = new RegionDenyPolicy(stack, 'region-deny', { provider, targetId: OU, ...props });
  const json = synthJson(stack);
  const [policyId, resource] = resourcesOf(json, 'aws_organizations_policy')[0];
  const document = JSON.parse(resource.content) as PolicyDocument;
  return { policy, json, policyId, resource, document, statement: (sid: string) => document.Statement.find((s) => s.Sid === sid) };
}

// A small evaluator of Deny statements with the IAM semantics these use: Action/NotAction globs,
// StringEquals, StringNotEquals and ArnNotLike (a negated operator matches when the key is absent).
interface Request {
  readonly action: string;
  readonly region: string;
  readonly principal?: string;
  readonly profileArn?: string;
}
const glob = (pattern: string, value: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i').test(value);
function denies(document: PolicyDocument, req: Request): string[] {
  const context: Record<string, string | undefined> = {
    'aws:RequestedRegion': req.region,
    'aws:PrincipalARN': req.principal ?? 'arn:aws:iam::111122223333:role/app',
    'bedrock:InferenceProfileArn': req.profileArn,
  };
  const applies = (s: PolicyStatement) => {
    const actionMatch = s.Action ? s.Action.some((a) => glob(a, req.action)) : !s.NotAction!.some((a) => glob(a, req.action));
    if (!actionMatch) return false;
    return Object.entries(s.Condition).every(([operator, keys]) =>
      Object.entries(keys).every(([key, values]) => {
        const v = context[key];
        switch (operator) {
          case 'StringEquals':
            return v !== undefined && values.includes(v);
          case 'StringNotEquals':
            return v === undefined || !values.includes(v);
          case 'ArnNotLike':
            return v === undefined || !values.some((p) => glob(p, v));
          default:
            throw new Error(`operator ${operator} not modelled`);
        }
      }),
    );
  };
  return document.Statement.filter(applies).map((s) => s.Sid);
}
const profile = (prefix: string) => `arn:aws:bedrock:eu-central-1:111122223333:inference-profile/${prefix}anthropic.claude-sonnet-4-5-20250929-v1:0`;

describe('RegionDenyPolicy: allowed regions per jurisdiction', () => {
  test.each<[string, Jurisdiction, string[]]>([
    ['US', US, US_REGIONS],
    ['EU (no eu-west-2, eu-central-2 or the EUSC partition)', EU, EU_REGIONS],
    ['IN', IN, IN_REGIONS],
  ])('%s: exactly the commercial AWS regions of the jurisdiction, in both deny statements', (_name, j, regions) => {
    const { policy, statement } = synth({ jurisdiction: j });
    expect(policy.allowedRegions).toEqual(regions);
    expect(statement('DenyOutsideJurisdictionRegions')!.Condition.StringNotEquals).toEqual({ 'aws:RequestedRegion': regions });
    expect(statement('DenyBedrockOutsideJurisdiction')!.Condition.StringNotEquals).toEqual({ 'aws:RequestedRegion': regions });
  });

  test('EU never allows London, Zurich or the European Sovereign Cloud region', () => {
    const { resource } = synth({ jurisdiction: EU });
    for (const code of ['eu-west-2', 'eu-central-2', 'eusc-de-east-1', 'unspecified']) expect(resource.content).not.toContain(`"${code}"`);
  });

  test('an explicit list is kept in catalog order', () => {
    const { policy } = synth({ jurisdiction: EU, allowedRegions: ['eu-west-3', 'eu-central-1'] });
    expect(policy.allowedRegions).toEqual(['eu-central-1', 'eu-west-3']);
  });
});

describe('RegionDenyPolicy: resources and statement 1', () => {
  const { json, policyId, resource, document, statement } = synth({ jurisdiction: EU });
  const first = statement('DenyOutsideJurisdictionRegions')!;

  test('a service control policy, minified literal JSON under the size limit, attached to the OU', () => {
    expect(resource).toMatchObject({ provider: 'aws', type: 'SERVICE_CONTROL_POLICY', name: 'sovereign-eu-region-deny' });
    expect(resource.description).toContain('eu-central-1, eu-west-1, eu-west-3, eu-north-1, eu-south-1, eu-south-2');
    expect(resource.content).toBe(JSON.stringify(document));
    expect(resource.content).not.toMatch(/\s/);
    expect(resource.content.length).toBeLessThanOrEqual(SCP_MAX_CHARACTERS);
    expect(resourcesOf(json, 'aws_organizations_policy_attachment')).toEqual([
      [expect.any(String), { provider: 'aws', policy_id: `\${aws_organizations_policy.${policyId}.id}`, target_id: OU }],
    ]);
  });

  test('Deny with NotAction = the global-service exemptions plus the Bedrock inference actions, on every resource', () => {
    expect(first).toMatchObject({ Effect: 'Deny', Resource: '*' });
    expect(first.Action).toBeUndefined();
    expect(first.NotAction).toEqual(expect.arrayContaining(['route53:*', 'iam:*', 'organizations:*', 'sts:*', 'cloudfront:*', 'kms:*', 's3:GetBucketLocation', ...BEDROCK_INVOKE_ACTIONS]));
    expect(first.NotAction).toHaveLength(REGION_DENY_EXEMPT_ACTIONS.length + BEDROCK_INVOKE_ACTIONS.length);
    expect(first.NotAction).not.toContain('bedrock:*');
    expect(first.NotAction!.filter((a) => a.startsWith('s3:'))).not.toContain('s3:PutObject');
  });

  test('the Control Tower execution role is exempt by default; an empty list exempts nobody', () => {
    expect(first.Condition.ArnNotLike).toEqual({ 'aws:PrincipalARN': [CONTROL_TOWER_EXECUTION_ROLE_PATTERN] });
    const none = synth({ jurisdiction: EU, exemptPrincipalArnPatterns: [] });
    expect(none.document.Statement.every((s) => !('aws:PrincipalARN' in (s.Condition.ArnNotLike ?? {})))).toBe(true);
  });

  test('additionalExemptActions extend the exemptions once', () => {
    const { statement: s } = synth({ jurisdiction: EU, additionalExemptActions: ['resource-groups:ListGroups', 'route53:*'] });
    const notAction = s('DenyOutsideJurisdictionRegions')!.NotAction!;
    expect(notAction).toContain('resource-groups:ListGroups');
    expect(notAction.filter((a) => a === 'route53:*')).toHaveLength(1);
  });

  test('a target id from another resource (a token) is accepted', () => {
    const stack = new TerraformStack(Testing.app(), 'token');
    const provider = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const ou = new TerraformVariable(stack, 'ou', { type: 'string' });
    new RegionDenyPolicy(stack, 'deny', { provider, jurisdiction: IN, targetId: ou.stringValue });
    expect(resourcesOf(synthJson(stack), 'aws_organizations_policy_attachment')[0][1].target_id).toBe('${var.ou}');
  });
});

describe('RegionDenyPolicy: Bedrock', () => {
  test.each<[string, Partial<RegionDenyPolicyProps> & { jurisdiction: Jurisdiction }, string[], string[]]>([
    ['US: us. profiles', { jurisdiction: US }, ['arn:aws:bedrock:*:*:inference-profile/us.*'], US_REGIONS],
    ['EU without opt-in: no profile', { jurisdiction: EU }, [], EU_REGIONS],
    ['EU with opt-in: eu. profiles, served only in EU-member regions', { jurisdiction: EU, allowEuInferenceProfiles: true }, ['arn:aws:bedrock:*:*:inference-profile/eu.*'], EU_REGIONS],
    ['IN: no profile (apac. reaches Tokyo, Singapore, ...)', { jurisdiction: IN }, [], IN_REGIONS],
  ])('%s', (_name, props, patterns, inferenceRegions) => {
    const { document, statement, resource } = synth(props);
    const second = statement('DenyBedrockOutsideJurisdiction')!;
    expect(second).toMatchObject({ Effect: 'Deny', Resource: '*', Action: BEDROCK_INVOKE_ACTIONS });
    expect(second.Action).toEqual([
      'bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream', 'bedrock:Converse', 'bedrock:ConverseStream', 'bedrock:CreateModelInvocationJob',
    ]);
    expect(second.Condition.ArnNotLike?.['bedrock:InferenceProfileArn'] ?? []).toEqual(patterns);
    const third = statement('DenyBedrockOutsideProfileRegions');
    if (patterns.length > 0) expect(third!.Condition.StringNotEquals).toEqual({ 'aws:RequestedRegion': inferenceRegions });
    else expect(third).toBeUndefined();
    expect(resource.content).not.toContain('global.');
    expect(resource.content).not.toContain('unspecified');
    expect(resource.content).not.toContain('apac.');
    expect(document.Statement.length).toBe(patterns.length > 0 ? 3 : 2);
  });

  test('with an explicit region subset, an allowed profile may still be served in the other regions of the jurisdiction', () => {
    const scp = regionDenyScp({ jurisdiction: EU, allowedRegions: ['eu-central-1'], allowEuInferenceProfiles: true });
    expect(scp.inferenceRegions).toEqual(EU_REGIONS);
  });
});

describe('RegionDenyPolicy: what the policy denies (evaluated)', () => {
  const ct = 'arn:aws:iam::111122223333:role/AWSControlTowerExecution';
  test.each<[string, boolean, Jurisdiction, boolean, Request]>([
    ['US: S3 in us-east-1', false, US, false, { action: 's3:PutObject', region: 'us-east-1' }],
    ['US: S3 in eu-west-1', true, US, false, { action: 's3:PutObject', region: 'eu-west-1' }],
    ['US: IAM (global) from eu-west-1', false, US, false, { action: 'iam:CreateRole', region: 'eu-west-1' }],
    ['US: the Control Tower role in eu-west-1', false, US, false, { action: 's3:PutObject', region: 'eu-west-1', principal: ct }],
    ['US: Bedrock in-region in us-east-1', false, US, false, { action: 'bedrock:InvokeModel', region: 'us-east-1' }],
    ['US: Bedrock in-region in eu-central-1', true, US, false, { action: 'bedrock:InvokeModel', region: 'eu-central-1' }],
    ['US: a global. profile (region "unspecified")', true, US, false, { action: 'bedrock:InvokeModel', region: 'unspecified', profileArn: profile('global.') }],
    ['US: a us. profile served in us-west-2', false, US, false, { action: 'bedrock:Converse', region: 'us-west-2', profileArn: profile('us.') }],
    ['US: a us. profile asked in ap-south-1', true, US, false, { action: 'bedrock:InvokeModel', region: 'ap-south-1', profileArn: profile('us.') }],
    ['EU: S3 in London', true, EU, false, { action: 's3:PutObject', region: 'eu-west-2' }],
    ['EU: S3 in Zurich', true, EU, false, { action: 's3:PutObject', region: 'eu-central-2' }],
    ['EU: an eu. profile served in London without opt-in', true, EU, false, { action: 'bedrock:InvokeModel', region: 'eu-west-2', profileArn: profile('eu.') }],
    ['EU: an eu. profile served in London with opt-in', true, EU, true, { action: 'bedrock:InvokeModel', region: 'eu-west-2', profileArn: profile('eu.') }],
    ['EU: an eu. profile served in Zurich with opt-in', true, EU, true, { action: 'bedrock:ConverseStream', region: 'eu-central-2', profileArn: profile('eu.') }],
    ['EU: an eu. profile served in Paris with opt-in', false, EU, true, { action: 'bedrock:InvokeModel', region: 'eu-west-3', profileArn: profile('eu.') }],
    ['EU: a global. profile with opt-in', true, EU, true, { action: 'bedrock:InvokeModel', region: 'unspecified', profileArn: profile('global.') }],
    ['IN: Bedrock in-region in Mumbai', false, IN, false, { action: 'bedrock:InvokeModel', region: 'ap-south-1' }],
    ['IN: an apac. profile served in Tokyo', true, IN, false, { action: 'bedrock:InvokeModel', region: 'ap-northeast-1', profileArn: profile('apac.') }],
    ['IN: a batch job in Singapore', true, IN, false, { action: 'bedrock:CreateModelInvocationJob', region: 'ap-southeast-1' }],
  ])('%s → denied: %s', (_name, denied, j, euOptIn, request) => {
    const { document } = regionDenyScp({ jurisdiction: j, allowEuInferenceProfiles: euOptIn });
    expect(denies(document, request).length > 0).toBe(denied);
  });

  test('EU allowing only Frankfurt: an eu. profile may be served in Paris, a direct call in Paris may not, London stays denied', () => {
    const { document } = regionDenyScp({ jurisdiction: EU, allowedRegions: ['eu-central-1'], allowEuInferenceProfiles: true });
    expect(denies(document, { action: 'bedrock:InvokeModel', region: 'eu-west-3', profileArn: profile('eu.') })).toEqual([]);
    expect(denies(document, { action: 'bedrock:InvokeModel', region: 'eu-west-3' })).toEqual(['DenyBedrockOutsideJurisdiction']);
    expect(denies(document, { action: 'bedrock:InvokeModel', region: 'eu-west-2', profileArn: profile('eu.') })).toEqual(['DenyBedrockOutsideProfileRegions']);
    expect(denies(document, { action: 's3:PutObject', region: 'eu-west-3' })).toEqual(['DenyOutsideJurisdictionRegions']);
  });
});

describe('RegionDenyPolicy: refusals', () => {
  const attempt = (props: Partial<RegionDenyPolicyProps> & { jurisdiction: Jurisdiction }) => () => synth(props);

  test.each<[string, Partial<RegionDenyPolicyProps> & { jurisdiction: Jurisdiction }, RegExp]>([
    ['the target is a root', { jurisdiction: EU, targetId: 'r-ab12' }, /targetId "r-ab12": a root is refused/],
    ['the target is a malformed OU id', { jurisdiction: EU, targetId: 'ou-ab12-cd' }, /targetId "ou-ab12-cd": it is neither an organizational unit id .* nor an account id \(12 digits\)/],
    ['the target is an 11-digit account id', { jurisdiction: EU, targetId: '12345678901' }, /neither an organizational unit id/],
    ['an allowed region is outside the jurisdiction', { jurisdiction: EU, allowedRegions: ['eu-central-1', 'eu-west-2'] }, /AWS region eu-west-2 \(London, GB \(United Kingdom\)\) is outside the jurisdiction; allowed there: eu-central-1, eu-west-1/],
    ['an allowed region is in another partition', { jurisdiction: US, allowedRegions: ['us-gov-west-1'] }, /us-gov-west-1 .* is in partition aws-us-gov/],
    ['"unspecified" is allowed', { jurisdiction: US, allowedRegions: ['us-east-1', 'unspecified'] }, /"unspecified": that value admits global endpoints and Bedrock `global\.` profiles/],
    ['an allowed region is unknown', { jurisdiction: IN, allowedRegions: ['ap-south-9'] }, /"ap-south-9" is not an AWS region of the catalog; allowed there: ap-south-1, ap-south-2/],
    ['the allowed list is empty', { jurisdiction: IN, allowedRegions: [] }, /allowedRegions is empty/],
    ['a Bedrock action is exempted', { jurisdiction: EU, additionalExemptActions: ['bedrock:*'] }, /"bedrock:\*": Bedrock actions cannot be exempted/],
    ['an exemption is not an action', { jurisdiction: EU, additionalExemptActions: ['route53'] }, /"route53" is not an IAM action/],
    ['an exempt principal is not an ARN pattern', { jurisdiction: EU, exemptPrincipalArnPatterns: ['AWSControlTowerExecution'] }, /"AWSControlTowerExecution" is not an IAM role or user ARN pattern/],
    ['the eu. opt-in is given for India', { jurisdiction: IN, allowEuInferenceProfiles: true }, /allowEuInferenceProfiles: no region of the "eu\." geography/],
    ['the jurisdiction has no AWS commercial region', { jurisdiction: jurisdiction('pt', { countries: ['PT'] }) }, /has no AWS commercial region/],
    ['the policy name is longer than 128 characters', { jurisdiction: EU, policyName: 'x'.repeat(129) }, /policyName .* is 129 characters; AWS Organizations allows 1-128/],
  ])('fails when %s', (_name, props, message) => {
    expect(attempt(props)).toThrow(message);
  });

  test('fails when the content is over 5,120 characters, and passes at exactly 5,120', () => {
    const base = regionDenyScp({ jurisdiction: EU }).content.length;
    // One more NotAction entry adds `,"<action>"`: its length + 3.
    const action = (total: number) => `zz:${'A'.repeat(total - base - 3 - 3)}`;
    expect(regionDenyScp({ jurisdiction: EU, additionalExemptActions: [action(5120)] }).content).toHaveLength(5120);
    expect(() => regionDenyScp({ jurisdiction: EU, additionalExemptActions: [action(5121)] })).toThrow(
      /the policy content is 5121 characters \(minified\), over the AWS Organizations limit of 5120 for a service control policy \(exempt actions: \d+, of which 1 from additionalExemptActions/,
    );
    expect(attempt({ jurisdiction: EU, additionalExemptActions: [action(5121)] })).toThrow(/^test\/region-deny: Region deny SCP for jurisdiction "eu": the policy content is 5121 characters/);
  });

  test('fails when an exemption is a token (the content must be literal)', () => {
    const stack = new TerraformStack(Testing.app(), 'token');
    const provider = new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const action = new TerraformVariable(stack, 'action', { type: 'string' });
    expect(() => new RegionDenyPolicy(stack, 'deny', { provider, jurisdiction: US, targetId: OU, additionalExemptActions: [action.stringValue] })).toThrow(
      /additionalExemptActions must be literal strings/,
    );
  });
});
