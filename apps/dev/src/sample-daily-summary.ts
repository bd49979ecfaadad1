import type { DailySummary } from '@trailwatch/contract';

/**
 * The daily summary `pnpm start` enables on the sample webhook (the default one). A summary is
 * due on the first watchdog run at or after its hour, so hour 0 in UTC is due at any moment of the
 * day and the one watchdog run at the end of the local run posts it now. The current UTC hour would
 * be due too, except when the run crosses midnight UTC between the alerter and the watchdog: the
 * new day's hour 0 is then before it, and nothing would be posted.
 */
export const SAMPLE_DAILY_SUMMARY: DailySummary = { hour: 0, timeZone: 'UTC' };
