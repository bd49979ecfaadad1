import { describe, expect, it } from 'vitest';
import { assertWithinSlackLimits, renderAlert, type SlackMessage } from '../src/index.js';
import { alertOf, linksIn } from './support/alerts.js';

type Text = { type: string; text: string; verbatim?: boolean };
type Block = { type: string; text?: Text; fields?: Text[]; elements?: Text[] };

function parts(message: SlackMessage) {
  const blocks = message.blocks as Block[];
  const attachment = (message.attachments as { color: string; blocks: Block[] }[])[0]!;
  const fieldTexts = attachment.blocks.find((b) => b.fields)?.fields?.map((f) => f.text) ?? [];
  const fields = new Map(
    fieldTexts.map((t) => {
      const [label, ...rest] = t.split('\n');
      return [label!.replace(/\*/g, ''), rest.join('\n')];
    }),
  );
  const linkText = attachment.blocks.find((b) => b.type === 'section' && b.text)?.text?.text ?? '';
  const context = attachment.blocks.find((b) => b.type === 'context')?.elements ?? [];
  return {
    header: blocks[0]!.text!.text,
    summary: blocks[1]!.text!,
    color: attachment.color,
    fields,
    links: linksIn(linkText),
    context: context.map((e) => e.text).join(' | '),
  };
}

const FIELD_LABELS = [
  'Event',
  'Actor',
  'Target user',
  'Account',
  'Region',
  'Source IP',
  'User agent',
  'MFA',
  'Result',
  'Time',
];

