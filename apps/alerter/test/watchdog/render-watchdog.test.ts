import { assertWithinSlackLimits, SlackLimits } from '@trailwatch/slack';
import { describe, expect, it } from 'vitest';
import {
  type Problem,
  type Recovery,
  WatchdogStatus,
  type WatchedAccount,
} from '../../src/watchdog/evaluate.js';
import {
  MAX_ACCOUNTS_SHOWN,
  MAX_REGIONS_SHOWN,
  renderWatchdogProblems,
  renderWatchdogRecoveries,
} from '../../src/watchdog/render-watchdog.js';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const OPTIONS = { silenceMinutes: 150, graceMinutes: 180 };
const REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'eu-north-1',
  'eu-south-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'sa-east-1',
  'me-south-1',
  'af-south-1',
  'il-central-1',
  'mx-central-1',
];

function account(index: number, name = `workload-${index}`): WatchedAccount {
  return { id: String(100000000000 + index), name, joinedAt: Date.parse('2021-01-01T00:00:00Z') };
}

/** Every text a reader can see: fallback, header, sections, context. */
function allTexts(message: { text: string; blocks: object[]; attachments?: object[] }): string[] {
  const texts: string[] = [message.text];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'text' && typeof inner === 'string') texts.push(inner);
        else visit(inner);
      }
    }
  };
  visit(message.blocks);
  visit(message.attachments);
  return texts;
}

