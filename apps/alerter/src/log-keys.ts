import type { Match } from '@trailwatch/detections';

/** The log keys every line about an event carries: event id, detection, account. */
export function keysOf(match: Match, accountId?: string): Record<string, string> {
  return {
    eventId: match.event.eventId,
    detection: match.detection.id,
    account: accountId ?? match.event.account,
  };
}

/** An error as one log value: name and message, never a stack or a request. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
