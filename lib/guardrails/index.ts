export * from './aws';
export * from './azure';
export * from './aws-region-deny-data';
