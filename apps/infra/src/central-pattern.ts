import { catalogue, type Detection } from '@trailwatch/detections';

type Pattern = { readonly [key: string]: unknown };

/** The heartbeat is an EventBridge scheduled event (`aws.events`), not a catalogue detection. */
const HEARTBEAT_SOURCE = 'aws.events';

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Plain `source` values of a pattern or of every branch of its top-level `$or`. */
export function sourcesOf(pattern: Pattern): string[] | undefined {
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

function withoutDetailType(pattern: Pattern): Pattern {
  const { 'detail-type': _detailType, ...rest } = pattern;
  return rest;
}

/**
 * The central rule's pattern: the sources the catalogue's detections name, plus the heartbeat,
 * plus, as `$or` branches, the whole pattern of each detection that leaves its source open (root
 * activity is any source, but only root's). Nothing else reaches the queue: an organization
 * principal cannot flood the alerter with sources it ignores, and custom events cannot use an
 * `aws.` source at all. Tests check it matches every fixture a detection matches and every
 * fixture a member rule forwards, and stays within EventBridge's 2,048-character quota. An open
 * pattern goes without its `detail-type`, as the member forwarding rules carry it (they drop it
 * to fit their size quota); the alerter's classifier still applies the whole pattern.
 */
export function centralPattern(detections: readonly Detection[] = catalogue): Pattern {
  const sources = new Set<string>([HEARTBEAT_SOURCE]);
  const open: Pattern[] = [];
  for (const detection of detections) {
    const listed = sourcesOf(detection.pattern as Pattern);
    if (listed === undefined) open.push(withoutDetailType(detection.pattern as Pattern));
    else for (const source of listed) sources.add(source);
  }
  const pinned = { source: [...sources].sort() };
  return open.length === 0 ? pinned : { $or: [pinned, ...open] };
}
