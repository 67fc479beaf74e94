export * from './aws-bedrock';
export * from './aws-endpoints';
export * from './aws-gateway';
export * from './aws-gateway-account';
export { GatewayCertificate, type GatewayCertificateProps } from './aws-gateway-certificate';
export * from './aws-logs';
export * from './aws-sagemaker';
export * from './azure-gateway';
export * from './azure-openai';
