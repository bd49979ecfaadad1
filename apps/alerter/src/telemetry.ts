import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { AlerterMetric, METRICS_NAMESPACE, ServiceName } from '@trailwatch/contract';
import type { Context } from 'aws-lambda';

/** EMF metric names the alerter emits: the contract's, which the stacks' alarms also use. */
export const MetricName = AlerterMetric;
export type MetricName = AlerterMetric;

/** The `kind` dimension of {@link MetricName.SLACK_ERRORS}. */
export const SlackErrorKind = {
  RATE_LIMITED: 'rate_limited',
  SERVER: 'server',
  CLIENT: 'client',
  NETWORK: 'network',
  /** Timeout or lost connection after the whole request was sent: Slack may have posted it. */
  MAYBE_DELIVERED: 'maybe_delivered',
} as const;
export type SlackErrorKind = (typeof SlackErrorKind)[keyof typeof SlackErrorKind];

/** Structured log sink; Powertools Logger satisfies it. Extra objects become JSON keys. */
export interface Log {
  debug(message: string, ...extra: Record<string, unknown>[]): void;
  info(message: string, ...extra: Record<string, unknown>[]): void;
  warn(message: string, ...extra: Record<string, unknown>[]): void;
  error(message: string, ...extra: Record<string, unknown>[]): void;
}

/** What the pipeline reports to: logs plus counters. */
export interface Telemetry {
  readonly log: Log;
  count(name: MetricName, value?: number, dimensions?: Readonly<Record<string, string>>): void;
  /** Writes buffered metrics (once per invocation). */
  flush(): void;
  /** Adds the invocation's request id and cold-start flag to every log line. */
  addContext?(context: Context): void;
}

/** Telemetry on Powertools Logger (JSON) and Metrics (EMF on stdout). */
export function createPowertoolsTelemetry(
  env: Readonly<Record<string, string | undefined>>,
): Telemetry {
  const serviceName = env.POWERTOOLS_SERVICE_NAME ?? ServiceName.ALERTER;
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({
    serviceName,
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  });
  // Powertools warns on every flush without metrics; an invocation that counted nothing skips it.
  let pending = false;
  return {
    log: logger,
    count(name, value = 1, dimensions) {
      if (value <= 0) return;
      if (dimensions === undefined) {
        pending = true;
        metrics.addMetric(name, MetricUnit.Count, value);
        return;
      }
      // A dimensioned metric gets its own EMF blob so the dimension does not leak onto the others.
      const single = metrics.singleMetric();
      for (const [key, dimension] of Object.entries(dimensions))
        single.addDimension(key, dimension);
      single.addMetric(name, MetricUnit.Count, value);
    },
    addContext(context) {
      logger.addContext(context);
    },
    flush() {
      if (!pending) return;
      pending = false;
      metrics.publishStoredMetrics();
    },
  };
}
