export type {
  BuildControlStatusOptions,
  ControlExposeStatus,
  ControlReadiness,
  ControlStatus,
} from './build-control-status.js';
export { buildControlStatus, buildReadiness } from './build-control-status.js';
export type { ControlExposerOptions } from './create-control-exposer.js';
export { createControlExposer } from './create-control-exposer.js';
export type { CreateEngineMetricsOptions, EngineMetrics } from './create-engine-metrics.js';
export { createEngineMetrics } from './create-engine-metrics.js';
