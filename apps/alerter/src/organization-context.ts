import { keysOf } from './log-keys.js';
import type { PipelineDependencies } from './process-batch.js';
import type { MatchedEvent } from './sort-records.js';

/**
 * Classifies again, with the organization's accounts, the events whose best match reads them
 * (`usesOrganizationAccounts`: a role or key opened to "another account" is noise when that
 * account is in the organization). Organizations is asked only when such a match is in the
 * batch; when it cannot answer, the match stands: an alert about an account that was inside
 * beats silence about one that was not.
 */
export async function withOrganizationContext(
  matched: readonly MatchedEvent[],
  deps: Pick<PipelineDependencies, 'classifier' | 'organizationAccountIds' | 'telemetry'>,
): Promise<MatchedEvent[]> {
  const { log } = deps.telemetry;
  if (
    deps.organizationAccountIds === undefined ||
    !matched.some((entry) => entry.match.detection.usesOrganizationAccounts)
  ) {
    return [...matched];
  }
  const accounts = await deps.organizationAccountIds();
  if (accounts === undefined) {
    log.warn('Organization accounts unknown; every other account counts as outside', {
      events: matched.filter((entry) => entry.match.detection.usesOrganizationAccounts).length,
    });
    return [...matched];
  }
  const context = { organizationAccountIds: [...accounts] };
  const kept: MatchedEvent[] = [];
  for (const entry of matched) {
    if (!entry.match.detection.usesOrganizationAccounts) {
      kept.push(entry);
      continue;
    }
    const [match] = deps.classifier.classify(entry.match.event, context);
    if (match === undefined) {
      log.info('Only accounts of the organization involved; not alerting', keysOf(entry.match));
      continue;
    }
    kept.push({ ...entry, match });
  }
  return kept;
}
