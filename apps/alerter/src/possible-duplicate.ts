import { SlackLimits, type SlackMessage } from '@trailwatch/slack';

/** Fallback-text prefix of a message that may repeat an earlier post. */
export const POSSIBLE_DUPLICATE_PREFIX = 'Possible duplicate: ';

function blockCount(message: SlackMessage): number {
  const inAttachments = (message.attachments ?? []).reduce<number>((total, attachment) => {
    const blocks = (attachment as { blocks?: unknown[] }).blocks;
    return total + (Array.isArray(blocks) ? blocks.length : 0);
  }, 0);
  return message.blocks.length + inAttachments;
}

/**
 * Marks a message carrying events whose earlier post timed out after it was sent (Slack may show
 * them already), so a reader who sees an alert twice knows why, and that it is one event: a
 * context block on top when the message has room for one more block, and always a prefix on the
 * notification text.
 *
 * @param repeated - events of the message that may have been posted before
 * @param total - events the message carries
 */
export function markPossibleDuplicate(
  message: SlackMessage,
  repeated: number,
  total: number,
): SlackMessage {
  const what =
    total === 1
      ? 'this alert'
      : `${repeated === total ? 'all' : repeated} of these ${total} events`;
  const note = `:warning: *Possible duplicate*: an earlier post of ${what} timed out after it was sent, so the channel may already show ${total === 1 ? 'it' : 'them'}.`;
  const room = SlackLimits.FALLBACK_TEXT - POSSIBLE_DUPLICATE_PREFIX.length;
  const text = `${POSSIBLE_DUPLICATE_PREFIX}${message.text.length > room ? `${message.text.slice(0, room - 1)}…` : message.text}`;
  const blocks =
    blockCount(message) < SlackLimits.BLOCKS
      ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: note }] }, ...message.blocks]
      : message.blocks;
  return { ...message, text, blocks };
}
