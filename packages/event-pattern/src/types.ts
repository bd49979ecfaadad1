/**
 * An EventBridge event pattern: a JSON object whose leaves are non-empty arrays of match values.
 *
 * @example
 * ```ts
 * const pattern: EventPattern = { source: ['aws.iam'], detail: { eventName: [{ prefix: 'Create' }] } };
 * ```
 */
export type EventPattern = { readonly [key: string]: unknown };

/** One reason EventBridge's PutRule would reject a pattern. */
export interface PatternProblem {
  /** Where in the pattern, e.g. `detail.eventName[1]` (`''` for the pattern itself). */
  readonly path: string;
  /** What is wrong there, in a sentence that names the fix. */
  readonly problem: string;
}

/** A pattern validated and compiled once, to match many events. */
export interface CompiledPattern {
  /** The pattern this was compiled from. */
  readonly pattern: EventPattern;
  /**
   * Whether the event matches, with EventBridge's semantics. Never throws: any input that is not a
   * JSON object (arrays, scalars, `undefined`) simply does not match.
   */
  matches(event: unknown): boolean;
}

/** Options for {@link validatePattern}. */
export interface ValidateOptions {
  /**
   * Reject patterns whose compact JSON text is longer than this many characters. EventBridge's
   * default quota is 2048 (adjustable to 4096), see {@link EVENT_PATTERN_DEFAULT_MAX_LENGTH}.
   *
   * @default - no length check
   */
  readonly maxLength?: number;
}
