/**
 * The one class-name scheme of the library's constructs: `Aws*` for a construct of AWS resources,
 * `Azure*` for one of Azure resources, `Kubernetes*` for one of hashicorp/kubernetes resources (the
 * sovereign tier: `KubernetesVllmTier`, `KubernetesObject`), no cloud prefix for a composition spanning both clouds
 * (`ResidencyStorage`, `RegionalKeys`, `JurisdictionInferenceBase`, `JurisdictionInference`).
 * These are the names to import. The constructs are still declared under their earlier names in their
 * modules (so that parallel work on those files merges without a rename); lib/index.ts re-exports the
 * earlier names as deprecated aliases. A name here is the same class: `instanceof`, `extends` and
 * static members behave the same through either name.
 */
import {
  ResidencyBucket,
  JurisdictionKey,
  ResidencyStorageAccount,
  JurisdictionKeyVault,
  CustomerManagedKey,
  type ResidencyBucketProps,
  type JurisdictionKeyProps,
  type ResidencyStorageAccountProps,
  type JurisdictionKeyVaultProps,
  type CustomerManagedKeyProps,
} from './storage';
import {
  RegionalInferenceGateway,
  GatewayCertificate,
  GatewayCertificateSlot,
  ApiGatewayAccountLogging,
  SovereignSageMakerEndpoint,
  BedrockAccess,
  InferenceVpcEndpoints,
  SovereignOpenAiAccount,
  JwtAuthorizer,
  type RegionalInferenceGatewayProps,
  type GatewayCertificateProps,
  type GatewayCertificateSlotProps,
  type ApiGatewayAccountLoggingProps,
  type SovereignSageMakerEndpointProps,
  type BedrockAccessProps,
  type InferenceVpcEndpointsProps,
  type SovereignOpenAiAccountProps,
  type JwtAuthorizerProps,
} from './inference';
import {
  JurisdictionZone,
  GlobalGeoRouting,
  DelegatedZones,
  TrafficManagerGeoRouting,
  type JurisdictionZoneProps,
  type GlobalGeoRoutingProps,
  type DelegatedZonesProps,
  type TrafficManagerGeoRoutingProps,
} from './dns';
import {
  RegionDenyPolicy,
  ResidencyPolicyAssignments,
  type RegionDenyPolicyProps,
  type ResidencyPolicyAssignmentsProps,
} from './guardrails';

export const AwsResidencyBucket = ResidencyBucket;
export type AwsResidencyBucket = ResidencyBucket;
export type AwsResidencyBucketProps = ResidencyBucketProps;
export const AwsJurisdictionKey = JurisdictionKey;
export type AwsJurisdictionKey = JurisdictionKey;
export type AwsJurisdictionKeyProps = JurisdictionKeyProps;
export const AzureResidencyStorageAccount = ResidencyStorageAccount;
export type AzureResidencyStorageAccount = ResidencyStorageAccount;
export type AzureResidencyStorageAccountProps = ResidencyStorageAccountProps;
export const AzureJurisdictionKeyVault = JurisdictionKeyVault;
export type AzureJurisdictionKeyVault = JurisdictionKeyVault;
export type AzureJurisdictionKeyVaultProps = JurisdictionKeyVaultProps;
export const AzureCustomerManagedKey = CustomerManagedKey;
export type AzureCustomerManagedKey = CustomerManagedKey;
export type AzureCustomerManagedKeyProps = CustomerManagedKeyProps;
export const AwsInferenceGateway = RegionalInferenceGateway;
export type AwsInferenceGateway = RegionalInferenceGateway;
export type AwsInferenceGatewayProps = RegionalInferenceGatewayProps;
export const AwsGatewayCertificate = GatewayCertificate;
export type AwsGatewayCertificate = GatewayCertificate;
export type AwsGatewayCertificateProps = GatewayCertificateProps;
export const AzureGatewayCertificateSlot = GatewayCertificateSlot;
export type AzureGatewayCertificateSlot = GatewayCertificateSlot;
export type AzureGatewayCertificateSlotProps = GatewayCertificateSlotProps;
export const AwsApiGatewayAccountLogging = ApiGatewayAccountLogging;
export type AwsApiGatewayAccountLogging = ApiGatewayAccountLogging;
export type AwsApiGatewayAccountLoggingProps = ApiGatewayAccountLoggingProps;
export const AwsSageMakerEndpoint = SovereignSageMakerEndpoint;
export type AwsSageMakerEndpoint = SovereignSageMakerEndpoint;
export type AwsSageMakerEndpointProps = SovereignSageMakerEndpointProps;
export const AwsBedrockAccess = BedrockAccess;
export type AwsBedrockAccess = BedrockAccess;
export type AwsBedrockAccessProps = BedrockAccessProps;
export const AwsInferenceVpcEndpoints = InferenceVpcEndpoints;
export type AwsInferenceVpcEndpoints = InferenceVpcEndpoints;
export type AwsInferenceVpcEndpointsProps = InferenceVpcEndpointsProps;
export const AzureOpenAiAccount = SovereignOpenAiAccount;
export type AzureOpenAiAccount = SovereignOpenAiAccount;
export type AzureOpenAiAccountProps = SovereignOpenAiAccountProps;
export const AwsJwtAuthorizer = JwtAuthorizer;
export type AwsJwtAuthorizer = JwtAuthorizer;
export type AwsJwtAuthorizerProps = JwtAuthorizerProps;
export const AwsJurisdictionZone = JurisdictionZone;
export type AwsJurisdictionZone = JurisdictionZone;
export type AwsJurisdictionZoneProps = JurisdictionZoneProps;
export const AwsGeoRouting = GlobalGeoRouting;
export type AwsGeoRouting = GlobalGeoRouting;
export type AwsGeoRoutingProps = GlobalGeoRoutingProps;
export const AwsDelegatedZones = DelegatedZones;
export type AwsDelegatedZones = DelegatedZones;
export type AwsDelegatedZonesProps = DelegatedZonesProps;
export const AzureGeoRouting = TrafficManagerGeoRouting;
export type AzureGeoRouting = TrafficManagerGeoRouting;
export type AzureGeoRoutingProps = TrafficManagerGeoRoutingProps;
export const AwsRegionDenyPolicy = RegionDenyPolicy;
export type AwsRegionDenyPolicy = RegionDenyPolicy;
export type AwsRegionDenyPolicyProps = RegionDenyPolicyProps;
export const AzureResidencyPolicyAssignments = ResidencyPolicyAssignments;
export type AzureResidencyPolicyAssignments = ResidencyPolicyAssignments;
export type AzureResidencyPolicyAssignmentsProps = ResidencyPolicyAssignmentsProps;
