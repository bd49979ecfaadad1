/** One problem found in a configuration: where, what was there, and how to fix it. */
export interface ConfigIssue {
  /** Dotted path of the field, e.g. `slack.routes.0.webhookSecretName`; `(root)` for the file itself. */
  readonly path: string;
  /** The value found at `path`, or `undefined` when the field is missing. */
  readonly value: unknown;
  /** What the value must be, phrased as the fix. */
  readonly fix: string;
}

/** Renders a value the way a person reading their JSON file would recognise it. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** Formats one issue as `field: got <value> — fix`. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: got ${describeValue(issue.value)} — ${issue.fix}`;
}

/** The configuration file could not be read or is not JSON. */
export class ConfigFileError extends Error {
  readonly file: string;

  constructor(file: string, message: string, options?: ErrorOptions) {
    super(`${file}: ${message}`, options);
    this.name = 'ConfigFileError';
    this.file = file;
  }
}

/** The configuration is JSON but breaks the schema; lists every issue, one per line. */
export class InvalidConfigError extends Error {
  readonly issues: readonly ConfigIssue[];
  readonly source: string;

  constructor(source: string, issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const lines = issues.map((issue) => `  - ${formatIssue(issue)}`);
    super(
      `Invalid trailwatch configuration in ${source} (${issues.length} ${
        issues.length === 1 ? 'problem' : 'problems'
      }):\n${lines.join('\n')}`,
      options,
    );
    this.name = 'InvalidConfigError';
    this.issues = issues;
    this.source = source;
  }
}
