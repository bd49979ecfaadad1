// Entry point for the CDK CLI (apps/infra/cdk.json): `npx cdk synth|deploy <stack>`.
// Choose the configuration with TRAILWATCH_CONFIG=<file>; see docs/deploy.md.
import { loadConfig } from '@trailwatch/config';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { resolveConfigPath } from '../config-path.js';
import { DEFAULT_ALERTER_BUNDLE_DIR } from '../paths.js';
import { buildTrailwatchApp } from '../trailwatch-app.js';

const { app } = buildTrailwatchApp({
  config: loadConfig(resolveConfigPath()),
  alerterBundleDir: DEFAULT_ALERTER_BUNDLE_DIR,
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
