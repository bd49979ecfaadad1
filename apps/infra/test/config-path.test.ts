import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ExampleConfigError,
  resolveConfigPath,
  resolveDeployConfigPath,
} from '../src/config-path.js';
import { EXAMPLE_CONFIG_FILE, REPO_ROOT } from '../src/paths.js';

describe('Function: resolveConfigPath', () => {
  it('resolves an explicit path against the working directory', () => {
    expect(resolveConfigPath('configs/prod.json', {})).toBe(resolve('configs/prod.json'));
  });

  it('prefers the explicit path over TRAILWATCH_CONFIG', () => {
    expect(resolveConfigPath('/a.json', { TRAILWATCH_CONFIG: '/b.json' })).toBe('/a.json');
  });

  it('uses TRAILWATCH_CONFIG when no path is given', () => {
    expect(resolveConfigPath(undefined, { TRAILWATCH_CONFIG: '/b.json' })).toBe('/b.json');
  });

  it('falls back to trailwatch.config.json at the root, else the committed example', () => {
    expect([join(REPO_ROOT, 'trailwatch.config.json'), EXAMPLE_CONFIG_FILE]).toContain(
      resolveConfigPath(undefined, {}),
    );
  });
});

describe('Function: resolveDeployConfigPath', () => {
  it('refuses the committed example, with how to make a real configuration', () => {
    expect(() => resolveDeployConfigPath({ TRAILWATCH_CONFIG: EXAMPLE_CONFIG_FILE })).toThrow(
      ExampleConfigError,
    );
    expect(() => resolveDeployConfigPath({ TRAILWATCH_CONFIG: EXAMPLE_CONFIG_FILE })).toThrow(
      /Copy it to trailwatch\.config\.json/,
    );
  });

  it('accepts any other file', () => {
    expect(resolveDeployConfigPath({ TRAILWATCH_CONFIG: '/etc/trailwatch/prod.json' })).toBe(
      '/etc/trailwatch/prod.json',
    );
  });
});
