/**
 * Data of the AWS Region-deny service control policy (RegionDenyPolicy): which actions stay allowed
 * outside the jurisdiction's regions, which actions Bedrock authorizes inference with, and which
 * principals the landing zone exempts.
 *
 * Sources (see docs/facts/regions-services-law.md §4.2):
 * - REGION_DENY_EXEMPT_ACTIONS: the `NotAction` list of the AWS Control Tower landing-zone Region
 *   deny control (Sid `GRREGIONDENY`), https://docs.aws.amazon.com/controltower/latest/userguide/primary-region-deny-policy.html,
 *   as replicated in the facts (the head of the list was compared with the AWS page; the tail is the
 *   replica's). AWS changes this list over time as global services appear: compare it with the page
 *   before deploying, and add what is missing through `additionalExemptActions` rather than editing here.
 * - BEDROCK_INVOKE_ACTIONS and the second statement's shape: aws-samples/service-control-policy-examples
 *   `Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region-with-Bedrock-CRIS.json`.
 *   `bedrock:Converse` and `bedrock:ConverseStream` are added: the Bedrock user guide
 *   (inference-prereq.html) authorizes Converse/ConverseStream through `bedrock:InvokeModel` /
 *   `bedrock:InvokeModelWithResponseStream`, so those two carry the control and the Converse names only
 *   make the intent explicit.
 * - CONTROL_TOWER_EXECUTION_ROLE_PATTERN: the exempt principal of the Control Tower Region deny
 *   (the control's full exempt-principal list is unverified).
 */

/** Actions of global services that the Control Tower Region deny leaves allowed in every region. */
export const REGION_DENY_EXEMPT_ACTIONS: readonly string[] = Object.freeze([
  'a4b:*', 'access-analyzer:*', 'account:*', 'acm:*', 'activate:*', 'artifact:*',
  'aws-marketplace-management:*', 'aws-marketplace:*', 'aws-portal:*', 'billing:*',
  'billingconductor:*', 'budgets:*', 'ce:*', 'chatbot:*', 'chime:*', 'cloudfront:*',
  'cloudtrail:LookupEvents', 'compute-optimizer:*', 'config:*', 'consoleapp:*',
  'consolidatedbilling:*', 'cur:*', 'datapipeline:GetAccountLimits', 'devicefarm:*',
  'directconnect:*', 'ec2:DescribeRegions', 'ec2:DescribeTransitGateways',
  'ec2:DescribeVpnGateways', 'ecr-public:*', 'fms:*', 'freetier:*', 'globalaccelerator:*',
  'health:*', 'iam:*', 'importexport:*', 'invoicing:*', 'iq:*', 'kms:*',
  'license-manager:ListReceivedLicenses', 'lightsail:Get*', 'mobileanalytics:*',
  'networkmanager:*', 'notifications-contacts:*', 'notifications:*', 'organizations:*',
  'payments:*', 'pricing:*', 'quicksight:DescribeAccountSubscription',
  'resource-explorer-2:*', 'route53-recovery-cluster:*',
  'route53-recovery-control-config:*', 'route53-recovery-readiness:*', 'route53:*',
  'route53domains:*', 's3:CreateMultiRegionAccessPoint', 's3:DeleteMultiRegionAccessPoint',
  's3:DescribeMultiRegionAccessPointOperation', 's3:GetAccountPublicAccessBlock',
  's3:GetBucketLocation', 's3:GetBucketPolicyStatus', 's3:GetBucketPublicAccessBlock',
  's3:GetMultiRegionAccessPoint', 's3:GetMultiRegionAccessPointPolicy',
  's3:GetMultiRegionAccessPointPolicyStatus', 's3:GetStorageLensConfiguration',
  's3:GetStorageLensDashboard', 's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints',
  's3:ListStorageLensConfigurations', 's3:PutAccountPublicAccessBlock',
  's3:PutMultiRegionAccessPointPolicy', 'savingsplans:*', 'shield:*', 'sso:*', 'sts:*',
  'support:*', 'supportapp:*', 'supportplans:*', 'sustainability:*', 'tag:GetResources',
  'tax:*', 'trustedadvisor:*', 'vendor-insights:ListEntitledSecurityProfiles',
  'waf-regional:*', 'waf:*', 'wafv2:*',
]);

/**
 * Bedrock inference actions. They leave the Region-deny statement (a geographic inference profile
 * is served in other regions of its geography) and are governed by the Bedrock statements instead.
 */
export const BEDROCK_INVOKE_ACTIONS: readonly string[] = Object.freeze([
  'bedrock:InvokeModel',
  'bedrock:InvokeModelWithResponseStream',
  'bedrock:Converse',
  'bedrock:ConverseStream',
  'bedrock:CreateModelInvocationJob',
]);

/** The role Control Tower deploys and updates accounts with; it must keep working in every region. */
export const CONTROL_TOWER_EXECUTION_ROLE_PATTERN = 'arn:*:iam::*:role/AWSControlTowerExecution';

/**
 * AWS Organizations quota: the maximum size of a service control policy document, in characters
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html; also the
 * CloudFormation `AWS::Organizations::Policy` Content documentation).
 */
export const SCP_MAX_CHARACTERS = 5120;
