/** Base class of every error the alerter raises itself. */
export class AlerterError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlerterError';
  }
}

/** A required environment variable is missing or a value cannot be used; raised at cold start. */
export class ConfigurationError extends AlerterError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}

/** `SLACK_ROUTES` is not valid JSON or does not have the documented shape. */
export class InvalidRoutesError extends ConfigurationError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidRoutesError';
  }
}

/**
 * The webhook secret cannot be read or does not hold a usable URL. The message never contains
 * the secret value, only the secret id.
 */
export class WebhookSecretError extends AlerterError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WebhookSecretError';
  }
}

/** An Organizations lookup did not finish before its deadline. */
export class LookupTimeoutError extends AlerterError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LookupTimeoutError';
  }
}
