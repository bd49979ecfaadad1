import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import { type CompiledPattern, compilePattern } from '@trailwatch/event-pattern';
import { catalogue } from './catalogue/index.js';
import { InvalidDetectionError } from './errors.js';
import { pinnedKeys } from './pattern-keys.js';
import { severityRank } from './severity.js';
import type { Detection, DetectionContext, Match } from './types.js';

/** Decides which detections an event is. */
export interface Classifier {
  /**
   * Matches, most severe first; fallbacks only when nothing specific matched. Never throws.
   *
   * @param context - what this call knows besides the classifier's own context (it wins per field)
   */
  classify(event: CloudTrailEvent, context?: DetectionContext): Match[];
}

interface Candidate {
  readonly detection: Detection;
  readonly compiled: CompiledPattern;
  /** Position in the catalogue: the tie-break between equal severities. */
  readonly order: number;
  readonly rank: number;
}

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SEPARATOR = '\u0000';

function compile(detections: readonly Detection[]): Candidate[] {
  const seen = new Set<string>();
  return detections.map((detection, order) => {
    const id = String(detection?.id);
    if (!KEBAB_CASE.test(id)) throw new InvalidDetectionError(id, 'id must be kebab-case');
    if (seen.has(id)) throw new InvalidDetectionError(id, 'id is used by more than one detection');
    seen.add(id);
    let compiled: CompiledPattern;
    try {
      compiled = compilePattern(detection.pattern);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidDetectionError(id, `invalid pattern: ${reason}`, { cause: error });
    }
    return { detection, compiled, order, rank: severityRank(detection.severity) };
  });
}

function byPriority(a: Candidate, b: Candidate): number {
  return a.rank - b.rank || a.order - b.order;
}

/**
 * Builds the candidate index: an event can only match patterns that pin its `source` and
 * `eventName` (or leave them open), so classifying evaluates a handful of patterns instead of
 * the whole catalogue.
 */
function index(candidates: readonly Candidate[]) {
  const bySourceAndName = new Map<string, Candidate[]>();
  const bySource = new Map<string, Candidate[]>();
  const byName = new Map<string, Candidate[]>();
  const open: Candidate[] = [];
  const add = (map: Map<string, Candidate[]>, key: string, candidate: Candidate) => {
    const list = map.get(key);
    if (list) list.push(candidate);
    else map.set(key, [candidate]);
  };
  for (const candidate of candidates) {
    const { sources, eventNames } = pinnedKeys(candidate.detection.pattern);
    if (sources && eventNames) {
      for (const source of sources) {
        for (const name of eventNames) add(bySourceAndName, source + SEPARATOR + name, candidate);
      }
    } else if (sources) {
      for (const source of sources) add(bySource, source, candidate);
    } else if (eventNames) {
      for (const name of eventNames) add(byName, name, candidate);
    } else {
      open.push(candidate);
    }
  }
  return { bySourceAndName, bySource, byName, open };
}

function describeSafely(
  detection: Detection,
  event: CloudTrailEvent,
  context: DetectionContext,
): string {
  try {
    const summary = detection.describe(event, context);
    if (typeof summary === 'string' && summary !== '') return summary;
  } catch {
    // a describe must not cost the alert; fall through to a generic line
  }
  return `${detection.title}: ${event.eventName || 'event'}`;
}

function refineSafely(
  detection: Detection,
  event: CloudTrailEvent,
  context: DetectionContext,
): boolean {
  if (!detection.refine) return true;
  try {
    return detection.refine(event, context) === true;
  } catch {
    return false;
  }
}

/**
 * Compiles every detection's pattern once and returns a classifier over them.
 *
 * @param detections - defaults to the shipped {@link catalogue}
 * @param context - what the deployment knows (trail bucket and key, organization accounts)
 * @throws InvalidDetectionError when a pattern is invalid or an id is malformed or duplicated
 * @example
 * ```ts
 * const classifier = createClassifier();
 * const parsed = parseEvent(record);
 * if (parsed.ok) for (const match of classifier.classify(parsed.event)) console.log(match.summary);
 * ```
 */
export function createClassifier(
  detections: readonly Detection[] = catalogue,
  context: DetectionContext = {},
): Classifier {
  const frozen: DetectionContext = Object.freeze({ ...context });
  const compiled = compile(detections);
  const { bySourceAndName, bySource, byName, open } = index(compiled);
  // EventBridge also matches when the event holds an array of values; such events (never real
  // CloudTrail) skip the index rather than risk missing a match.
  const everything = [...compiled].sort(byPriority);
  // Merged candidate lists per source, then eventName, built on first sight: replay meets the
  // same few hundred pairs millions of times. Nested maps avoid building a key string per event.
  const merged = new Map<string, Map<string, readonly Candidate[]>>();
  let cached = 0;

  function candidatesFor(source: string, name: string): readonly Candidate[] {
    let byNameForSource = merged.get(source);
    let list = byNameForSource?.get(name);
    if (list !== undefined) return list;
    list = [
      ...(bySourceAndName.get(source + SEPARATOR + name) ?? []),
      ...(bySource.get(source) ?? []),
      ...(byName.get(name) ?? []),
      ...open,
    ].sort(byPriority);
    // Hostile input could invent endless names; stop caching past a bound instead of leaking.
    if (cached < 10_000) {
      if (!byNameForSource) {
        byNameForSource = new Map();
        merged.set(source, byNameForSource);
      }
      byNameForSource.set(name, list);
      cached += 1;
    }
    return list;
  }

  return {
    classify(event: CloudTrailEvent, extra?: DetectionContext): Match[] {
      try {
        const context = extra === undefined ? frozen : { ...frozen, ...extra };
        const envelope = event?.envelope;
        if (envelope === null || typeof envelope !== 'object') return [];
        const source: unknown = envelope.source;
        const detail = envelope.detail as Record<string, unknown> | null | undefined;
        const name = detail !== null && typeof detail === 'object' ? detail.eventName : undefined;
        const candidates =
          Array.isArray(source) || Array.isArray(name)
            ? everything
            : candidatesFor(
                typeof source === 'string' ? source : '',
                typeof name === 'string' ? name : '',
              );
        const matched: Candidate[] = [];
        let specific = false;
        for (const candidate of candidates) {
          if (!candidate.compiled.matches(envelope)) continue;
          if (!refineSafely(candidate.detection, event, context)) continue;
          matched.push(candidate);
          if (!candidate.detection.fallback) specific = true;
        }
        const kept = specific ? matched.filter((c) => !c.detection.fallback) : matched;
        return kept.map(({ detection }) => ({
          detection,
          event,
          summary: describeSafely(detection, event, context),
        }));
      } catch {
        return [];
      }
    },
  };
}
