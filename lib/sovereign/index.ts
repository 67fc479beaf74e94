export * from './envoy';
export * from './vllm-tier';
