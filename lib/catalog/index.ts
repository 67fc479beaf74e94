export * from './countries';
export * from './regions';
export * from './jurisdictions';
export * from './geo-codes';
export * from './azure-storage';
export * from './azure-openai';
export * from './bedrock';
export * from './log-retention';
