import { CELL_STATUSES, type CoverageAccount, type CoverageReport } from './coverage-model.js';

const number = new Intl.NumberFormat('en-US');

function problems(account: CoverageAccount): string {
  if (!account.hasInstance) return 'no stack instance in any region';
  const byStatus = new Map<string, string[]>();
  for (const [region, cell] of Object.entries(account.cells)) {
    if (cell.status === 'ok') continue;
    const note =
      cell.status === 'silent' && cell.lastHeartbeat
        ? `${region} (last ${cell.lastHeartbeat.slice(0, 16)}Z)`
        : region;
    byStatus.set(cell.status, [...(byStatus.get(cell.status) ?? []), note]);
  }
  return CELL_STATUSES.filter((s) => byStatus.has(s))
    .map((s) => `${s}: ${(byStatus.get(s) ?? []).join(', ')}`)
    .join('; ');
}

/** The report for a terminal: totals, every uncovered account, and (with `all`) the rest. */
export function renderCoverageText(report: CoverageReport, all: boolean): string {
  const s = report.summary;
  const lines = [
    `Coverage of ${number.format(s.accounts)} active accounts × ${report.regions.length} regions (StackSet ${report.stackSet}; heartbeat within ${report.silentAfterMinutes} min) at ${report.generatedAt}`,
    `  covered ${number.format(s.covered)} · uncovered ${number.format(s.uncovered)} (no instance at all: ${number.format(s.withoutInstance)})${s.inactive > 0 ? ` · not ACTIVE, left out: ${s.inactive}` : ''}`,
    `  cells: ${CELL_STATUSES.map((status) => `${status} ${number.format(s.cells[status])}`).join(' · ')}`,
  ];
  const width = Math.min(28, Math.max(4, ...report.accounts.map((a) => a.name.length)));
  const ouWidth = Math.min(28, Math.max(2, ...report.accounts.map((a) => a.ouPath.length)));
  const row = (a: CoverageAccount, detail: string): string =>
    `  ${a.id}  ${a.name.slice(0, width).padEnd(width)}  ${a.ouPath.slice(0, ouWidth).padEnd(ouWidth)}  ${detail}`;
  const uncovered = report.accounts.filter((a) => !a.covered);
  if (uncovered.length > 0) {
    lines.push('', `UNCOVERED (${uncovered.length})`);
    for (const a of uncovered)
      lines.push(row(a, `${a.management ? '[management: plain stacks] ' : ''}${problems(a)}`));
  }
  const covered = report.accounts.filter((a) => a.covered);
  if (all && covered.length > 0) {
    lines.push('', `COVERED (${covered.length})`);
    for (const a of covered) {
      const notes = problems(a);
      lines.push(
        row(a, notes === '' ? `ok in ${report.regions.length}/${report.regions.length}` : notes),
      );
    }
  } else if (covered.length > 0) {
    lines.push(
      '',
      `${covered.length} covered account(s) not listed; --all lists them, --json and --html give every cell`,
    );
  }
  return `${lines.join('\n')}\n`;
}
