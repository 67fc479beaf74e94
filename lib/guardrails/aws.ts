/**
 * AWS guardrail: a Region-deny service control policy for one jurisdiction, attached to the
 * organizational unit (or account) that holds the jurisdiction's accounts.
 *
 * Shape: the AWS Control Tower landing-zone Region deny (`GRREGIONDENY`) extended for Amazon Bedrock
 * cross-region inference as in aws-samples/service-control-policy-examples (facts §4.2, data and
 * sources in ./aws-region-deny-data.ts).
 */
import { OrganizationsPolicy } from '@cdktn/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktn/provider-aws/lib/organizations-policy-attachment';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Token } from 'cdktn';
import { Construct } from 'constructs';
import { allowedRegionList, describeRegion, findRegion, isRegionIn, type Jurisdiction } from '../catalog';
import { BEDROCK_GEOGRAPHIES, type BedrockGeography } from '../catalog/bedrock';
import {
  BEDROCK_INVOKE_ACTIONS,
  CONTROL_TOWER_EXECUTION_ROLE_PATTERN,
  REGION_DENY_EXEMPT_ACTIONS,
  SCP_MAX_CHARACTERS,
} from './aws-region-deny-data';

/** What the SCP is computed from: plain data, no provider. */
export interface RegionDenyScpInput {
  readonly jurisdiction: Pick<Jurisdiction, 'id' | 'countries'>;
  /**
   * AWS commercial regions (partition `aws`) where requests stay allowed; each must be in the jurisdiction.
   * @default - every commercial AWS region of the jurisdiction in the region catalog
   */
  readonly allowedRegions?: readonly string[];
  /**
   * Actions added to the exemptions (`NotAction`) of the Region-deny statement: global services that
   * appeared after REGION_DENY_EXEMPT_ACTIONS was recorded. `bedrock:` actions are refused here: Bedrock
   * inference is governed by the Bedrock statements.
   * @default - none: REGION_DENY_EXEMPT_ACTIONS only
   */
  readonly additionalExemptActions?: readonly string[];
  /**
   * Principal ARN patterns (`aws:PrincipalARN`, ArnLike syntax) that no statement of the policy denies.
   * An empty list exempts nobody.
   * @default [CONTROL_TOWER_EXECUTION_ROLE_PATTERN]
   */
  readonly exemptPrincipalArnPatterns?: readonly string[];
  /**
   * Opt-in for Bedrock `eu.` geographic inference profiles. The `eu.` geography may include London (GB)
   * and Zurich (CH) for some models; the third statement denies Bedrock inference in every region
   * outside the jurisdiction, profile or not, so a model whose `eu.` profile uses one of them fails
   * rather than being served there (an SCP that denies a destination region fails the request).
   * @default false - no `eu.` profile may serve a request outside the allowed regions
   */
  readonly allowEuInferenceProfiles?: boolean;
}

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource: '*';
  readonly Condition: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

export interface RegionDenyScp {
  /** In catalog order. */
  readonly allowedRegions: readonly string[];
  /** Geographies whose system inference profiles may fan out of the allowed regions (never `global`). */
  readonly inferenceProfileGeographies: readonly BedrockGeography[];
  /** `arn:aws:bedrock:*:*:inference-profile/<prefix>*` per allowed geography. */
  readonly inferenceProfileArnPatterns: readonly string[];
  /**
   * Regions where Bedrock may serve a request: the allowed regions, then the destinations inside the
   * jurisdiction of the allowed geographies. Inference anywhere else is denied, profile or not.
   */
  readonly inferenceRegions: readonly string[];
  readonly document: PolicyDocument;
  /** The minified JSON of `document`: what `aws_organizations_policy.content` holds. */
  readonly content: string;
}

export class RegionDenyError extends Error {}

type Condition = Record<string, Record<string, readonly string[]>>;

/** Condition block from (operator, key, values) rows; a row with no values is left out (keys under one operator are ANDed). */
function condition(rows: readonly (readonly [operator: string, key: string, values: readonly string[]])[]): Condition {
  const out: Condition = {};
  for (const [operator, key, values] of rows) {
    if (values.length > 0) (out[operator] ??= {})[key] = [...values];
  }
  return out;
}

