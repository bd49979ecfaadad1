import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrapCommands, loadConfig } from '@trailwatch/config';
import {
  INLINE_TEMPLATE_LIMIT_BYTES,
  MEMBER_TEMPLATE_FILE,
  writeMemberTemplate,
} from '@trailwatch/member-stack';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveConfigPath } from '../config-path.js';
import {
  DEFAULT_ALERTER_BUNDLE_DIR,
  DEFAULT_OUTDIR,
  EXAMPLE_CONFIG_FILE,
  REPO_ROOT,
} from '../paths.js';
import { buildTrailwatchApp } from '../trailwatch-app.js';

const HELP = `Usage: pnpm synth [--config <file>] [--out <dir>] [--member-template <file>] [--alerter-bundle <dir>]

Synthesizes every trailwatch template without AWS credentials:
  stacksets/member/member.template.json   (refreshed; commit it)
  apps/infra/cdk.out/*.template.json       (security, StackSet, management, Identity Center)
cdk-nag AwsSolutions checks run on every stack; a finding fails the synth.

  --config <file>  configuration (default: $TRAILWATCH_CONFIG, else trailwatch.config.json,
                   else trailwatch.config.example.json)
  --out <dir>      cloud assembly directory (default: apps/infra/cdk.out)
  --member-template <file>
                   where to write the member template (default: the committed
                   stacksets/member/member.template.json)
  --alerter-bundle <dir>
                   directory holding the alerter's index.mjs (default: apps/alerter/dist)`;

function main(): number {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      out: { type: 'string' },
      'member-template': { type: 'string' },
      'alerter-bundle': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const configFile = resolveConfigPath(values.config);
  const config = loadConfig(configFile);
  const shown = relative(process.cwd(), configFile) || configFile;
  console.log(
    configFile === EXAMPLE_CONFIG_FILE
      ? `config: ${shown} (the committed example: fine for synth, refused by cdk deploy)`
      : `config: ${shown}`,
  );

  const memberFile = values['member-template']
    ? resolve(values['member-template'])
    : MEMBER_TEMPLATE_FILE;
  const memberText = writeMemberTemplate(memberFile);
  const memberBody = JSON.stringify(JSON.parse(memberText));
  console.log(
    `member template: ${relative(REPO_ROOT, memberFile)} (${Buffer.byteLength(memberBody)} of ${INLINE_TEMPLATE_LIMIT_BYTES} bytes inline)`,
  );

  const { app, all } = buildTrailwatchApp({
    config,
    alerterBundleDir: values['alerter-bundle']
      ? resolve(values['alerter-bundle'])
      : DEFAULT_ALERTER_BUNDLE_DIR,
    memberTemplateFile: memberFile,
    appProps: { outdir: values.out ? resolve(values.out) : DEFAULT_OUTDIR },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const assembly = app.synth();
  console.log('cdk-nag AwsSolutions: no unacknowledged findings');
  for (const stack of all) {
    const artifact = assembly.getStackByName(stack.stackName);
    console.log(
      `${stack.artifactId} (stack ${stack.stackName}): ${relative(REPO_ROOT, artifact.templateFullPath)} (${stack.account}/${stack.region})`,
    );
  }
  console.log(
    "\nBootstrap once per account, with that account's credentials, before the first deploy:",
  );
  for (const command of bootstrapCommands(config)) console.log(`  ${command}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
