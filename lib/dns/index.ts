export * from './aws';
export * from './azure';
export * from './chain';
export * from './routing';
export * from './names';
export type { HostedZoneOptions } from './aws-hosted-zone';
export * from './aws-delegation';
