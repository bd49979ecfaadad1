import { ForwardingRule, forwardingPattern, tamperPattern } from '@trailwatch/detections';

type Pattern = { readonly [key: string]: unknown };

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Plain `source` values of a pattern or of every branch of its top-level `$or`. */
function sourcesOf(pattern: Pattern): string[] | undefined {
  if (isStringList(pattern.source)) return pattern.source;
  const branches = pattern.$or;
  if (pattern.source !== undefined || !Array.isArray(branches)) return undefined;
  const sources: string[] = [];
  for (const branch of branches) {
    const listed =
      branch !== null && typeof branch === 'object' ? sourcesOf(branch as Pattern) : undefined;
    if (listed === undefined) return undefined;
    sources.push(...listed);
  }
  return sources;
}

/**
 * Sources the central rule accepts: everything the member rules forward, plus the heartbeat
 * (`aws.events`) and Identity Center sign-ins (`aws.signin`). Custom events cannot use an `aws.`
 * source, so an organization principal cannot push forged events past this rule. Returns
 * `undefined` when a member pattern does not pin its sources; the caller then accepts every
 * `aws.` source.
 *
 * @param patterns - the member rules' patterns (default: both forwarding scopes and tamper)
 */
export function centralSources(
  patterns: readonly Pattern[] = [
    forwardingPattern(ForwardingRule.EVERY_REGION),
    forwardingPattern(ForwardingRule.US_EAST_1_ONLY),
    tamperPattern(),
  ],
): string[] | undefined {
  const sources = new Set<string>(['aws.events', 'aws.signin']);
  for (const pattern of patterns) {
    const listed = sourcesOf(pattern);
    if (listed === undefined) return undefined;
    for (const source of listed) sources.add(source);
  }
  return [...sources].sort();
}
