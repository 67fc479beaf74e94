export * from './contract';
export * from './http';
export * from './resolve';
export * from './run';
export * from './targets';
