import { describeActor } from '@trailwatch/cloudtrail';
import type { Mute } from '@trailwatch/contract';
import type { Classifier, Correlator } from '@trailwatch/detections';
import type { AccountInfo, Alert, RenderOptions } from '@trailwatch/slack';
import type { SQSBatchResponse, SQSRecord } from 'aws-lambda';
import { ConfigDefaults } from './config.js';
import { deliverCorrelations } from './correlate.js';
import type { ClaimResult } from './dedup.js';
import type { DeliveryOutcome, OutgoingMessage } from './delivery/slack-sender.js';
import type { HandedBackRecord } from './delivery/visibility.js';
import { planMessages } from './digest.js';
import type { EnrichedAccount } from './enrichment/account-directory.js';
import { batchResponse, byDelay, byDueTime, type HandBack, handBack } from './hand-back.js';
import { errorText, keysOf } from './log-keys.js';
import { mapLimit } from './map-limit.js';
import { type MuteSource, mutedBy } from './mutes.js';
import { withOrganizationContext } from './organization-context.js';
import { type Candidate, renderPlans } from './render-plans.js';
import type { RoutableAccount } from './routing.js';
import { settleDelivery } from './settle-delivery.js';
import { type MatchedEvent, sortRecords } from './sort-records.js';
import { gateStorms, type HeldCandidate, type StormWindows } from './storm/storm-gate.js';
import { SummaryTally } from './summary/summary-tally.js';
import { MetricName, type Telemetry } from './telemetry.js';

/** Collaborators of {@link processBatch}; the handler wires the real ones. */
export interface PipelineDependencies {
  readonly classifier: Classifier;
  readonly lookupAccount: (accountId: string) => Promise<EnrichedAccount>;
  /**
   * The organization's account ids, or undefined when Organizations cannot say; asked only for
   * detections that read them. Absent = every other account counts as outside.
   */
  readonly organizationAccountIds?: () => Promise<ReadonlySet<string> | undefined>;
  readonly route: (alert: Alert & { account: RoutableAccount }) => string;
  readonly dedup: {
    claim(eventId: string, holdSeconds: number): Promise<ClaimResult>;
    markDelivered(eventId: string): Promise<void>;
    markMaybeDelivered(eventId: string, token: string, maybeDeliveredAt?: string): Promise<void>;
    release(eventId: string, token: string, maybeDeliveredAt?: string): Promise<void>;
  };
  readonly heartbeats: { record(account: string, region: string, time?: string): Promise<void> };
  readonly deliver: (
    messages: readonly OutgoingMessage[],
    remainingMs: () => number,
  ) => Promise<DeliveryOutcome[]>;
  /** Hides handed-back records for the given seconds before SQS redelivers them (when `QUEUE_URL` is set). */
  readonly delayRedelivery?: (
    records: readonly HandedBackRecord[],
    seconds: number,
  ) => Promise<void>;
  readonly telemetry: Telemetry;
  /** Stateful (threshold and sequence) detections; absent = none evaluated. */
  readonly correlator?: Pick<Correlator, 'observe' | 'reopen'>;
  /** Mutes in force; absent = nothing muted. */
  readonly mutes?: MuteSource;
  readonly renderOptions?: RenderOptions;
  /** First redelivery wait after a failed delivery (not a 429). @default 30 */
  readonly redeliveryBackoffSeconds?: number;
  /**
   * Storm windows: with these and `delayRedelivery`, a storm of one detection × route is held
   * and posted as one digest per window. Without either, every batch posts what it has.
   */
  readonly storms?: { readonly windows: StormWindows; readonly windowMs: number };
  /**
   * Daily summaries: the webhooks (secret ids) whose alerts are counted, and where a batch's
   * counts are added. Absent = nothing counted.
   */
  readonly summaries?: {
    readonly routes: ReadonlySet<string>;
    add(tally: SummaryTally, nowMs: number): Promise<void>;
  };
}

/** Claims outlive the invocation by this much, so a slow final post is still covered. */
const CLAIM_MARGIN_SECONDS = 30;
/** DynamoDB calls in flight at once. */
const CONCURRENCY = 16;

/** Only the contract's fields go to the renderer. */
function accountInfo(account: EnrichedAccount): AccountInfo {
  const { id, name, ouPath, tags, note } = account;
  return { id, name, ouPath, tags, note };
}

