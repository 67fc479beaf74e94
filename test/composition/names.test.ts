/** One class-name scheme (lib/names.ts): each Aws* / Azure* name is the same class as its deprecated earlier name. */
import { Construct } from 'constructs';
import * as lib from '../../lib';
import { ResidencyBucket } from '../../lib/storage';
import { RegionalInferenceGateway } from '../../lib/inference';

const RENAMES: [string, string][] = [
  ['ResidencyBucket', 'AwsResidencyBucket'], ['JurisdictionKey', 'AwsJurisdictionKey'],
  ['ResidencyStorageAccount', 'AzureResidencyStorageAccount'], ['JurisdictionKeyVault', 'AzureJurisdictionKeyVault'],
  ['CustomerManagedKey', 'AzureCustomerManagedKey'], ['RegionalInferenceGateway', 'AwsInferenceGateway'],
  ['GatewayCertificate', 'AwsGatewayCertificate'], ['GatewayCertificateSlot', 'AzureGatewayCertificateSlot'],
  ['ApiGatewayAccountLogging', 'AwsApiGatewayAccountLogging'], ['SovereignSageMakerEndpoint', 'AwsSageMakerEndpoint'],
  ['BedrockAccess', 'AwsBedrockAccess'], ['InferenceVpcEndpoints', 'AwsInferenceVpcEndpoints'],
  ['SovereignOpenAiAccount', 'AzureOpenAiAccount'], ['JwtAuthorizer', 'AwsJwtAuthorizer'],
  ['JurisdictionZone', 'AwsJurisdictionZone'], ['GlobalGeoRouting', 'AwsGeoRouting'], ['DelegatedZones', 'AwsDelegatedZones'],
  ['TrafficManagerGeoRouting', 'AzureGeoRouting'], ['RegionDenyPolicy', 'AwsRegionDenyPolicy'],
  ['ResidencyPolicyAssignments', 'AzureResidencyPolicyAssignments'],
];

test.each(RENAMES)('%s (deprecated) is %s', (old, name) => {
  const exported = lib as unknown as Record<string, unknown>;
  expect(typeof exported[name]).toBe('function');
  expect(exported[old]).toBe(exported[name]);
});

test('the package root exports the classes the modules declare', () => {
  expect(lib.AwsResidencyBucket).toBe(ResidencyBucket);
  expect(lib.AwsInferenceGateway).toBe(RegionalInferenceGateway);
});

test('every construct the package root exports follows the scheme: Aws* / Azure* / Kubernetes* (by provider), a composition of both clouds, or a deprecated earlier name', () => {
  const spanning = ['Composition', 'RegionalKeys', 'ResidencyStorage', 'JurisdictionInferenceBase', 'JurisdictionInference'];
  const earlier = new Set(RENAMES.map(([old]) => old));
  const constructs = Object.entries(lib).filter(([, v]) => typeof v === 'function' && (v as any).prototype instanceof Construct).map(([k]) => k);
  expect(constructs.length).toBeGreaterThan(RENAMES.length * 2);
  expect(constructs.filter((k) => !/^(Aws|Azure|Kubernetes)[A-Z]/.test(k) && !spanning.includes(k) && !earlier.has(k))).toEqual([]);
});
