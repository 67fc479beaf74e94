/**
 * Earlier class names, kept as deprecated aliases of the `Aws*` / `Azure*` names (lib/names.ts).
 * lib/index.ts re-exports them explicitly, which shadows the same names in its `export *` lines,
 * so that importing an earlier name from the package root is flagged as deprecated.
 */
import {
  AwsResidencyBucket,
  AwsJurisdictionKey,
  AzureResidencyStorageAccount,
  AzureJurisdictionKeyVault,
  AzureCustomerManagedKey,
  type AwsResidencyBucketProps,
  type AwsJurisdictionKeyProps,
  type AzureResidencyStorageAccountProps,
  type AzureJurisdictionKeyVaultProps,
  type AzureCustomerManagedKeyProps,
} from './names';
import {
  AwsInferenceGateway,
  AwsGatewayCertificate,
  AzureGatewayCertificateSlot,
  AwsApiGatewayAccountLogging,
  AwsSageMakerEndpoint,
  AwsBedrockAccess,
  AwsInferenceVpcEndpoints,
  AzureOpenAiAccount,
  AwsJwtAuthorizer,
  type AwsInferenceGatewayProps,
  type AwsGatewayCertificateProps,
  type AzureGatewayCertificateSlotProps,
  type AwsApiGatewayAccountLoggingProps,
  type AwsSageMakerEndpointProps,
  type AwsBedrockAccessProps,
  type AwsInferenceVpcEndpointsProps,
  type AzureOpenAiAccountProps,
  type AwsJwtAuthorizerProps,
} from './names';
import {
  AwsJurisdictionZone,
  AwsGeoRouting,
  AwsDelegatedZones,
  AzureGeoRouting,
  type AwsJurisdictionZoneProps,
  type AwsGeoRoutingProps,
  type AwsDelegatedZonesProps,
  type AzureGeoRoutingProps,
} from './names';
import {
  AwsRegionDenyPolicy,
  AzureResidencyPolicyAssignments,
  type AwsRegionDenyPolicyProps,
  type AzureResidencyPolicyAssignmentsProps,
} from './names';

