/** Block Kit limits Slack enforces on incoming-webhook payloads. */
export const SLACK_PAYLOAD_LIMITS = {
  BLOCKS: 50,
  HEADER_TEXT: 150,
  SECTION_TEXT: 3000,
  FIELDS: 10,
  FIELD_TEXT: 2000,
  CONTEXT_ELEMENTS: 10,
  BLOCK_ID: 255,
  ATTACHMENTS: 100,
  MARKDOWN_BLOCK_TEXT: 12000,
} as const;

/** Why Slack would reject a payload: HTTP status and the plain-text error string it answers with. */
export interface PayloadRejection {
  readonly status: number;
  readonly error: string;
  /** For people reading test failures; Slack itself only sends `error`. */
  readonly detail: string;
}

/** Result of decoding and checking a webhook request body. */
export type PayloadCheck =
  | { readonly ok: true; readonly payload: Record<string, unknown> }
  | { readonly ok: false; readonly rejection: PayloadRejection };

const KNOWN_BLOCK_TYPES = new Set([
  'section',
  'header',
  'context',
  'divider',
  'actions',
  'image',
  'rich_text',
  'markdown',
  'input',
  'file',
  'video',
]);

/**
 * Decodes a webhook body (`application/json`, or a form with a `payload` field as Slack also
 * accepts) and checks it the way Slack does: `invalid_payload` for undecodable bodies, `no_text`
 * when there is nothing to show, `invalid_blocks` when a block breaks a Block Kit limit,
 * `too_many_attachments` above 100 attachments.
 */
export function checkSlackPayload(contentType: string, body: string): PayloadCheck {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  let json: string;
  if (mediaType === 'application/json') {
    json = body;
  } else if (mediaType === 'application/x-www-form-urlencoded') {
    json = new URLSearchParams(body).get('payload') ?? '';
  } else {
    return reject(400, 'invalid_payload', `unsupported content type "${contentType}"`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return reject(400, 'invalid_payload', 'body is not valid JSON');
  }
  if (!isObject(parsed)) {
    return reject(400, 'invalid_payload', 'payload is not a JSON object');
  }
  const { text, blocks, attachments } = parsed;
  if (text !== undefined && typeof text !== 'string') {
    return reject(400, 'invalid_payload', 'text is not a string');
  }
  if (blocks !== undefined && !Array.isArray(blocks)) {
    return reject(400, 'invalid_blocks', 'blocks is not an array');
  }
  if (attachments !== undefined && !Array.isArray(attachments)) {
    return reject(400, 'invalid_attachments', 'attachments is not an array');
  }
  if (Array.isArray(attachments) && attachments.length > SLACK_PAYLOAD_LIMITS.ATTACHMENTS) {
    return reject(400, 'too_many_attachments', `${attachments.length} attachments`);
  }
  const hasText = typeof text === 'string' && text.trim() !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) {
    return reject(400, 'no_text', 'neither text nor blocks nor attachments');
  }
  const blockLists: { where: string; list: unknown[] }[] = [];
  if (Array.isArray(blocks)) {
    blockLists.push({ where: 'blocks', list: blocks });
  }
  for (const [index, attachment] of (Array.isArray(attachments) ? attachments : []).entries()) {
    if (!isObject(attachment)) {
      return reject(400, 'invalid_attachments', `attachments[${index}] is not an object`);
    }
    if (attachment.blocks !== undefined) {
      if (!Array.isArray(attachment.blocks)) {
        return reject(400, 'invalid_blocks', `attachments[${index}].blocks is not an array`);
      }
      blockLists.push({ where: `attachments[${index}].blocks`, list: attachment.blocks });
    }
  }
  for (const { where, list } of blockLists) {
    const problem = checkBlocks(list);
    if (problem !== undefined) {
      return reject(400, 'invalid_blocks', `${where}${problem}`);
    }
  }
  return { ok: true, payload: parsed };
}

