import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import {
  type Environment,
  METRICS_NAMESPACE,
  ServiceName,
  WatchdogMetric,
} from '@trailwatch/contract';

/** EMF gauges the watchdog writes on every run, zero included: the contract's names. */
export const WatchdogMetricName = WatchdogMetric;
export type WatchdogMetricName = WatchdogMetric;

/** Where the watchdog's gauges go. */
export interface WatchdogGauges {
  gauge(name: WatchdogMetricName, value: number): void;
  /** Writes the run's gauges (once per invocation). */
  flush(): void;
}

/** The watchdog's default `service` (log field and metric dimension). */
export const WATCHDOG_SERVICE_NAME = ServiceName.WATCHDOG;

/**
 * Gauges as Powertools EMF on stdout, namespace `POWERTOOLS_METRICS_NAMESPACE` (default
 * `Trailwatch`) and dimension `service`. Unlike the alerter's counters, zero is written: a
 * gauge that disappears when healthy would leave an alarm on it in INSUFFICIENT_DATA.
 */
export function createPowertoolsGauges(env: Environment): WatchdogGauges {
  const metrics = new Metrics({
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? WATCHDOG_SERVICE_NAME,
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
  });
  let pending = false;
  return {
    gauge(name, value) {
      pending = true;
      metrics.addMetric(name, MetricUnit.Count, value);
    },
    flush() {
      if (!pending) return;
      pending = false;
      metrics.publishStoredMetrics();
    },
  };
}
