import { createHash } from 'node:crypto';

/**
 * A route (its webhook's secret id) as it appears in state-table keys: 16 hex digits of its
 * SHA-256, so keys stay short and never spell out a secret's name. Storm windows and the daily
 * summary's counters both key routes by it.
 */
export function routeHash(webhookSecretId: string): string {
  return createHash('sha256').update(webhookSecretId).digest('hex').slice(0, 16);
}
