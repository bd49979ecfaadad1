/** Why a webhook URL was refused; never contains the URL itself. */
export type WebhookProblem = string;

const SLACK_HOST = 'hooks.slack.com';
/** `/services/T…/B…/<token>`: workspace id, then the webhook's id, then its secret token. */
const SLACK_PATH = /^\/services\/(T[A-Z0-9]{2,})\/(B[A-Z0-9]{2,})\/([A-Za-z0-9]{8,})$/;

/**
 * Checks that `text` is a Slack incoming webhook URL: `https://hooks.slack.com/services/T…/B…/…`.
 * Returns the problem, or undefined when it is fine. Messages describe the problem without
 * repeating the URL, which is a credential.
 */
export function webhookProblem(text: string): WebhookProblem | undefined {
  if (text.length === 0) return 'no URL was given (the input was empty)';
  if (/\s/.test(text)) return 'the URL contains whitespace; paste it on one line';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'the input is not a URL';
  }
  if (url.protocol !== 'https:') {
    return `the URL must use https, not ${url.protocol.replace(/:$/, '')}`;
  }
  if (url.username !== '' || url.password !== '') return 'the URL must not contain a user name';
  if (url.hostname !== SLACK_HOST || url.port !== '') {
    return `the host must be ${SLACK_HOST} (Slack incoming webhooks), not ${url.host}`;
  }
  if (url.search !== '' || url.hash !== '') {
    return 'the URL must not have a query string or fragment';
  }
  if (!SLACK_PATH.test(url.pathname)) {
    return 'the path must look like /services/T…/B…/… (workspace id, webhook id, token), as Slack shows it under "Incoming Webhooks"';
  }
  return undefined;
}

/**
 * The URL with its token hidden, for confirmations: the workspace and webhook ids stay readable
 * (they say which webhook it is), the token keeps only its last 4 characters.
 */
export function maskWebhookUrl(text: string): string {
  const url = new URL(text);
  const match = SLACK_PATH.exec(url.pathname);
  if (!match) return `https://${url.host}/…`;
  const [, team = '', hook = '', token = ''] = match;
  return `https://${url.host}/services/${team}/${hook}/${'•'.repeat(8)}${token.slice(-4)}`;
}

/** Whether an argv token carries a URL (refused: argv ends up in shell history and `ps`). */
export function looksLikeUrl(token: string): boolean {
  return /[a-z][a-z0-9+.-]*:\/\//i.test(token) || token.includes(SLACK_HOST);
}