/** A matched event with this invocation's claim on it, when the table answered. */
type ClaimedEvent = MatchedEvent & { token?: string; maybeDeliveredAt?: string };

/**
 * Claims each event; returns the ones this invocation should post, with their claim tokens, and
 * the records of events another invocation is delivering (handed back).
 */
async function claimEvents(
  matched: readonly MatchedEvent[],
  deps: PipelineDependencies,
  holdSeconds: number,
): Promise<{ toPost: ClaimedEvent[]; handedBack: HandBack[]; tableDown: boolean }> {
  const { telemetry } = deps;
  const claims = await mapLimit(matched, CONCURRENCY, (entry) =>
    deps.dedup.claim(entry.match.event.eventId, holdSeconds),
  );
  const toPost: ClaimedEvent[] = [];
  const handedBack: HandBack[] = [];
  matched.forEach((entry, index) => {
    const claim = claims[index]!;
    const keys = keysOf(entry.match);
    if (claim.status === 'duplicate') {
      telemetry.count(MetricName.DEDUP_HITS);
      telemetry.log.info('Already delivered; acknowledged without posting', keys);
    } else if (claim.status === 'unconfirmed') {
      telemetry.count(MetricName.UNCONFIRMED_DELIVERIES);
      telemetry.log.error(
        'Posted twice and Slack answered neither; not posting a third copy, check the channel',
        { ...keys, maybeDeliveredAt: claim.maybeDeliveredAt },
      );
    } else if (claim.status === 'busy') {
      handedBack.push(...entry.records.map((record) => handBack(record)));
      telemetry.log.info('Another invocation is delivering this event; handing it back', keys);
    } else if (claim.status === 'unavailable') {
      telemetry.log.warn('Dedup table unavailable; posting without dedup', {
        ...keys,
        error: errorText(claim.error),
      });
      toPost.push(entry);
    } else {
      toPost.push(
        claim.maybeDeliveredAt === undefined
          ? { ...entry, token: claim.token }
          : { ...entry, token: claim.token, maybeDeliveredAt: claim.maybeDeliveredAt },
      );
    }
  });
  return {
    toPost,
    handedBack,
    tableDown: claims.some((claim) => claim.status === 'unavailable'),
  };
}

/** Enriches (one lookup per distinct account) and routes each event. */
async function enrichAndRoute(
  events: readonly ClaimedEvent[],
  deps: PipelineDependencies,
  mutes: readonly Mute[],
  tally: SummaryTally,
): Promise<{ candidates: Candidate[]; muted: ClaimedEvent[] }> {
  const { telemetry } = deps;
  const lookups = new Map<string, Promise<EnrichedAccount>>();
  for (const { match } of events) {
    const id = match.event.account;
    if (lookups.has(id)) continue;
    // The directory never rejects; this keeps a broken collaborator from failing the batch.
    const fallback = (error: unknown): EnrichedAccount => ({
      id,
      note: `enrichment failed (${errorText(error)})`,
      fallback: true,
    });
    lookups.set(id, deps.lookupAccount(id).catch(fallback));
  }
  const candidates: Candidate[] = [];
  const muted: ClaimedEvent[] = [];
  const now = Date.now();
  for (const entry of events) {
    const { match, records, token, maybeDeliveredAt } = entry;
    const account = await lookups.get(match.event.account)!;
    const mute = mutedBy(
      mutes,
      {
        detectionId: match.detection.id,
        severity: match.detection.severity,
        actor: match.event.actor,
        account,
      },
      now,
    );
    if (mute !== undefined) {
      telemetry.count(MetricName.MUTED, 1, { detection: match.detection.id });
      telemetry.log.info('Alert muted', { ...keysOf(match), mute: mute.id, reason: mute.reason });
      muted.push(entry);
      // Counted for the route it would have gone to, so that channel's summary shows it.
      if (deps.summaries !== undefined) {
        tally.muted(deps.route({ match, account }), match.detection.id);
      }
      continue;
    }
    if (account.fallback) {
      telemetry.count(MetricName.ENRICHMENT_FALLBACKS);
      telemetry.log.warn('Alert goes out without Organizations details', {
        ...keysOf(match),
        note: account.note,
      });
    }
    const base = {
      eventId: match.event.eventId,
      records,
      alert: { match, account: accountInfo(account) },
      route: deps.route({ match, account }),
    };
    candidates.push({
      ...base,
      ...(token === undefined ? {} : { claimToken: token }),
      ...(maybeDeliveredAt === undefined ? {} : { maybeDeliveredAt }),
    });
  }
  return { candidates, muted };
}

