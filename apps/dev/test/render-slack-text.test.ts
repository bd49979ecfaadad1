import { describe, expect, it } from 'vitest';
import { mrkdwnToText, renderSlackText } from '../src/render-slack-text.js';

describe('Function: mrkdwnToText', () => {
  it('shows escaped characters, links and dates the way Slack displays them', () => {
    // Act
    const text = mrkdwnToText(
      '*Actor*\n`&lt;!channel&gt; &amp; co` <https://example.com/x|the event> <!date^1795767240^{date_short}|2026-11-27T08:14:00Z>',
    );
    // Assess
    expect(text).toBe('Actor\n<!channel> & co the event <https://example.com/x> Nov 27, 2026 UTC');
  });

  it('reads the alert Time field like Slack: the rendered date, then the UTC ISO time', () => {
    // Act
    const text = mrkdwnToText(
      '<!date^1795767240^{date_short_pretty} {time_secs}|2026-11-27T08:14:00Z> (2026-11-27T08:14:00Z)',
    );
    // Assess
    expect(text).toBe('Nov 27, 2026 08:14:00 UTC (2026-11-27T08:14:00Z)');
  });

  it('renders a date token that carries a link, and keeps the fallback of one it cannot render', () => {
    // Act
    const text = mrkdwnToText(
      '<!date^1795767240^{time}^https://example.com/x|linked> <!date^1795767240^{ago}|3 days ago>',
    );
    // Assess
    expect(text).toBe('08:14 UTC 3 days ago');
  });

  it('shows italics without their underscores, but keeps underscores inside names and code', () => {
    // Act
    const text = mrkdwnToText(
      '_none_\n_…and 4 more (4 alerts)_ <https://x.example/users/HIDDEN_DUE_TO_SECURITY_REASONS|u> `_x_`',
    );
    // Assess
    expect(text).toBe(
      'none\n…and 4 more (4 alerts) u <https://x.example/users/HIDDEN_DUE_TO_SECURITY_REASONS> _x_',
    );
  });

  it('shows a code block without its fences', () => {
    // Act
    const text = mrkdwnToText('ids\n```\nid-1\nid-2\n```');
    // Assess
    expect(text).toBe('ids\nid-1\nid-2');
  });
});

describe('Function: renderSlackText', () => {
  it('renders header, section text, aligned fields, links, context and the notification text', () => {
    // Prepare
    const payload = {
      text: ':rotating_light: [CRITICAL] Root user signed in',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Root user signed in' } },
        { type: 'section', text: { type: 'plain_text', text: 'root signed in without MFA' } },
      ],
      attachments: [
        {
          color: '#a30d1a',
          blocks: [
            {
              type: 'section',
              fields: [
                { type: 'mrkdwn', text: '*Account*\n`prod` `111122223333`\nOU `Root`' },
                { type: 'mrkdwn', text: '*MFA*\n:warning: *no*' },
              ],
            },
            { type: 'divider' },
            {
              type: 'context',
              elements: [{ type: 'mrkdwn', text: 'trailwatch · `root-console-sign-in`' }],
            },
          ],
        },
      ],
    };
    // Act
    const text = renderSlackText(payload);
    // Assess
    expect(text.split('\n')).toEqual([
      'Root user signed in',
      'root signed in without MFA',
      '▌   Account  prod 111122223333 · OU Root',
      '▌   MFA      :warning: no',
      '▌   ────',
      '▌   (trailwatch · root-console-sign-in)',
      '  notification: :rotating_light: [CRITICAL] Root user signed in',
    ]);
  });

  it('names block types it does not render instead of dropping them', () => {
    // Act
    const text = renderSlackText({ blocks: [{ type: 'rich_text', elements: [] }] });
    // Assess
    expect(text).toBe('  [rich_text block]');
  });
});
