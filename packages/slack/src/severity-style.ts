import type { Severity } from '@trailwatch/detections';

/** How a severity looks in Slack: the attachment colour bar, an emoji and a label. */
export interface SeverityStyle {
  readonly color: string;
  readonly emoji: string;
  readonly label: string;
}

const STYLES: Readonly<Record<Severity, SeverityStyle>> = {
  critical: { color: '#a30d1a', emoji: ':rotating_light:', label: 'CRITICAL' },
  // The seed's red for deletions and sign-ins.
  high: { color: '#eb4034', emoji: ':red_circle:', label: 'HIGH' },
  medium: { color: '#f2a900', emoji: ':large_orange_circle:', label: 'MEDIUM' },
  low: { color: '#e3d24b', emoji: ':large_yellow_circle:', label: 'LOW' },
  // The seed's blue for everything else.
  info: { color: '#0c3f7d', emoji: ':large_blue_circle:', label: 'INFO' },
};

/** The style of a severity; an unknown value (a catalogue bug) is shown as info, not dropped. */
export function severityStyle(severity: Severity): SeverityStyle {
  return STYLES[severity] ?? STYLES.info;
}
