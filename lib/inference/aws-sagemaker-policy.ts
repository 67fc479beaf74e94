/**
 * The SageMaker model execution role's permissions, as a pure function, and the instance-storage
 * rule that decides whether an endpoint configuration may name a KMS key.
 *
 * Sources:
 * - SageMaker developer guide, "SageMaker roles" → "CreateModel API: Execution Role Permissions"
 *   (the actions; S3 scoped to `PrimaryContainer.ModelDataUrl`, ECR to the image's repository;
 *   "The cloudwatch and logs actions are applicable for * resources"; the EC2 actions for a
 *   model in a private VPC, with `ec2:DescribeVpcEndpoints` from the host-vpc page).
 * - Service Authorization Reference: `ecr:GetAuthorizationToken`, `ec2:Describe*`,
 *   `ec2:DeleteNetworkInterfacePermission` and `cloudwatch:PutMetricData` have no resource-level
 *   permissions, so their resource is `*`; the EC2 network-interface actions accept the
 *   `ec2:Vpc` condition key.
 * - CreateEndpointConfig `KmsKeyId`: "If you specify a value for KmsKeyId when using any nitro-based
 *   instances with local storage, the call to CreateEndpointConfig fails" (local volumes are
 *   encrypted by a hardware module on the instance).
 */
import type { Region } from '../catalog';
import { dnsSuffixOf, policyJson, type S3Location, type Statement } from './aws-common';

export interface ExecutionPolicyInput {
  readonly region: Region;
  readonly accountId: string;
  readonly modelData: S3Location;
  readonly modelDataKmsKeyArn: string;
  readonly ecrRepositoryArn: string;
  /** ARN of the endpoint's log group, without `:*`. */
  readonly logGroupArn: string;
  readonly vpcId: string;
  /** Condition the ENI actions on `ec2:Vpc`; see the construct prop of the same name. */
  readonly scopeNetworkInterfacesToVpc: boolean;
  /** @default - no data capture statements */
  readonly dataCapture?: { readonly location: S3Location; readonly kmsKeyArn: string };
}

/** Every action is exact; `*` appears only as the resource of actions that have no resource-level permissions. */
export function sageMakerExecutionPolicy(p: ExecutionPolicyInput): string {
  const arn = (service: string, resource: string, regional = true) =>
    `arn:${p.region.partition}:${service}:${regional ? p.region.code : ''}:${regional ? p.accountId : ''}:${resource}`;
  const s3Object = (l: S3Location) => `arn:${p.region.partition}:s3:::${l.bucket}/${l.key}${l.key.endsWith('/') ? '*' : ''}`;
  const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${p.region.code}.${dnsSuffixOf(p.region)}` } };
  const vpcArn = arn('ec2', `vpc/${p.vpcId}`);
  const statements: Statement[] = [
    { Sid: 'ReadModelArtifacts', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [s3Object(p.modelData)] },
    { Sid: 'DecryptModelArtifacts', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [p.modelDataKmsKeyArn], Condition: viaS3 },
    {
      Sid: 'PullModelImage',
      Effect: 'Allow',
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      Resource: [p.ecrRepositoryArn],
    },
    { Sid: 'EcrAuthorizationTokenHasNoResourceLevelPermissions', Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' },
    {
      Sid: 'WriteEndpointLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      Resource: [p.logGroupArn, `${p.logGroupArn}:*`],
    },
    {
      Sid: 'PutEndpointMetricsOnly',
      Effect: 'Allow',
      Action: ['cloudwatch:PutMetricData'],
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': '/aws/sagemaker/Endpoints' } },
    },
    {
      Sid: 'ManageEndpointNetworkInterfaces',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface'],
      Resource: '*',
      ...(p.scopeNetworkInterfacesToVpc ? { Condition: { ArnEquals: { 'ec2:Vpc': vpcArn } } } : {}),
    },
    {
      Sid: 'DescribeNetworkHasNoResourceLevelPermissions',
      Effect: 'Allow',
      Action: [
        'ec2:DeleteNetworkInterfacePermission',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeVpcs',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeVpcEndpoints', // listed in the SageMaker developer guide, host-vpc ("Give SageMaker AI hosted endpoints access to resources in your VPC")
      ],
      Resource: '*',
    },
  ];
  if (p.dataCapture) {
    statements.push(
      { Sid: 'WriteDataCapture', Effect: 'Allow', Action: ['s3:PutObject'], Resource: [s3Object({ ...p.dataCapture.location, key: withSlash(p.dataCapture.location.key) })] },
      { Sid: 'EncryptDataCapture', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Encrypt'], Resource: [p.dataCapture.kmsKeyArn], Condition: viaS3 },
    );
  }
  return policyJson(statements);
}

function withSlash(key: string): string {
  return key.endsWith('/') ? key : `${key}/`;
}

/** A fact about instance types, kept in the catalog (lib/catalog/sagemaker-instances.ts). */
export { instanceHasLocalStorage } from '../catalog';
