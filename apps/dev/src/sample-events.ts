import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The bundled EventBridge envelopes: every non-blank line of every `.jsonl` file in `dir`. */
export function loadSampleBodies(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'))
    .filter((line) => line.trim() !== '');
}

/** The distinct `account` of the envelopes that parse; others are left to the alerter to reject. */
export function accountIdsOf(bodies: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const body of bodies) {
    try {
      const account = (JSON.parse(body) as { account?: unknown }).account;
      if (typeof account === 'string' && /^\d{12}$/.test(account)) ids.add(account);
    } catch {
      // Not JSON: nothing to seed for it.
    }
  }
  return [...ids];
}

/**
 * The distinct `region` of the envelopes that parse, sorted: where the sample organization runs
 * its member stacks. Global events recorded without a region are left out.
 */
export function regionsOf(bodies: readonly string[]): string[] {
  const regions = new Set<string>();
  for (const body of bodies) {
    try {
      const region = (JSON.parse(body) as { region?: unknown }).region;
      if (typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(region))
        regions.add(region);
    } catch {
      // Not JSON: the alerter rejects it.
    }
  }
  return [...regions].sort();
}

/** The CloudTrail `eventID` inside an envelope body, if it has one. */
export function eventIdOf(body: string): string | undefined {
  try {
    const detail = (JSON.parse(body) as { detail?: { eventID?: unknown } }).detail;
    return typeof detail?.eventID === 'string' ? detail.eventID : undefined;
  } catch {
    return undefined;
  }
}
