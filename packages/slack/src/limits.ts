/**
 * Slack's Block Kit limits that rendering stays within (docs.slack.dev block reference), plus
 * trailwatch's own caps. Texts are measured in UTF-16 code units, which is never fewer than what
 * Slack counts.
 */
export const SlackLimits = {
  /** `text` of a section block (and any text object). */
  SECTION_TEXT: 3000,
  /** Fields in one section block. */
  FIELDS: 10,
  /** One section field. */
  FIELD_TEXT: 2000,
  /** Blocks in one message; counted over top-level and attachment blocks together. */
  BLOCKS: 50,
  /** The plain_text of a header block. */
  HEADER_TEXT: 150,
  /**
   * Alerts one digest may carry: the deployed batch size, so one batch's alerts of one detection
   * to one route are one message. A digest lists ids, not one block per alert: 100 ids of the
   * longest allowed length still fit the block limits (test/render-digest.test.ts).
   */
  DIGEST_ITEMS: 100,
  /** Elements of one context block. */
  CONTEXT_ELEMENTS: 10,
  /** The top-level notification fallback `text` (Slack allows far more; a notification is short). */
  FALLBACK_TEXT: 3000,
} as const;
