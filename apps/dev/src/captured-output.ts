/** One structured log line the alerter wrote (Powertools Logger JSON). */
export interface CapturedLog {
  readonly level: string;
  readonly message: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What the alerter wrote to stdout/stderr while captured. */
export interface CapturedOutput {
  /** EMF metric totals by name; SlackErrors also by `kind` (`SlackErrors{kind=rate_limited}`). */
  readonly metrics: Map<string, number>;
  readonly logs: CapturedLog[];
  /** Everything, verbatim: for checking that no secret was written. */
  readonly raw: string[];
  /** Stops capturing and restores stdout and stderr. */
  restore(): void;
  /** Writes to the real stdout, bypassing the capture. */
  print(text: string): void;
}

type Write = typeof process.stdout.write;

/**
 * Captures process stdout and stderr (where Powertools writes JSON logs and EMF metrics), so a
 * local run can print Slack messages readably and sum the alerter's own metrics. Lines that are
 * neither logs nor metrics (runtime warnings) still reach stderr.
 */
export function captureOutput(): CapturedOutput {
  const originalStdout = process.stdout.write;
  const originalStderr = process.stderr.write;
  const stdoutWrite = originalStdout.bind(process.stdout) as Write;
  const stderrWrite = originalStderr.bind(process.stderr) as Write;
  const metrics = new Map<string, number>();
  const logs: CapturedLog[] = [];
  const raw: string[] = [];
  const consume = (chunk: unknown, passThrough: Write): void => {
    const text =
      typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    raw.push(text);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const parsed = parseJson(line);
      if (parsed !== undefined && isObject(parsed._aws)) {
        addMetrics(parsed, metrics);
      } else if (parsed !== undefined && typeof parsed.level === 'string') {
        const { level, message, ...fields } = parsed;
        logs.push({ level, message: String(message ?? ''), fields });
      } else {
        passThrough(`${line}\n`);
      }
    }
  };
  const patch = (passThrough: Write): Write =>
    ((chunk: unknown, ...rest: unknown[]) => {
      consume(chunk, passThrough);
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as Write;
  process.stdout.write = patch(stdoutWrite);
  process.stderr.write = patch(stderrWrite);
  return {
    metrics,
    logs,
    raw,
    restore() {
      process.stdout.write = originalStdout;
      process.stderr.write = originalStderr;
    },
    print(text) {
      stdoutWrite(text);
    },
  };
}

function addMetrics(emf: Record<string, unknown>, totals: Map<string, number>): void {
  const directives = (emf._aws as { CloudWatchMetrics?: unknown }).CloudWatchMetrics;
  if (!Array.isArray(directives)) return;
  for (const directive of directives) {
    const names = isObject(directive) && Array.isArray(directive.Metrics) ? directive.Metrics : [];
    for (const metric of names) {
      if (!isObject(metric) || typeof metric.Name !== 'string') continue;
      const value = emf[metric.Name];
      const sum = Array.isArray(value)
        ? value.reduce((total: number, v) => total + Number(v), 0)
        : Number(value ?? 0);
      const key = typeof emf.kind === 'string' ? `${metric.Name}{kind=${emf.kind}}` : metric.Name;
      totals.set(key, (totals.get(key) ?? 0) + sum);
      if (key !== metric.Name) totals.set(metric.Name, (totals.get(metric.Name) ?? 0) + sum);
    }
  }
}

function parseJson(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
