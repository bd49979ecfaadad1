import { type CloudTrailEvent, parseEvent } from '@trailwatch/cloudtrail';
import { loadRecord, recordNames } from '@trailwatch/fixtures';

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
