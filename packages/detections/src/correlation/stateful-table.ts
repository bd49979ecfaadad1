import { statefulCatalogue } from './stateful-catalogue.js';
import type { StatefulDetection } from './types.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function minutes(ms: number): string {
  return ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${ms / 60_000} min`;
}

function counts(detection: StatefulDetection): string {
  if (detection.kind === 'threshold') {
    const what = detection.distinct ? 'distinct' : '×';
    return `≥ ${detection.threshold} ${what} ${detection.step.name}`;
  }
  return detection.steps
    .map((step) => ((step.minCount ?? 1) > 1 ? `${step.minCount} × ${step.name}` : step.name))
    .join(' → ');
}

/** The "Stateful detections" section of `docs/detections.md`. */
export function renderStatefulTable(
  detections: readonly StatefulDetection[] = statefulCatalogue,
): string {
  return [
    '## Stateful detections',
    '',
    `${detections.length} detections look at several events of one key within a window (event time,`,
    'inclusive). The alerter keeps their state in the state table (with TTL); `trailwatch replay`',
    'evaluates them the same way in memory. Each fires once per window and key and lists the events',
    'that made it; an event delivered twice counts once; events may arrive up to 15 minutes late.',
    '',
    '| id | severity | kind | counts | window | what |',
    '|---|---|---|---|---|---|',
    ...detections.map(
      (d) =>
        `| \`${d.id}\` | ${d.severity} | ${d.kind} | ${cell(counts(d))} | ${minutes(d.windowMs)} | **${cell(d.title)}**. ${cell(d.rationale)} |`,
    ),
    '',
  ].join('\n');
}
