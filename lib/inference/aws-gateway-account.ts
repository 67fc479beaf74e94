/**
 * The API Gateway account setting of one account and region: the CloudWatch Logs role every REST API
 * of that region writes its execution and access logs with.
 *
 * Facts:
 * - `aws_api_gateway_account` is one setting per account and region (API Gateway `UpdateAccount`);
 *   a second manager overwrites the first, for every API of the region. Create it once per account
 *   and region (here: the jurisdiction's base stack), never once per gateway.
 * - API Gateway checks the role when the setting is written, and without it a stage with access
 *   logging or a logging level fails ("CloudWatch Logs role ARN must be set in account settings").
 * - The documented role policy is AWS's managed `AmazonAPIGatewayPushToCloudWatchLogs`:
 *   logs:CreateLogGroup, CreateLogStream, DescribeLogGroups, DescribeLogStreams, PutLogEvents,
 *   GetLogEvents, FilterLogEvents on `*` (AWS managed policy reference,
 *   https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonAPIGatewayPushToCloudWatchLogs.html;
 *   API Gateway developer guide, set-up-logging). The same actions are granted here inline on this
 *   region's `log-group:*` of this account only: the role cannot write logs into another region.
 */
import { ApiGatewayAccount } from '@cdktn/provider-aws/lib/api-gateway-account';
import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import { IamRole } from '@cdktn/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktn/provider-aws/lib/iam-role-policy';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { Construct } from 'constructs';
import type { Region } from '../catalog';
import { assertNoWildcardActions, assertProviderRegion, policyJson } from './aws-common';

/** The actions of AmazonAPIGatewayPushToCloudWatchLogs (policy version v1). */
export const API_GATEWAY_PUSH_TO_CLOUDWATCH_ACTIONS: readonly string[] = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:DescribeLogGroups',
  'logs:DescribeLogStreams',
  'logs:PutLogEvents',
  'logs:GetLogEvents',
  'logs:FilterLogEvents',
];

export interface ApiGatewayAccountLoggingProps {
  /** The AWS provider of `region`. */
  readonly provider: AwsProvider;
  readonly region: Region;
  /**
   * IAM role name (IAM names are account-wide: one per region).
   * @default "apigateway-cloudwatch-logs-<region>": a second manager of the same account and region fails on the name instead of silently overwriting the setting
   */
  readonly roleName?: string;
}

/** The role document: the managed policy's actions on this account's log groups of `region`. */
export function apiGatewayLoggingPolicy(region: Pick<Region, 'code' | 'partition'>, accountId: string): string {
  const groups = `arn:${region.partition}:logs:${region.code}:${accountId}:log-group:*`;
  return policyJson([{ Sid: 'PushToCloudWatchLogsInRegion', Effect: 'Allow', Action: [...API_GATEWAY_PUSH_TO_CLOUDWATCH_ACTIONS], Resource: [groups, `${groups}:log-stream:*`] }]);
}

export class ApiGatewayAccountLogging extends Construct {
  public readonly roleArn: string;
  /** The account setting (depend on it from stages with logging in the same stack). */
  public readonly account: ApiGatewayAccount;

  constructor(scope: Construct, id: string, props: ApiGatewayAccountLoggingProps) {
    super(scope, id);
    const { provider, region } = props;
    assertProviderRegion(this.node.path, provider, region);
    const caller = new DataAwsCallerIdentity(this, 'caller', { provider });
    const role = new IamRole(this, 'role', {
      provider,
      name: props.roleName ?? `apigateway-cloudwatch-logs-${region.code}`,
      description: `API Gateway account CloudWatch Logs role of ${region.code} (one per account and region)`,
      assumeRolePolicy: policyJson([{ Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
    });
    const policy = apiGatewayLoggingPolicy(region, caller.accountId);
    assertNoWildcardActions(this.node.path, 'the API Gateway logging role policy', policy);
    const rolePolicy = new IamRolePolicy(this, 'policy', { provider, role: role.id, name: 'push-to-cloudwatch-logs', policy });
    this.account = new ApiGatewayAccount(this, 'settings', { provider, cloudwatchRoleArn: role.arn, dependsOn: [rolePolicy] });
    this.roleArn = role.arn;
  }
}
