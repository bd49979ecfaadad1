import { startOrganizationsStandIn } from '@trailwatch/local-aws';
import { describe, expect, it } from 'vitest';
import { accountIdsOf, eventIdOf, regionsOf } from '../src/sample-events.js';
import { sampleOrganization } from '../src/sample-organization.js';

describe('Function: sampleOrganization', () => {
  it('gives every sample account a name, an OU and owner tags, generic ones for unknown ids', () => {
    // Act
    const seed = sampleOrganization(['123456789012', '999988887777']);
    // Assess
    const byId = Object.fromEntries(seed.accounts.map((account) => [account.id, account]));
    expect(byId['123456789012']).toMatchObject({
      name: 'acme-payments-prod',
      parentId: 'ou-a1b2-prod0001',
    });
    expect(byId['999988887777']).toMatchObject({
      name: 'member-999988887777',
      parentId: 'ou-a1b2-workload',
    });
    expect(seed.tags?.['123456789012']?.owner).toBe('payments-team');
    expect(seed.tags?.['999988887777']?.owner).toBe('unknown');
  });

  it('is consistent enough for the Organizations stand-in, which validates ids and parents', async () => {
    // Act
    const started = startOrganizationsStandIn(sampleOrganization(['555566667777'])).then((org) =>
      org.close(),
    );
    // Assess
    await expect(started).resolves.toBeUndefined();
  });
});

describe('Function: accountIdsOf', () => {
  it('collects the distinct account of parsable envelopes and skips the rest', () => {
    // Act
    const ids = accountIdsOf([
      JSON.stringify({ account: '111122223333' }),
      JSON.stringify({ account: '111122223333' }),
      JSON.stringify({ account: 'not-an-id' }),
      'not json',
    ]);
    // Assess
    expect(ids).toEqual(['111122223333']);
  });
});

describe('Function: regionsOf', () => {
  it('collects the distinct regions, sorted, and skips global events without one', () => {
    // Act
    const regions = regionsOf([
      JSON.stringify({ region: 'us-east-1' }),
      JSON.stringify({ region: 'eu-west-1' }),
      JSON.stringify({ region: 'us-east-1' }),
      JSON.stringify({ region: '' }),
      'not json',
    ]);
    // Assess
    expect(regions).toEqual(['eu-west-1', 'us-east-1']);
  });
});

describe('Function: eventIdOf', () => {
  it('reads detail.eventID and tolerates bodies without one', () => {
    // Act / Assess
    expect(eventIdOf(JSON.stringify({ detail: { eventID: 'abc' } }))).toBe('abc');
    expect(eventIdOf(JSON.stringify({ detail: 'garbage' }))).toBeUndefined();
    expect(eventIdOf('{')).toBeUndefined();
  });
});
