export * from './rule';
export * from './placement';
export * from './evaluate';
export * from './report';
export * from './pack';
export * from './project-suppressions';
export * from './rules';
