import { describe, expect, it } from 'vitest';
import {
  assertWithinSlackLimits,
  renderAlert,
  SlackLimitError,
  SlackLimits,
  type SlackMessage,
} from '../src/index.js';
import { alertOf, allStrings } from './support/alerts.js';

const HUGE = 'x'.repeat(5000);

function hugeAlert() {
  return alertOf({
    fixture: 'create-user',
    detection: 'iam-user-created',
    patch: (r) => {
      r.userAgent = `aws-cli/2.0 ${'<&>'.repeat(34_000)}`;
      r.userIdentity.userName = HUGE;
      r.userIdentity.arn = `arn:aws:iam::123456789012:user/${HUGE}`;
      r.requestParameters.userName = `&${HUGE}`;
      r.sourceIPAddress = HUGE;
      r.eventName = HUGE;
      r.eventSource = HUGE;
      r.errorCode = HUGE;
      r.errorMessage = '&'.repeat(5000);
    },
    account: {
      name: HUGE,
      ouPath: HUGE,
      tags: { owner: HUGE, team: HUGE, environment: HUGE },
      note: HUGE,
    },
  });
}

function section(text: string): object {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function valid(): SlackMessage {
  return { text: 'ok', blocks: [section('ok')] };
}

function problemsOf(message: SlackMessage): readonly string[] {
  try {
    assertWithinSlackLimits(message);
  } catch (error) {
    expect(error).toBeInstanceOf(SlackLimitError);
    return (error as SlackLimitError).problems;
  }
  return [];
}

describe('Function: assertWithinSlackLimits', () => {
  it('accepts a rendered alert', () => {
    expect(() =>
      assertWithinSlackLimits(
        renderAlert(alertOf({ fixture: 'create-user', detection: 'iam-user-created' })),
      ),
    ).not.toThrow();
  });

  it('accepts an alert whose values are huge (100 KB user agent, 5000-character names), clipped', () => {
    // Prepare
    const alert = hugeAlert();

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
    expect(JSON.stringify(message).length).toBeLessThan(40_000);
    expect(allStrings(message).some((s) => s.includes('…'))).toBe(true);
    const header = (message.blocks[0] as { text: { text: string } }).text.text;
    expect(header.length).toBeLessThanOrEqual(SlackLimits.HEADER_TEXT);
  });

  it.each([
    [
      'a header over 150 characters',
      {
        text: 't',
        blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }],
      },
      /blocks\[0\]\.text\.text has 151 characters, limit 150/,
    ],
    [
      'a mrkdwn header',
      { text: 't', blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }] },
      /blocks\[0\]\.text\.type must be plain_text/,
    ],
    [
      'section text over 3000 characters',
      { text: 't', blocks: [section('s'.repeat(3001))] },
      /blocks\[0\]\.text\.text has 3001 characters, limit 3000/,
    ],
    [
      'more than 10 fields',
      {
        text: 't',
        blocks: [
          {
            type: 'section',
            fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })),
          },
        ],
      },
      /has 11 fields, limit 10/,
    ],
    [
      'a field over 2000 characters',
      {
        text: 't',
        blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }],
      },
      /fields\[0\]\.text has 2001 characters, limit 2000/,
    ],
    [
      'an empty text',
      { text: 't', blocks: [section('')] },
      /blocks\[0\]\.text\.text must be a non-empty string/,
    ],
    [
      'an empty notification text',
      { text: '', blocks: [section('s')] },
      /^text must be a non-empty string/,
    ],
    [
      'a notification text over 3000 characters',
      { text: 't'.repeat(3001), blocks: [section('s')] },
      /^text has 3001 characters/,
    ],
    [
      'a section without text or fields',
      { text: 't', blocks: [{ type: 'section' }] },
      /needs text or fields/,
    ],
    [
      'more than 10 context elements',
      {
        text: 't',
        blocks: [
          {
            type: 'context',
            elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })),
          },
        ],
      },
      /has 11 elements, limit 10/,
    ],
    [
      'a block type trailwatch never renders',
      { text: 't', blocks: [{ type: 'actions', elements: [] }] },
      /"actions" is not a block trailwatch renders/,
    ],
    [
      'blocks that are not an array',
      { text: 't', blocks: {} as unknown as object[] },
      /^blocks must be an array/,
    ],
    [
      '51 blocks over message and attachment',
      {
        text: 't',
        blocks: Array.from({ length: 26 }, () => section('s')),
        attachments: [{ color: '#000000', blocks: Array.from({ length: 25 }, () => section('s')) }],
      },
      /message has 51 blocks, limit 50/,
    ],
  ])('rejects %s', (_, message, problem) => {
    // Act
    const problems = problemsOf(message as SlackMessage);

    // Assess
    expect(problems.some((p) => problem.test(p))).toBe(true);
  });

  it('accepts exactly 50 blocks and a 150-character header', () => {
    // Prepare
    const message: SlackMessage = {
      text: 't',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(150) } },
        ...Array.from({ length: 24 }, () => section('s'.repeat(3000))),
      ],
      attachments: [{ color: '#000000', blocks: Array.from({ length: 25 }, () => section('s')) }],
    };

    // Act + Assess
    expect(problemsOf(message)).toEqual([]);
    expect(problemsOf(valid())).toEqual([]);
  });

  it('names every problem in the error message', () => {
    // Act
    const act = () => assertWithinSlackLimits({ text: '', blocks: [section('s'.repeat(3001))] });

    // Assess
    expect(act).toThrow(
      /text must be a non-empty string; blocks\[0\]\.text\.text has 3001 characters/,
    );
  });
});
