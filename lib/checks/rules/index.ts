/** Every rule of the pack, by family, in report order. */
import { ResidencyRegion } from './residency/ResidencyRegion';
import { ResidencyArnRegion } from './residency/ResidencyArnRegion';
import { ResidencyStateBackend } from './residency/ResidencyStateBackend';
import { ResidencyS3Replication } from './residency/ResidencyS3Replication';
import { ResidencyObjectReplication } from './residency/ResidencyObjectReplication';
import { ResidencyGeoRedundancy } from './residency/ResidencyGeoRedundancy';
import { ResidencyBedrockProfile } from './residency/ResidencyBedrockProfile';
import { ResidencyOpenAiDeployment } from './residency/ResidencyOpenAiDeployment';
import { S3Encryption } from './security/S3Encryption';
import { S3PublicAccessBlock } from './security/S3PublicAccessBlock';
import { S3Tls } from './security/S3Tls';
import { S3NoPublicPolicy } from './security/S3NoPublicPolicy';
import { S3AclsDisabled } from './security/S3AclsDisabled';
import { S3AccessLogging } from './security/S3AccessLogging';
import { S3Lifecycle } from './security/S3Lifecycle';
import { S3Replication } from './security/S3Replication';
import { KmsRotation } from './security/KmsRotation';
import { KmsKeyPolicy } from './security/KmsKeyPolicy';
import { KmsSingleRegion } from './security/KmsSingleRegion';
import { KeyVaultNetwork } from './security/KeyVaultNetwork';
import { KeyVaultRbac } from './security/KeyVaultRbac';
import { KeyVaultPrivateEndpoint } from './security/KeyVaultPrivateEndpoint';
import { KeyVaultKeyExpiry } from './security/KeyVaultKeyExpiry';
import { KeyVaultKeyHsm } from './security/KeyVaultKeyHsm';
import { KeyVaultKeyRotation } from './security/KeyVaultKeyRotation';
import { StorageTls } from './security/StorageTls';
import { StoragePublicAccess } from './security/StoragePublicAccess';
import { StorageSharedKey } from './security/StorageSharedKey';
import { StorageCopyScope } from './security/StorageCopyScope';
import { StorageEncryption } from './security/StorageEncryption';
import { StoragePrivateEndpoint } from './security/StoragePrivateEndpoint';
import { StorageRedundancy } from './security/StorageRedundancy';
import { StorageContainerPrivate } from './security/StorageContainerPrivate';
import { CognitivePublicAccess } from './security/CognitivePublicAccess';
import { CognitiveLocalAuth } from './security/CognitiveLocalAuth';
import { CognitiveCmk } from './security/CognitiveCmk';
import { CognitiveOutbound } from './security/CognitiveOutbound';
import { SageMakerNetworkIsolation } from './security/SageMakerNetworkIsolation';
import { SageMakerEndpointKms } from './security/SageMakerEndpointKms';
import { ApiGatewayTls } from './security/ApiGatewayTls';
import { ApiGatewayLogging } from './security/ApiGatewayLogging';
import { ApiGatewayAnonymousBackend } from './security/ApiGatewayAnonymousBackend';
import { LogGroupEncryption } from './security/LogGroupEncryption';
import { LogRetention } from './security/LogRetention';
import { HealthCheckHttps } from './security/HealthCheckHttps';
import { Route53Dnssec } from './security/Route53Dnssec';
import { Route53QueryLogging } from './security/Route53QueryLogging';
import { VpcEndpointInterface } from './security/VpcEndpointInterface';
import { IamNoWildcardActions } from './security/IamNoWildcardActions';
import { IamNoWildcardResources } from './security/IamNoWildcardResources';
import { IamTrustPolicy } from './security/IamTrustPolicy';
import { PreventDestroy } from './data-safety/PreventDestroy';
import { NoForceDestroy } from './data-safety/NoForceDestroy';
import { S3Versioning } from './data-safety/S3Versioning';
import { StorageSoftDelete } from './data-safety/StorageSoftDelete';
import { KeyVaultPurgeProtection } from './data-safety/KeyVaultPurgeProtection';
import { KmsDeletionWindow } from './data-safety/KmsDeletionWindow';
import { S3BucketName } from './deployability/S3BucketName';
import { StorageAccountName } from './deployability/StorageAccountName';
import { KeyVaultName } from './deployability/KeyVaultName';
import { CognitiveSubdomain } from './deployability/CognitiveSubdomain';
import { SageMakerName } from './deployability/SageMakerName';
import { KmsAliasName } from './deployability/KmsAliasName';
import { LogRetentionValue } from './deployability/LogRetentionValue';
import { Route53GeoLocation } from './deployability/Route53GeoLocation';
import { TrafficManagerGeoCodes } from './deployability/TrafficManagerGeoCodes';
import type { SovereigntyRule } from '../rule';
import { KUBERNETES_RULES } from './kubernetes';