describe('Function: renderAlert', () => {
  it('shows every fact of a root console sign-in at a glance', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'console-login-root-success',
      detection: 'root-console-sign-in',
    });

    // Act
    const message = renderAlert(alert);
    const { header, summary, fields, context, color } = parts(message);

    // Assess
    expect(header).toBe(`:rotating_light: ${alert.match.detection.title}`);
    expect(summary).toMatchObject({ type: 'plain_text', text: alert.match.summary });
    expect([...fields.keys()]).toEqual(FIELD_LABELS);
    expect(fields.get('Event')).toBe('`ConsoleLogin` on `signin.amazonaws.com`');
    expect(fields.get('Actor')).toBe('`root`');
    expect(fields.get('Target user')).toBe('—');
    expect(fields.get('Account')).toBe(
      '`prod-payments` `111122223333`\nOU `Root/Workloads/Prod`\nOwner `payments-team@example.com` · Team `payments` · Env `prod`',
    );
    expect(fields.get('Region')).toBe('`us-east-1`');
    expect(fields.get('Source IP')).toBe('`192.0.2.10`');
    expect(fields.get('User agent')).toMatch(/^console\n`Mozilla\/5\.0 \(Windows NT 10\.0/);
    expect(fields.get('MFA')).toBe(':warning: *no*');
    expect(fields.get('Result')).toBe(':white_check_mark: success');
    const epoch = Date.parse('2026-11-02T08:14:09Z') / 1000;
    expect(fields.get('Time')).toBe(
      `<!date^${epoch}^{date_short_pretty} {time_secs}|2026-11-02T08:14:09Z> (2026-11-02T08:14:09Z)`,
    );
    expect(color).toBe('#a30d1a');
    expect(context).toContain('`root-console-sign-in`');
    expect(context).toContain('CRITICAL');
    expect(context).toContain('CIS 4.3');
    expect(context).toContain('MITRE T1078.004');
    expect(context).toContain('GuardDuty Policy:IAMUser/RootCredentialUsage');
    expect(context).toContain('event `deadbeef-0001-4c3a-9c1e-2a51b7c1e001`');
    expect(message.text).toBe(
      `:rotating_light: [CRITICAL] ${alert.match.detection.title} — prod-payments (111122223333) — root from 192.0.2.10, no MFA`,
    );
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
  });

  it('shows actor, target user and links of an IAM CreateUser', () => {
    // Prepare
    const alert = alertOf({ fixture: 'create-user', detection: 'iam-user-created' });

    // Act
    const message = renderAlert(alert);
    const { fields, links } = parts(message);

    // Assess
    expect([...fields.keys()]).toEqual(FIELD_LABELS);
    expect(fields.get('Event')).toBe('`CreateUser` on `iam.amazonaws.com`');
    expect(fields.get('Actor')).toBe('`Alice (IAM user)`');
    expect(fields.get('Target user')).toBe('`Bob`');
    expect(fields.get('Account')).toMatch(/^`prod-payments` `123456789012`/);
    expect(fields.get('User agent')).toMatch(/^cli\n`aws-cli\/2\.18\.4/);
    expect(fields.get('MFA')).toBe('unknown');
    expect(links.map((l) => [l.label, l.url.href])).toEqual([
      [
        'Event in CloudTrail',
        'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/deadbeef-0014-4c3a-9c1e-2a51b7c1e014',
      ],
      ['IAM user Bob', 'https://console.aws.amazon.com/iam/home#/users/details/Bob'],
      ['Actor: IAM user Alice', 'https://console.aws.amazon.com/iam/home#/users/details/Alice'],
    ]);
    expect(message.text).toContain('Alice (IAM user) → Bob from 192.0.2.15');
  });

  it('shows an Identity Center sign-in with its MFA and no target', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'sso-user-authentication',
      detection: 'identity-center-sign-in-failed',
    });

    // Act
    const { fields } = parts(renderAlert(alert));

    // Assess
    expect([...fields.keys()]).toEqual(FIELD_LABELS);
    expect(fields.get('Event')).toBe('`UserAuthentication` on `signin.amazonaws.com`');
    expect(fields.get('Actor')).toBe('`user1 (SSO)`');
    expect(fields.get('Target user')).toBe('—');
    expect(fields.get('MFA')).toBe(':white_check_mark: yes');
    expect(fields.get('Source IP')).toBe('`198.51.100.61`');
  });

  it('does not flag a federated sign-in as "no MFA" (MFA happens at the identity provider)', () => {
    // Prepare
    const alert = alertOf({ fixture: 'console-login-saml', detection: 'console-sign-in-failed' });

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(parts(message).fields.get('MFA')).toMatch(/identity provider/);
    expect(message.text).not.toContain('no MFA');
  });

  it('shows an Identity Center session as "not recorded" rather than "no MFA"', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'det-iam-user-created-pos-console-sso',
      detection: 'iam-user-created',
    });

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(parts(message).fields.get('MFA')).toBe(
      'not recorded (federated: MFA happens at the identity provider)',
    );
    expect(message.text).not.toContain('MFA');
  });

  it('says a non-federated role session was created without MFA, without flagging it', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-access-key-other-user',
      detection: 'access-key-created-for-other-user',
    });

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(parts(message).fields.get('MFA')).toBe('session without MFA');
    expect(message.text).not.toContain('MFA');
  });

  it('says a role session was created with MFA when mfaAuthenticated is "true"', () => {
    // Prepare
    const alert = alertOf({ fixture: 'switch-role', detection: 'iam-user-created' });

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(parts(message).fields.get('MFA')).toBe(':white_check_mark: session with MFA');
    expect(message.text).toContain(', MFA');
  });

  it('says MFA is not recorded for a role session without mfaAuthenticated', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-access-key-other-user',
      detection: 'access-key-created-for-other-user',
      patch: (r) => {
        delete r.userIdentity.sessionContext.attributes.mfaAuthenticated;
      },
    });

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(parts(message).fields.get('MFA')).toBe('not recorded');
    expect(message.text).not.toContain('MFA');
  });

  it('treats a CloudFormation session as a role session: MFA field and "via" shown once', () => {
    // Prepare
    const alert = alertOf({ fixture: 'create-user-cloudformation', detection: 'iam-user-created' });

    // Act
    const { fields } = parts(renderAlert(alert));

    // Assess
    expect(fields.get('MFA')).toBe('session without MFA');
    expect(fields.get('Actor')).toBe(
      '`role cdk-hnb659fds-cfn-exec-role-123456789012-us-east-1 / session AWSCloudFormation via cloudformation.amazonaws.com`',
    );
  });

  it('still names the service acting for an actor whose description does not say it', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-user',
      detection: 'iam-user-created',
      patch: (r) => {
        r.userIdentity.invokedBy = 'cloudformation.amazonaws.com';
      },
    });

    // Act
    const { fields } = parts(renderAlert(alert));

    // Assess
    expect(fields.get('Actor')).toBe('`Alice (IAM user)`\nvia `cloudformation.amazonaws.com`');
  });

  it('says MFA does not apply to an AWS service actor', () => {
    // Prepare
    const alert = alertOf({ fixture: 'aws-service-actor', detection: 'iam-user-created' });

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(parts(message).fields.get('MFA')).toBe('n/a (AWS service)');
    expect(message.text).not.toContain('MFA');
  });

  it('shows a failed sign-in with its error message', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'console-login-iam-user-failure',
      detection: 'console-sign-in-failed',
    });

    // Act
    const message = renderAlert(alert);

    // Assess
    expect(parts(message).fields.get('Result')).toBe(':x: *failure*\n`Failed authentication`');
    expect(message.text).toContain(
      'anaya (IAM user) from 192.0.2.44, no MFA, failed (Failed authentication)',
    );
  });

  it('shows the actor home account when it differs from the account the event happened in', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-user',
      detection: 'iam-user-created',
      patch: (r) => {
        r.recipientAccountId = '999988887777';
      },
    });

    // Act
    const { fields } = parts(renderAlert(alert));

    // Assess
    expect(fields.get('Actor')).toBe('`Alice (IAM user)`\nfrom account `123456789012`');
  });

  it('shows a GuardDuty finding by type, severity, resource and source, with its console link', () => {
    const alert = alertOf({
      fixture: 'det-guardduty-finding-high-pos-credential-exfiltration',
      detection: 'guardduty-finding-high',
      account: { id: '444455556666', name: 'prod-payments' },
    });

    const message = renderAlert(alert, {
      consoleSignInUrl: 'https://d-1234567890.awsapps.com/start',
      consoleRoleName: 'SecurityAudit',
    });
    const { fields, links, summary } = parts(message);

    expect([...fields.keys()]).toEqual([
      'Finding',
      'Severity',
      'Resource',
      'Actor',
      'Account',
      'Region',
      'Source IP',
      'Seen',
      'Time',
    ]);
    expect(fields.get('Finding')).toBe(
      '`UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS`',
    );
    expect(fields.get('Severity')).toBe('`8.0` High');
    expect(fields.get('Resource')).toBe('`access key ASIA5EXAMPLESESSION2 (deploy)`');
    expect(fields.get('Source IP')).toBe('`198.51.100.77`');
    expect(fields.get('Seen')).toMatch(/^1 time, since <!date\^/);
    expect(summary.text).toBe(
      'GuardDuty 8.0: Credentials for the EC2 instance role deploy were used from a remote AWS account on access key ASIA5EXAMPLESESSION2 (deploy)',
    );
    expect(links).toHaveLength(1);
    expect(links[0]!.label).toBe('Finding in GuardDuty');
    expect(decodeURIComponent(links[0]!.url.href)).toContain(
      'account_id=444455556666&role_name=SecurityAudit&destination=https://us-east-1.console.aws.amazon.com/guardduty/home?region=us-east-1#/findings?macros=current&fId=a2c8f6d4e1b3a5c7e9f1a3b5c7d9e1f3',
    );
    assertWithinSlackLimits(message);
  });

  it('labels GuardDuty severity bands at their lower bounds (4.0 medium, 9.0 critical)', () => {
    const severityOf = (fixture: string, detection: string) =>
      parts(renderAlert(alertOf({ fixture, detection }))).fields.get('Severity');

    expect(
      severityOf('det-guardduty-finding-low-neg-medium-boundary', 'guardduty-finding-medium'),
    ).toBe('`4.0` Medium');
    expect(
      severityOf(
        'det-guardduty-finding-critical-pos-attack-sequence',
        'guardduty-finding-critical',
      ),
    ).toBe('`9.0` Critical');
    expect(severityOf('det-guardduty-finding-critical-neg-high', 'guardduty-finding-high')).toBe(
      '`8.9` High',
    );
  });

  it('gives each severity its own colour and emoji', () => {
    // Prepare
    const severities = ['critical', 'high', 'medium', 'low', 'info'] as const;

    // Act
    const rendered = severities.map((severity) =>
      parts(
        renderAlert(alertOf({ fixture: 'create-user', detection: 'iam-user-created', severity })),
      ),
    );

    // Assess
    expect(new Set(rendered.map((r) => r.color)).size).toBe(severities.length);
    expect(new Set(rendered.map((r) => r.header.split(' ')[0])).size).toBe(severities.length);
    for (const r of rendered) expect(r.color).toMatch(/^#[0-9a-f]{6}$/);
  });

  it('shows the enrichment note and a bare account id when Organizations was unavailable', () => {
    // Prepare
    const alert = alertOf({
      fixture: 'create-user',
      detection: 'iam-user-created',
      account: {
        name: undefined,
        ouPath: undefined,
        tags: undefined,
        note: 'Organizations unavailable: showing account id only',
      },
    });

    // Act
    const message = renderAlert(alert);
    const { fields, context } = parts(message);

    // Assess
    expect(fields.get('Account')).toBe('`123456789012`');
    expect(context).toContain(
      ':information_source: Organizations unavailable: showing account id only',
    );
    expect(message.text).toContain(' — 123456789012 — ');
  });

  it('shows the title under the header when the summary is empty (Slack rejects empty text)', () => {
    // Prepare
    const alert = alertOf({ fixture: 'create-user', detection: 'iam-user-created' });
    const empty = { ...alert, match: { ...alert.match, summary: '  ' } };

    // Act
    const message = renderAlert(empty);

    // Assess
    expect(parts(message).summary.text).toBe(alert.match.detection.title);
    expect(() => assertWithinSlackLimits(message)).not.toThrow();
  });

  it('puts values into mrkdwn with verbatim on, so Slack does not auto-link them', () => {
    // Prepare
    const alert = alertOf({ fixture: 'create-user', detection: 'iam-user-created' });
    const objects: Record<string, unknown>[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        const object = value as Record<string, unknown>;
        if (object.type === 'mrkdwn') objects.push(object);
        Object.values(object).forEach(walk);
      }
    };

    // Act
    walk(renderAlert(alert));

    // Assess
    expect(objects.length).toBeGreaterThan(10);
    for (const object of objects) expect(object.verbatim).toBe(true);
  });
});
