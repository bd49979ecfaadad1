export { assertWithinSlackLimits } from './assert-within-slack-limits.js';
export { DigestInputError, SlackLimitError } from './errors.js';
export { escapeText, visibleText } from './escape.js';
export { SlackLimits } from './limits.js';
export { renderAlert } from './render-alert.js';
export { renderCorrelation } from './render-correlation.js';
export {
  type DailySummaryInput,
  renderDailySummary,
  type SilentPair,
  SUMMARY_SILENT_SHOWN,
  SUMMARY_TOP,
  type SummaryCount,
} from './render-daily-summary.js';
export { renderDigest } from './render-digest.js';
export type { AccountInfo, Alert, RenderOptions, SlackMessage } from './types.js';
