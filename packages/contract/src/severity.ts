/** Severity names, most severe first: routes, the catalogue, Slack styles and metrics use these. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** One of {@link SEVERITIES}. */
export type SeverityName = (typeof SEVERITIES)[number];

/** Whether `value` is a severity name (case-sensitive, as the JSON carries it). */
export function isSeverityName(value: unknown): value is SeverityName {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}
