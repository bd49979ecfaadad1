import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MEMBER_TEMPLATE_FILE } from '@trailwatch/member-stack';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleInput } from './synth-fixture.js';

const REPO_ROOT = new URL('../../', import.meta.url).pathname;

function runSynth(args: string[]) {
  return spawnSync('npx', ['tsx', 'apps/infra/src/bin/synth.ts', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, TRAILWATCH_CONFIG: '' },
  });
}

describe('Command: pnpm synth', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trailwatch-synth-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails on an invalid configuration with the field, the value and the fix, writing nothing', () => {
    const config = join(dir, 'trailwatch.config.json');
    writeFileSync(config, JSON.stringify({ ...exampleInput(), securityAccountId: '12345' }));
    const before = readFileSync(MEMBER_TEMPLATE_FILE, 'utf8');
    const result = runSynth(['--config', config, '--out', join(dir, 'out')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'securityAccountId: got "12345" — must be a 12-digit AWS account id like "111122223333"',
    );
    expect(result.stdout).not.toContain('member template:');
    expect(readFileSync(MEMBER_TEMPLATE_FILE, 'utf8')).toBe(before);
  });

  it('writes the member, security and management templates without AWS credentials', () => {
    // A placeholder bundle keeps this test independent of `pnpm build`.
    const bundle = join(dir, 'bundle');
    mkdirSync(bundle);
    writeFileSync(join(bundle, 'index.mjs'), 'export const handler = async () => ({});\n');
    writeFileSync(join(bundle, 'watchdog.mjs'), 'export const handler = async () => ({});\n');
    const out = join(dir, 'cdk.out');
    const member = join(dir, 'member.template.json');
    const result = spawnSync(
      'npx',
      [
        'tsx',
        'apps/infra/src/bin/synth.ts',
        '--config',
        'trailwatch.config.example.json',
        '--alerter-bundle',
        bundle,
        '--out',
        out,
        '--member-template',
        member,
      ],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          AWS_CONFIG_FILE: join(dir, 'no-config'),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
        },
      },
    );
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'config: trailwatch.config.example.json (the committed example: fine for synth, refused by cdk deploy)',
    );
    // The bootstrap plan covers the StackSet stack's home region (eu-west-1), not only members.
    expect(result.stdout).toContain('npx cdk bootstrap --no-notices aws://222222222222/eu-west-1');
    expect(result.stdout).toMatch(
      /npx cdk bootstrap --no-notices aws:\/\/111111111111\/eu-west-1 aws:\/\/111111111111\/us-east-1 /,
    );
    expect(result.stdout).toContain('cdk-nag AwsSolutions: no unacknowledged findings');
    for (const stack of [
      'TrailwatchSecurity',
      'TrailwatchStackSet',
      'TrailwatchManagement',
      'TrailwatchManagementMember-us-east-1',
      'TrailwatchIdentityCenter',
    ]) {
      expect(existsSync(join(out, `${stack}.template.json`)), stack).toBe(true);
    }
    expect(readFileSync(member, 'utf8')).toBe(readFileSync(MEMBER_TEMPLATE_FILE, 'utf8'));
  });

  it('names a configuration file that does not exist', () => {
    const result = runSynth(['--config', join(dir, 'missing.json')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('missing.json: not found');
  });
});
