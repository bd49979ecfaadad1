/**
 * Writes docs/environment.md from the contract (`pnpm contract:docs`).
 * `--check` exits 1 instead of writing when the file is stale.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// The root package depends on no workspace package, so the script reaches the source directly.
import { renderEnvironmentDocs } from '../packages/contract/src/index.js';
import { writeGeneratedDoc } from './generated-doc.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'environment.md');
writeGeneratedDoc(target, renderEnvironmentDocs(), 'pnpm contract:docs');
