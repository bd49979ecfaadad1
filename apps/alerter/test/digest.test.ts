import { SlackLimits } from '@trailwatch/slack';
import { describe, expect, it } from 'vitest';
import { DIGEST_THRESHOLD, planMessages, type RoutedAlert } from '../src/digest.js';
import { alertOf, recordVariant } from './helpers/alerts.js';

function burst(
  fixture: string,
  count: number,
  route = 'default',
): (RoutedAlert & { id: string })[] {
  return Array.from({ length: count }, (_, index) => {
    const id = `${fixture}-${index}`;
    return { id, route, alert: alertOf(recordVariant(fixture, { eventId: id })) };
  });
}

function idsIn(plans: ReturnType<typeof planMessages<RoutedAlert & { id: string }>>): string[] {
  return plans.flatMap((plan) => plan.items.map((item) => item.id));
}

describe('Function: planMessages', () => {
  it('sends groups smaller than the threshold as single alerts', () => {
    const plans = planMessages(burst('create-user', DIGEST_THRESHOLD - 1));
    expect(plans.map((plan) => plan.kind)).toEqual(['alert', 'alert']);
  });

  it('folds a burst of one detection into near-equal digests of at most DIGEST_ITEMS', () => {
    const items = burst('create-user', 1000);
    const plans = planMessages(items);
    expect(plans).toHaveLength(Math.ceil(1000 / SlackLimits.DIGEST_ITEMS));
    for (const [index, plan] of plans.entries()) {
      expect(plan.kind).toBe('digest');
      expect(plan.items.length).toBeLessThanOrEqual(SlackLimits.DIGEST_ITEMS);
      expect(plan.kind === 'digest' && plan.part).toEqual({
        index: index + 1,
        total: plans.length,
      });
    }
    const sizes = plans.map((plan) => plan.items.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('splits 101 alerts into two parts rather than 100 + 1', () => {
    expect(planMessages(burst('create-user', 101)).map((plan) => plan.items.length)).toEqual([
      51, 50,
    ]);
  });

  it('puts every event in exactly one message across detections and routes', () => {
    const items = [
      ...burst('create-user', 7, 'a'),
      ...burst('create-user', 2, 'b'),
      ...burst('console-login-root-success', 60, 'a'),
      ...burst('delete-user', 1, 'a'),
    ];
    const ids = idsIn(planMessages(items));
    expect(ids.sort()).toEqual(items.map((item) => item.id).sort());
  });

  it('never mixes routes or detections in one message', () => {
    const plans = planMessages([
      ...burst('create-user', 4, 'a'),
      ...burst('create-user', 4, 'b'),
      ...burst('delete-user', 4, 'a'),
    ]);
    for (const plan of plans) {
      expect(new Set(plan.items.map((item) => item.route))).toEqual(new Set([plan.route]));
      expect(new Set(plan.items.map((item) => item.alert.match.detection.id)).size).toBe(1);
    }
    expect(plans).toHaveLength(3);
  });

  it('orders messages most severe first', () => {
    const plans = planMessages([
      ...burst('create-user', 1),
      ...burst('console-login-root-success', 1),
    ]);
    const ranks = ['critical', 'high', 'medium', 'low', 'info'];
    const severities = plans.map((plan) =>
      ranks.indexOf(plan.items[0]!.alert.match.detection.severity),
    );
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
  });
});
