import { loadRecord } from '@trailwatch/fixtures';
import { type CloudTrailEvent, parseEvent } from '../src/index.js';

/** Parses a fixture (or a record built from one) and fails the test when it does not parse. */
export function parsed(recordOrName: string | Record<string, unknown>): CloudTrailEvent {
  const record = typeof recordOrName === 'string' ? loadRecord(recordOrName) : recordOrName;
  const result = parseEvent(record);
  if (!result.ok) throw new Error(`expected the record to parse: ${result.error}`);
  return result.event;
}

/** A fixture with some top-level fields replaced (`undefined` deletes the field). */
export function variant(name: string, changes: Record<string, unknown>): Record<string, unknown> {
  const record = loadRecord(name);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete record[key];
    else record[key] = value;
  }
  return record;
}
