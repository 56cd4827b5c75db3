// The in-process n8n harness, shared by the engine tests and the benchmarks.
export * from './credentials';
export * from './engine';
export * from './nodeTypes';
export * from './packageLoader';
export * from './pollTrigger';
