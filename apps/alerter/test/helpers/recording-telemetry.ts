import type { MetricName, Telemetry } from '../../src/telemetry.js';

/** A log line as the pipeline wrote it. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly extra: Record<string, unknown>;
}

/** Telemetry that keeps what was logged and counted, for assertions. */
export interface RecordingTelemetry extends Telemetry {
  readonly lines: LoggedLine[];
  readonly counts: { name: MetricName; value: number; dimensions?: Record<string, string> }[];
  total(name: MetricName, dimensions?: Record<string, string>): number;
  /** Everything logged, as one JSON string (to prove a secret never appears). */
  dump(): string;
}

export function recordingTelemetry(): RecordingTelemetry {
  const lines: LoggedLine[] = [];
  const counts: RecordingTelemetry['counts'] = [];
  const at =
    (level: LoggedLine['level']) =>
    (message: string, ...extra: Record<string, unknown>[]) => {
      lines.push({ level, message, extra: Object.assign({}, ...extra) });
    };
  return {
    lines,
    counts,
    log: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    count(name, value = 1, dimensions) {
      counts.push(dimensions ? { name, value, dimensions: { ...dimensions } } : { name, value });
    },
    flush() {},
    total(name, dimensions) {
      return counts
        .filter(
          (entry) =>
            entry.name === name &&
            Object.entries(dimensions ?? {}).every(
              ([key, value]) => entry.dimensions?.[key] === value,
            ),
        )
        .reduce((sum, entry) => sum + entry.value, 0);
    },
    dump() {
      return JSON.stringify(lines);
    },
  };
}
