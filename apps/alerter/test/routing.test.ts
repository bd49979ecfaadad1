import { describe, expect, it } from 'vitest';
import { InvalidRoutesError } from '../src/errors.js';
import { createRouter, parseRoutes } from '../src/routing.js';
import { alertOf, recordVariant } from './helpers/alerts.js';

describe('Function: parseRoutes', () => {
  it('returns no routes when SLACK_ROUTES is unset or blank', () => {
    expect(parseRoutes(undefined)).toEqual([]);
    expect(parseRoutes('  ')).toEqual([]);
  });

  it('accepts every documented criterion', () => {
    const routes = parseRoutes(
      JSON.stringify([
        {
          webhookSecretName: 'slack/critical',
          severities: ['critical'],
          detections: ['iam-user-created'],
          accounts: ['123456789012'],
          ous: ['ou-ab12-prod0001'],
        },
      ]),
    );
    expect(routes).toEqual([
      {
        webhookSecretName: 'slack/critical',
        severities: ['critical'],
        detections: ['iam-user-created'],
        accounts: ['123456789012'],
        ous: ['ou-ab12-prod0001'],
      },
    ]);
  });

  it.each([
    ['not JSON', '[{', /SLACK_ROUTES is not valid JSON/],
    ['an object instead of an array', '{"webhookSecretName":"x"}', /must be a JSON array/],
    [
      'an entry without webhookSecretName',
      '[{"severities":["high"]}]',
      /SLACK_ROUTES\[0\]\.webhookSecretName/,
    ],
    [
      'an unknown severity',
      '[{"webhookSecretName":"a","severities":["urgent"]}]',
      /SLACK_ROUTES\[0\]\.severities\[0\] must be one of "critical"/,
    ],
    [
      'an unknown key',
      '[{"webhookSecretName":"a","channel":"#sec","severities":["high"]}]',
      /SLACK_ROUTES\[0\]\.channel is not a route setting/,
    ],
    [
      'an account that is not 12 digits',
      '[{"webhookSecretName":"a","accounts":["prod"]}]',
      /accounts\[0\] must be one of 12-digit account ids/,
    ],
    [
      'an empty list',
      '[{"webhookSecretName":"a","detections":[]}]',
      /detections must be a non-empty list/,
    ],
    ['a non-object entry', '["slack/a"]', /SLACK_ROUTES\[0\] must be an object/],
  ])('rejects %s with a message naming the problem', (_, json, message) => {
    expect(() => parseRoutes(json)).toThrow(InvalidRoutesError);
    expect(() => parseRoutes(json)).toThrow(message);
  });
});

describe('Function: parseRoutes with a webhook URL pasted into SLACK_ROUTES', () => {
  const URL_VALUE = 'https://hooks.slack.com/services/T0SECRET/B0SECRET/XXXXSECRETXXXX';

  it.each([
    [
      'as a webhookSecretName',
      JSON.stringify([{ webhookSecretName: URL_VALUE }]),
      /webhookSecretName holds a webhook URL/,
    ],
    [
      'as a webhookSecretName without its scheme',
      JSON.stringify([{ webhookSecretName: URL_VALUE.replace('https://', '') }]),
      /webhookSecretName holds a webhook URL/,
    ],
    [
      'as a webhookSecretName with only the path',
      JSON.stringify([{ webhookSecretName: 'services/T0SECRET/B0SECRET/XXXXSECRETXXXX' }]),
      /webhookSecretName holds a webhook URL/,
    ],
    [
      'as an entry',
      JSON.stringify([URL_VALUE]),
      /SLACK_ROUTES\[0\] must be an object like .*, got a string/,
    ],
    [
      'unquoted, breaking the JSON',
      `[{"webhookSecretName": ${URL_VALUE}}]`,
      /SLACK_ROUTES is not valid JSON/,
    ],
  ])('rejects it %s without quoting any part of it', (_, json, message) => {
    let caught: unknown;
    try {
      parseRoutes(json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRoutesError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toMatch(/SECRET|hooks|https/);
    expect((caught as Error).cause).toBeUndefined();
  });
});

describe('Function: createRouter', () => {
  const alert = alertOf(recordVariant('create-user'));

  it('sends to the default webhook when no route matches', () => {
    const route = createRouter(
      parseRoutes('[{"webhookSecretName":"s/other","detections":["nope"]}]'),
      'default',
    );
    expect(route(alert)).toBe('default');
  });

  it('picks the first matching route', () => {
    const routes = parseRoutes(
      JSON.stringify([
        { webhookSecretName: 's/other-account', accounts: ['999999999999'] },
        { webhookSecretName: 's/this-detection', detections: [alert.match.detection.id] },
        {
          webhookSecretName: 's/catch-all',
          severities: ['critical', 'high', 'medium', 'low', 'info'],
        },
      ]),
    );
    expect(createRouter(routes, 'default')(alert)).toBe('s/this-detection');
  });

  it('matches OUs by id or by name on the account path, and only when the path is known', () => {
    const route = createRouter(
      parseRoutes(
        '[{"webhookSecretName":"s/prod","ous":["ou-ab12-prod0001"]},{"webhookSecretName":"s/sandbox","ous":["Sandbox"]}]',
      ),
      'default',
    );
    const account = alert.account.id;
    expect(route({ ...alert, account: { id: account, ouIds: ['ou-ab12-prod0001'] } })).toBe(
      's/prod',
    );
    expect(route({ ...alert, account: { id: account, ouNames: ['Workloads', 'Sandbox'] } })).toBe(
      's/sandbox',
    );
    expect(route({ ...alert, account: { id: account } })).toBe('default');
  });

  it('matches OU names whole, even when a name contains "/", never by splitting the joined path', () => {
    const route = createRouter(
      parseRoutes(
        '[{"webhookSecretName":"s/eu","ous":["EU"]},{"webhookSecretName":"s/prod-eu","ous":["Prod/EU"]}]',
      ),
      'default',
    );
    const account = alert.account.id;
    // One OU literally named "Prod/EU": its joined path reads like two OUs, Prod and EU.
    expect(
      route({ ...alert, account: { id: account, ouPath: 'Prod/EU', ouNames: ['Prod/EU'] } }),
    ).toBe('s/prod-eu');
    // Two OUs, Prod > EU.
    expect(
      route({ ...alert, account: { id: account, ouPath: 'Prod/EU', ouNames: ['Prod', 'EU'] } }),
    ).toBe('s/eu');
    // A path without the name list (no enrichment details) matches no OU criterion.
    expect(route({ ...alert, account: { id: account, ouPath: 'Workloads/EU' } })).toBe('default');
  });
});
