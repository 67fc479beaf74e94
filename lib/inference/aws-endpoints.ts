import { DataAwsCallerIdentity } from '@cdktn/provider-aws/lib/data-aws-caller-identity';
import type { AwsProvider } from '@cdktn/provider-aws/lib/provider';
import { VpcEndpoint } from '@cdktn/provider-aws/lib/vpc-endpoint';
import { Token } from 'cdktn';
import { Construct } from 'constructs';
import { describeRegion, findRegion, isRegionIn, type Jurisdiction, type Region } from '../catalog';
import {
  assertNoWildcardActions,
  assertProviderRegion,
  assertRegionInJurisdiction,
  interfaceEndpointServiceName,
  policyJson,
} from './aws-common';

export interface InferenceVpcEndpointsProps {
  /** The AWS provider of `region`; every resource is created through it. */
  readonly provider: AwsProvider;
  /** An AWS region whose country is in the jurisdiction. */
  readonly region: Region;
  readonly jurisdiction: Jurisdiction;
  readonly vpcId: string;
  /** Private subnets that get an endpoint network interface each (one per availability zone). */
  readonly subnetIds: readonly string[];
  /** Security groups of the endpoints, typically AwsNetworkBaseline.endpointSecurityGroupId (443 from the VPC only). */
  readonly securityGroupIds: readonly string[];
  /**
   * SageMaker endpoint ARNs of `region` the VPC may invoke; non-empty creates the
   * `sagemaker.runtime` endpoint.
   * @default - no SageMaker runtime endpoint
   */
  readonly sagemakerEndpointArns?: readonly string[];
  /**
   * Bedrock ARNs the VPC may invoke (BedrockAccess.invokeResourceArns); non-empty creates the
   * `bedrock-runtime` endpoint. Foundation-model ARNs may name other regions of the jurisdiction
   * (geographic profiles), never a region outside it.
   * @default - no Bedrock runtime endpoint
   */
  readonly bedrockResourceArns?: readonly string[];
  /**
   * Accounts whose principals may use the endpoints.
   * @default - this account only
   */
  readonly principalAccountIds?: readonly string[];
}

/** Invocation actions only: no model management, no async-output or agent actions. */
export const SAGEMAKER_RUNTIME_ACTIONS: readonly string[] = ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'];
/** `InvokeModel` also authorizes Converse; the stream action also ConverseStream. */
export const BEDROCK_RUNTIME_ACTIONS: readonly string[] = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/**
 * Interface VPC endpoints for model invocation from the jurisdiction's private subnets, with private
 * DNS (the public service hostnames resolve to the endpoints inside the VPC, so SDK calls never
 * leave it) and endpoint policies that admit only the given accounts' principals, the invocation
 * actions, and the listed endpoint/model ARNs.
 */
export class InferenceVpcEndpoints extends Construct {
  public readonly sagemakerRuntimeEndpointId?: string;
  public readonly bedrockRuntimeEndpointId?: string;

  constructor(scope: Construct, id: string, props: InferenceVpcEndpointsProps) {
    super(scope, id);
    const path = this.node.path;
    const { provider, region, jurisdiction: j } = props;
    assertRegionInJurisdiction(path, 'VPC endpoints', region, j);
    assertProviderRegion(path, provider, region);
    const sagemaker = [...(props.sagemakerEndpointArns ?? [])];
    const bedrock = [...(props.bedrockResourceArns ?? [])];
    if (sagemaker.length === 0 && bedrock.length === 0) {
      throw new Error(`${path}: neither sagemakerEndpointArns nor bedrockResourceArns is given; an endpoint that admits nothing is not created`);
    }
    if (props.subnetIds.length === 0 || props.securityGroupIds.length === 0) throw new Error(`${path}: subnetIds and securityGroupIds must not be empty`);
    for (const arn of sagemaker) assertArnIn(path, arn, 'sagemaker', region, j, true);
    for (const arn of bedrock) assertArnIn(path, arn, 'bedrock', region, j, false);

    const accounts = props.principalAccountIds?.length ? [...props.principalAccountIds] : [new DataAwsCallerIdentity(this, 'account', { provider }).accountId];
    const endpoint = (service: string, actions: readonly string[], resources: string[]) => {
      const policy = policyJson([
        {
          Sid: 'InvokeListedModelsFromListedAccounts',
          Effect: 'Allow',
          Principal: '*',
          Action: [...actions],
          Resource: resources,
          Condition: { StringEquals: { 'aws:PrincipalAccount': accounts } },
        },
      ]);
      assertNoWildcardActions(path, `the ${service} endpoint policy`, policy);
      return new VpcEndpoint(this, service, {
        provider,
        vpcId: props.vpcId,
        serviceName: interfaceEndpointServiceName(region, service),
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: [...props.subnetIds],
        securityGroupIds: [...props.securityGroupIds],
        policy,
        tags: { Name: `${j.id}-${service}` },
      });
    };
    if (sagemaker.length > 0) this.sagemakerRuntimeEndpointId = endpoint('sagemaker.runtime', SAGEMAKER_RUNTIME_ACTIONS, sagemaker).id;
    if (bedrock.length > 0) this.bedrockRuntimeEndpointId = endpoint('bedrock-runtime', BEDROCK_RUNTIME_ACTIONS, bedrock).id;
  }
}

/**
 * A literal ARN must be of the service and partition, and its region in the jurisdiction (the
 * endpoint's own region when `sameRegion`). Tokens (ARNs of resources of this stack) pass.
 */
function assertArnIn(path: string, arn: string, service: string, region: Region, j: Jurisdiction, sameRegion: boolean): void {
  if (Token.isUnresolved(arn)) return;
  const m = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12})?:.+$/.exec(arn);
  if (!m || m[2] !== service || m[1] !== region.partition) {
    throw new Error(`${path}: "${arn}" is not a ${service} ARN of partition ${region.partition}`);
  }
  const arnRegion = findRegion('aws', m[3]);
  if (sameRegion ? m[3] !== region.code : !arnRegion || !isRegionIn(arnRegion, j)) {
    const where = arnRegion ? describeRegion(arnRegion) : m[3];
    throw new Error(`${path}: "${arn}" is in ${where}, ${sameRegion ? `not the endpoint region ${region.code}` : `outside jurisdiction "${j.id}"`}`);
  }
}
