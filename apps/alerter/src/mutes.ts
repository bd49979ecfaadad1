import { describeActor } from '@trailwatch/cloudtrail';
import { type Mute, muteMatches } from '@trailwatch/contract';
import type { EnrichedAccount } from './enrichment/account-directory.js';

/** Where the mutes in force come from (the configuration file's plus the state table's). */
export interface MuteSource {
  current(): Promise<readonly Mute[]>;
}

/** What a mute is checked against. */
export interface MuteCandidate {
  readonly detectionId: string;
  readonly severity: string;
  readonly actor: Parameters<typeof describeActor>[0];
  readonly account: EnrichedAccount;
}

/**
 * The mute that hides this alert now, if any. Never throws: a mute that cannot be evaluated
 * mutes nothing (an alert too many beats one silenced by mistake).
 */
export function mutedBy(
  mutes: readonly Mute[],
  candidate: MuteCandidate,
  now: number,
): Mute | undefined {
  try {
    const subject = {
      detectionId: candidate.detectionId,
      severity: candidate.severity,
      accountId: candidate.account.id,
      ouIds: candidate.account.ouIds ?? [],
      ouNames: candidate.account.ouNames ?? [],
      actor: describeActor(candidate.actor),
    };
    return mutes.find((mute) => muteMatches(mute, subject, now));
  } catch {
    return undefined;
  }
}
