export { compilePattern } from './compile-pattern.js';
export { EVENT_PATTERN_DEFAULT_MAX_LENGTH } from './constants.js';
export { InvalidPatternError } from './errors.js';
export type { CompiledPattern, EventPattern, PatternProblem, ValidateOptions } from './types.js';
export { validatePattern } from './validate-pattern.js';
