import { expect } from 'vitest';
import { InvalidConfigError, parseConfig } from '../src/index.js';

/** The smallest configuration file the schema accepts. */
export const minimal = {
  organizationId: 'o-a1b2c3d4e5',
  managementAccountId: '111111111111',
  securityAccountId: '222222222222',
  homeRegion: 'eu-west-1',
  targetOuIds: ['r-ab12'],
  slack: { webhookSecretName: 'trailwatch/slack/webhook' },
};

/** The message `parseConfig` refuses `input` with; fails the test when it is accepted. */
export function rejectionOf(input: unknown): string {
  try {
    parseConfig(input, 'test.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).message;
  }
  throw new Error('expected the configuration to be rejected');
}
