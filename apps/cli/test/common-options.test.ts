import { describe, expect, it } from 'vitest';
import { awsCommandFlags, presentStringFlags } from '../src/commands/common-options.js';
import { UsageError } from '../src/errors.js';

const args = (values: Record<string, string | boolean>) => ({ values, positionals: [] });

describe('Function: presentStringFlags', () => {
  it('keeps the flags given a value, under their option names, and drops empty ones', () => {
    expect(
      presentStringFlags(args({ 'security-profile': 'security', ou: '' }), {
        securityProfile: 'security-profile',
        ou: 'ou',
        html: 'html',
      }),
    ).toEqual({ securityProfile: 'security' });
  });
});

describe('Function: awsCommandFlags', () => {
  it('passes on the AWS flags, --json and the named string flags', () => {
    expect(
      awsCommandFlags(args({ profile: 'p', region: 'eu-west-1', json: true, html: 'out.html' }), {
        html: 'html',
      }),
    ).toEqual({ profile: 'p', region: 'eu-west-1', json: true, html: 'out.html' });
    expect(awsCommandFlags(args({}))).toEqual({ json: false });
  });

  it('refuses a region that is not a region code', () => {
    expect(() => awsCommandFlags(args({ region: 'Ireland' }))).toThrow(UsageError);
  });
});
