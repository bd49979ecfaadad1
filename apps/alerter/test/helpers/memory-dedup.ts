import type { ClaimResult } from '../../src/dedup.js';
import type { PipelineDependencies } from '../../src/process-batch.js';

/**
 * Dedup in memory: every event is claimed until it is marked delivered (recorded in
 * `delivered`), a duplicate from then on. Nothing expires and nothing is ever "maybe delivered".
 */
export function memoryDedup(delivered = new Set<string>()): PipelineDependencies['dedup'] {
  return {
    async claim(eventId): Promise<ClaimResult> {
      return delivered.has(eventId) ? { status: 'duplicate' } : { status: 'claimed', token: 't' };
    },
    async markDelivered(eventId) {
      delivered.add(eventId);
    },
    async markMaybeDelivered() {},
    async release() {},
  };
}