/** Residency: where resources, copies, state and model calls may go. They run only in stacks with a jurisdiction. */
export const RESIDENCY_RULES: readonly SovereigntyRule[] = Object.freeze([
  ResidencyRegion, ResidencyArnRegion, ResidencyStateBackend, ResidencyS3Replication, ResidencyObjectReplication,
  ResidencyGeoRedundancy, ResidencyBedrockProfile, ResidencyOpenAiDeployment,
]);

/** Security: the checkov / trivy / cdk-nag checks that matter for the resource types this repository creates. */
export const SECURITY_RULES: readonly SovereigntyRule[] = Object.freeze([
  S3Encryption, S3PublicAccessBlock, S3Tls, S3NoPublicPolicy, S3AclsDisabled, S3AccessLogging, S3Lifecycle,
  S3Replication, KmsRotation, KmsKeyPolicy, KmsSingleRegion, KeyVaultNetwork, KeyVaultRbac, KeyVaultPrivateEndpoint,
  KeyVaultKeyExpiry, KeyVaultKeyHsm, KeyVaultKeyRotation, StorageTls, StoragePublicAccess, StorageSharedKey,
  StorageCopyScope, StorageEncryption, StoragePrivateEndpoint, StorageRedundancy, StorageContainerPrivate,
  CognitivePublicAccess, CognitiveLocalAuth, CognitiveCmk, CognitiveOutbound, SageMakerNetworkIsolation,
  SageMakerEndpointKms, ApiGatewayTls, ApiGatewayLogging, ApiGatewayAnonymousBackend, LogGroupEncryption, LogRetention, HealthCheckHttps,
  Route53Dnssec, Route53QueryLogging, VpcEndpointInterface, IamNoWildcardActions, IamNoWildcardResources,
  IamTrustPolicy,
]);

/** Data safety: nothing stateful is destroyed, purged or overwritten without a way back. */
export const DATA_SAFETY_RULES: readonly SovereigntyRule[] = Object.freeze([
  PreventDestroy, NoForceDestroy, S3Versioning, StorageSoftDelete, KeyVaultPurgeProtection, KmsDeletionWindow,
]);

/** Deployability: what synth accepts and plan, apply or the cloud API refuses (values with `${...}` are skipped). */
export const DEPLOYABILITY_RULES: readonly SovereigntyRule[] = Object.freeze([
  S3BucketName, StorageAccountName, KeyVaultName, CognitiveSubdomain, SageMakerName, KmsAliasName, LogRetentionValue,
  Route53GeoLocation, TrafficManagerGeoCodes,
]);

/** The whole pack (the Kubernetes rules of the sovereign tier last: lib/checks/rules/kubernetes). */
export const ALL_RULES: readonly SovereigntyRule[] = Object.freeze([...RESIDENCY_RULES, ...SECURITY_RULES, ...DATA_SAFETY_RULES, ...DEPLOYABILITY_RULES, ...KUBERNETES_RULES]);
export { KUBERNETES_RULES };

export {
  ResidencyRegion, ResidencyArnRegion, ResidencyStateBackend, ResidencyS3Replication, ResidencyObjectReplication,
  ResidencyGeoRedundancy, ResidencyBedrockProfile, ResidencyOpenAiDeployment, S3Encryption, S3PublicAccessBlock, S3Tls,
  S3NoPublicPolicy, S3AclsDisabled, S3AccessLogging, S3Lifecycle, S3Replication, KmsRotation, KmsKeyPolicy,
  KmsSingleRegion, KeyVaultNetwork, KeyVaultRbac, KeyVaultPrivateEndpoint, KeyVaultKeyExpiry, KeyVaultKeyHsm,
  KeyVaultKeyRotation, StorageTls, StoragePublicAccess, StorageSharedKey, StorageCopyScope, StorageEncryption,
  StoragePrivateEndpoint, StorageRedundancy, StorageContainerPrivate, CognitivePublicAccess, CognitiveLocalAuth,
  CognitiveCmk, CognitiveOutbound, SageMakerNetworkIsolation, SageMakerEndpointKms, ApiGatewayTls, ApiGatewayLogging,
  ApiGatewayAnonymousBackend, LogGroupEncryption, LogRetention, HealthCheckHttps, Route53Dnssec, Route53QueryLogging, VpcEndpointInterface,
  IamNoWildcardActions, IamNoWildcardResources, IamTrustPolicy, PreventDestroy, NoForceDestroy, S3Versioning,
  StorageSoftDelete, KeyVaultPurgeProtection, KmsDeletionWindow, S3BucketName, StorageAccountName, KeyVaultName,
  CognitiveSubdomain, SageMakerName, KmsAliasName, LogRetentionValue, Route53GeoLocation, TrafficManagerGeoCodes,
};
