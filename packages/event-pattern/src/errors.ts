import type { PatternProblem } from './types.js';

/** Thrown by `compilePattern` when EventBridge would reject the pattern. */
export class InvalidPatternError extends Error {
  /** Every problem found, in pattern order. */
  readonly problems: readonly PatternProblem[];

  constructor(problems: readonly PatternProblem[], options?: ErrorOptions) {
    super(InvalidPatternError.describe(problems), options);
    this.name = 'InvalidPatternError';
    this.problems = problems;
  }

  private static describe(problems: readonly PatternProblem[]): string {
    const lines = problems.map((p) => `  - ${p.path === '' ? '(pattern)' : p.path}: ${p.problem}`);
    const noun = problems.length === 1 ? 'problem' : 'problems';
    return `Invalid event pattern (${problems.length} ${noun}):\n${lines.join('\n')}`;
  }
}
