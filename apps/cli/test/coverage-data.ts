import { DEFAULT_MEMBER_REGIONS } from '@trailwatch/config';
import type { OrgAccount } from '../src/aws/organization.js';
import type { StackInstance } from '../src/aws/stack-instances.js';

/** Deterministic pseudo-random numbers (mulberry32), so the generated org is the same each run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NOW = Date.parse('2026-12-02T10:00:00Z');
const OUS = ['Root/Prod', 'Root/Prod/Web', 'Root/Dev', 'Root/Sandbox', 'Root/Security'];

/**
 * An organization of `count` accounts × the 17 default regions with a realistic spread of
 * problems: most cells fine, some silent, drifted or outdated, a few failed, and a few accounts
 * with no instance at all.
 */
export function generatedOrganization(count: number, seed = 7) {
  const next = random(seed);
  const regions = [...DEFAULT_MEMBER_REGIONS];
  const accounts: OrgAccount[] = [
    { id: '111111111111', name: 'management', state: 'ACTIVE', ouPath: 'Root' },
  ];
  const instances: StackInstance[] = [];
  const heartbeats = new Map<string, number>();
  for (let i = 0; i < count - 1; i++) {
    const id = String(500000000000 + i);
    accounts.push({
      id,
      name: `acct-${String(i).padStart(4, '0')}`,
      state: 'ACTIVE',
      ouPath: OUS[i % OUS.length] as string,
    });
    const noInstance = next() < 0.01;
    for (const region of regions) {
      if (noInstance || next() < 0.003) continue;
      const roll = next();
      const status = roll < 0.004 ? 'INOPERABLE' : roll < 0.01 ? 'OUTDATED' : 'CURRENT';
      instances.push({
        account: id,
        region,
        status,
        detailedStatus:
          status === 'CURRENT' ? 'SUCCEEDED' : status === 'OUTDATED' ? 'RUNNING' : 'FAILED',
        ...(next() < 0.01 ? { drift: 'DRIFTED' } : { drift: 'IN_SYNC' }),
      });
      if (next() > 0.01) heartbeats.set(`${id}#${region}`, NOW - Math.floor(next() * 60) * 60_000);
    }
  }
  for (const region of regions) heartbeats.set(`111111111111#${region}`, NOW - 30 * 60_000);
  accounts.push({ id: '999999999999', name: 'closed', state: 'SUSPENDED', ouPath: 'Root/Sandbox' });
  return { accounts, instances, heartbeats, regions };
}
