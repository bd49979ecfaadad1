import { describe, expect, it } from 'vitest';
import { slackDateText } from '../src/slack-date-text.js';

/** 2026-11-27T08:14:05Z, a Friday. */
const EPOCH = String(Date.parse('2026-11-27T08:14:05Z') / 1000);

describe('Function: slackDateText', () => {
  it('renders the alert time format the way Slack shows it to a reader in UTC', () => {
    // Act
    const text = slackDateText(EPOCH, '{date_short_pretty} {time_secs}', '2026-11-27T08:14:05Z');
    // Assess
    expect(text).toBe('Nov 27, 2026 08:14:05 UTC');
  });

  it('renders each Slack date token from the epoch, in UTC', () => {
    // Prepare
    const formats = [
      ['{date_num}', '2026-11-27 UTC'],
      ['{date_slash}', '27/11/2026 UTC'],
      ['{date}', 'November 27th, 2026 UTC'],
      ['{date_short}', 'Nov 27, 2026 UTC'],
      ['{date_long}', 'Friday, November 27th, 2026 UTC'],
      ['{date_long_full}', 'November 27, 2026 UTC'],
      ['{date_pretty}', 'November 27th, 2026 UTC'],
      ['{date_long_pretty}', 'Friday, November 27th, 2026 UTC'],
      ['at {time}', 'at 08:14 UTC'],
    ] as const;
    // Act
    const rendered = formats.map(([format]) => slackDateText(EPOCH, format, 'fallback'));
    // Assess
    expect(rendered).toEqual(formats.map(([, text]) => text));
  });

  it('uses the right ordinal suffix for the day', () => {
    // Prepare
    const days = ['01', '02', '03', '04', '11', '12', '13', '21', '22', '23', '31'];
    // Act
    const rendered = days.map((day) =>
      slackDateText(String(Date.parse(`2026-12-${day}T00:00:00Z`) / 1000), '{date}', ''),
    );
    // Assess
    expect(rendered.map((text) => text.split(' ')[1])).toEqual([
      '1st,',
      '2nd,',
      '3rd,',
      '4th,',
      '11th,',
      '12th,',
      '13th,',
      '21st,',
      '22nd,',
      '23rd,',
      '31st,',
    ]);
  });

  it('shows the fallback, as Slack does, for an unknown token or an unusable epoch', () => {
    // Act
    const unknownToken = slackDateText(EPOCH, '{date_short} {weekday}', 'fallback one');
    const badEpoch = slackDateText('1e99', '{date_short}', 'fallback two');
    const outOfRange = slackDateText('99999999999999999', '{date_short}', 'fallback three');
    // Assess
    expect([unknownToken, badEpoch, outOfRange]).toEqual([
      'fallback one',
      'fallback two',
      'fallback three',
    ]);
  });
});
