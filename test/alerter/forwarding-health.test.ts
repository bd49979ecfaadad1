import { loadRecord } from '@trailwatch/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import { messagesMentioning, type Scenario, startScenario } from './support/scenario.js';

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

describe('Alerter bundle: member forwarding dead-letter alarm', () => {
  it('posts the ALARM state change of a member DLQ alarm to Slack and stays quiet on OK', async () => {
    // Prepare: the envelopes exactly as a member rule forwards them (no CloudTrail record inside).
    scenario = await startScenario();
    const alarm = loadRecord('det-trailwatch-forwarding-dlq-alarm-pos-member-queue');
    const recovered = loadRecord('det-trailwatch-forwarding-dlq-alarm-neg-recovered-ok');
    // Act
    const result = await scenario.run([JSON.stringify(alarm), JSON.stringify(recovered)]);
    // Assess: both acknowledged (nothing malformed or dead-lettered), one Slack post.
    expect(result.deadLettered).toEqual([]);
    expect(scenario.stack.slack.messages).toHaveLength(1);
    const text = JSON.stringify(scenario.stack.slack.messages[0]!.payload);
    expect(text).toContain('trailwatch-forwarding-dlq');
    expect(text).toContain('333333333333');
    expect(messagesMentioning(scenario.stack, String(alarm.id))).toBe(1);
    expect(messagesMentioning(scenario.stack, String(recovered.id))).toBe(0);
  });
});
