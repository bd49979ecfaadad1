import { SEVERITY_ORDER, severityRank } from '@trailwatch/detections';
import type { DetectionTally, ReplayStats } from './stats.js';

const TOP = 5;

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${n(count)} ${count === 1 ? one : many}`;
}

function top(title: string, counts: ReadonlyMap<string, number>): string[] {
  const entries = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP);
  const width = Math.max(...entries.map(([, count]) => n(count).length));
  return [
    title,
    ...entries.map(([name, count]) => `  ${n(count).padStart(width)}  ${name || '(unknown)'}`),
  ];
}

/** Detections most severe first, then most frequent, then by id. */
export function sortedDetections(stats: ReplayStats): DetectionTally[] {
  return [...stats.detections.values()].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.count - a.count ||
      (a.id < b.id ? -1 : 1),
  );
}

/** The human summary printed at the end of a replay. */
export function formatSummary(stats: ReplayStats): string {
  const lines: string[] = [];
  const files = [plural(stats.filesRead, 'input')];
  if (stats.filesSkipped > 0) files.push(`${n(stats.filesSkipped)} skipped`);
  if (stats.filesUnreadable > 0) files.push(`${n(stats.filesUnreadable)} unreadable`);
  lines.push(`Replayed ${plural(stats.records, 'record')} from ${files.join(', ')}`);
  if (stats.firstTime !== undefined && stats.lastTime !== undefined) {
    lines.push(`  time span   ${stats.firstTime} → ${stats.lastTime}`);
  }
  lines.push(`  evaluated   ${n(stats.evaluated)}`);
  lines.push(
    `  skipped     ${n(stats.skippedReadOnly)} read-only (EventBridge does not deliver them to rules)`,
  );
  lines.push(`  malformed   ${n(stats.malformed)}`);
  if (stats.ignored > 0) lines.push(`  ignored     ${n(stats.ignored)} (not events)`);
  lines.push('');

  if (stats.alerts === 0) {
    lines.push('No alerts.');
    return `${lines.join('\n')}\n`;
  }
  const bySeverity = new Map<string, number>();
  for (const tally of stats.detections.values()) {
    bySeverity.set(tally.severity, (bySeverity.get(tally.severity) ?? 0) + tally.count);
  }
  const severities = SEVERITY_ORDER.filter((s) => bySeverity.has(s)).map(
    (s) => `${s} ${n(bySeverity.get(s) ?? 0)}`,
  );
  lines.push(`${plural(stats.alerts, 'alert')}: ${severities.join(', ')}`);
  const detections = sortedDetections(stats);
  const countWidth = Math.max(5, ...detections.map((d) => n(d.count).length));
  const idWidth = Math.max(9, ...detections.map((d) => d.id.length));
  lines.push(
    `  ${'SEVERITY'.padEnd(8)}  ${'COUNT'.padStart(countWidth)}  ${'DETECTION'.padEnd(idWidth)}  TITLE`,
  );
  for (const d of detections) {
    lines.push(
      `  ${d.severity.padEnd(8)}  ${n(d.count).padStart(countWidth)}  ${d.id.padEnd(idWidth)}  ${d.title}`,
    );
  }
  lines.push('');
  lines.push(...top('Top actors (by alerts):', stats.actors));
  lines.push('');
  lines.push(...top('Top accounts (by alerts):', stats.accounts));
  for (const d of detections) {
    lines.push('');
    const more = d.count > d.samples.length ? ` (first ${d.samples.length} of ${n(d.count)})` : '';
    lines.push(`${d.severity.toUpperCase()} ${d.id}: ${d.title}${more}`);
    for (const alert of d.samples) {
      lines.push(
        `  ${alert.time || '(no time)'}  ${alert.account}  ${alert.region}  ${alert.summary}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