describe('Function: renderWatchdogProblems', () => {
  it('groups silent regions per account with their last heartbeat, uncovered accounts first', () => {
    const prod = account(1, 'prod');
    const sandbox = account(2, 'sandbox');
    const problems: Problem[] = [
      {
        account: prod,
        region: 'us-east-1',
        status: WatchdogStatus.SILENT,
        since: NOW - 3 * 3_600_000,
      },
      { account: prod, region: 'eu-west-1', status: WatchdogStatus.SILENT },
      ...['us-east-1', 'eu-west-1'].map((region) => ({
        account: sandbox,
        region,
        status: WatchdogStatus.UNCOVERED,
        since: sandbox.joinedAt,
      })),
    ];
    const message = renderWatchdogProblems(problems, OPTIONS);
    assertWithinSlackLimits(message);
    expect(message.text).toBe(
      ':red_circle: trailwatch heartbeats missing: 1 uncovered account, 2 silent regions in 1 account',
    );
    const texts = allTexts(message);
    const sandboxAt = texts.findIndex((t) => t.includes('*sandbox*'));
    const prodAt = texts.findIndex((t) => t.includes('*prod*'));
    expect(sandboxAt).toBeGreaterThan(0);
    expect(prodAt).toBeGreaterThan(sandboxAt);
    expect(texts[sandboxAt]).toContain('*uncovered*: joined on 2021-01-01 00:00 UTC');
    expect(texts[sandboxAt]).toContain('no heartbeat from any member region');
    expect(texts[prodAt]).toContain('*silent* in 2 regions');
    expect(texts[prodAt]).toContain('• `eu-west-1` never sent a heartbeat');
    expect(texts[prodAt]).toContain('• `us-east-1` last heartbeat 2026-11-27 09:00 UTC');
    expect(message.attachments).toEqual([expect.objectContaining({ color: '#eb4034' })]);
  });

  it('escapes account names so they cannot mention, link or inject markup', () => {
    const hostile = account(1, '<!channel> & <https://evil.example|click>');
    const message = renderWatchdogProblems(
      [{ account: hostile, region: 'us-east-1', status: WatchdogStatus.SILENT }],
      OPTIONS,
    );
    const joined = allTexts(message).join('\n');
    expect(joined).toContain('&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(joined).not.toContain('<!channel>');
    expect(joined).not.toContain('<https://evil');
  });

  it('keeps a backtick in an account name from opening a code span that swallows the account id', () => {
    const tricky = account(1, 'prod`-acct');
    const message = renderWatchdogProblems(
      [{ account: tricky, region: 'us-east-1', status: WatchdogStatus.SILENT }],
      OPTIONS,
    );
    const section = allTexts(message).find((t) => t.includes('-acct'))!;
    expect(section.split('\n')[0]).toMatch(/^\*prodˋ-acct\* `100000000001` /);
    for (const text of allTexts(message)) {
      expect((text.match(/`/g) ?? []).length % 2, text).toBe(0);
    }
  });

  it('keeps a long or multi-line account name on one clipped line', () => {
    const long = account(1, `line one\nline two ${'x'.repeat(500)}`);
    const message = renderWatchdogProblems(
      [{ account: long, region: 'us-east-1', status: WatchdogStatus.SILENT }],
      OPTIONS,
    );
    const section = allTexts(message).find((t) => t.includes('line one'))!;
    expect(section.split('\n')[0]).toMatch(/^\*line one line two x+…\* `100000000001`/);
    expect(section.length).toBeLessThan(300);
  });

  it('stays within Slack limits with 500 silent accounts in every region and counts the ones not listed', () => {
    const problems: Problem[] = [];
    for (let i = 0; i < 500; i += 1) {
      const owner = account(i, `${'&<>'.repeat(40)}-${i}`);
      for (const region of REGIONS) {
        problems.push({ account: owner, region, status: WatchdogStatus.SILENT, since: NOW });
      }
    }
    const message = renderWatchdogProblems(problems, OPTIONS);
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
    const texts = allTexts(message);
    const sections = texts.filter((t) => t.includes('*silent* in'));
    expect(sections).toHaveLength(MAX_ACCOUNTS_SHOWN);
    for (const section of sections) {
      expect(section.length).toBeLessThanOrEqual(SlackLimits.SECTION_TEXT);
      expect(section).toContain(`_…and ${REGIONS.length - MAX_REGIONS_SHOWN} more regions_`);
    }
    expect(texts).toContain(
      `…and ${500 - MAX_ACCOUNTS_SHOWN} more accounts (${(500 - MAX_ACCOUNTS_SHOWN) * REGIONS.length} account-regions) not listed here; the watchdog's log lists every one.`,
    );
    expect(message.text).toContain(`${500 * REGIONS.length} silent regions in 500 accounts`);
    expect(texts[2]).toContain('Silent: no heartbeat for more than 150 min');
    expect(texts.join('\n')).not.toContain('Uncovered:');
  });

  it('stays within Slack limits with 500 uncovered accounts', () => {
    const problems: Problem[] = Array.from({ length: 500 }, (_, i) => ({
      account: account(i),
      region: 'us-east-1',
      status: WatchdogStatus.UNCOVERED,
    }));
    const message = renderWatchdogProblems(problems, OPTIONS);
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
    const sections = allTexts(message).filter((t) => t.includes('*uncovered*'));
    expect(sections).toHaveLength(MAX_ACCOUNTS_SHOWN);
    expect(sections[0]).toBe(
      '*workload-0* `100000000000` — *uncovered*: joined at an unknown time, no heartbeat from any member region',
    );
    expect(message.text).toContain('500 uncovered accounts');
  });

  it('refuses to render an empty announcement', () => {
    expect(() => renderWatchdogProblems([], OPTIONS)).toThrow(RangeError);
  });
});

describe('Function: renderWatchdogRecoveries', () => {
  it('lists recovered regions per account with their latest heartbeat, as info', () => {
    const prod = account(1, 'prod & co');
    const recoveries: Recovery[] = [
      {
        account: prod,
        region: 'us-east-1',
        previous: { account: prod.id, region: 'us-east-1', status: WatchdogStatus.SILENT },
        lastSeen: NOW,
      },
    ];
    const message = renderWatchdogRecoveries(recoveries);
    assertWithinSlackLimits(message);
    expect(message.text).toBe(
      ':large_blue_circle: trailwatch heartbeats back: 1 region in 1 account',
    );
    const section = allTexts(message).find((t) => t.includes('*recovered*'));
    expect(section).toBe(
      '*prod &amp; co* `100000000001` — *recovered*\n• `us-east-1` heartbeat 2026-11-27 12:00 UTC',
    );
    expect(message.attachments).toEqual([expect.objectContaining({ color: '#0c3f7d' })]);
  });

  it('stays within Slack limits with 500 recovered accounts', () => {
    const recoveries: Recovery[] = [];
    for (let i = 0; i < 500; i += 1) {
      const owner = account(i, '<@U123>'.repeat(30));
      for (const region of REGIONS) {
        recoveries.push({
          account: owner,
          region,
          previous: { account: owner.id, region, status: WatchdogStatus.UNCOVERED },
          lastSeen: NOW,
        });
      }
    }
    const message = renderWatchdogRecoveries(recoveries);
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
    expect(allTexts(message).join('\n')).not.toContain('<@U123>');
    expect(allTexts(message)).toContain(
      `…and ${500 - MAX_ACCOUNTS_SHOWN} more accounts (${(500 - MAX_ACCOUNTS_SHOWN) * REGIONS.length} regions) not listed here.`,
    );
  });
});
