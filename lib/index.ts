export * from './catalog';
export * from './policy';
export * from './network';
export * from './state';
export * from './tagging';
export * from './storage';
export * from './dns';
export * from './inference';
export * as analysis from './analysis';
export * from './guardrails';
export * from './checks';
export * from './composition';
// One class-name scheme (Aws* / Azure*), lib/names.ts; the earlier names stay as deprecated aliases.
export * from './names';
export {
  ResidencyBucket,
  JurisdictionKey,
  ResidencyStorageAccount,
  JurisdictionKeyVault,
  CustomerManagedKey,
  RegionalInferenceGateway,
  GatewayCertificate,
  GatewayCertificateSlot,
  ApiGatewayAccountLogging,
  SovereignSageMakerEndpoint,
  BedrockAccess,
  InferenceVpcEndpoints,
  SovereignOpenAiAccount,
  JwtAuthorizer,
  JurisdictionZone,
  GlobalGeoRouting,
  DelegatedZones,
  TrafficManagerGeoRouting,
  RegionDenyPolicy,
  ResidencyPolicyAssignments,
  type ResidencyBucketProps,
  type JurisdictionKeyProps,
  type ResidencyStorageAccountProps,
  type JurisdictionKeyVaultProps,
  type CustomerManagedKeyProps,
  type RegionalInferenceGatewayProps,
  type GatewayCertificateProps,
  type GatewayCertificateSlotProps,
  type ApiGatewayAccountLoggingProps,
  type SovereignSageMakerEndpointProps,
  type BedrockAccessProps,
  type InferenceVpcEndpointsProps,
  type SovereignOpenAiAccountProps,
  type JwtAuthorizerProps,
  type JurisdictionZoneProps,
  type GlobalGeoRoutingProps,
  type DelegatedZonesProps,
  type TrafficManagerGeoRoutingProps,
  type RegionDenyPolicyProps,
  type ResidencyPolicyAssignmentsProps,
} from './deprecated-names';
export * from './kubernetes';
export * from './sovereign';
