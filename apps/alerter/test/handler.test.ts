import { createLambdaContext } from '@trailwatch/local-aws';
import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../src/errors.js';
import { handler } from '../src/handler.js';

describe('Function: handler', () => {
  it('fails the invocation with the missing variable named when the configuration is incomplete', async () => {
    const saved = process.env.SLACK_WEBHOOK_SECRET_ID;
    delete process.env.SLACK_WEBHOOK_SECRET_ID;
    try {
      const invocation = handler({ Records: [] }, createLambdaContext());
      await expect(invocation).rejects.toThrow(ConfigurationError);
      await expect(handler({ Records: [] }, createLambdaContext())).rejects.toThrow(
        'Environment variable SLACK_WEBHOOK_SECRET_ID is required',
      );
    } finally {
      if (saved !== undefined) process.env.SLACK_WEBHOOK_SECRET_ID = saved;
    }
  });
});