/** Longest pause spent lining a visibility change up with a digest's due time. */
const MAX_ALIGN_MS = 1000;

/**
 * Hides `records` until `dueAt`. SQS counts visibility in whole seconds from the moment it gets
 * the call, so records held by different invocations would come back spread over a second and
 * be cut into several batches (several digests); waiting out the fraction first makes every
 * record of one digest reappear at the same moment.
 */
async function hideUntil(
  records: readonly HandedBackRecord[],
  dueAt: number,
  delay: NonNullable<PipelineDependencies['delayRedelivery']>,
  remainingMs: () => number,
): Promise<void> {
  const wait = dueAt - Date.now();
  const seconds = Math.max(1, Math.floor(wait / 1000));
  const pause = wait - seconds * 1000;
  if (pause > 0 && pause < MAX_ALIGN_MS && remainingMs() > pause + MAX_ALIGN_MS) {
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
  await delay(records, seconds);
}

/**
 * Gives held candidates back to SQS until their window's digest is due, releasing our dedup
 * claims so whichever invocation sees them then can claim them.
 */
async function holdForDigest(
  held: readonly HeldCandidate[],
  deps: PipelineDependencies,
): Promise<HandBack[]> {
  if (held.length === 0) return [];
  const now = Date.now();
  await mapLimit(held, CONCURRENCY, async ({ candidate }) => {
    if (candidate.claimToken === undefined) return;
    try {
      await deps.dedup.release(candidate.eventId, candidate.claimToken, candidate.maybeDeliveredAt);
    } catch (error) {
      // The claim expires on its own, well before the digest is due.
      deps.telemetry.log.warn('Could not release dedup claim of a held alert', {
        ...keysOf(candidate.alert.match),
        error: errorText(error),
      });
    }
  });
  for (const { candidate } of held) {
    deps.telemetry.count(MetricName.STORM_HELD, 1, {
      detection: candidate.alert.match.detection.id,
    });
  }
  deps.telemetry.log.info('Storm: alerts held for the window digest', {
    events: held.length,
    detections: [...new Set(held.map(({ candidate }) => candidate.alert.match.detection.id))],
  });
  return held.flatMap(({ candidate, dueAt }) =>
    candidate.records.map((record) => ({
      ...handBack(record, Math.max(1, Math.ceil((dueAt - now) / 1000))),
      dueAt,
    })),
  );
}

/** Records each heartbeat; returns the records whose write failed (handed back). */
async function recordHeartbeats(
  heartbeats: ReturnType<typeof sortRecords>['heartbeats'],
  deps: PipelineDependencies,
): Promise<HandBack[]> {
  const outcomes = await Promise.all(
    heartbeats.map(async ({ record, account, region, time }) => {
      try {
        await deps.heartbeats.record(account, region, time);
        deps.telemetry.count(MetricName.HEARTBEATS);
        return [];
      } catch (error) {
        deps.telemetry.log.error('Heartbeat not recorded', {
          account,
          region,
          error: errorText(error),
        });
        return [handBack(record)];
      }
    }),
  );
  return outcomes.flat();
}

/**
 * Writes the batch's daily-summary counts. Never fails the batch: the alerts are in Slack and
 * acknowledged as usual; a lost count is a WARN and a `SummaryCountFailures` metric.
 */
async function addToSummaries(tally: SummaryTally, deps: PipelineDependencies): Promise<void> {
  if (deps.summaries === undefined) return;
  const routes = tally.routes();
  if (routes.length === 0) return;
  try {
    await deps.summaries.add(tally, Date.now());
  } catch (error) {
    deps.telemetry.count(MetricName.SUMMARY_COUNT_FAILURES);
    deps.telemetry.log.warn('Daily summary counts not recorded; that summary undercounts them', {
      routes: routes.length,
      error: errorText(error),
    });
  }
}

/**
 * The alerter's pipeline for one SQS batch: parse → heartbeat | classify → dedupe → enrich →
 * route → digest → render → deliver → mark delivered. A record is acknowledged only when Slack
 * accepted the message carrying its event, or when there is nothing to deliver (malformed,
 * no detection matched, already delivered). Everything else is returned in `batchItemFailures`.
 */
export async function processBatch(
  records: readonly SQSRecord[],
  deps: PipelineDependencies,
  remainingMs: () => number,
): Promise<SQSBatchResponse> {
  const { telemetry } = deps;
  const sorted = sortRecords(records, deps.classifier, telemetry);
  const matched = await withOrganizationContext(sorted.matched, deps);
  const holdSeconds = Math.ceil(remainingMs() / 1000) + CLAIM_MARGIN_SECONDS;
  // Heartbeats and claims are independent DynamoDB work; both finish before anything is posted.
  // Mutes are read alongside: a hung table then costs its timeout once, not twice.
  const [heartbeatsBack, claims, mutes] = await Promise.all([
    recordHeartbeats(sorted.heartbeats, deps),
    claimEvents(matched, deps, holdSeconds),
    deps.mutes?.current() ?? Promise.resolve([]),
  ]);
  const tally = new SummaryTally(deps.summaries?.routes ?? []);
  const { candidates: routed, muted } = await enrichAndRoute(claims.toPost, deps, mutes, tally);
  // A muted alert is done: remember it like a delivered one, so a redelivery does not re-check.
  await mapLimit(muted, CONCURRENCY, async ({ match }) =>
    deps.dedup.markDelivered(match.event.eventId).catch((error: unknown) => {
      telemetry.log.warn('Muted alert not recorded', { ...keysOf(match), error: errorText(error) });
    }),
  );
  // Holding needs visibility changes: without them a held record would wait the queue default.
  const { toPost: candidates, held } =
    deps.storms && deps.delayRedelivery
      ? await gateStorms(routed, deps.storms.windows, deps.storms.windowMs, telemetry.log)
      : { toPost: routed, held: [] };
  const heldBack = await holdForDigest(held, deps);
  const { outgoing, planned, unrendered } = renderPlans(
    planMessages(candidates),
    deps.renderOptions,
    telemetry.log,
  );

  let outcomes: readonly (DeliveryOutcome | undefined)[];
  try {
    outcomes = await deps.deliver(outgoing, remainingMs);
  } catch (error) {
    telemetry.log.error('Delivery failed unexpectedly; handing records back', {
      error: errorText(error),
    });
    outcomes = [];
  }
  const backoffSeconds = deps.redeliveryBackoffSeconds ?? ConfigDefaults.REDELIVERY_BACKOFF_SECONDS;
  const settled = await Promise.all([
    ...planned.map((plan, index) =>
      settleDelivery(plan, outcomes[index], deps.dedup, telemetry, backoffSeconds),
    ),
    ...unrendered.map((plan) =>
      settleDelivery(plan, undefined, deps.dedup, telemetry, backoffSeconds),
    ),
  ]);

  planned.forEach((plan, index) => {
    if (outcomes[index]?.status !== 'delivered') return;
    for (const { alert } of plan.items) {
      tally.delivered(plan.route, {
        detectionId: alert.match.detection.id,
        accountId: alert.account.id,
        actor: describeActor(alert.match.event.actor),
      });
    }
  });

  // A claim the table could not answer means the table is down: the stateful detections need
  // it too, so they are skipped for this batch rather than spend the invocation on timeouts.
  let correlationsBack: HandBack[] = [];
  if (claims.tableDown) {
    telemetry.log.error('State table unavailable: stateful detections skipped for this batch', {
      events: sorted.observed.length,
    });
  } else {
    correlationsBack = await deliverCorrelations(sorted.observed, deps, remainingMs, tally);
  }
  await addToSummaries(tally, deps);

  // The one place that decides what goes back to SQS: every step's hand-backs, collected.
  const handedBack: HandBack[] = [
    ...sorted.handedBack,
    ...correlationsBack,
    ...heartbeatsBack,
    ...claims.handedBack,
    ...heldBack,
    ...settled.flat(),
  ];
  if (deps.delayRedelivery) {
    for (const [seconds, delayed] of byDelay(handedBack)) {
      await deps.delayRedelivery(delayed, seconds);
    }
    for (const [dueAt, held] of byDueTime(handedBack)) {
      await hideUntil(held, dueAt, deps.delayRedelivery, remainingMs);
    }
  }
  return batchResponse(handedBack);
}
