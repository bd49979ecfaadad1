import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_CONCURRENCY, startLocalStack } from '@trailwatch/local-aws';
import { describe, expect, it } from 'vitest';
import {
  minimumAlerterTimeoutSeconds,
  pacingIntervalMs,
  parseConfig,
} from '../../packages/config/src/index.js';

const example = parseConfig(
  JSON.parse(
    readFileSync(new URL('../../trailwatch.config.example.json', import.meta.url), 'utf8'),
  ),
);

describe('Numbers the READMEs state, held by the code', () => {
  it('local runs pace like the deployed stack: 1000 × maxConcurrency ms, with AWS_REGION set', async () => {
    const stack = await startLocalStack({ organization: { accounts: [] } });
    try {
      expect(DEFAULT_MAX_CONCURRENCY).toBe(example.alerter.maxConcurrency);
      expect(stack.env.SLACK_MIN_INTERVAL_MS).toBe(
        String(pacingIntervalMs(example.alerter.maxConcurrency)),
      );
      expect(stack.env.SLACK_MIN_INTERVAL_MS).toBe('2000');
      expect(stack.env.AWS_REGION).toBe('us-east-1');
    } finally {
      await stack.close();
    }
  });

  it('the smallest function timeouts docs/deploy.md names: 16 s at maxConcurrency 2, 412 s at 200', () => {
    expect(minimumAlerterTimeoutSeconds(2)).toBe(16);
    expect(minimumAlerterTimeoutSeconds(200)).toBe(412);
    const deploy = readFileSync(new URL('../../docs/deploy.md', import.meta.url), 'utf8');
    expect(deploy).toContain('so 16 s at the default `maxConcurrency` 2 and 412 s at 200');
  });
});
