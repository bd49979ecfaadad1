// Entry point for the CDK CLI (apps/infra/cdk.json): `npx cdk deploy <stack>`.
// Choose the configuration with TRAILWATCH_CONFIG=<file>; see docs/deploy.md. Unlike `pnpm synth`,
// this entry refuses the committed example: it is what `cdk deploy` runs.
import { relative } from 'node:path';
import { loadConfig } from '@trailwatch/config';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveDeployConfigPath } from '../config-path.js';
import { DEFAULT_ALERTER_BUNDLE_DIR } from '../paths.js';
import { buildTrailwatchApp } from '../trailwatch-app.js';

const configFile = resolveDeployConfigPath();
// stderr: the CDK CLI reads the cloud assembly, not stdout, and the operator must see the file.
process.stderr.write(
  `trailwatch: configuration ${relative(process.cwd(), configFile) || configFile}\n`,
);
const { app } = buildTrailwatchApp({
  config: loadConfig(configFile),
  alerterBundleDir: DEFAULT_ALERTER_BUNDLE_DIR,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
