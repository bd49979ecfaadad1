/**
 * `pnpm bench [section…]`: runs every benchmark section (or the named ones) and rewrites its
 * section of BENCHMARKS.md. A section is a function returning its Markdown; add one by adding it
 * to {@link SECTIONS}.
 */
import { join } from 'node:path';
import { benchAlerter } from './bench/alerter.js';
import { benchBurst } from './bench/burst.js';
import { benchCliStartup } from './bench/cli-startup.js';
import { benchCorrelation } from './bench/correlation.js';
import { upsertSection } from './bench/markdown.js';
import { benchReplay } from './bench/replay.js';

export interface BenchSection {
  /** The `## Heading` it owns in BENCHMARKS.md. */
  readonly heading: string;
  readonly run: () => Promise<string>;
}

const SECTIONS: Readonly<Record<string, BenchSection>> = {
  replay: { heading: '## Replay', run: benchReplay },
  alerter: { heading: '## Alerter', run: benchAlerter },
  burst: { heading: '## Burst', run: benchBurst },
  'cli-startup': { heading: '## CLI start-up', run: benchCliStartup },
  correlation: { heading: '## Stateful detections', run: benchCorrelation },
};

const root = join(import.meta.dirname, '..');
const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in SECTIONS)) {
    process.stderr.write(`unknown section '${name}'; known: ${Object.keys(SECTIONS).join(', ')}\n`);
    process.exit(1);
  }
}
for (const [name, section] of Object.entries(SECTIONS)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  process.stderr.write(`bench: ${name}\n`);
  const body = await section.run();
  upsertSection(join(root, 'BENCHMARKS.md'), section.heading, body);
  process.stdout.write(`${section.heading}\n\n${body}\n`);
}
