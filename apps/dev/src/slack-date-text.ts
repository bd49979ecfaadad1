const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
const WEEKDAYS = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;

function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${['th', 'st', 'nd', 'rd'][day % 10] ?? 'th'}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Slack's date tokens, as Slack shows them to a reader whose time zone is UTC and who prefers a
 * 24-hour clock. The `_pretty` forms would say today/yesterday/tomorrow; they are shown as their
 * plain form so that the same sample events always read the same.
 */
const TOKENS: Readonly<Record<string, (d: Date) => string>> = {
  date_num: (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
  date_slash: (d) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`,
  date: (d) => `${MONTHS[d.getUTCMonth()]} ${ordinal(d.getUTCDate())}, ${d.getUTCFullYear()}`,
  date_short: (d) =>
    `${MONTHS[d.getUTCMonth()]?.slice(0, 3)} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
  date_long: (d) => `${WEEKDAYS[d.getUTCDay()]}, ${TOKENS.date?.(d)}`,
  date_long_full: (d) => `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`,
  time: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  time_secs: (d) => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
};
const ALIASES: Readonly<Record<string, string>> = {
  date_pretty: 'date',
  date_short_pretty: 'date_short',
  date_long_pretty: 'date_long',
  day_divider_pretty: 'date_long',
};

/**
 * The text Slack shows for `<!date^epoch^format|fallback>`, in UTC (marked ` UTC`): e.g.
 * `Nov 27, 2026 08:14:00 UTC` for `{date_short_pretty} {time_secs}`. Like Slack, it shows the
 * fallback when the epoch or a token cannot be rendered.
 */
export function slackDateText(epoch: string, format: string, fallback: string): string {
  const seconds = Number(epoch);
  if (!/^-?\d+$/.test(epoch) || !Number.isSafeInteger(seconds)) return fallback;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return fallback;
  let unknown = false;
  const text = format.replace(/\{([a-z_]+)\}/g, (token, name: string) => {
    const render = TOKENS[ALIASES[name] ?? name];
    if (render === undefined) unknown = true;
    return render === undefined ? token : render(date);
  });
  return unknown ? fallback : `${text} UTC`;
}
