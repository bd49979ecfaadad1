import { describe, expect, it } from 'vitest';
import {
  type Alert,
  assertWithinSlackLimits,
  DigestInputError,
  renderDigest,
  SlackLimits,
  type SlackMessage,
} from '../src/index.js';
import { alertOf, allStrings, linksIn } from './support/alerts.js';

const ACCOUNTS = [
  '111111111111',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
  '666666666666',
  '777777777777',
];

function eventId(i: number): string {
  return `0f0e0d0c-0000-4000-8000-${String(i).padStart(12, '0')}`;
}

/** A burst: `count` users created by a script, mostly in the first account, one second apart. */
function burst(
  count: number,
  overrides: (i: number) => Record<string, unknown> = () => ({}),
): Alert[] {
  return Array.from({ length: count }, (_, i) =>
    alertOf({
      fixture: 'create-user',
      detection: 'iam-user-created',
      patch: (r) => {
        r.eventID = eventId(i);
        r.requestParameters.userName = `user-${i}`;
        r.recipientAccountId = ACCOUNTS[i % 3 === 0 ? 0 : i % ACCOUNTS.length]!;
        r.sourceIPAddress = `203.0.113.${i % 8}`;
        r.eventTime = new Date(Date.UTC(2026, 10, 8, 16, 0, i)).toISOString();
        Object.assign(r, overrides(i));
      },
      account: { name: undefined },
    }),
  );
}

type Text = { text: string };
type Block = { type: string; text?: Text; fields?: Text[]; elements?: Text[] };

function detailBlocks(message: SlackMessage): Block[] {
  return (message.attachments as { blocks: Block[] }[])[0]!.blocks;
}

function fieldText(message: SlackMessage, label: string): string {
  const fields = detailBlocks(message).find((b) => b.fields)!.fields!;
  return fields.find((f) => f.text.startsWith(`*${label}`))?.text ?? '';
}

/** Event ids listed inside the code blocks of the message. */
function listedIds(message: SlackMessage): string[] {
  return detailBlocks(message)
    .flatMap((b) => (b.text ? [b.text.text] : []))
    .flatMap((t) => [...t.matchAll(/```\n([\s\S]*?)\n```/g)].flatMap((m) => m[1]!.split('\n')));
}

