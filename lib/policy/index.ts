export * from './model';
export * from './problems';
export * from './schema';
export * from './load';
export { validatePolicy, type Finding } from './validate';
export { policyAsOf } from './validate-inference';
