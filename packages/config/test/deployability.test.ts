import {
  AlerterVariable,
  environmentSize,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  parseAlerterEnvironment,
} from '@trailwatch/contract';
import { describe, expect, it } from 'vitest';
import {
  alerterEnvironmentFor,
  bootstrapCommands,
  centralBusArn,
  deploymentEnvironments,
  parseConfig,
  SIGN_IN_REGIONS,
} from '../src/index.js';
import { minimal, rejectionOf } from './config-input.js';

/** A route to `accounts` with `count` distinct 12-digit account ids. */
function accountRoute(count: number, start: number) {
  return {
    accounts: Array.from({ length: count }, (_, i) => String(start + i).padStart(12, '0')),
    webhookSecretName: `trailwatch/slack/route-${start}`,
  };
}

describe('Sign-in regions', () => {
  it.each(SIGN_IN_REGIONS.filter((region) => region !== 'us-east-1'))(
    'refuses memberRegions without %s, naming every missing sign-in region and why',
    (missing) => {
      const regions = SIGN_IN_REGIONS.filter((region) => region !== missing);
      const message = rejectionOf({ ...minimal, memberRegions: [...regions, 'eu-west-1'] });
      expect(message).toContain(`must include "${missing}"`);
      expect(message).toContain('IAM-user console sign-ins through the global endpoint');
    },
  );

  it('names all three when only us-east-1 is listed', () => {
    expect(rejectionOf({ ...minimal, memberRegions: ['us-east-1'] })).toContain(
      'must include "us-east-2", "eu-north-1", "ap-southeast-2"',
    );
  });

  it('accepts exactly the sign-in regions', () => {
    const config = parseConfig({ ...minimal, memberRegions: [...SIGN_IN_REGIONS] });
    expect(config.memberRegions).toEqual([...SIGN_IN_REGIONS]);
  });
});

describe('Partitions', () => {
  it.each([
    ['homeRegion', 'us-gov-west-1'],
    ['homeRegion', 'cn-north-1'],
  ])('refuses %s %s outside the aws partition with the reason', (field, value) => {
    expect(rejectionOf({ ...minimal, [field]: value })).toMatch(
      /must be a region of the standard "aws" partition/,
    );
  });

  it('still accepts an ordinary region whose name starts like a partition prefix elsewhere', () => {
    // us-east-1 starts with "us-" like us-gov-*; only the exact prefixes are refused.
    expect(parseConfig({ ...minimal, homeRegion: 'us-west-2' }).homeRegion).toBe('us-west-2');
  });

  it('builds the bus ARN in the aws partition', () => {
    expect(centralBusArn(parseConfig(minimal))).toBe(
      'arn:aws:events:eu-west-1:222222222222:event-bus/trailwatch',
    );
  });
});

describe('Alerter environment size (Lambda allows 4 KB)', () => {
  it('refuses routes that would push the environment past 4 KB, with the size', () => {
    // 6 routes × 50 accounts: each account id costs 15 bytes of JSON, 4.5 KB in all.
    const routes = Array.from({ length: 6 }, (_, i) => accountRoute(50, 100_000 * (i + 1)));
    const message = rejectionOf({ ...minimal, slack: { ...minimal.slack, routes } });
    expect(message).toMatch(
      /slack\.routes: .* — make the routes shorter: the alerter's environment would be \d+ bytes and Lambda allows 4096/,
    );
  });

  it('accepts the largest configuration that fits, and the check measures what is deployed', () => {
    // Grow one route until the next account would cross the limit: the boundary itself passes.
    let count = 1;
    const sizeWith = (n: number) =>
      environmentSize(
        alerterEnvironmentFor(
          parseConfig({
            ...minimal,
            slack: { ...minimal.slack, routes: [accountRoute(1, 1)] },
          }),
        ),
      ) +
      15 * (n - 1);
    while (sizeWith(count + 1) <= LAMBDA_ENVIRONMENT_LIMIT_BYTES) count += 1;
    const fits = { ...minimal, slack: { ...minimal.slack, routes: [accountRoute(count, 1)] } };
    const config = parseConfig(fits);
    const env = alerterEnvironmentFor(config);
    expect(environmentSize(env)).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
    expect(environmentSize(env)).toBeGreaterThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES - 15);
    expect(() =>
      parseConfig({
        ...minimal,
        slack: { ...minimal.slack, routes: [accountRoute(count + 1, 1)] },
      }),
    ).toThrow(/make the routes shorter/);
  });

  it('is an environment the alerter accepts, with the routes intact (round trip)', () => {
    const config = parseConfig({
      ...minimal,
      organizationsAccess: { mode: 'role' },
      slack: {
        ...minimal.slack,
        consoleSignInUrl: 'https://d-1234567890.awsapps.com/start',
        consoleRoleName: 'SecurityAudit',
        routes: [
          { severities: ['critical'], webhookSecretName: 'trailwatch/slack/critical' },
          { ous: ['ou-ab12-prod1234'], webhookSecretName: 'trailwatch/slack/prod' },
        ],
      },
    });
    const env = alerterEnvironmentFor(config);
    const settings = parseAlerterEnvironment({ ...env, [AlerterVariable.REGION]: 'eu-west-1' });
    expect(settings.routes).toEqual(config.slack.routes);
    expect(settings.webhookSecretName).toBe('trailwatch/slack/webhook');
    expect(settings.tableName).toBe('trailwatch-state');
    expect(settings.queueUrl).toBe(
      'https://sqs.eu-west-1.amazonaws.com/222222222222/trailwatch-events',
    );
    expect(settings.organizationsRoleArn).toBe(
      'arn:aws:iam::111111111111:role/trailwatch-organizations-read',
    );
    expect(settings.slackMinIntervalMs).toBe(2000);
    expect(settings.consoleRoleName).toBe('SecurityAudit');
  });
});

describe('Function: deploymentEnvironments', () => {
  it('lists every account × region that gets a CDK stack, home region included', () => {
    const config = parseConfig({
      ...minimal,
      memberRegions: [...SIGN_IN_REGIONS],
      identityCenter: { region: 'eu-central-1', accountId: '333333333333' },
    });
    const pairs = deploymentEnvironments(config).map(
      ({ account, region }) => `${account}/${region}`,
    );
    expect(pairs).toEqual([
      '222222222222/eu-west-1',
      // The StackSet stack lives in homeRegion, which need not be a member region.
      '111111111111/eu-west-1',
      '111111111111/us-east-1',
      '111111111111/us-east-2',
      '111111111111/eu-north-1',
      '111111111111/ap-southeast-2',
      '333333333333/eu-central-1',
    ]);
  });

  it('prints one bootstrap command per account with every region it needs', () => {
    const config = parseConfig({ ...minimal, memberRegions: [...SIGN_IN_REGIONS] });
    expect(bootstrapCommands(config)).toEqual([
      'npx cdk bootstrap --no-notices aws://222222222222/eu-west-1',
      'npx cdk bootstrap --no-notices aws://111111111111/eu-west-1 aws://111111111111/us-east-1 aws://111111111111/us-east-2 aws://111111111111/eu-north-1 aws://111111111111/ap-southeast-2',
    ]);
  });
});
