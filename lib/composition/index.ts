export { Composition } from './composition';
export { azurePlacement, type AwsRegionContext, type AzureRegionContext, type JurisdictionPlacement } from './context';
export { RegionalKeys, type RegionalKeysProps, type VaultOptions } from './regional-keys';
export { ResidencyStorage, azureRedundancy, type ResidencyStorageProps, type StorePair } from './residency-storage';
export {
  JurisdictionInferenceBase,
  MODEL_ARTIFACTS_OUTPUT_PREFIX,
  MODEL_ARTIFACTS_UPLOAD_OUTPUT,
  type AzureInferenceBase,
  type JurisdictionInferenceBaseProps,
} from './inference-base';
export { JurisdictionInference, type InferenceResources, type JurisdictionInferenceProps } from './jurisdiction-inference';
