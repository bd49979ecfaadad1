/**
 * Writes docs/detections.md from the detection catalogue (`pnpm catalogue:docs`).
 * `--check` exits 1 instead of writing when the file is stale.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The root package depends on no workspace package, so the script reaches the source directly.
import { renderCatalogueTable } from '../packages/detections/src/index.js';
import { writeGeneratedDoc } from './generated-doc.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'detections.md');
writeGeneratedDoc(target, renderCatalogueTable(), 'pnpm catalogue:docs');
