export {
  type CorrelationStore,
  Correlator,
  DEFAULT_LATENESS_MS,
} from './correlator.js';
export { evaluateState, prune, retentionMs, sequenceChain, thresholdWindow } from './evaluate.js';
export { MemoryCorrelationStore } from './memory-store.js';
export { statefulCatalogue } from './stateful-catalogue.js';
export { renderStatefulTable } from './stateful-table.js';
export type {
  CorrelationAlert,
  CorrelationState,
  Observation,
  SequenceDetection,
  StatefulDetection,
  Step,
  StepMatcher,
  ThresholdDetection,
} from './types.js';
