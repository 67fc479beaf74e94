/**
 * SageMaker instance facts the constructs and the rule pack share. Source: the EC2 instance-store
 * documentation (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/InstanceStorage.html, "instance
 * store volumes" per instance type), checked per family, not per ml.* size; and the SageMaker API
 * (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html, `KmsKeyId`:
 * not supported for instance types with local storage).
 */
/** Instance families with local NVMe instance-store volumes: an endpoint configuration on them must not name a KMS key. */
const LOCAL_STORAGE_FAMILIES = new Set(['g4dn', 'g4ad', 'g5', 'g6', 'g6e', 'gr6', 'p3dn', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'trn1', 'trn1n', 'trn2']);

/** `ml.g5.12xlarge` → true; `ml.m5d.large` → true (a `d` family); `ml.inf2.xlarge`, `ml.m5.large` → false. */
export function instanceHasLocalStorage(instanceType: string): boolean {
  const family = /^ml\.([a-z0-9-]+)\./.exec(instanceType)?.[1] ?? '';
  return LOCAL_STORAGE_FAMILIES.has(family) || /^[cmr]\d+[a-z]*d$/.test(family);
}
