import type { Match } from '@trailwatch/detections';

/** What the alerter knows about the account an event happened in (from Organizations, cached). */
export interface AccountInfo {
  /** The 12-digit account id (the event's `recipientAccountId`). */
  readonly id: string;
  /** Organizations `Account.Name`, the name people know the account by. */
  readonly name?: string;
  /** OU path from the root, e.g. `Root/Workloads/Prod`. */
  readonly ouPath?: string;
  /** Account tags; `owner`, `team` and `environment`/`env` (any case) are shown. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Why enrichment is partial, e.g. `Organizations unavailable: showing account id only`. */
  readonly note?: string;
}

/** One detection match, enriched with its account, ready to render. */
export interface Alert {
  readonly match: Match;
  readonly account: AccountInfo;
}

/** An incoming-webhook payload. */
export interface SlackMessage {
  /** Notification / screen-reader fallback (mrkdwn, escaped). */
  text: string;
  blocks: object[];
  /** One legacy attachment carrying the severity colour bar and the detail blocks. */
  attachments?: object[];
}

/** How links are built. */
export interface RenderOptions {
  /**
   * IAM Identity Center access portal URL (`https://d-xxxxxxxxxx.awsapps.com/start`). With
   * {@link RenderOptions.consoleRoleName} set, console links become portal deep links that sign
   * in to the account the event happened in.
   *
   * @default - plain console links (they open in whatever account the browser is signed in to)
   */
  consoleSignInUrl?: string;
  /** Permission set (role) name used for the deep links. */
  consoleRoleName?: string;
}
