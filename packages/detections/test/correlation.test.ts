import { type CloudTrailEvent, parseEvent } from '@trailwatch/cloudtrail';
import { loadRecord } from '@trailwatch/fixtures';
import { describe, expect, it } from 'vitest';
import {
  type CorrelationAlert,
  Correlator,
  catalogue,
  createClassifier,
  MemoryCorrelationStore,
  statefulCatalogue,
} from '../src/index.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-20T08:00:00Z');
const classifier = createClassifier();
let serial = 0;

/** A fixture record with its id, time and chosen fields replaced: a real shape, a new event. */
function eventFrom(
  fixture: string,
  atMs: number,
  change: (record: Record<string, unknown>) => void = () => {},
): CloudTrailEvent {
  const record = structuredClone(loadRecord(fixture));
  serial += 1;
  record.eventID = `00000000-0000-4000-8000-${String(serial).padStart(12, '0')}`;
  record.eventTime = new Date(atMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  change(record);
  const parsed = parseEvent(record);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.event;
}

function identity(record: Record<string, unknown>): Record<string, unknown> {
  return record.userIdentity as Record<string, unknown>;
}

const rootFailure = (at: number, ip = '203.0.113.7') =>
  eventFrom('det-root-console-sign-in-failed-pos-wrong-password', at, (r) => {
    r.sourceIPAddress = ip;
  });
const userFailure = (at: number, user = 'anaya', ip = '198.51.100.23') =>
  eventFrom('det-console-sign-in-failed-pos-iam-user', at, (r) => {
    identity(r).userName = user;
    r.sourceIPAddress = ip;
  });
const hiddenFailure = (at: number, ip: string) =>
  eventFrom('det-console-sign-in-failed-pos-unknown-user-name', at, (r) => {
    r.sourceIPAddress = ip;
  });
const userSuccess = (at: number, user = 'anaya', mfa = 'Yes') =>
  eventFrom('console-login-iam-user-success-mfa', at, (r) => {
    identity(r).userName = user;
    identity(r).arn = `arn:aws:iam::111122223333:user/${user}`;
    (r.additionalEventData as Record<string, unknown>).MFAUsed = mfa;
  });

async function run(
  events: readonly CloudTrailEvent[],
  store = new MemoryCorrelationStore(),
): Promise<CorrelationAlert[]> {
  const correlator = new Correlator({ store });
  const alerts: CorrelationAlert[] = [];
  for (const event of events) {
    alerts.push(...(await correlator.observe(event, classifier.classify(event))));
  }
  return alerts;
}

function ids(alerts: readonly CorrelationAlert[]): string[] {
  return alerts.map((alert) => alert.detection.id);
}

describe('Stateful catalogue', () => {
  it('refers only to single-event detections that exist, and never reuses their ids', () => {
    const known = new Set(catalogue.map((d) => d.id));
    for (const detection of statefulCatalogue) {
      expect(known.has(detection.id), detection.id).toBe(false);
      const steps = detection.kind === 'threshold' ? [detection.step] : detection.steps;
      for (const step of steps) {
        if ('detections' in step.matches) {
          for (const id of step.matches.detections) expect(known.has(id), id).toBe(true);
        }
      }
    }
  });
});

describe('Threshold: root sign-in brute force (≥ 5 in 15 min per account)', () => {
  const five = (spacingMs: number) => [0, 1, 2, 3, 4].map((i) => rootFailure(T0 + i * spacingMs));

  it('fires at the fifth failure, listing the five events with their ids, times and addresses', async () => {
    const events = five(MINUTE);
    const alerts = await run(events);
    expect(ids(alerts)).toEqual(['root-sign-in-brute-force']);
    const alert = alerts[0]!;
    expect(alert.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(alert.events.map((e) => e.time)).toEqual(events.map((e) => Date.parse(e.time)));
    expect(alert.events.every((e) => e.sourceIp === '203.0.113.7')).toBe(true);
    expect(alert.summary).toBe(
      '5 failed root console sign-ins in account 111122223333 within 4 min from 203.0.113.7',
    );
  });

  it('does not fire at four', async () => {
    expect(await run(five(MINUTE).slice(0, 4))).toEqual([]);
  });

  it('fires when the first and last are exactly the window apart, not a second more', async () => {
    const edge = [0, 1, 2, 3].map((i) => rootFailure(T0 + i * MINUTE));
    expect(ids(await run([...edge, rootFailure(T0 + 15 * MINUTE)]))).toEqual([
      'root-sign-in-brute-force',
    ]);
    const past = [0, 1, 2, 3].map((i) => rootFailure(T0 + i * MINUTE));
    expect(await run([...past.slice(1), past[0]!, rootFailure(T0 + 15 * MINUTE + 1000)])).toEqual(
      [],
    );
  });

  it('fires once per window, not on every event past the threshold', async () => {
    const storm = Array.from({ length: 12 }, (_, i) => rootFailure(T0 + i * 30_000));
    expect(ids(await run(storm))).toEqual(['root-sign-in-brute-force']);
  });

  it('fires again for a new window of failures after the first window has passed', async () => {
    const first = five(MINUTE);
    const later = [0, 1, 2, 3, 4].map((i) => rootFailure(T0 + 20 * MINUTE + i * MINUTE));
    const alerts = await run([...first, ...later]);
    expect(ids(alerts)).toEqual(['root-sign-in-brute-force', 'root-sign-in-brute-force']);
    expect(alerts[1]!.events.map((e) => e.eventId)).toEqual(later.map((e) => e.eventId));
  });

  it('counts events that arrive out of order within the normal delay, in event time', async () => {
    const events = five(2 * MINUTE);
    const shuffled = [events[3]!, events[0]!, events[4]!, events[1]!, events[2]!];
    const alerts = await run(shuffled);
    expect(ids(alerts)).toEqual(['root-sign-in-brute-force']);
    expect(alerts[0]!.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('counts an event delivered twice once', async () => {
    const four = five(MINUTE).slice(0, 4);
    expect(await run([...four, four[2]!, four[3]!])).toEqual([]);
  });

  it('forgets state once the window and the lateness allowance have passed', async () => {
    const store = new MemoryCorrelationStore();
    await run(five(MINUTE).slice(0, 4), store);
    expect(store.size).toBe(1);
    // Another account's failure an hour later moves event time on: the old window is dropped.
    await run(
      [
        eventFrom('det-root-console-sign-in-failed-pos-wrong-password', T0 + 60 * MINUTE, (r) => {
          r.recipientAccountId = '444455556666';
        }),
      ],
      store,
    );
    expect(store.size).toBe(1);
  });

  it('still counts an event that arrives late, until the window plus 15 minutes have passed', async () => {
    const otherAccount = (at: number) =>
      eventFrom('det-root-console-sign-in-failed-pos-wrong-password', at, (r) => {
        r.recipientAccountId = '444455556666';
      });
    const four = () => [0, 1, 2, 3].map((i) => rootFailure(T0 + i * MINUTE));
    // Newest of the four at T0+3m: kept until T0+3m + 15m window + 15m lateness = T0+33m.
    const inTime = await run([
      ...four(),
      otherAccount(T0 + 33 * MINUTE),
      rootFailure(T0 + 4 * MINUTE),
    ]);
    expect(ids(inTime)).toEqual(['root-sign-in-brute-force']);
    const tooLate = await run([
      ...four(),
      otherAccount(T0 + 33 * MINUTE + 1000),
      rootFailure(T0 + 4 * MINUTE),
    ]);
    expect(tooLate).toEqual([]);
  });

  it('keeps accounts apart', async () => {
    const other = (at: number) =>
      eventFrom('det-root-console-sign-in-failed-pos-wrong-password', at, (r) => {
        r.recipientAccountId = '444455556666';
      });
    const mixed = [0, 1, 2].map((i) => rootFailure(T0 + i * MINUTE));
    mixed.push(other(T0 + 3 * MINUTE), other(T0 + 4 * MINUTE));
    expect(await run(mixed)).toEqual([]);
  });
});

describe('Threshold: password spraying (≥ 10 distinct user names from one address in 60 min)', () => {
  it('fires at the tenth distinct user name from one address', async () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      userFailure(T0 + i * 5 * MINUTE, `user${i}`, '192.0.2.50'),
    );
    const alerts = await run(events);
    expect(ids(alerts)).toContain('console-password-spraying');
    const spraying = alerts.find((a) => a.detection.id === 'console-password-spraying')!;
    expect(spraying.key).toBe('192.0.2.50');
    expect(spraying.summary).toMatch(
      /^failed console sign-ins for 10 user names from 192\.0\.2\.50/,
    );
  });

  it('does not fire for nine names tried many times', async () => {
    const events = Array.from({ length: 27 }, (_, i) =>
      userFailure(T0 + i * MINUTE, `user${i % 9}`, '192.0.2.50'),
    );
    expect(ids(await run(events))).not.toContain('console-password-spraying');
  });

  it('counts names CloudTrail hid as one each', async () => {
    const events = Array.from({ length: 10 }, (_, i) =>
      hiddenFailure(T0 + i * MINUTE, '192.0.2.60'),
    );
    expect(ids(await run(events))).toEqual(['console-password-spraying']);
  });

  it('one storm of 1,000 failures from one address yields one spraying alert', async () => {
    const events = Array.from({ length: 1000 }, (_, i) =>
      userFailure(T0 + i * 3000, `user${i}`, '192.0.2.70'),
    );
    const spraying = (await run(events)).filter(
      (a) => a.detection.id === 'console-password-spraying',
    );
    expect(spraying).toHaveLength(1);
  });
});

describe('Threshold: one user, ≥ 10 failures in 15 min', () => {
  it('fires at ten and not at nine', async () => {
    const nine = Array.from({ length: 9 }, (_, i) => userFailure(T0 + i * MINUTE, 'bob'));
    expect(ids(await run(nine))).not.toContain('console-sign-in-brute-force');
    const ten = [...nine, userFailure(T0 + 9 * MINUTE, 'bob')];
    expect(ids(await run(ten))).toContain('console-sign-in-brute-force');
  });
});

describe('Sequence: success after failures (same user, 30 min)', () => {
  it('fires when three failures are followed by a success', async () => {
    const events = [
      userFailure(T0),
      userFailure(T0 + MINUTE),
      userFailure(T0 + 2 * MINUTE),
      userSuccess(T0 + 3 * MINUTE),
    ];
    const alerts = await run(events);
    expect(ids(alerts)).toEqual(['console-sign-in-after-failures']);
    expect(alerts[0]!.events.map((e) => e.step)).toEqual([0, 0, 0, 1]);
    expect(alerts[0]!.detection.severity).toBe('high');
  });

  it('does not fire after two failures, for a success first, or for another user', async () => {
    expect(await run([userFailure(T0), userFailure(T0 + 1000), userSuccess(T0 + 2000)])).toEqual(
      [],
    );
    expect(
      await run([
        userSuccess(T0),
        userFailure(T0 + 1000),
        userFailure(T0 + 2000),
        userFailure(T0 + 3000),
      ]),
    ).toEqual([]);
    expect(
      await run([
        userFailure(T0),
        userFailure(T0 + 1000),
        userFailure(T0 + 2000),
        userSuccess(T0 + 3000, 'someone-else'),
      ]),
    ).toEqual([]);
  });

  it('fires at exactly 30 minutes from the first failure and not a second later', async () => {
    const failures = () => [userFailure(T0), userFailure(T0 + 1000), userFailure(T0 + 2000)];
    expect(ids(await run([...failures(), userSuccess(T0 + 30 * MINUTE)]))).toEqual([
      'console-sign-in-after-failures',
    ]);
    expect(await run([...failures(), userSuccess(T0 + 30 * MINUTE + 1000)])).toEqual([]);
  });
});

describe('Sequence: new user made admin and given credentials by the same actor (1 h)', () => {
  const created = (at: number) => eventFrom('det-iam-user-created-pos-cli', at);
  const admin = (at: number) => eventFrom('det-admin-policy-attached-pos-user', at);
  const key = (at: number, actorArn?: string) =>
    eventFrom('det-access-key-created-for-other-user-pos-user-for-bob', at, (r) => {
      if (actorArn) {
        identity(r).arn = actorArn;
        identity(r).principalId = 'AIDAOTHERACTOREXAMPLE';
      }
    });

  it('fires critical for create, admin, key in order', async () => {
    const alerts = await run([created(T0), admin(T0 + 5 * MINUTE), key(T0 + 10 * MINUTE)]);
    expect(ids(alerts)).toEqual(['iam-user-created-armed']);
    expect(alerts[0]!.detection.severity).toBe('critical');
    expect(alerts[0]!.summary).toMatch(
      /created IAM user bob, made it admin and gave it credentials/,
    );
  });

  it('does not fire when another principal created the key, or the key came before admin', async () => {
    expect(
      await run([
        created(T0),
        admin(T0 + MINUTE),
        key(T0 + 2 * MINUTE, 'arn:aws:iam::111122223333:user/mallory'),
      ]),
    ).toEqual([]);
    expect(await run([created(T0), key(T0 + MINUTE), admin(T0 + 2 * MINUTE)])).toEqual([]);
  });
});

describe('Sequence: MFA deactivated, then a sign-in without MFA (1 h)', () => {
  const deactivated = (at: number) => eventFrom('det-mfa-device-deactivated-pos-for-bob', at);

  it('fires for the user whose MFA was removed', async () => {
    expect(ids(await run([deactivated(T0), userSuccess(T0 + 10 * MINUTE, 'bob', 'No')]))).toEqual([
      'sign-in-without-mfa-after-mfa-removed',
    ]);
  });

  it('does not fire for a sign-in with MFA or for another user', async () => {
    expect(await run([deactivated(T0), userSuccess(T0 + MINUTE, 'bob', 'Yes')])).toEqual([]);
    expect(await run([deactivated(T0), userSuccess(T0 + MINUTE, 'carol', 'No')])).toEqual([]);
  });
});

describe('An alert that could not be delivered', () => {
  it('fires again when its last event is redelivered after the firing was given back', async () => {
    const store = new MemoryCorrelationStore();
    const correlator = new Correlator({ store });
    const events = [0, 1, 2, 3, 4].map((i) => rootFailure(T0 + i * MINUTE));
    let fired: CorrelationAlert[] = [];
    for (const event of events) fired = await correlator.observe(event, classifier.classify(event));
    expect(ids(fired)).toEqual(['root-sign-in-brute-force']);
    const last = events[4]!;
    // Without giving it back, the redelivered event is a duplicate: nothing fires.
    expect(await correlator.observe(last, classifier.classify(last))).toEqual([]);
    await correlator.reopen(fired[0]!);
    expect(ids(await correlator.observe(last, classifier.classify(last)))).toEqual([
      'root-sign-in-brute-force',
    ]);
  });
});

describe('Two writers on one store', () => {
  it('post one alert: the second compare-and-set loses', async () => {
    const store = new MemoryCorrelationStore();
    const events = [0, 1, 2, 3, 4].map((i) => rootFailure(T0 + i * MINUTE));
    const a = new Correlator({ store });
    const b = new Correlator({ store });
    for (const event of events.slice(0, 4)) await a.observe(event, classifier.classify(event));
    const last = events[4]!;
    const both = await Promise.all([
      a.observe(last, classifier.classify(last)),
      b.observe(last, classifier.classify(last)),
    ]);
    expect(both.flat()).toHaveLength(1);
  });
});
