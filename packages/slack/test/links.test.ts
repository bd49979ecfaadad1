import { describe, expect, it } from 'vitest';
import { renderAlert, type SlackMessage } from '../src/index.js';
import { alertOf, allStrings, linksIn } from './support/alerts.js';

function links(message: SlackMessage) {
  return allStrings(message).flatMap(linksIn);
}

const PORTAL = {
  consoleSignInUrl: 'https://d-1234567890.awsapps.com/start/',
  consoleRoleName: 'SecurityAudit',
};

describe('Function: renderAlert (links)', () => {
  it('links the event in the CloudTrail console of its own region', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'console-login-iam-user-failure',
      detection: 'console-sign-in-failed',
    });

    // Act
    const [event] = links(renderAlert(alert));

    // Assess
    expect(event?.label).toBe('Event in CloudTrail');
    expect(event?.url.href).toBe(
      'https://us-east-2.console.aws.amazon.com/cloudtrailv2/home?region=us-east-2#/events/deadbeef-0005-4c3a-9c1e-2a51b7c1e005',
    );
  });

  it.each([
    ['a region that is not a region name', { awsRegion: 'evil.example.com/x?' }],
    ['a region with link syntax', { awsRegion: 'us-east-1|click' }],
    ['an event id that is not a UUID', { eventID: '../../iam/home#/users' }],
    ['an event id with link syntax', { eventID: 'deadbeef-0001-4c3a-9c1e-2a51b7c1e001>|x' }],
  ])('omits the CloudTrail link for %s', (_, fields) => {
    // Prepare
    const alert = alertOf({
      fixture: 'console-login-root-success',
      detection: 'root-console-sign-in',
      patch: (r) => Object.assign(r, fields),
    });

    // Act
    const found = links(renderAlert(alert));

    // Assess
    expect(found.filter((l) => l.label === 'Event in CloudTrail')).toEqual([]);
  });

  it('links the target user and the acting IAM user in the IAM console, URL-encoded', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-user',
      detection: 'iam-user-created',
      patch: (r) => {
        r.requestParameters.userName = 'svc+ci=1,a.b@c-d_e';
      },
    });

    // Act
    const found = links(renderAlert(alert));

    // Assess
    expect(found.find((l) => l.label.startsWith('IAM user'))?.url.href).toBe(
      'https://console.aws.amazon.com/iam/home#/users/details/svc%2Bci%3D1%2Ca.b%40c-d_e',
    );
  });

  it('omits the IAM link for a user name IAM would not accept', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-user',
      detection: 'iam-user-created',
      patch: (r) => {
        r.requestParameters.userName = 'bob/../../roles/details/admin';
      },
    });

    // Act
    const found = links(renderAlert(alert));

    // Assess
    expect(found.map((l) => l.label)).toEqual(['Event in CloudTrail', 'Actor: IAM user Alice']);
  });

  it('links the role acted upon and the role behind an assumed-role session', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-user-web-identity-role',
      detection: 'iam-user-created',
      patch: (r) => {
        r.requestParameters = { roleName: 'deploy-target' };
      },
    });

    // Act
    const found = links(renderAlert(alert));

    // Assess
    const role = found.find((l) => l.label === 'IAM role deploy-target');
    expect(role?.url.href).toBe(
      'https://console.aws.amazon.com/iam/home#/roles/details/deploy-target',
    );
    expect(found.some((l) => l.label.startsWith('Actor: IAM role '))).toBe(true);
  });

  it('wraps every link in an Identity Center deep link into the account of the event', () => {
    // Prepare
    const alert = alertOf({ fixture: 'create-user', detection: 'iam-user-created' });

    // Act
    const found = links(renderAlert(alert, PORTAL));

    // Assess
    expect(found).toHaveLength(3);
    for (const { url } of found) {
      expect(`${url.origin}${url.pathname}`).toBe('https://d-1234567890.awsapps.com/start/');
      const query = new URLSearchParams(url.hash.replace(/^#\/console\?/, ''));
      expect(url.hash.startsWith('#/console?')).toBe(true);
      expect(query.get('account_id')).toBe('123456789012');
      expect(query.get('role_name')).toBe('SecurityAudit');
      expect(query.get('destination')).toMatch(
        /^https:\/\/([a-z0-9-]+\.)?console\.aws\.amazon\.com\//,
      );
    }
    const destination = new URLSearchParams(found[0]!.url.hash.replace(/^#\/console\?/, '')).get(
      'destination',
    );
    expect(destination).toBe(
      'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/deadbeef-0014-4c3a-9c1e-2a51b7c1e014',
    );
  });

  it('escapes & in link URLs so Slack reads them as it writes them', () => {
    // Prepare
    const alert = alertOf({ fixture: 'create-user', detection: 'iam-user-created' });

    // Act
    const texts = allStrings(renderAlert(alert, PORTAL)).filter((t) => t.includes('awsapps.com'));

    // Assess
    expect(texts.length).toBeGreaterThan(0);
    for (const text of texts) expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('omits deep links when the account id is malformed, rather than open another account', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-user',
      detection: 'iam-user-created',
      patch: (r) => {
        r.recipientAccountId = '1234&role_name=Admin';
        r.userIdentity.accountId = '1234&role_name=Admin';
      },
    });

    // Act
    const found = links(renderAlert(alert, PORTAL));

    // Assess
    expect(found).toEqual([]);
  });

  it.each([
    ['http, not https', { consoleSignInUrl: 'http://d-1234567890.awsapps.com/start' }],
    ['link syntax in the URL', { consoleSignInUrl: 'https://d-1.awsapps.com/start|evil' }],
    ['credentials in the URL', { consoleSignInUrl: 'https://user:pw@d-1.awsapps.com/start' }],
    ['not a URL', { consoleSignInUrl: 'awsapps' }],
    ['an invalid role name', { consoleRoleName: 'Admin>&x' }],
    ['a start URL without a role', { consoleRoleName: undefined }],
  ])('falls back to plain console links and says so for %s', (_, override) => {
    // Prepare
    const alert = alertOf({ fixture: 'create-user', detection: 'iam-user-created' });

    // Act
    const message = renderAlert(alert, { ...PORTAL, ...override });
    const found = links(message);

    // Assess
    expect(found.length).toBe(3);
    for (const { url } of found) expect(url.hostname).toMatch(/console\.aws\.amazon\.com$/);
    expect(allStrings(message).join('\n')).toContain(':warning: account deep links off:');
  });
});
