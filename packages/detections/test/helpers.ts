import { type CloudTrailEvent, parseEvent } from '@trailwatch/cloudtrail';
import { loadRecord, recordNames } from '@trailwatch/fixtures';
import type { DetectionContext } from '../src/index.js';

/** Parses a fixture (raw record or envelope) into the view the classifier reads. */
export function fixtureEvent(name: string): CloudTrailEvent {
  const parsed = parseEvent(loadRecord(name));
  if (!parsed.ok) throw new Error(`fixture ${name} does not parse: ${parsed.error}`);
  return parsed.event;
}

/** Every detection fixture: `det-<detection-id>-<pos|neg>-<case>`. */
export function detectionFixtureNames(): string[] {
  return recordNames().filter((name) => name.startsWith('det-'));
}

/** Every record fixture in the fixtures package (ours and the other packages'). */
export function allFixtureNames(): string[] {
  return recordNames();
}

/**
 * What the fixtures' deployment knows: the trail's KMS key (so `trail-kms-key-disabled` can be
 * told from `kms-key-disabled`) and a second organization account (so trusting it is not
 * "outside the organization"). Trail buckets are left to the name rule (`*cloudtrail*`).
 */
export const FIXTURE_CONTEXT: DetectionContext = {
  trailKmsKeys: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  organizationAccountIds: ['111122223333', '444455556666'],
};