function checkBlocks(blocks: unknown[]): string | undefined {
  if (blocks.length > SLACK_PAYLOAD_LIMITS.BLOCKS) {
    return `: ${blocks.length} blocks, more than ${SLACK_PAYLOAD_LIMITS.BLOCKS}`;
  }
  for (const [index, block] of blocks.entries()) {
    const problem = checkBlock(block);
    if (problem !== undefined) {
      return `[${index}]: ${problem}`;
    }
  }
  return undefined;
}

function checkBlock(block: unknown): string | undefined {
  if (!isObject(block) || typeof block.type !== 'string') {
    return 'not a block object with a type';
  }
  if (!KNOWN_BLOCK_TYPES.has(block.type)) {
    return `unknown block type "${block.type}"`;
  }
  if (block.block_id !== undefined) {
    if (
      typeof block.block_id !== 'string' ||
      block.block_id.length > SLACK_PAYLOAD_LIMITS.BLOCK_ID
    ) {
      return `block_id longer than ${SLACK_PAYLOAD_LIMITS.BLOCK_ID}`;
    }
  }
  switch (block.type) {
    case 'header':
      return checkTextObject(block.text, SLACK_PAYLOAD_LIMITS.HEADER_TEXT, ['plain_text'], 'text');
    case 'section': {
      if (block.text === undefined && block.fields === undefined) {
        return 'section needs text or fields';
      }
      if (block.text !== undefined) {
        const problem = checkTextObject(
          block.text,
          SLACK_PAYLOAD_LIMITS.SECTION_TEXT,
          ['plain_text', 'mrkdwn'],
          'text',
        );
        if (problem !== undefined) {
          return problem;
        }
      }
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields) || block.fields.length === 0) {
          return 'fields must be a non-empty array';
        }
        if (block.fields.length > SLACK_PAYLOAD_LIMITS.FIELDS) {
          return `${block.fields.length} fields, more than ${SLACK_PAYLOAD_LIMITS.FIELDS}`;
        }
        for (const [index, field] of block.fields.entries()) {
          const problem = checkTextObject(
            field,
            SLACK_PAYLOAD_LIMITS.FIELD_TEXT,
            ['plain_text', 'mrkdwn'],
            `fields[${index}]`,
          );
          if (problem !== undefined) {
            return problem;
          }
        }
      }
      return undefined;
    }
    case 'context': {
      const { elements } = block;
      if (!Array.isArray(elements) || elements.length === 0) {
        return 'context needs elements';
      }
      if (elements.length > SLACK_PAYLOAD_LIMITS.CONTEXT_ELEMENTS) {
        return `${elements.length} context elements, more than ${SLACK_PAYLOAD_LIMITS.CONTEXT_ELEMENTS}`;
      }
      for (const [index, element] of elements.entries()) {
        if (isObject(element) && element.type === 'image') {
          continue;
        }
        const problem = checkTextObject(
          element,
          SLACK_PAYLOAD_LIMITS.SECTION_TEXT,
          ['plain_text', 'mrkdwn'],
          `elements[${index}]`,
        );
        if (problem !== undefined) {
          return problem;
        }
      }
      return undefined;
    }
    case 'markdown':
      return typeof block.text === 'string' &&
        block.text.length > 0 &&
        block.text.length <= SLACK_PAYLOAD_LIMITS.MARKDOWN_BLOCK_TEXT
        ? undefined
        : `markdown text must be 1–${SLACK_PAYLOAD_LIMITS.MARKDOWN_BLOCK_TEXT} characters`;
    default:
      return undefined;
  }
}

function checkTextObject(
  value: unknown,
  maxLength: number,
  types: readonly string[],
  where: string,
): string | undefined {
  if (!isObject(value) || typeof value.type !== 'string' || !types.includes(value.type)) {
    return `${where} must be a text object of type ${types.join(' or ')}`;
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    return `${where}.text must be a non-empty string`;
  }
  if (value.text.length > maxLength) {
    return `${where}.text has ${value.text.length} characters, more than ${maxLength}`;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reject(status: number, error: string, detail: string): PayloadCheck {
  return { ok: false, rejection: { status, error, detail } };
}
