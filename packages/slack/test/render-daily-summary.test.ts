import { describe, expect, it } from 'vitest';
import {
  assertWithinSlackLimits,
  type DailySummaryInput,
  renderDailySummary,
  SUMMARY_SILENT_SHOWN,
  SUMMARY_TOP,
} from '../src/index.js';

const NOW = Date.parse('2026-11-27T08:05:00Z');
const base: DailySummaryInput = {
  localDate: '2026-11-27',
  timeZone: 'Europe/Berlin',
  from: Date.parse('2026-11-26T09:00:00Z'),
  to: NOW,
  total: 0,
  byDetection: [],
  byAccount: [],
  byActor: [],
  muted: [],
  stateful: [],
  silent: [],
};

/** Every text of the message, joined, to search in. */
function textOf(input: DailySummaryInput): string {
  const message = renderDailySummary(input);
  assertWithinSlackLimits(message);
  return JSON.stringify(message);
}

describe('Function: renderDailySummary', () => {
  it('lists detections, accounts with names, actors, stateful, muted and silent pairs, with totals', () => {
    const text = textOf({
      ...base,
      total: 7,
      byDetection: [
        { value: 'iam-user-created', count: 2 },
        { value: 'root-sign-in', count: 5 },
      ],
      byAccount: [{ value: '111122223333', count: 7, label: 'prod' }],
      byActor: [{ value: 'alice (IAM user)', count: 7 }],
      muted: [{ value: 'console-sign-in-failed', count: 3 }],
      stateful: [{ value: 'root-sign-in-brute-force', count: 1 }],
      silent: [{ accountId: '222233334444', accountName: 'dev', region: 'eu-west-1' }],
    });
    expect(text).toContain('Daily summary · 2026-11-27 (Europe/Berlin)');
    expect(text).toContain(
      '*7 alerts* posted · 1 stateful alert · 3 alerts muted · 1 silent account × region',
    );
    // Most counted first.
    expect(text.indexOf('root-sign-in`')).toBeLessThan(text.indexOf('iam-user-created'));
    expect(text).toContain('• prod `111122223333` ×7');
    expect(text).toContain('• `alice (IAM user)` ×7');
    expect(text).toContain('• `root-sign-in-brute-force` ×1');
    expect(text).toContain('• `console-sign-in-failed` ×3');
    expect(text).toContain('• dev `222233334444` `eu-west-1`');
  });

  it('says a quiet day is quiet', () => {
    const text = textOf(base);
    expect(text).toContain('*0 alerts* posted');
    expect(text).toContain('_none_');
    expect(text).toContain('_none: every watched account × region sent heartbeats_');
  });

  it(`shows the top ${SUMMARY_TOP} of a list and says how many more, within Slack's limits`, () => {
    const hostile = (i: number) => `<!channel> \`${i}\` ${'&<>'.repeat(300)}\u202e`;
    const text = textOf({
      ...base,
      total: 5000,
      byDetection: Array.from({ length: 80 }, (_, i) => ({
        value: `detection-${i}`,
        count: 100 - i,
      })),
      byAccount: Array.from({ length: 300 }, (_, i) => ({
        value: String(100000000000 + i),
        count: 1,
        label: hostile(i),
      })),
      byActor: Array.from({ length: 1000 }, (_, i) => ({ value: hostile(i), count: 2 })),
      muted: Array.from({ length: 15 }, (_, i) => ({ value: `muted-${i}`, count: 1 })),
      silent: Array.from({ length: SUMMARY_SILENT_SHOWN + 5 }, (_, i) => ({
        accountId: String(200000000000 + i),
        accountName: hostile(i),
        region: 'ap-southeast-2',
      })),
    });
    // 80 detections: ten shown, 70 more carrying 100-10 … 100-79 alerts.
    const rest = Array.from({ length: 70 }, (_, i) => 100 - 10 - i).reduce((a, b) => a + b, 0);
    expect(text).toContain(`_…and 70 more (${rest.toLocaleString('en-US')} alerts)_`);
    expect(text).toContain('_…and 290 more (290 alerts)_');
    expect(text).toContain('_…and 990 more (1,980 alerts)_');
    expect(text).toContain('_…and 5 more (5 alerts)_');
    expect(text).toContain('_…and 5 more_');
    expect([SUMMARY_TOP, SUMMARY_SILENT_SHOWN]).toEqual([10, 20]);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('\u202e');
  });
});
