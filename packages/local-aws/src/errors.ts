/** Seed data or options given to a stand-in are inconsistent (duplicate ids, unknown parents, bad numbers). */
export class InvalidStandInOptionsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidStandInOptionsError';
  }
}

/**
 * An AWS service error to send back in the AWS JSON protocol shape
 * (`{"__type": "...", "message": "..."}` with an HTTP status).
 */
export class AwsServiceError extends Error {
  /** The error code the SDK turns into the exception class name, e.g. `AccessDeniedException`. */
  public readonly type: string;
  /** HTTP status the real service answers with for this error. */
  public readonly status: number;
  /** Extra members some AWS errors carry (e.g. Organizations' `Reason`). */
  public readonly extra: Readonly<Record<string, string>>;

  public constructor(
    type: string,
    message: string,
    status = 400,
    extra: Readonly<Record<string, string>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AwsServiceError';
    this.type = type;
    this.status = status;
    this.extra = extra;
  }
}
