import type { Detection } from '@trailwatch/detections';
import { codeSpan, escapeText, inlineText } from './escape.js';
import type { DeepLinkSetting } from './links.js';
import { severityStyle } from './severity-style.js';
import type { AccountInfo } from './types.js';

/** Cap for one context element. */
const CONTEXT_MAX = 1000;
/** Cap for the detection id. */
const ID_MAX = 200;

/** Context elements naming the detection: id, severity, CIS/MITRE/GuardDuty references. */
export function detectionContext(
  detection: Pick<Detection, 'id' | 'severity' | 'references'>,
): string[] {
  const style = severityStyle(detection.severity);
  const elements = [
    `trailwatch · ${codeSpan(detection.id, ID_MAX)} · ${style.emoji} ${style.label}`,
  ];
  const { cis = [], mitre = [], guardDuty = [] } = detection.references ?? {};
  const refs = [
    ...cis,
    ...mitre.map((r) => `MITRE ${r}`),
    ...guardDuty.map((r) => `GuardDuty ${r}`),
  ];
  if (refs.length > 0) elements.push(inlineText(refs.join(' · '), CONTEXT_MAX));
  return elements;
}

/** Enrichment and configuration notes the reader should know about. */
export function notes(accounts: readonly AccountInfo[], setting: DeepLinkSetting): string[] {
  const distinct = [...new Set(accounts.map((a) => a.note).filter((n): n is string => !!n))];
  const out = distinct
    .slice(0, 3)
    .map((note) => `:information_source: ${inlineText(note, CONTEXT_MAX)}`);
  if (setting.kind === 'invalid') {
    out.push(`:warning: account deep links off: ${escapeText(setting.reason)}`);
  }
  return out;
}
