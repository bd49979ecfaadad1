import { severityRank } from '@trailwatch/detections';
import { type Alert, SlackLimits } from '@trailwatch/slack';

/**
 * Smallest group folded into a digest. Two alerts of one detection read better as two messages
 * and cost only one extra paced second; from three on a digest saves posts and keeps a burst
 * (a script creating users, a password spray) from flooding the channel.
 */
export const DIGEST_THRESHOLD = 3;

/** An alert on its way to a webhook. */
export interface RoutedAlert {
  readonly alert: Alert;
  /** Webhook secret id chosen by routing. */
  readonly route: string;
}

/** One Slack message to build: a single alert or one part of a digest. */
export type MessagePlan<T extends RoutedAlert> =
  | { readonly kind: 'alert'; readonly route: string; readonly items: readonly [T] }
  | {
      readonly kind: 'digest';
      readonly route: string;
      readonly items: readonly T[];
      readonly part: { readonly index: number; readonly total: number };
    };

/** Splits `items` into `parts` runs whose sizes differ by at most one. */
function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  const result: T[][] = [];
  let start = 0;
  for (let part = 0; part < parts; part += 1) {
    const size = Math.floor(items.length / parts) + (part < items.length % parts ? 1 : 0);
    result.push(items.slice(start, start + size));
    start += size;
  }
  return result;
}

/**
 * Groups a batch's alerts by (route, detection). A group of at least {@link DIGEST_THRESHOLD}
 * becomes `ceil(n / DIGEST_ITEMS)` digest parts of near-equal size; smaller groups become single
 * messages. Every item lands in exactly one plan. Plans are ordered most severe first, then by
 * first appearance, so a short invocation spends its time on what matters most.
 */
export function planMessages<T extends RoutedAlert>(
  items: readonly T[],
  digestItems: number = SlackLimits.DIGEST_ITEMS,
  threshold: number = DIGEST_THRESHOLD,
): MessagePlan<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = `${item.route}\u0000${item.alert.match.detection.id}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  const ordered = [...groups.values()].sort(
    (a, b) =>
      severityRank(a[0]!.alert.match.detection.severity) -
      severityRank(b[0]!.alert.match.detection.severity),
  );
  const plans: MessagePlan<T>[] = [];
  for (const group of ordered) {
    const route = group[0]!.route;
    if (group.length < threshold) {
      for (const item of group) plans.push({ kind: 'alert', route, items: [item] });
      continue;
    }
    const parts = splitEvenly(group, Math.ceil(group.length / digestItems));
    parts.forEach((part, index) => {
      plans.push({
        kind: 'digest',
        route,
        items: part,
        part: { index: index + 1, total: parts.length },
      });
    });
  }
  return plans;
}
