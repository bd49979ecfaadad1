import { SEVERITY_ORDER, type Severity } from '@trailwatch/detections';

/** Whether a command-line value names a severity. */
export function isSeverity(value: string): value is Severity {
  return (SEVERITY_ORDER as readonly string[]).includes(value);
}
