/** A message breaks one of Slack's Block Kit limits; `problems` names each path and limit. */
export class SlackLimitError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: ErrorOptions) {
    super(`Slack message exceeds Block Kit limits: ${problems.join('; ')}`, options);
    this.name = 'SlackLimitError';
    this.problems = problems;
  }
}

/** `renderDigest` was called with alerts it cannot fold into one message. */
export class DigestInputError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DigestInputError';
  }
}
