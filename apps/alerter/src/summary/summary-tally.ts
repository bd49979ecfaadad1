import { SummaryCounter } from '@trailwatch/contract';

/**
 * Longest actor text counted, in characters: session names are caller-chosen, and every distinct
 * actor is an attribute name on the hour's item.
 */
export const SUMMARY_ACTOR_MAX_LENGTH = 64;

/** The counters of one route in one batch: attribute name (prefix + value) → count. */
export type RouteCounts = ReadonlyMap<string, number>;

/** Attribute name of the all-detections total (the contract's). */
export { SummaryCounter };

function clipActor(actor: string): string {
  const chars = [...actor.trim()];
  return chars.length > SUMMARY_ACTOR_MAX_LENGTH
    ? `${chars.slice(0, SUMMARY_ACTOR_MAX_LENGTH - 1).join('')}…`
    : chars.join('');
}

/**
 * What one batch adds to the daily summaries, per route, in memory; written once at the end of
 * the batch (`SummaryCounterStore`). Only routes with a daily summary are counted.
 */
export class SummaryTally {
  readonly #routes: ReadonlySet<string>;
  readonly #counts = new Map<string, Map<string, number>>();
  readonly #totals = new Map<string, number>();

  /** @param routes - webhook secret ids whose alerts are counted */
  public constructor(routes: Iterable<string>) {
    this.#routes = new Set(routes);
  }

  #add(route: string, name: string, count = 1): void {
    let counts = this.#counts.get(route);
    if (counts === undefined) {
      counts = new Map();
      this.#counts.set(route, counts);
    }
    counts.set(name, (counts.get(name) ?? 0) + count);
  }

  /** An alert Slack accepted (alone or in a digest). */
  public delivered(
    route: string,
    alert: { detectionId: string; accountId: string; actor: string },
  ): void {
    if (!this.#routes.has(route)) return;
    this.#add(route, `${SummaryCounter.DETECTION}${alert.detectionId}`);
    this.#add(route, `${SummaryCounter.ACCOUNT}${alert.accountId}`);
    this.#add(route, `${SummaryCounter.ACTOR}${clipActor(alert.actor)}`);
    this.#totals.set(route, (this.#totals.get(route) ?? 0) + 1);
  }

  /** An alert a mute skipped, counted for the route it would have gone to. */
  public muted(route: string, detectionId: string): void {
    if (this.#routes.has(route)) this.#add(route, `${SummaryCounter.MUTED}${detectionId}`);
  }

  /** A stateful alert Slack accepted. */
  public stateful(route: string, detectionId: string): void {
    if (this.#routes.has(route)) this.#add(route, `${SummaryCounter.STATEFUL}${detectionId}`);
  }

  /** Routes with something counted, with their counters and delivered total. */
  public routes(): { route: string; counts: RouteCounts; total: number }[] {
    return [...this.#counts].map(([route, counts]) => ({
      route,
      counts,
      total: this.#totals.get(route) ?? 0,
    }));
  }
}
