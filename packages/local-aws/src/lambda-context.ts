import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** What a Lambda-like invocation context is built from. */
export interface LambdaContextOptions {
  /** @default 'trailwatch-alerter' */
  readonly functionName?: string;
  /** Function timeout; `getRemainingTimeInMillis()` counts down from it. @default 60000 */
  readonly timeoutMs?: number;
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default '000000000000' */
  readonly accountId?: string;
  /** @default 512 */
  readonly memoryLimitInMB?: number;
}

/** A fresh context for one invocation, shaped like the one Lambda passes to a Node.js handler. */
export function createLambdaContext(options: LambdaContextOptions = {}): Context {
  const functionName = options.functionName ?? 'trailwatch-alerter';
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const today = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 512),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `${today}/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    // Deprecated callback-style completion; async handlers never call these.
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
