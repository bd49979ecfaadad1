/** A mistake on the command line: printed with a hint, exit code 1. */
export class UsageError extends Error {
  readonly hint?: string;

  constructor(message: string, options?: ErrorOptions & { hint?: string }) {
    super(message, options);
    this.name = 'UsageError';
    this.hint = options?.hint;
  }
}

/**
 * A command could not do its job (missing configuration, an AWS call refused, a resource not
 * there): printed as `error: <message>` with the cause and a hint, exit code 1.
 */
export class CommandError extends Error {
  readonly hint?: string;

  constructor(message: string, options?: ErrorOptions & { hint?: string }) {
    super(message, options);
    this.name = 'CommandError';
    this.hint = options?.hint;
  }
}
