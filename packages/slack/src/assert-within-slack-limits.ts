import { SlackLimitError } from './errors.js';
import { SlackLimits } from './limits.js';
import type { SlackMessage } from './types.js';

type Problems = string[];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkText(
  value: unknown,
  path: string,
  max: number,
  problems: Problems,
  types: readonly string[] = ['plain_text', 'mrkdwn'],
): void {
  if (!isObject(value)) {
    problems.push(`${path} is not a text object`);
    return;
  }
  if (typeof value.type !== 'string' || !types.includes(value.type)) {
    problems.push(`${path}.type must be ${types.join(' or ')}, got ${String(value.type)}`);
  }
  const { text } = value;
  if (typeof text !== 'string' || text.length === 0) {
    problems.push(`${path}.text must be a non-empty string`);
  } else if (text.length > max) {
    problems.push(`${path}.text has ${text.length} characters, limit ${max}`);
  }
}

function checkBlock(block: unknown, path: string, problems: Problems): void {
  if (!isObject(block)) {
    problems.push(`${path} is not an object`);
    return;
  }
  switch (block.type) {
    case 'header':
      checkText(block.text, `${path}.text`, SlackLimits.HEADER_TEXT, problems, ['plain_text']);
      return;
    case 'section': {
      const { text, fields } = block;
      if (text === undefined && fields === undefined) {
        problems.push(`${path} needs text or fields`);
      }
      if (text !== undefined) checkText(text, `${path}.text`, SlackLimits.SECTION_TEXT, problems);
      if (fields !== undefined) {
        if (!Array.isArray(fields) || fields.length === 0) {
          problems.push(`${path}.fields must be a non-empty array`);
        } else {
          if (fields.length > SlackLimits.FIELDS) {
            problems.push(
              `${path}.fields has ${fields.length} fields, limit ${SlackLimits.FIELDS}`,
            );
          }
          fields.forEach((f, i) => {
            checkText(f, `${path}.fields[${i}]`, SlackLimits.FIELD_TEXT, problems);
          });
        }
      }
      return;
    }
    case 'context': {
      const { elements } = block;
      if (!Array.isArray(elements) || elements.length === 0) {
        problems.push(`${path}.elements must be a non-empty array`);
        return;
      }
      if (elements.length > SlackLimits.CONTEXT_ELEMENTS) {
        problems.push(
          `${path}.elements has ${elements.length} elements, limit ${SlackLimits.CONTEXT_ELEMENTS}`,
        );
      }
      elements.forEach((e, i) => {
        checkText(e, `${path}.elements[${i}]`, SlackLimits.SECTION_TEXT, problems);
      });
      return;
    }
    case 'divider':
      return;
    default:
      problems.push(`${path}.type ${JSON.stringify(block.type)} is not a block trailwatch renders`);
  }
}

function checkBlocks(blocks: unknown, path: string, problems: Problems): number {
  if (!Array.isArray(blocks)) {
    problems.push(`${path} must be an array`);
    return 0;
  }
  blocks.forEach((block, i) => {
    checkBlock(block, `${path}[${i}]`, problems);
  });
  return blocks.length;
}

/**
 * Throws {@link SlackLimitError} when a message breaks a Block Kit limit in {@link SlackLimits}
 * (text lengths, fields per section, context elements, blocks per message, empty texts) or uses a
 * block type trailwatch never renders. Rendering already stays within the limits; the alerter
 * calls this before posting so a regression fails loudly instead of as Slack's `invalid_blocks`.
 */
export function assertWithinSlackLimits(message: SlackMessage): void {
  const problems: Problems = [];
  if (!isObject(message)) throw new SlackLimitError(['message is not an object']);
  const { text, blocks, attachments } = message as unknown as Record<string, unknown>;
  if (typeof text !== 'string' || text.length === 0) {
    problems.push('text must be a non-empty string');
  } else if (text.length > SlackLimits.FALLBACK_TEXT) {
    problems.push(`text has ${text.length} characters, limit ${SlackLimits.FALLBACK_TEXT}`);
  }
  let count = checkBlocks(blocks, 'blocks', problems);
  if (attachments !== undefined) {
    if (!Array.isArray(attachments)) {
      problems.push('attachments must be an array');
    } else {
      attachments.forEach((attachment, i) => {
        if (!isObject(attachment)) {
          problems.push(`attachments[${i}] is not an object`);
          return;
        }
        count += checkBlocks(attachment.blocks ?? [], `attachments[${i}].blocks`, problems);
      });
    }
  }
  if (count > SlackLimits.BLOCKS) {
    problems.push(`message has ${count} blocks, limit ${SlackLimits.BLOCKS}`);
  }
  if (problems.length > 0) throw new SlackLimitError(problems);
}
