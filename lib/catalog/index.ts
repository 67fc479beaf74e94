export * from './countries';
export * from './regions';
export * from './jurisdictions';
