/** A moment as a route's clock shows it. */
export interface LocalTime {
  /** `YYYY-MM-DD` in the zone. */
  readonly date: string;
  /** 0-23 in the zone. */
  readonly hour: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  return format;
}

/**
 * The local date and hour of `epochMs` in `timeZone`, from the runtime's time-zone data, so
 * daylight-saving changes and half-hour offsets are the zone's own.
 *
 * @throws RangeError for a zone the runtime does not know (the contract refuses those earlier).
 */
export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) % 24 };
}