describe('Function: renderDigest', () => {
  it(`lists every one of ${SlackLimits.DIGEST_ITEMS} event ids, within every Slack limit`, () => {
    // Prepare
    const alerts = burst(SlackLimits.DIGEST_ITEMS);

    // Act
    const message = renderDigest(alerts, { index: 2, total: 3 });

    // Assess
    expect(listedIds(message)).toEqual(alerts.map((a) => a.match.event.eventId));
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
  });

  it('heads the digest with the title, the count and the part', () => {
    // Prepare
    const alerts = burst(50);

    // Act
    const message = renderDigest(alerts, { index: 2, total: 3 });

    // Assess
    const title = alerts[0]!.match.detection.title;
    expect((message.blocks[0] as Block).text!.text).toBe(
      `:large_orange_circle: ${title} ×50 (part 2/3)`,
    );
    expect(message.text).toMatch(
      new RegExp(`^:large_orange_circle: \\[MEDIUM\\] ${title} ×50 \\(part 2/3\\) — `),
    );
    expect(allStrings(message).join('\n')).toContain('digest part 2/3');
  });

  it('summarises accounts, actors, source IPs, regions and targets as top 5 with counts', () => {
    // Prepare
    const alerts = burst(50);

    // Act
    const message = renderDigest(alerts, { index: 1, total: 1 });

    // Assess
    const accounts = fieldText(message, 'Accounts');
    expect(accounts.split('\n')[0]).toBe('*Accounts (7)*');
    const inFirst = alerts.filter((a) => a.account.id === ACCOUNTS[0]).length;
    expect(accounts.split('\n')[1]).toBe(`• \`111111111111\` ×${inFirst}`);
    expect(accounts.match(/^• /gm)).toHaveLength(5);
    expect(accounts).toContain('_…and 2 more_');
    expect(fieldText(message, 'Actors')).toBe('*Actors (1)*\n• `Alice (IAM user)` ×50');
    expect(fieldText(message, 'Source IPs')).toMatch(
      /^\*Source IPs \(8\)\*\n• `203\.0\.113\.0` ×7/,
    );
    expect(fieldText(message, 'Regions')).toBe('*Regions (1)*\n• `us-east-1` ×50');
    expect(fieldText(message, 'Target users')).toMatch(/^\*Target users \(50\)\*\n• `user-0` ×1/);
    expect(fieldText(message, 'Events')).toBe('*Events (1)*\n• `CreateUser` ×50');
    expect(fieldText(message, 'Time range')).toContain('(2026-11-08T16:00:00Z)\nto <!date^');
    expect(fieldText(message, 'Time range')).toContain('(2026-11-08T16:00:49Z)');
    expect((message.blocks[1] as Block).text!.text).toBe(
      '50 events from 2026-11-08T16:00:00Z to 2026-11-08T16:00:49Z in 7 accounts by 1 actor.',
    );
  });

  it('shows the first five events by time as lines with links', () => {
    // Prepare
    const alerts = burst(20).reverse();

    // Act
    const message = renderDigest(alerts, { index: 1, total: 1 });

    // Assess
    const items = detailBlocks(message).find((b) => b.text?.text.startsWith('*First'))!.text!.text;
    const lines = items.split('\n');
    expect(lines[0]).toBe('*First 5 of 20*');
    expect(lines).toHaveLength(6);
    expect(lines[1]).toContain('`Alice (IAM user) created IAM user user-0`');
    expect(linksIn(items).map((l) => l.url.hash)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `#/events/${eventId(i)}`),
    );
  });

  it('renders a digest of one alert as a valid message without a part label', () => {
    // Prepare
    const alerts = burst(1);

    // Act
    const message = renderDigest(alerts, { index: 1, total: 1 });

    // Assess
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
    expect((message.blocks[0] as Block).text!.text).toMatch(/×1$/);
    expect(listedIds(message)).toEqual([eventId(0)]);
  });

  it(`still lists all ${SlackLimits.DIGEST_ITEMS} ids when ids are malformed and huge, clipped, within the limits`, () => {
    // Prepare
    const alerts = burst(SlackLimits.DIGEST_ITEMS, (i) => ({
      eventID: `${i}-${'<&>`'.repeat(2000)}`,
    }));

    // Act
    const message = renderDigest(alerts, { index: 1, total: 1 });

    // Assess
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
    const ids = listedIds(message);
    expect(ids).toHaveLength(SlackLimits.DIGEST_ITEMS);
    ids.forEach((id, i) => {
      expect(id.startsWith(`${i}-&lt;&amp;&gt;ˋ`)).toBe(true);
      expect(id.endsWith('…')).toBe(true);
    });
  });

  it('throws a clear error for more than DIGEST_ITEMS alerts', () => {
    expect(SlackLimits.DIGEST_ITEMS).toBe(100);
    expect(() => renderDigest(burst(100), { index: 1, total: 1 })).not.toThrow();
    expect(() => renderDigest(burst(101), { index: 1, total: 1 })).toThrow(DigestInputError);
    expect(() => renderDigest(burst(101), { index: 1, total: 1 })).toThrow(
      /got 101 alerts; a digest carries at most 100/,
    );
  });

  it('throws a clear error for alerts of different detections', () => {
    // Prepare
    const mixed = [...burst(2), alertOf({ fixture: 'delete-user', detection: 'iam-user-deleted' })];

    // Act + Assess
    expect(() => renderDigest(mixed, { index: 1, total: 1 })).toThrow(
      /folds alerts of one detection; got iam-user-created, iam-user-deleted/,
    );
  });

  it('throws a clear error for no alerts', () => {
    expect(() => renderDigest([], { index: 1, total: 1 })).toThrow(/at least one alert/);
  });

  it.each([
    { index: 0, total: 1 },
    { index: 2, total: 1 },
    { index: 1, total: 0 },
    { index: 1.5, total: 2 },
  ])('throws a clear error for part %j', (part) => {
    expect(() => renderDigest(burst(1), part)).toThrow(/part must be 1-based/);
  });
});
