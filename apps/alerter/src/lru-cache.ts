/**
 * A least-recently-used map with the part of `mnemonist/lru-cache`'s API that
 * `@aws-sdk/endpoint-cache` (DynamoDB endpoint discovery) uses: `get`, `peek`, `set`, `has`,
 * `clear`. build.mjs substitutes it for mnemonist, which with its helpers costs about 7 KB of the
 * bundle for a cache that holds a handful of endpoints.
 */
export default class LruCache<K, V> {
  readonly #capacity: number;
  readonly #entries = new Map<K, V>();

  public constructor(capacity: number) {
    this.#capacity = Math.max(1, capacity);
  }

  /** The value, marking it most recently used. */
  public get(key: K): V | undefined {
    if (!this.#entries.has(key)) return undefined;
    const value = this.#entries.get(key) as V;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  /** The value, without touching its recency. */
  public peek(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Stores the value as most recently used, evicting the least recently used beyond capacity. */
  public set(key: K, value: V): this {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      this.#entries.delete(this.#entries.keys().next().value as K);
    }
    return this;
  }

  public has(key: K): boolean {
    return this.#entries.has(key);
  }

  public clear(): void {
    this.#entries.clear();
  }

  public get size(): number {
    return this.#entries.size;
  }
}
