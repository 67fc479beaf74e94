export * from './catalog';
export * from './policy';
export * from './network';
export * from './state';
export * from './tagging';
export * from './storage';
export * from './dns';
export * from './inference';
