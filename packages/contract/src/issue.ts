/** One problem with a contract value: where it is and how to fix it. Values are never quoted. */
export interface ContractIssue {
  /** Path below the value checked, e.g. `['severities', 1]`. */
  readonly path: readonly (string | number)[];
  readonly fix: string;
}

/** `SLACK_ROUTES[0].severities[1]` from a base name and a path. */
export function formatPath(base: string, path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${key}`),
    base,
  );
}

/** An environment variable of a trailwatch function is missing or unusable. */
export class EnvironmentError extends Error {
  /** The variable at fault. */
  readonly variable: string;

  public constructor(variable: string, message: string) {
    super(message);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}
