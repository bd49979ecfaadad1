import { describe, expect, it } from 'vitest';
import LruCache from '../src/lru-cache.js';

describe('Class: LruCache', () => {
  it('evicts the least recently used entry beyond capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(cache.has('a')).toBe(true);
    expect(cache.has('b')).toBe(false);
    expect(cache.size).toBe(2);
  });

  it('does not refresh recency on peek', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1).set('b', 2);
    expect(cache.peek('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.has('a')).toBe(false);
  });

  it('replaces a value and clears', () => {
    const cache = new LruCache<string, number[]>(3);
    cache.set('k', [1]).set('k', []);
    expect(cache.get('k')).toEqual([]);
    expect(cache.get('missing')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
