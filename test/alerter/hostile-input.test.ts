import { afterEach, describe, expect, it } from 'vitest';
import { createUserBody, createUserRecord, envelope, eventId } from './support/events.js';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: hostile and malformed input', () => {
  it('renders injection strings inert in the delivered payload', async () => {
    // Prepare
    scenario = await startScenario();
    const record = createUserRecord({
      series: 40,
      n: 0,
      actor: '<!channel>',
      userName: '<https://evil.example/login|Click to verify>',
    });
    const body = JSON.stringify(
      envelope({ ...record, userAgent: '<!here> <@U012AB3CD> <!subteam^S0123> & friends' }),
    );
    // Act
    const result = await scenario.run([body]);
    // Assess
    expect(result).toMatchObject({ delivered: 1, deadLettered: [] });
    expect(scenario.stack.slack.messages).toHaveLength(1);
    const payload = JSON.stringify(scenario.stack.slack.messages[0]?.payload);
    for (const live of [
      '<!channel>',
      '<!here>',
      '<@U012AB3CD>',
      '<!subteam^',
      '<https://evil.example',
    ]) {
      expect(payload).not.toContain(live);
    }
    expect(payload).toContain('&lt;!channel&gt;');
    expect(payload).toContain('evil.example');
  });

  it('acknowledges records with a missing or garbage detail, or a body that is not JSON, and delivers the rest', async () => {
    // Prepare
    scenario = await startScenario();
    const base = envelope(createUserRecord({ series: 41, n: 0 }));
    const { detail: _detail, ...withoutDetail } = base;
    const malformed = [
      JSON.stringify(withoutDetail),
      JSON.stringify({ ...base, detail: 'garbage' }),
      JSON.stringify({ ...base, detail: 42 }),
      JSON.stringify({ ...base, detail: [1, 2, 3] }),
      JSON.stringify({ ...base, detail: { eventName: { nested: true }, userIdentity: 'x' } }),
      'not json {',
      '',
      'null',
      '[]',
    ];
    const good = createUserBody({ series: 41, n: 1 });
    const bodies = [...malformed.slice(0, 4), good, ...malformed.slice(4)];
    // Act
    const result = await scenario.run(bodies, { maxReceiveCount: 2, visibilityTimeoutMs: 100 });
    // Assess
    expect(result.handlerErrors).toEqual([]);
    expect(result).toMatchObject({
      delivered: bodies.length,
      receives: bodies.length,
      deadLettered: [],
    });
    expect(messagesMentioning(scenario.stack, eventId(41, 1))).toBe(1);
    expect(scenario.metric('Malformed')).toBeGreaterThanOrEqual(4);
    expect(
      scenario.logs().some((line) => line.level === 'WARN' && /malformed/i.test(line.message)),
    ).toBe(true);
  });
});
