import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planMessages, type RoutedAlert } from '../src/digest.js';
import { alertOf, recordVariant } from './helpers/alerts.js';

const alert = alertOf(recordVariant('create-user', { eventId: 'digest-numbers' }));
const items = (n: number): RoutedAlert[] =>
  Array.from({ length: n }, () => ({ alert, route: 'r' }));

/** Messages for `total` events of one detection to one route, cut into batches of `batch`. */
function messagesFor(total: number, batch: number): number {
  let messages = 0;
  for (let start = 0; start < total; start += batch) {
    messages += planMessages(items(Math.min(batch, total - start))).length;
  }
  return messages;
}

describe('Digest figures stated in apps/alerter/README.md', () => {
  it('a batch of 100 is 1 digest, 101–200 are 2, 2 events are 2 single alerts, 3 are 1 digest', () => {
    expect(planMessages(items(100))).toHaveLength(1);
    expect(planMessages(items(101))).toHaveLength(2);
    expect(planMessages(items(200))).toHaveLength(2);
    expect(planMessages(items(201))).toHaveLength(3);
    expect(planMessages(items(2)).map((plan) => plan.kind)).toEqual(['alert', 'alert']);
    expect(planMessages(items(3)).map((plan) => plan.kind)).toEqual(['digest']);
  });

  it('1,000 events are 10 messages in batches of 100, 20 in batches of 50 or 51', () => {
    expect(messagesFor(1000, 100)).toBe(10);
    expect(messagesFor(1000, 50)).toBe(20);
    expect(messagesFor(1000, 51)).toBe(20);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').replace(
      /\s+/g,
      ' ',
    );
    expect(readme).toContain(
      'a batch of up to 100 is 1 digest (the deployed batch size), so 1,000 events in batches of 100 are 10 messages, but in batches of 50 they are 20',
    );
  });
});
