import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** Pure domain packages: they run in the alerter, the CLI and CDK alike, so they stay free of both. */
const DOMAIN_PACKAGES = [
  'event-pattern',
  'cloudtrail',
  'detections',
  'slack',
  'config',
  'contract',
];
const FORBIDDEN = [
  /^@aws-sdk\//,
  /^aws-cdk-lib/,
  /^constructs$/,
  /^@aws-lambda-powertools\//,
  /^cdk-nag$/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.[cm]?ts$/.test(name) ? [path] : [];
  });
}

function importedModules(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? '',
  );
}

describe('Dependency direction', () => {
  it.each(DOMAIN_PACKAGES)(
    'packages/%s declares no AWS SDK, CDK or Powertools dependency',
    (name) => {
      const manifest = JSON.parse(
        readFileSync(join(repo, 'packages', name, 'package.json'), 'utf8'),
      );
      const declared = Object.keys(manifest.dependencies ?? {});
      expect(declared.filter((dep) => FORBIDDEN.some((re) => re.test(dep)))).toEqual([]);
    },
  );

  it.each(DOMAIN_PACKAGES)(
    'packages/%s/src imports no AWS SDK, CDK or Powertools module',
    (name) => {
      const offenders = sourceFiles(join(repo, 'packages', name, 'src')).flatMap((file) =>
        importedModules(file)
          .filter((mod) => FORBIDDEN.some((re) => re.test(mod)))
          .map((mod) => `${relative(repo, file)} imports ${mod}`),
      );
      expect(offenders).toEqual([]);
    },
  );

  it('no runtime package imports CDK, and nothing imports test/', () => {
    const runtime = [
      'apps/alerter/src',
      'apps/cli/src',
      ...DOMAIN_PACKAGES.map((p) => `packages/${p}/src`),
    ];
    const offenders = runtime.flatMap((dir) =>
      sourceFiles(join(repo, dir)).flatMap((file) =>
        importedModules(file)
          .filter((mod) => /^aws-cdk-lib|^constructs$/.test(mod) || mod.includes('/test/'))
          .map((mod) => `${relative(repo, file)} imports ${mod}`),
      ),
    );
    expect(offenders).toEqual([]);
  });

  it('the Lambdas read their environment through the contract, never the zod configuration', () => {
    // zod and the configuration schema stay out of the alerter and watchdog bundles.
    const offenders = sourceFiles(join(repo, 'apps/alerter/src')).flatMap((file) =>
      importedModules(file)
        .filter((mod) => mod === 'zod' || mod === '@trailwatch/config')
        .map((mod) => `${relative(repo, file)} imports ${mod}`),
    );
    expect(offenders).toEqual([]);
    const contract = JSON.parse(
      readFileSync(join(repo, 'packages', 'contract', 'package.json'), 'utf8'),
    );
    expect(Object.keys(contract.dependencies ?? {})).toEqual([]);
  });
});
