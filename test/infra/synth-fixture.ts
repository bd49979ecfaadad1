import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildTrailwatchApp,
  EXAMPLE_CONFIG_FILE,
  parseConfig,
  type TrailwatchConfig,
  type TrailwatchStacks,
} from '@trailwatch/infra';
import type { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

/** The committed example configuration as written, for tests to vary. */
export function exampleInput(): Record<string, unknown> {
  return JSON.parse(readFileSync(EXAMPLE_CONFIG_FILE, 'utf8')) as Record<string, unknown>;
}

/** A synthesized trailwatch app with every stack's template. */
export interface SynthesizedApp {
  readonly config: TrailwatchConfig;
  readonly app: App;
  readonly stacks: TrailwatchStacks;
  readonly all: readonly Stack[];
  template(stack: Stack): Template;
  /** Removes the temporary bundle directory. */
  cleanup(): void;
}

/**
 * Builds and synthesizes the app for the example configuration with `overrides` applied. The
 * alerter bundle is a placeholder `index.mjs` in a temporary directory, so these tests do not
 * depend on `pnpm build`.
 */
export function synthesize(overrides: Record<string, unknown> = {}): SynthesizedApp {
  const bundleDir = mkdtempSync(join(tmpdir(), 'trailwatch-bundle-'));
  writeFileSync(join(bundleDir, 'index.mjs'), 'export const handler = async () => ({});\n');
  writeFileSync(join(bundleDir, 'watchdog.mjs'), 'export const handler = async () => ({});\n');
  const config = parseConfig({ ...exampleInput(), ...overrides }, 'test configuration');
  const { app, stacks, all } = buildTrailwatchApp({ config, alerterBundleDir: bundleDir });
  const assembly = app.synth();
  const templates = new Map<Stack, Template>();
  return {
    config,
    app,
    stacks,
    all,
    template(stack) {
      let template = templates.get(stack);
      if (!template) {
        template = Template.fromJSON(
          assembly.getStackByName(stack.stackName).template as Record<string, unknown>,
        );
        templates.set(stack, template);
      }
      return template;
    },
    cleanup() {
      rmSync(bundleDir, { recursive: true, force: true });
    },
  };
}

/** Every `Statement` of a policy document, however CloudFormation nests it. */
export function statementsOf(document: unknown): Record<string, unknown>[] {
  if (document === null || typeof document !== 'object') return [];
  const statement = (document as { Statement?: unknown }).Statement;
  if (statement === undefined) return [];
  return (Array.isArray(statement) ? statement : [statement]) as Record<string, unknown>[];
}

/** Lists a statement field (`Action`, `Resource`) as an array. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
