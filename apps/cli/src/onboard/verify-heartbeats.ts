import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { cellKey, getHeartbeats } from '../aws/heartbeats.js';

/** A cell to verify and the oldest heartbeat that proves it forwards. */
export interface CellToVerify {
  readonly account: string;
  readonly region: string;
  /** A heartbeat at or after this time (epoch ms) passes. */
  readonly since: number;
}

export interface VerifyResult {
  readonly passed: CellToVerify[];
  readonly failed: (CellToVerify & { lastSeen?: number })[];
}

/**
 * Polls the state table until every cell has a heartbeat newer than its `since`, or `timeoutMs`
 * passes. The member template's heartbeat rule runs hourly, so a new instance proves its
 * forwarding path (rule → role → central bus → queue → alerter) within about an hour.
 */
export async function waitForHeartbeats(
  client: DynamoDBClient,
  cells: readonly CellToVerify[],
  options: {
    timeoutMs: number;
    pollMs: number;
    sleep: (ms: number) => Promise<void>;
    now: () => number;
    progress: (line: string) => void;
  },
): Promise<VerifyResult> {
  const started = options.now();
  let pending = [...cells];
  const passed: CellToVerify[] = [];
  let seen = new Map<string, number>();
  for (;;) {
    seen = await getHeartbeats(client, pending, options.sleep);
    const still: CellToVerify[] = [];
    for (const cell of pending) {
      const last = seen.get(cellKey(cell.account, cell.region));
      if (last !== undefined && last >= cell.since) passed.push(cell);
      else still.push(cell);
    }
    pending = still;
    if (pending.length === 0) break;
    const elapsed = options.now() - started;
    if (elapsed >= options.timeoutMs) break;
    options.progress(
      `heartbeats: ${passed.length}/${cells.length} account × region pairs seen after ${Math.round(elapsed / 60000)} min; waiting (they are hourly)`,
    );
    await options.sleep(Math.min(options.pollMs, options.timeoutMs - elapsed));
  }
  return {
    passed,
    failed: pending.map((cell) => {
      const lastSeen = seen.get(cellKey(cell.account, cell.region));
      return lastSeen === undefined ? cell : { ...cell, lastSeen };
    }),
  };
}
