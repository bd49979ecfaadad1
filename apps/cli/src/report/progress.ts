/** Where progress goes and how time is read; injectable so the behaviour is testable. */
export interface ProgressOptions {
  readonly write: (text: string) => void;
  readonly now?: () => number;
  /** Nothing is shown for inputs that finish sooner than this. */
  readonly delayMs?: number;
  readonly intervalMs?: number;
}

/**
 * A single self-overwriting status line (records, records/s, bytes) for long replays. Only used
 * when stderr is a terminal, so pipes and CI logs never see carriage returns.
 */
export class Progress {
  private readonly now: () => number;
  private readonly started: number;
  private lastShown: number;
  private shown = false;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.lastShown = this.started;
  }

  update(records: number, bytes: number): void {
    const now = this.now();
    if (now - this.started < (this.options.delayMs ?? 1000)) return;
    if (this.shown && now - this.lastShown < (this.options.intervalMs ?? 250)) return;
    this.lastShown = now;
    this.shown = true;
    const seconds = (now - this.started) / 1000;
    const rate = Math.round(records / seconds);
    this.options.write(
      `\r${records.toLocaleString('en-US')} records · ${rate.toLocaleString('en-US')} records/s · ${(bytes / 1e6).toFixed(1)} MB read\x1b[K`,
    );
  }

  /** Clears the line so what follows starts clean. */
  done(): void {
    if (this.shown) this.options.write('\r\x1b[K');
    this.shown = false;
  }
}