/** @deprecated use `AwsResidencyBucket` (lib/names.ts) */
export const ResidencyBucket = AwsResidencyBucket;
/** @deprecated use `AwsResidencyBucket` (lib/names.ts) */
export type ResidencyBucket = AwsResidencyBucket;
/** @deprecated use `AwsResidencyBucketProps` */
export type ResidencyBucketProps = AwsResidencyBucketProps;
/** @deprecated use `AwsJurisdictionKey` (lib/names.ts) */
export const JurisdictionKey = AwsJurisdictionKey;
/** @deprecated use `AwsJurisdictionKey` (lib/names.ts) */
export type JurisdictionKey = AwsJurisdictionKey;
/** @deprecated use `AwsJurisdictionKeyProps` */
export type JurisdictionKeyProps = AwsJurisdictionKeyProps;
/** @deprecated use `AzureResidencyStorageAccount` (lib/names.ts) */
export const ResidencyStorageAccount = AzureResidencyStorageAccount;
/** @deprecated use `AzureResidencyStorageAccount` (lib/names.ts) */
export type ResidencyStorageAccount = AzureResidencyStorageAccount;
/** @deprecated use `AzureResidencyStorageAccountProps` */
export type ResidencyStorageAccountProps = AzureResidencyStorageAccountProps;
/** @deprecated use `AzureJurisdictionKeyVault` (lib/names.ts) */
export const JurisdictionKeyVault = AzureJurisdictionKeyVault;
/** @deprecated use `AzureJurisdictionKeyVault` (lib/names.ts) */
export type JurisdictionKeyVault = AzureJurisdictionKeyVault;
/** @deprecated use `AzureJurisdictionKeyVaultProps` */
export type JurisdictionKeyVaultProps = AzureJurisdictionKeyVaultProps;
/** @deprecated use `AzureCustomerManagedKey` (lib/names.ts) */
export const CustomerManagedKey = AzureCustomerManagedKey;
/** @deprecated use `AzureCustomerManagedKey` (lib/names.ts) */
export type CustomerManagedKey = AzureCustomerManagedKey;
/** @deprecated use `AzureCustomerManagedKeyProps` */
export type CustomerManagedKeyProps = AzureCustomerManagedKeyProps;
/** @deprecated use `AwsInferenceGateway` (lib/names.ts) */
export const RegionalInferenceGateway = AwsInferenceGateway;
/** @deprecated use `AwsInferenceGateway` (lib/names.ts) */
export type RegionalInferenceGateway = AwsInferenceGateway;
/** @deprecated use `AwsInferenceGatewayProps` */
export type RegionalInferenceGatewayProps = AwsInferenceGatewayProps;
/** @deprecated use `AwsGatewayCertificate` (lib/names.ts) */
export const GatewayCertificate = AwsGatewayCertificate;
/** @deprecated use `AwsGatewayCertificate` (lib/names.ts) */
export type GatewayCertificate = AwsGatewayCertificate;
/** @deprecated use `AwsGatewayCertificateProps` */
export type GatewayCertificateProps = AwsGatewayCertificateProps;
/** @deprecated use `AzureGatewayCertificateSlot` (lib/names.ts) */
export const GatewayCertificateSlot = AzureGatewayCertificateSlot;
/** @deprecated use `AzureGatewayCertificateSlot` (lib/names.ts) */
export type GatewayCertificateSlot = AzureGatewayCertificateSlot;
/** @deprecated use `AzureGatewayCertificateSlotProps` */
export type GatewayCertificateSlotProps = AzureGatewayCertificateSlotProps;
/** @deprecated use `AwsApiGatewayAccountLogging` (lib/names.ts) */
export const ApiGatewayAccountLogging = AwsApiGatewayAccountLogging;
/** @deprecated use `AwsApiGatewayAccountLogging` (lib/names.ts) */
export type ApiGatewayAccountLogging = AwsApiGatewayAccountLogging;
/** @deprecated use `AwsApiGatewayAccountLoggingProps` */
export type ApiGatewayAccountLoggingProps = AwsApiGatewayAccountLoggingProps;
/** @deprecated use `AwsSageMakerEndpoint` (lib/names.ts) */
export const SovereignSageMakerEndpoint = AwsSageMakerEndpoint;
/** @deprecated use `AwsSageMakerEndpoint` (lib/names.ts) */
export type SovereignSageMakerEndpoint = AwsSageMakerEndpoint;
/** @deprecated use `AwsSageMakerEndpointProps` */
export type SovereignSageMakerEndpointProps = AwsSageMakerEndpointProps;
/** @deprecated use `AwsBedrockAccess` (lib/names.ts) */
export const BedrockAccess = AwsBedrockAccess;
/** @deprecated use `AwsBedrockAccess` (lib/names.ts) */
export type BedrockAccess = AwsBedrockAccess;
/** @deprecated use `AwsBedrockAccessProps` */
export type BedrockAccessProps = AwsBedrockAccessProps;
/** @deprecated use `AwsInferenceVpcEndpoints` (lib/names.ts) */
export const InferenceVpcEndpoints = AwsInferenceVpcEndpoints;
/** @deprecated use `AwsInferenceVpcEndpoints` (lib/names.ts) */
export type InferenceVpcEndpoints = AwsInferenceVpcEndpoints;
/** @deprecated use `AwsInferenceVpcEndpointsProps` */
export type InferenceVpcEndpointsProps = AwsInferenceVpcEndpointsProps;
/** @deprecated use `AzureOpenAiAccount` (lib/names.ts) */
export const SovereignOpenAiAccount = AzureOpenAiAccount;
/** @deprecated use `AzureOpenAiAccount` (lib/names.ts) */
export type SovereignOpenAiAccount = AzureOpenAiAccount;
/** @deprecated use `AzureOpenAiAccountProps` */
export type SovereignOpenAiAccountProps = AzureOpenAiAccountProps;
/** @deprecated use `AwsJwtAuthorizer` (lib/names.ts) */
export const JwtAuthorizer = AwsJwtAuthorizer;
/** @deprecated use `AwsJwtAuthorizer` (lib/names.ts) */
export type JwtAuthorizer = AwsJwtAuthorizer;
/** @deprecated use `AwsJwtAuthorizerProps` */
export type JwtAuthorizerProps = AwsJwtAuthorizerProps;
/** @deprecated use `AwsJurisdictionZone` (lib/names.ts) */
export const JurisdictionZone = AwsJurisdictionZone;
/** @deprecated use `AwsJurisdictionZone` (lib/names.ts) */
export type JurisdictionZone = AwsJurisdictionZone;
/** @deprecated use `AwsJurisdictionZoneProps` */
export type JurisdictionZoneProps = AwsJurisdictionZoneProps;
/** @deprecated use `AwsGeoRouting` (lib/names.ts) */
export const GlobalGeoRouting = AwsGeoRouting;
/** @deprecated use `AwsGeoRouting` (lib/names.ts) */
export type GlobalGeoRouting = AwsGeoRouting;
/** @deprecated use `AwsGeoRoutingProps` */
export type GlobalGeoRoutingProps = AwsGeoRoutingProps;
/** @deprecated use `AwsDelegatedZones` (lib/names.ts) */
export const DelegatedZones = AwsDelegatedZones;
/** @deprecated use `AwsDelegatedZones` (lib/names.ts) */
export type DelegatedZones = AwsDelegatedZones;
/** @deprecated use `AwsDelegatedZonesProps` */
export type DelegatedZonesProps = AwsDelegatedZonesProps;
/** @deprecated use `AzureGeoRouting` (lib/names.ts) */
export const TrafficManagerGeoRouting = AzureGeoRouting;
/** @deprecated use `AzureGeoRouting` (lib/names.ts) */
export type TrafficManagerGeoRouting = AzureGeoRouting;
/** @deprecated use `AzureGeoRoutingProps` */
export type TrafficManagerGeoRoutingProps = AzureGeoRoutingProps;
/** @deprecated use `AwsRegionDenyPolicy` (lib/names.ts) */
export const RegionDenyPolicy = AwsRegionDenyPolicy;
/** @deprecated use `AwsRegionDenyPolicy` (lib/names.ts) */
export type RegionDenyPolicy = AwsRegionDenyPolicy;
/** @deprecated use `AwsRegionDenyPolicyProps` */
export type RegionDenyPolicyProps = AwsRegionDenyPolicyProps;
/** @deprecated use `AzureResidencyPolicyAssignments` (lib/names.ts) */
export const ResidencyPolicyAssignments = AzureResidencyPolicyAssignments;
/** @deprecated use `AzureResidencyPolicyAssignments` (lib/names.ts) */
export type ResidencyPolicyAssignments = AzureResidencyPolicyAssignments;
/** @deprecated use `AzureResidencyPolicyAssignmentsProps` */
export type ResidencyPolicyAssignmentsProps = AzureResidencyPolicyAssignmentsProps;
