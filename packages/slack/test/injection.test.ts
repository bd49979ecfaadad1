import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertWithinSlackLimits,
  renderAlert,
  renderDigest,
  type SlackMessage,
} from '../src/index.js';
import { type AlertSpec, alertOf, allStrings, withoutOwnTokens } from './support/alerts.js';

const INJECTIONS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U123>',
  '<#C123>',
  '<!subteam^S123>',
  '<https://evil.example|click>',
  '<https://console.aws.amazon.com.evil.example/|CloudTrail>',
  'a`b` <!channel> `c',
  '```<!here>```',
  'line\n<!channel>\n*bold* _it_ ~strike~',
];

/** Where an attacker controls text: every spec puts `value` into one place of the alert. */
const PLACES: Record<string, (value: string) => AlertSpec> = {
  'IAM user name of the actor': (value) => ({
    fixture: 'create-user',
    detection: 'iam-user-created',
    patch: (r) => {
      r.userIdentity.userName = value;
      r.userIdentity.arn = `arn:aws:iam::123456789012:user/${value}`;
    },
  }),
  'role session name': (value) => ({
    fixture: 'console-login-assumed-role',
    detection: 'console-sign-in-failed',
    patch: (r) => {
      r.userIdentity.arn = `arn:aws:sts::123456789012:assumed-role/my-role/${value}`;
      r.userIdentity.principalId = `AROAJIKPFTA72SWU4L7T4:${value}`;
    },
  }),
  'user agent': (value) => ({
    fixture: 'console-login-root-success',
    detection: 'root-console-sign-in',
    patch: (r) => {
      r.userAgent = value;
    },
  }),
  'target user': (value) => ({
    fixture: 'create-user',
    detection: 'iam-user-created',
    patch: (r) => {
      r.requestParameters.userName = value;
      r.responseElements.user.userName = value;
    },
  }),
  'source IP': (value) => ({
    fixture: 'console-login-root-success',
    detection: 'root-console-sign-in',
    patch: (r) => {
      r.sourceIPAddress = value;
    },
  }),
  'error message': (value) => ({
    fixture: 'console-login-iam-user-failure',
    detection: 'console-sign-in-failed',
    patch: (r) => {
      r.errorMessage = value;
    },
  }),
  'event name, region and event id': (value) => ({
    fixture: 'create-user',
    detection: 'iam-user-created',
    patch: (r) => {
      r.eventName = value;
      r.awsRegion = value;
      r.eventID = value;
    },
  }),
  'account name, OU, tags and note': (value) => ({
    fixture: 'create-user',
    detection: 'iam-user-created',
    account: {
      name: value,
      ouPath: value,
      tags: { owner: value, Team: value, env: value },
      note: value,
    },
  }),
};

/** No `<` or `>` that the renderer did not generate itself, anywhere in the payload. */
function expectInert(message: SlackMessage): void {
  for (const text of allStrings(message)) {
    expect(withoutOwnTokens(text)).not.toMatch(/[<>]/);
  }
  const json = JSON.stringify(message);
  for (const raw of [
    '<!channel>',
    '<!here>',
    '<!everyone>',
    '<@U123>',
    '<#C123>',
    '<!subteam',
    '|click>',
  ]) {
    expect(json).not.toContain(raw);
  }
}

/** Texts Slack parses as mrkdwn: the notification text and every mrkdwn text object. */
function mrkdwnTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(mrkdwnTexts);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const own = object.type === 'mrkdwn' && typeof object.text === 'string' ? [object.text] : [];
  return [...own, ...Object.values(object).flatMap(mrkdwnTexts)];
}

/** Every mrkdwn text has balanced backticks, so no value closed a code span early. */
function expectCodeSpansIntact(message: SlackMessage): void {
  for (const text of [message.text, ...mrkdwnTexts(message)]) {
    const ticks = text.replace(/```/g, '').match(/`/g)?.length ?? 0;
    expect(ticks % 2).toBe(0);
  }
}

describe('Function: renderAlert (untrusted values)', () => {
  for (const [place, spec] of Object.entries(PLACES)) {
    it.each(INJECTIONS)(`renders %j in the ${place} inert`, (value) => {
      // Act
      const message = renderAlert(alertOf(spec(value)));

      // Assess
      expectInert(message);
      expectCodeSpansIntact(message);
      expect(() => assertWithinSlackLimits(message)).not.toThrow();
    });
  }

  it('shows an injected mention as text instead of dropping it', () => {
    // Act
    const message = renderAlert(alertOf(PLACES['target user']!('<!channel>')));

    // Assess
    expect(JSON.stringify(message)).toContain('`&lt;!channel&gt;`');
  });

  it('escapes already-escaped text again, so `&lt;` shows literally and never becomes `<`', () => {
    // Act
    const message = renderAlert(alertOf(PLACES['IAM user name of the actor']!('&lt;!channel&gt;')));

    // Assess
    const json = JSON.stringify(message);
    expect(json).toContain('&amp;lt;!channel&amp;gt;');
    expect(json).not.toMatch(/(?<!&amp;)&lt;!channel/);
  });

  it('replaces backticks in values so a value cannot leave its code span', () => {
    // Act
    const message = renderAlert(alertOf(PLACES['target user']!('a`b` <!here> `c')));

    // Assess
    expect(JSON.stringify(message)).toContain('`aˋbˋ &lt;!here&gt; ˋc`');
  });

  it.each([
    ['a right-to-left override', 'resu-\u202Enimda', 'resu-[U+202E]nimda'],
    ['a zero-width space', 'ad\u200Bmin', 'ad[U+200B]min'],
    ['a left-to-right isolate and its end', '\u2066admin\u2069', '[U+2066]admin[U+2069]'],
    ['a byte order mark', 'ro\uFEFFot', 'ro[U+FEFF]ot'],
  ])('shows %s in a value as a visible marker, never passing it to Slack', (_, value, shown) => {
    for (const [place, spec] of Object.entries(PLACES)) {
      const message = renderAlert(alertOf(spec(value)));
      const json = JSON.stringify(message);
      expect(json, place).not.toMatch(/\p{Cf}/u);
      expect(json, place).toContain(shown);
    }
  });

  it('replaces lone surrogates with U+FFFD and keeps paired ones (emoji) intact', () => {
    const message = renderAlert(alertOf(PLACES['target user']!('bad\uD83D end \uDE00 ok 😀')));
    const text = JSON.stringify(message);
    expect(text).toContain('bad\uFFFD end \uFFFD ok 😀');
    expect(text).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
  });

  it('keeps arbitrary text in every untrusted place inert and within the limits', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(PLACES)),
        fc.string({
          unit: fc.constantFrom(
            '<',
            '>',
            '&',
            '`',
            '|',
            '*',
            '!',
            '@',
            '\n',
            'a',
            'é',
            '😀',
            ';',
            'l',
            't',
          ),
          maxLength: 300,
        }),
        (place, value) => {
          const message = renderAlert(alertOf(PLACES[place]!(value)));
          expectInert(message);
          expectCodeSpansIntact(message);
          assertWithinSlackLimits(message);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('Function: renderDigest (untrusted values)', () => {
  it.each(INJECTIONS)('renders %j in every place of a digest inert', (value) => {
    // Prepare
    const alerts = Object.values(PLACES).map((spec) =>
      alertOf({ ...spec(value), detection: 'iam-user-created' }),
    );

    // Act
    const message = renderDigest(alerts, { index: 1, total: 1 });

    // Assess
    expectInert(message);
    expectCodeSpansIntact(message);
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
  });
});
