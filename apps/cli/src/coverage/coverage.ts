import { writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { loadDeploymentConfig } from '../aws/deployment-config.js';
import type { CommandContext } from '../command.js';
import type { AwsFlags } from '../commands/common-options.js';
import { CommandError, UsageError } from '../errors.js';
import { ExitCode } from '../io.js';
import { collectCoverage } from './collect-coverage.js';
import { renderCoverageHtml } from './render-html.js';
import { renderCoverageText } from './render-text.js';

export interface CoverageOptions extends AwsFlags {
  readonly securityProfile?: string;
  readonly ou?: string;
  readonly json: boolean;
  readonly html?: string;
  readonly all: boolean;
}

/** `trailwatch coverage`: prints the report, optionally writes the page; exit 2 when uncovered. */
export async function coverage(options: CoverageOptions, context: CommandContext): Promise<number> {
  const { config } = loadDeploymentConfig(options.config, context);
  if (
    options.ou !== undefined &&
    !/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/.test(options.ou)
  ) {
    throw new UsageError(`--ou '${options.ou}' is not an OU or root id`, {
      hint: 'use an id like ou-ab12-cdef3456 or r-ab12',
    });
  }
  const report = await collectCoverage(config, options, context.now());
  if (options.html !== undefined) {
    const path = isAbsolute(options.html) ? options.html : join(context.cwd, options.html);
    try {
      await writeFile(path, renderCoverageHtml(report));
    } catch (error) {
      throw new CommandError(`cannot write ${path}: ${(error as Error).message}`, {
        cause: error,
        hint: 'choose a writable path for --html',
      });
    }
    await context.io.stderr.write(`coverage: wrote ${path}\n`);
  }
  await context.io.stdout.write(
    options.json ? `${JSON.stringify(report)}\n` : renderCoverageText(report, options.all),
  );
  return report.summary.uncovered > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
}
