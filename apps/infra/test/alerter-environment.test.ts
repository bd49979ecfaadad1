import { parseConfig } from '@trailwatch/config';
import { describe, expect, it } from 'vitest';
import { alerterEnvironment } from '../src/alerter-environment.js';

const base = {
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  securityAccountId: '222222222222',
  homeRegion: 'eu-west-1',
  targetOuIds: ['r-ab12'],
  slack: {
    webhookSecretName: 'default',
    routes: [
      { severities: ['critical'], webhookSecretName: 'pager' },
      { detections: ['root-sign-in'], accounts: ['333333333333'], webhookSecretName: 'root' },
    ],
  },
};

describe('Function: alerterEnvironment', () => {
  it('lists routes in order with their secret ids and the matching criteria', () => {
    const env = alerterEnvironment(parseConfig(base), { tableName: 't', queueUrl: 'q' });
    expect(JSON.parse(env.SLACK_ROUTES!)).toEqual([
      { severities: ['critical'], secretId: 'pager' },
      { detections: ['root-sign-in'], accounts: ['333333333333'], secretId: 'root' },
    ]);
    expect(env.SLACK_WEBHOOK_SECRET_ID).toBe('default');
  });

  it('spaces posts by one second per concurrent alerter', () => {
    const config = parseConfig({ ...base, alerter: { maxConcurrency: 5 } });
    expect(
      alerterEnvironment(config, { tableName: 't', queueUrl: 'q' }).SLACK_MIN_INTERVAL_MS,
    ).toBe('5000');
  });

  it('sets ORGANIZATIONS_ROLE_ARN only when a role is given', () => {
    const config = parseConfig(base);
    expect(alerterEnvironment(config, { tableName: 't', queueUrl: 'q' })).not.toHaveProperty(
      'ORGANIZATIONS_ROLE_ARN',
    );
    expect(
      alerterEnvironment(config, {
        tableName: 't',
        queueUrl: 'q',
        organizationsRoleArn: 'arn:aws:iam::111111111111:role/read',
      }).ORGANIZATIONS_ROLE_ARN,
    ).toBe('arn:aws:iam::111111111111:role/read');
  });
});
