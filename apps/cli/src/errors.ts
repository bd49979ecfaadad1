/** A mistake on the command line: printed with a hint, exit code 1. */
export class UsageError extends Error {
  readonly hint?: string;

  constructor(message: string, options?: ErrorOptions & { hint?: string }) {
    super(message, options);
    this.name = 'UsageError';
    this.hint = options?.hint;
  }
}
