export * from './aws-bedrock';
export * from './aws-endpoints';
export * from './aws-gateway';
export * from './aws-logs';
export * from './aws-sagemaker';
export * from './azure-gateway';
export * from './azure-openai';
export * from './azure-gateway-certificate';
