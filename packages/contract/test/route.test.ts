import { describe, expect, it } from 'vitest';
import {
  InvalidRoutesError,
  looksLikeWebhookUrl,
  parseRoutes,
  validateRoute,
} from '../src/index.js';

const ok = { severities: ['critical'], webhookSecretName: 'trailwatch/slack/critical' };

describe('Function: validateRoute', () => {
  it('accepts a route with one criterion', () => {
    expect(validateRoute(ok)).toEqual([]);
  });

  it.each([
    [{ webhookSecretName: 'a' }, [], /at least one non-empty criterion/],
    [{ ...ok, severities: [] }, ['severities'], /non-empty list/],
    [{ ...ok, severities: ['Critical'] }, ['severities', 0], /"critical", "high"/],
    [{ ...ok, severities: ['high', 'high'] }, ['severities', 1], /listed twice/],
    [{ ...ok, accounts: ['12345678901'] }, ['accounts', 0], /12-digit/],
    [{ ...ok, accounts: ['1234567890123'] }, ['accounts', 0], /12-digit/],
    [{ ...ok, ous: ['ou-ab12'] }, ['ous', 0], /OU ids/],
    [{ ...ok, detections: ['Root-Sign-In'] }, ['detections', 0], /kebab-case/],
    [{ ...ok, channel: '#x' }, ['channel'], /not a route setting/],
    [{ severities: ['high'] }, ['webhookSecretName'], /secret name/],
    [{ ...ok, webhookSecretName: 'a'.repeat(513) }, ['webhookSecretName'], /1-512/],
  ])('reports %j at %j', (route, path, fix) => {
    const issues = validateRoute(route);
    expect(issues.map((issue) => issue.path)).toContainEqual(path);
    expect(
      issues.find((issue) => JSON.stringify(issue.path) === JSON.stringify(path))?.fix,
    ).toMatch(fix);
  });

  it('accepts OU names (even with "/") as well as ids, but not a malformed id or a control character', () => {
    expect(validateRoute({ ...ok, ous: ['Production', 'ou-ab12-cdef3456', 'r-ab12'] })).toEqual([]);
    expect(validateRoute({ ...ok, ous: ['Prod/EU'] })).toEqual([]);
    expect(validateRoute({ ...ok, ous: ['Prod\nEU'] }).map((i) => i.path)).toEqual([['ous', 0]]);
    expect(validateRoute({ ...ok, ous: ['r-AB'] }).map((i) => i.path)).toEqual([['ous', 0]]);
  });

  it('accepts the 512-character secret name limit itself', () => {
    expect(validateRoute({ ...ok, webhookSecretName: 'a'.repeat(512) })).toEqual([]);
  });

  it('refuses a webhook URL pasted as the secret name, with or without its scheme', () => {
    for (const pasted of [
      'https://hooks.slack.com/services/T000/B000/XXXX',
      'hooks.slack.com/services/T000/B000/XXXX',
    ]) {
      const issues = validateRoute({ ...ok, webhookSecretName: pasted });
      expect(issues).toHaveLength(1);
      expect(issues[0]?.fix).toMatch(/holds a webhook URL/);
      expect(JSON.stringify(issues)).not.toContain('XXXX');
    }
  });
});

describe('Function: looksLikeWebhookUrl', () => {
  it.each([
    ['https://example.com/x', true],
    ['hooks.slack.com/services/T/B/x', true],
    ['HOOKS.SLACK.COM/services/T/B/x', true],
    ['x/hooks.slack-gov.com/services', true],
    ['trailwatch/slack/hooks', false],
    ['trailwatch/slack/security-alerts', false],
  ])('%s → %s', (value, expected) => {
    expect(looksLikeWebhookUrl(value)).toBe(expected);
  });
});

describe('Function: parseRoutes', () => {
  it('treats unset or blank as no routes', () => {
    expect(parseRoutes(undefined)).toEqual([]);
    expect(parseRoutes('  ')).toEqual([]);
  });

  it('names every entry and field at fault without quoting values', () => {
    const json = JSON.stringify([
      ok,
      { severities: ['nope'], webhookSecretName: 'https://hooks.slack.com/services/T/B/SECRET' },
    ]);
    try {
      parseRoutes(json);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRoutesError);
      const message = (error as Error).message;
      expect(message).toContain('SLACK_ROUTES[1].webhookSecretName holds a webhook URL');
      expect(message).toContain('SLACK_ROUTES[1].severities[0] must be one of');
      expect(message).not.toContain('SECRET');
    }
  });

  it('refuses JSON that does not parse without echoing it', () => {
    expect(() =>
      parseRoutes('[{"webhookSecretName": "https://hooks.slack.com/T/B/SECRET"'),
    ).toThrow(/^SLACK_ROUTES is not valid JSON$/);
  });

  it('refuses a JSON object where an array belongs', () => {
    expect(() => parseRoutes('{}')).toThrow(/must be a JSON array of routes .* got an object/);
  });
});
