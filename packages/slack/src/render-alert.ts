import { type CloudTrailEvent, describeActor } from '@trailwatch/cloudtrail';
import {
  contextBlock,
  field,
  fieldsSection,
  headerBlock,
  link,
  mrkdwnSection,
  plainSection,
} from './blocks.js';
import { detectionContext, notes } from './context.js';
import { codeSpan, inlineText, NONE } from './escape.js';
import {
  accountLabel,
  accountValue,
  actorValue,
  eventValue,
  mfaPhrase,
  mfaValue,
  optionalValue,
  resultValue,
  SHORT_VALUE,
  targetRole,
  userAgentValue,
} from './facts.js';
import {
  cloudTrailEventUrl,
  consoleLink,
  type DeepLinkSetting,
  deepLinkSetting,
  guardDutyFindingUrl,
  iamConsoleUrl,
} from './links.js';
import { severityStyle } from './severity-style.js';
import { slackDate } from './slack-date.js';
import type { Alert, RenderOptions, SlackMessage } from './types.js';

/** Cap for the summary sentence under the header. */
const SUMMARY_MAX = 1000;
/** Cap for each value in the notification text. */
const FALLBACK_VALUE = 150;

/**
 * Renders one alert as an incoming-webhook payload: header (emoji + detection title) and summary
 * on top; fields, links and a context line in an attachment whose colour is the severity.
 * Every interpolated value is escaped and clipped, so the result is within {@link SlackLimits}.
 *
 * @example
 * await fetch(webhookUrl, { method: 'POST', body: JSON.stringify(renderAlert({ match, account })) });
 */
export function renderAlert(alert: Alert, options?: RenderOptions): SlackMessage {
  const { match, account } = alert;
  const { detection, event } = match;
  const style = severityStyle(detection.severity);
  const setting = deepLinkSetting(options);

  const fields = event.finding
    ? findingFields(event, account)
    : [
        field('Event', eventValue(event)),
        field('Actor', actorValue(event)),
        field('Target user', targetValue(event)),
        field('Account', accountValue(account)),
        field('Region', optionalValue(event.region)),
        field('Source IP', optionalValue(event.sourceIp)),
        field('User agent', userAgentValue(event)),
        field('MFA', mfaValue(event)),
        field('Result', resultValue(event)),
        field('Time', slackDate(event.time)),
      ];
  const detail = [fieldsSection(fields)];
  const links = event.finding ? findingLinks(event, setting) : alertLinks(event, setting);
  if (links.length > 0) detail.push(mrkdwnSection(`:link: ${links.join('  ·  ')}`));
  detail.push(
    contextBlock([
      ...detectionContext(detection),
      `event ${codeSpan(event.eventId, SHORT_VALUE)}`,
      ...notes([account], setting),
    ]),
  );

  return {
    text: fallbackText(alert),
    blocks: [
      headerBlock(`${style.emoji} ${detection.title}`),
      plainSection(match.summary.trim() || detection.title, SUMMARY_MAX),
    ],
    attachments: [{ color: style.color, blocks: detail }],
  };
}

/** Severity as GuardDuty shows it: the number and its band. */
function findingSeverity(severity: number): string {
  const band =
    severity >= 9 ? 'Critical' : severity >= 7 ? 'High' : severity >= 4 ? 'Medium' : 'Low';
  return `${codeSpan(severity.toFixed(1), 10)} ${band}`;
}

/**
 * The fields of a GuardDuty finding: what it is and how bad (GuardDuty's type and severity), on
 * what, whose credentials, where from, how often. No MFA, result or user agent: a finding has none.
 */
function findingFields(event: CloudTrailEvent, account: Alert['account']) {
  const finding = event.finding!;
  const seen =
    finding.count !== undefined
      ? `${finding.count} time${finding.count === 1 ? '' : 's'}${finding.firstSeen ? `, since ${slackDate(finding.firstSeen)}` : ''}`
      : NONE;
  return [
    field('Finding', codeSpan(finding.type, SHORT_VALUE)),
    field('Severity', findingSeverity(finding.severity)),
    field('Resource', optionalValue(finding.resource)),
    field('Actor', actorValue(event)),
    field('Account', accountValue(account)),
    field('Region', optionalValue(event.region)),
    field('Source IP', optionalValue(event.sourceIp)),
    field('Seen', seen),
    field('Time', slackDate(event.time)),
  ];
}

/** The finding in the GuardDuty console of its account. */
function findingLinks(event: CloudTrailEvent, setting: DeepLinkSetting): string[] {
  const href = consoleLink(
    setting,
    event.account,
    guardDutyFindingUrl(event.region, event.finding!.id),
  );
  return href === undefined ? [] : [link(href, 'Finding in GuardDuty')];
}

function targetValue(event: CloudTrailEvent): string {
  if (event.targetUser) return codeSpan(event.targetUser, SHORT_VALUE);
  const role = targetRole(event);
  return role ? `role ${codeSpan(role, SHORT_VALUE)}` : '—';
}

/** Actor kinds whose session was issued by an IAM role in the actor's account. */
const ROLE_SESSION_KINDS: ReadonlySet<string> = new Set(['assumed-role', 'sso', 'federated']);

/** Console links: the event in CloudTrail, the IAM user/role acted upon, the actor's IAM identity. */
function alertLinks(event: CloudTrailEvent, setting: DeepLinkSetting): string[] {
  const links: string[] = [];
  const add = (accountId: string, url: string | undefined, label: string) => {
    const href = consoleLink(setting, accountId, url);
    if (href !== undefined) links.push(link(href, label));
  };
  add(event.account, cloudTrailEventUrl(event.region, event.eventId), 'Event in CloudTrail');
  if (event.targetUser) {
    add(event.account, iamConsoleUrl('user', event.targetUser), `IAM user ${event.targetUser}`);
  }
  const role = targetRole(event);
  if (role) add(event.account, iamConsoleUrl('role', role), `IAM role ${role}`);

  const { actor } = event;
  const home = actor.accountId ?? event.account;
  if (actor.kind === 'iam-user' && actor.name !== event.targetUser) {
    add(home, iamConsoleUrl('user', actor.name), `Actor: IAM user ${actor.name}`);
  } else if (
    ROLE_SESSION_KINDS.has(actor.kind) &&
    actor.sessionIssuer?.name &&
    actor.sessionIssuer.name !== role
  ) {
    const issuer = actor.sessionIssuer.name;
    add(home, iamConsoleUrl('role', issuer), `Actor: IAM role ${issuer}`);
  }
  return links;
}

/**
 * The notification text, e.g. `:rotating_light: [CRITICAL] Root console sign-in — prod-payments
 * (111122223333) — root from 192.0.2.0, no MFA`.
 */
function fallbackText(alert: Alert): string {
  const { detection, event } = alert.match;
  const style = severityStyle(detection.severity);
  const clip = (s: string) => inlineText(s, FALLBACK_VALUE);
  let who = clip(describeActor(event.actor));
  const role = targetRole(event);
  if (event.targetUser) who += ` → ${clip(event.targetUser)}`;
  else if (role) who += ` → role ${clip(role)}`;
  if (event.sourceIp) who += ` from ${clip(event.sourceIp)}`;
  const mfa = mfaPhrase(event);
  if (mfa) who += `, ${mfa}`;
  if (!event.outcome.success) {
    const code = event.outcome.errorCode ?? event.outcome.errorMessage;
    who += code ? `, failed (${clip(code)})` : ', failed';
  }
  return `${style.emoji} [${style.label}] ${clip(detection.title)} — ${clip(accountLabel(alert.account))} — ${who}`;
}
