import type { CorrelationStore } from './correlator.js';
import type { CorrelationState, Observation } from './types.js';

interface Entry {
  observations: Observation[];
  firedAt?: number;
  keepUntil: number;
}

/**
 * Correlation state in memory, in event time: what `trailwatch replay` uses over history. An
 * entry whose newest event is older than its keep-until time (relative to the newest event seen
 * anywhere) is dropped, so memory follows the windows, not the length of history.
 */
export class MemoryCorrelationStore implements CorrelationStore {
  readonly #entries = new Map<string, Entry>();
  #newest = Number.NEGATIVE_INFINITY;

  /** Detection × key pairs held now. */
  public get size(): number {
    return this.#entries.size;
  }

  public async add(
    detectionId: string,
    key: string,
    observation: Observation,
    horizonMs: number,
    keepUntilMs: number,
  ): Promise<CorrelationState> {
    this.#expire(observation.time);
    const id = `${detectionId}\u0000${key}`;
    const entry = this.#entries.get(id) ?? { observations: [], keepUntil: keepUntilMs };
    if (!entry.observations.some((o) => o.eventId === observation.eventId)) {
      entry.observations.push(observation);
    }
    entry.observations = entry.observations.filter((o) => o.time >= horizonMs);
    entry.keepUntil = Math.max(entry.keepUntil, keepUntilMs);
    this.#entries.set(id, entry);
    return {
      observations: [...entry.observations],
      ...(entry.firedAt === undefined ? {} : { firedAt: entry.firedAt }),
    };
  }

  public async markFired(
    detectionId: string,
    key: string,
    firedAt: number,
    previous: number | undefined,
    keepUntilMs: number,
  ): Promise<boolean> {
    const entry = this.#entries.get(`${detectionId}\u0000${key}`);
    if (entry === undefined || entry.firedAt !== previous) return false;
    entry.firedAt = firedAt;
    entry.keepUntil = Math.max(entry.keepUntil, keepUntilMs);
    return true;
  }

  public async reopen(
    detectionId: string,
    key: string,
    firedAt: number,
    previous: number | undefined,
  ): Promise<void> {
    const entry = this.#entries.get(`${detectionId}\u0000${key}`);
    if (entry === undefined || entry.firedAt !== firedAt) return;
    if (previous === undefined) delete entry.firedAt;
    else entry.firedAt = previous;
  }

  #expire(time: number): void {
    if (time <= this.#newest) return;
    this.#newest = time;
    for (const [id, entry] of this.#entries) {
      if (entry.keepUntil < time) this.#entries.delete(id);
    }
  }
}
