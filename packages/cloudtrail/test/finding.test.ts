import { loadRecord } from '@trailwatch/fixtures';
import { describe, expect, it } from 'vitest';
import { isFindingDetail, parseEvent, toEnvelope } from '../src/index.js';
import { parsed } from './helpers.js';

const ENVELOPE = 'det-guardduty-finding-high-pos-credential-exfiltration';

describe('Function: parseEvent (GuardDuty findings)', () => {
  it('reads a GuardDuty Finding event: type as eventName, the key owner as actor', () => {
    const envelope = loadRecord(ENVELOPE);
    const event = parsed(envelope);

    expect(event.envelope).toBe(envelope);
    expect(event).toMatchObject({
      eventId: 'a2c8f6d4e1b3a5c7e9f1a3b5c7d9e1f3@2026-11-24T10:20:00.000Z',
      eventName: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      eventSource: 'guardduty.amazonaws.com',
      account: '444455556666',
      region: 'us-east-1',
      time: '2026-11-24T10:20:00.000Z',
      sourceIp: '198.51.100.77',
      actor: { kind: 'assumed-role', name: 'deploy', accessKeyId: 'ASIA5EXAMPLESESSION2' },
      outcome: { success: true },
      mfa: 'unknown',
    });
    expect(event.finding).toEqual({
      id: 'a2c8f6d4e1b3a5c7e9f1a3b5c7d9e1f3',
      type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
      severity: 8,
      title: 'Credentials for the EC2 instance role deploy were used from a remote AWS account.',
      description: expect.stringContaining('198.51.100.77'),
      resource: 'access key ASIA5EXAMPLESESSION2 (deploy)',
      count: 1,
      firstSeen: '2026-11-24T09:58:12.000Z',
      lastSeen: '2026-11-24T10:20:00.000Z',
    });
  });

  it('takes the account from the finding (the member), not the administrator that relayed it', () => {
    const envelope = loadRecord(ENVELOPE);
    expect(envelope.account).toBe('111122223333');
    expect(parsed(envelope).account).toBe('444455556666');
  });

  it('reads a bare finding with a synthesized GuardDuty envelope', () => {
    const detail = loadRecord(ENVELOPE).detail as Record<string, unknown>;
    const fromRaw = parsed(detail);
    // The replay path wraps bare records with toEnvelope first; the finding keeps its own.
    const fromWrapped = parsed(toEnvelope(detail) as unknown as Record<string, unknown>);

    for (const event of [fromRaw, fromWrapped]) {
      expect(event.envelope).toMatchObject({
        source: 'aws.guardduty',
        'detail-type': 'GuardDuty Finding',
        account: '444455556666',
      });
      expect(event.eventId).toBe(parsed(loadRecord(ENVELOPE)).eventId);
    }
  });

  it('names the instance of an EC2 finding and leaves GuardDuty as the actor', () => {
    const event = parsed(loadRecord('det-guardduty-finding-low-pos-port-probe'));

    expect(event.finding?.resource).toBe('instance i-0abcd1234example');
    expect(event.finding?.count).toBe(311);
    expect(event.actor).toEqual({ kind: 'aws-service', name: 'guardduty.amazonaws.com' });
    expect(event.sourceIp).toBe('192.0.2.200');
  });

  it('gives a later update of the same finding a new event id', () => {
    const envelope = loadRecord(ENVELOPE);
    const detail = { ...(envelope.detail as object), updatedAt: '2026-11-24T16:20:00.000Z' };

    expect(parsed({ ...envelope, detail }).eventId).not.toBe(parsed(envelope).eventId);
  });

  it('recognises a finding only by type, numeric severity and service name', () => {
    const detail = loadRecord(ENVELOPE).detail as Record<string, unknown>;

    expect(isFindingDetail(detail)).toBe(true);
    expect(isFindingDetail({ ...detail, severity: '8' })).toBe(false);
    expect(isFindingDetail({ ...detail, service: { serviceName: 'securityhub' } })).toBe(false);
    const notRecord = parseEvent({ ...loadRecord(ENVELOPE), detail: { ...detail, type: 7 } });
    expect(notRecord.ok).toBe(false);
  });
});