const ACTION = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;
const PRINCIPAL_PATTERN = /^arn:[a-z*-]+:iam::(\*|\d{12}):(role|user|assumed-role)\/[\w+=,.@/*?-]+$/;
const REQUESTED_REGION = 'aws:RequestedRegion';
const PRINCIPAL_ARN = 'aws:PrincipalARN';
const INFERENCE_PROFILE_ARN = 'bedrock:InferenceProfileArn';

/*
 * Statements (all Deny, Resource "*", none applying to the exempt principals):
 *   1 DenyOutsideJurisdictionRegions   NotAction = exemptions + Bedrock inference; region not allowed
 *   2 DenyBedrockOutsideJurisdiction   Bedrock inference; region not allowed AND the inference profile
 *                                      is not one of an allowed geography (no profile: denied)
 *   3 DenyBedrockOutsideProfileRegions (only with an allowed geography)
 *                                      Bedrock inference; region not in inferenceRegions (the allowed regions
 *                                      and the in-jurisdiction destinations of the allowed geographies)
 * `aws:RequestedRegion = "unspecified"` (global endpoints, `global.` profiles) is never allowed, so
 * `global.` inference is denied by statement 2.
 *
 * A geography's profiles are allowed when (first row wins):
 *   geography                     | condition                                               | allowed
 *   global, or not partition aws  | -                                                       | no
 *   eu                            | allowEuInferenceProfiles and one eu. region in j        | yes (statement 3 bounds it)
 *   eu                            | otherwise                                               | no
 *   any other                     | every destination's country in j                        | yes
 */
export function regionDenyScp(input: RegionDenyScpInput): RegionDenyScp {
  const j = input.jurisdiction;
  const fail = (why: string): never => {
    throw new RegionDenyError(`Region deny SCP for jurisdiction "${j.id}": ${why}`);
  };
  const literal = (what: string, values: readonly string[]) => {
    const token = values.find((v) => Token.isUnresolved(v));
    if (token !== undefined) fail(`${what} must be literal strings (the policy content is size-checked and read by scanners before deploy), got a token`);
  };

  const commercial = allowedRegionList('aws', j, { partition: 'aws' });
  const commercialCodes = commercial.map((r) => r.code);
  if (commercial.length === 0) fail(`the jurisdiction (${j.countries.join(', ')}) has no AWS commercial region; a Region deny would deny every region`);
  let allowedRegions = commercialCodes;
  if (input.allowedRegions !== undefined) {
    literal('allowedRegions', input.allowedRegions);
    if (input.allowedRegions.length === 0) fail(`allowedRegions is empty; allowed there: ${commercialCodes.join(', ')}`);
    for (const code of input.allowedRegions) {
      if (code === 'unspecified') fail('allowedRegions contains "unspecified": that value admits global endpoints and Bedrock `global.` profiles, which serve requests worldwide');
      const region = findRegion('aws', code);
      if (!region) fail(`allowedRegions: "${code}" is not an AWS region of the catalog; allowed there: ${commercialCodes.join(', ')}`);
      if (!commercialCodes.includes(code)) {
        const where = region!.partition !== 'aws' ? `in partition ${region!.partition}, which an SCP of the commercial organization does not govern` : `outside the jurisdiction`;
        fail(`allowedRegions: AWS region ${describeRegion(region!)} is ${where}; allowed there: ${commercialCodes.join(', ')}`);
      }
    }
    allowedRegions = commercialCodes.filter((c) => input.allowedRegions!.includes(c));
  }

  const additional = input.additionalExemptActions ?? [];
  literal('additionalExemptActions', additional);
  for (const action of additional) {
    if (!ACTION.test(action)) fail(`additionalExemptActions: "${action}" is not an IAM action such as "route53:*" or "s3:GetBucketLocation"`);
    if (action.startsWith('bedrock:')) fail(`additionalExemptActions: "${action}": Bedrock actions cannot be exempted; Bedrock inference is governed by the Bedrock statements`);
  }
  const exemptActions = [...new Set([...REGION_DENY_EXEMPT_ACTIONS, ...additional])];

  const principals = input.exemptPrincipalArnPatterns ?? [CONTROL_TOWER_EXECUTION_ROLE_PATTERN];
  literal('exemptPrincipalArnPatterns', principals);
  for (const p of principals) {
    if (!PRINCIPAL_PATTERN.test(p)) fail(`exemptPrincipalArnPatterns: "${p}" is not an IAM role or user ARN pattern such as "${CONTROL_TOWER_EXECUTION_ROLE_PATTERN}"`);
  }

  const euOptIn = input.allowEuInferenceProfiles ?? false;
  const geographies: BedrockGeography[] = [];
  const inferenceRegions = [...allowedRegions];
  for (const info of Object.values(BEDROCK_GEOGRAPHIES)) {
    if (info.partition !== 'aws' || info.destinations === null) continue;
    const inside = info.destinations.filter((d) => isRegionIn(d, j));
    if (info.geography === 'eu') {
      if (!euOptIn) continue;
      if (inside.length === 0) fail(`allowEuInferenceProfiles: no region of the "eu." geography (${info.destinations.map((d) => d.code).join(', ')}) is in the jurisdiction`);
      geographies.push('eu');
    } else if (inside.length === info.destinations.length) {
      geographies.push(info.geography);
    } else {
      continue;
    }
    for (const d of inside) if (!inferenceRegions.includes(d.code)) inferenceRegions.push(d.code);
  }
  const profilePatterns = geographies.map((g) => `arn:aws:bedrock:*:*:inference-profile/${BEDROCK_GEOGRAPHIES[g].prefix}*`);

  const statements: PolicyStatement[] = [
    {
      Sid: 'DenyOutsideJurisdictionRegions',
      Effect: 'Deny',
      NotAction: [...exemptActions, ...BEDROCK_INVOKE_ACTIONS],
      Resource: '*',
      Condition: condition([
        ['StringNotEquals', REQUESTED_REGION, allowedRegions],
        ['ArnNotLike', PRINCIPAL_ARN, principals],
      ]),
    },
    {
      Sid: 'DenyBedrockOutsideJurisdiction',
      Effect: 'Deny',
      Action: [...BEDROCK_INVOKE_ACTIONS],
      Resource: '*',
      Condition: condition([
        ['StringNotEquals', REQUESTED_REGION, allowedRegions],
        ['ArnNotLike', INFERENCE_PROFILE_ARN, profilePatterns],
        ['ArnNotLike', PRINCIPAL_ARN, principals],
      ]),
    },
  ];
  if (profilePatterns.length > 0) {
    statements.push({
      Sid: 'DenyBedrockOutsideProfileRegions',
      Effect: 'Deny',
      Action: [...BEDROCK_INVOKE_ACTIONS],
      Resource: '*',
      Condition: condition([
        ['StringNotEquals', REQUESTED_REGION, inferenceRegions],
        ['ArnNotLike', PRINCIPAL_ARN, principals],
      ]),
    });
  }
  const document: PolicyDocument = { Version: '2012-10-17', Statement: statements };
  const content = JSON.stringify(document);
  const size = Buffer.byteLength(content, 'utf8');
  if (size > SCP_MAX_CHARACTERS) {
    fail(
      `the policy content is ${size} characters (minified), over the AWS Organizations limit of ${SCP_MAX_CHARACTERS} for a service control policy ` +
        `(exempt actions: ${exemptActions.length}, of which ${exemptActions.length - REGION_DENY_EXEMPT_ACTIONS.length} from additionalExemptActions; ` +
        `exempt principal patterns: ${principals.length}; allowed regions: ${allowedRegions.length}); ` +
        `shorten additionalExemptActions (a service wildcard such as "s3:Get*" replaces several actions) or exemptPrincipalArnPatterns`,
    );
  }
  return {
    allowedRegions: Object.freeze(allowedRegions),
    inferenceProfileGeographies: Object.freeze(geographies),
    inferenceProfileArnPatterns: Object.freeze(profilePatterns),
    inferenceRegions: Object.freeze(inferenceRegions),
    document,
    content,
  };
}

export interface RegionDenyPolicyProps extends RegionDenyScpInput {
  /**
   * AWS provider of the organization's management account (or of a delegated administrator for
   * service control policies). AWS Organizations is a global service: the provider's region does not matter.
   */
  readonly provider: AwsProvider;
  readonly jurisdiction: Jurisdiction;
  /**
   * Where the policy is attached: the id of the organizational unit holding the jurisdiction's accounts
   * (`ou-ab12-cd34ef56`) or of one account (12 digits). A root (`r-...`) is refused: every account of
   * the organization, including other jurisdictions', would be denied all but these regions.
   */
  readonly targetId: string;
  /**
   * Name of the policy, 1-128 characters.
   * @default `sovereign-<jurisdiction id>-region-deny`
   */
  readonly policyName?: string;
  /**
   * Description of the policy, at most 512 characters.
   * @default - names the jurisdiction, its allowed regions and the allowed inference-profile prefixes
   */
  readonly description?: string;
}

const TARGET_ID = /^(\d{12}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/**
 * A service control policy denying every request outside the jurisdiction's AWS regions, except global
 * services (REGION_DENY_EXEMPT_ACTIONS), with Bedrock inference allowed beyond them only through
 * geographic inference profiles whose regions are all inside the jurisdiction (`eu.` on opt-in,
 * `global.` never) and then only in the jurisdiction's regions, and its attachment to an OU or account.
 *
 * Service control policies do not apply to the management account, nor to service-linked roles.
 * The policy type SERVICE_CONTROL_POLICY must be enabled in the organization.
 */
export class RegionDenyPolicy extends Construct {
  public readonly policyId: string;
  public readonly policyArn: string;
  /** Commercial AWS regions where requests are allowed. */
  public readonly allowedRegions: readonly string[];
  /** Bedrock system-profile prefixes allowed to serve requests beyond the allowed regions: `us.`. */
  public readonly inferenceProfilePrefixes: readonly string[];
  /** The minified policy JSON. */
  public readonly content: string;

  constructor(scope: Construct, id: string, props: RegionDenyPolicyProps) {
    super(scope, id);
    const path = this.node.path;
    const { provider, jurisdiction: j, targetId } = props;
    if (!Token.isUnresolved(targetId) && !TARGET_ID.test(targetId)) {
      const why = targetId.startsWith('r-') ? 'a root is refused: every account of the organization, including other jurisdictions\', would be denied all but these regions' : 'it is neither an organizational unit id (ou-<4-32 lower-case letters or digits>-<8-32 lower-case letters or digits>) nor an account id (12 digits)';
      throw new Error(`${path}: targetId "${targetId}": ${why}`);
    }
    let scp: RegionDenyScp;
    try {
      scp = regionDenyScp(props);
    } catch (e) {
      if (e instanceof RegionDenyError) throw new RegionDenyError(`${path}: ${e.message}`);
      throw e;
    }
    const prefixes = scp.inferenceProfileGeographies.map((g) => BEDROCK_GEOGRAPHIES[g].prefix);
    const name = props.policyName ?? `sovereign-${j.id}-region-deny`;
    if (!Token.isUnresolved(name) && (name.length < 1 || name.length > 128)) throw new Error(`${path}: policyName "${name}" is ${name.length} characters; AWS Organizations allows 1-128`);
    const description =
      props.description ??
      `Jurisdiction ${j.id} (${j.residency}): requests only in ${scp.allowedRegions.join(', ')}; ` +
        `Bedrock inference profiles beyond them: ${prefixes.length > 0 ? prefixes.join(', ') : 'none'}`;
    if (!Token.isUnresolved(description) && description.length > 512) throw new Error(`${path}: description is ${description.length} characters; AWS Organizations allows 512`);

    const policy = new OrganizationsPolicy(this, 'policy', {
      provider,
      name,
      description,
      type: 'SERVICE_CONTROL_POLICY',
      content: scp.content,
    });
    new OrganizationsPolicyAttachment(this, 'attachment', { provider, policyId: policy.id, targetId });
    this.policyId = policy.id;
    this.policyArn = policy.arn;
    this.allowedRegions = scp.allowedRegions;
    this.inferenceProfilePrefixes = Object.freeze(prefixes);
    this.content = scp.content;
  }
}
