import { describe, expect, it } from 'vitest';
import { type Mute, muteMatches, validateMute, validateMutes } from '../src/index.js';

const NOW = Date.parse('2026-12-02T12:00:00Z');
const mute: Mute = {
  id: 'migration',
  detection: 'iam-user-created',
  until: '2026-12-09T00:00:00Z',
  reason: 'Terraform migration of the identity stack',
  setBy: 'arn:aws:iam::111122223333:user/alice',
};
const subject = {
  detectionId: 'iam-user-created',
  severity: 'medium',
  accountId: '111122223333',
  ouIds: ['ou-ab12-prod1234'],
  ouNames: ['Workloads', 'Prod'],
  actor: 'terraform-deployer (assumed role)',
};

describe('Function: muteMatches', () => {
  it('mutes the detection until the end, and stops by itself at the end', () => {
    expect(muteMatches(mute, subject, NOW)).toBe(true);
    const end = Date.parse(mute.until);
    expect(muteMatches(mute, subject, end - 1)).toBe(true);
    expect(muteMatches(mute, subject, end)).toBe(false);
  });

  it('only mutes its own detection', () => {
    expect(muteMatches(mute, { ...subject, detectionId: 'iam-user-deleted' }, NOW)).toBe(false);
  });

  it('never hides a critical alert unless it says so', () => {
    const critical = { ...subject, severity: 'critical' };
    expect(muteMatches(mute, critical, NOW)).toBe(false);
    expect(muteMatches({ ...mute, includeCritical: true }, critical, NOW)).toBe(true);
  });

  it('narrows to an account, an OU (id or name) and an actor glob, case-insensitively', () => {
    expect(muteMatches({ ...mute, account: '111122223333' }, subject, NOW)).toBe(true);
    expect(muteMatches({ ...mute, account: '444455556666' }, subject, NOW)).toBe(false);
    expect(muteMatches({ ...mute, ou: 'ou-ab12-prod1234' }, subject, NOW)).toBe(true);
    expect(muteMatches({ ...mute, ou: 'Prod' }, subject, NOW)).toBe(true);
    expect(muteMatches({ ...mute, ou: 'Sandbox' }, subject, NOW)).toBe(false);
    expect(muteMatches({ ...mute, actor: 'TERRAFORM-*' }, subject, NOW)).toBe(true);
    expect(muteMatches({ ...mute, actor: 'terraform' }, subject, NOW)).toBe(false);
    // Regex characters in a glob are literal.
    expect(muteMatches({ ...mute, actor: 'terraform-deployer (assumed role)' }, subject, NOW)).toBe(
      true,
    );
    expect(muteMatches({ ...mute, actor: 'terraform.deployer*' }, subject, NOW)).toBe(false);
  });
});

describe('Function: validateMute', () => {
  it('accepts a complete mute', () => {
    expect(validateMute(mute, NOW)).toEqual([]);
  });

  it.each([
    [{ ...mute, until: '2026-12-01' }, 'until', /in the past/],
    [{ ...mute, until: 'next week' }, 'until', /ISO date/],
    [{ ...mute, until: '2027-06-01' }, 'until', /at most 92 days/],
    [{ ...mute, reason: 'x' }, 'reason', /must say why/],
    [{ ...mute, detection: 'IAM User Created' }, 'detection', /detection id/],
    [{ ...mute, account: '1234' }, 'account', /12-digit/],
    [{ ...mute, account: '111122223333', ou: 'Prod' }, 'ou', /not both/],
    [{ ...mute, includeCritical: 'yes' }, 'includeCritical', /true or false/],
    [{ ...mute, channel: '#x' }, 'channel', /not a mute setting/],
  ])('reports %j at %s', (value, path, fix) => {
    const issue = validateMute(value, NOW).find((i) => i.path[0] === path);
    expect(issue?.fix).toMatch(fix);
  });

  it('reports repeated ids in a list, with the index', () => {
    expect(validateMutes([mute, mute], NOW)).toEqual(['mutes[1].id is used twice']);
  });
});
