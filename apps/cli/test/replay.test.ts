import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { toEnvelope } from '@trailwatch/cloudtrail';
import { loadRecord } from '@trailwatch/fixtures';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReplayOptions, replay } from '../src/commands/replay.js';
import { ExitCode } from '../src/io.js';
import { alertKeys, allRecords, memoryIo, tempDir } from './helpers.js';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
});

async function run(options: Partial<ReplayOptions> & { paths: string[] }, stdin?: string | Buffer) {
  const io = memoryIo(stdin);
  const result = await replay({ progress: false, ...options }, io);
  return { ...result, out: io.out(), err: io.err() };
}

const records = allRecords();
const s3File = () => `${JSON.stringify({ Records: records })}\n`;
const jsonLines = (values: readonly unknown[]) =>
  `${values.map((v) => JSON.stringify(v)).join('\n')}\n`;

describe('Function: replay', () => {
  it('alerts on the risky fixtures of a CloudTrail S3 log file and skips read-only ones', async () => {
    const file = dir.write('log.json', s3File());
    const { exitCode, stats, out } = await run({ paths: [file], json: true });
    expect(exitCode).toBe(ExitCode.OK);
    expect(stats.records).toBe(records.length);
    expect(stats.evaluated + stats.skippedReadOnly).toBe(records.length);
    const keys = alertKeys(out);
    const root = loadRecord('console-login-root-success');
    expect(keys).toContain(`root-console-sign-in ${root.eventID}`);
    const created = loadRecord('create-user');
    expect(keys).toContain(`iam-user-created ${created.eventID}`);
    // A denied CreateUser created nobody; a read-only ListUsers is never delivered.
    expect(keys).not.toContain(
      `iam-user-created ${loadRecord('create-user-access-denied').eventID}`,
    );
    expect(keys.some((k) => k.endsWith(String(loadRecord('iam-list-users').eventID)))).toBe(false);
    expect(stats.skippedReadOnly).toBeGreaterThan(0);
  });

  it('finds the same alerts in every input form', async () => {
    const expected = alertKeys(
      (await run({ paths: [dir.write('a.json', s3File())], json: true })).out,
    );
    expect(expected.length).toBeGreaterThan(5);
    const lookup = {
      Events: records.map((r) => ({
        EventId: r.eventID,
        EventName: r.eventName,
        CloudTrailEvent: JSON.stringify(r),
      })),
      NextToken: 'kbOt5LlZe++mErCebpy2TgaMgmDvF1kYGFcH64JSjIbZFjsuvrSqg66b5YGssKutDYIyII4lrP4',
    };
    const forms: Record<string, string | Buffer> = {
      'gzip.json.gz': gzipSync(s3File()),
      'gzip-without-extension.json': gzipSync(s3File()),
      'records.jsonl': jsonLines(records),
      'envelopes.jsonl': jsonLines(records.map((r) => toEnvelope(r))),
      'array.json': JSON.stringify(records, null, 2),
      'lookup-events.json': JSON.stringify(lookup, null, 4),
      'concatenated-pretty.json': records.map((r) => JSON.stringify(r, null, 2)).join('\n'),
      'bom-crlf.jsonl': `\uFEFF${records.map((r) => JSON.stringify(r)).join('\r\n')}\r\n`,
    };
    for (const [name, content] of Object.entries(forms)) {
      const { out, err, exitCode } = await run({ paths: [dir.write(name, content)], json: true });
      expect({ name, err, exitCode }).toEqual({ name, err: '', exitCode: ExitCode.OK });
      expect({ name, alerts: alertKeys(out) }).toEqual({ name, alerts: expected });
    }
  });

  it('reads a single record file and a single envelope file', async () => {
    const record = loadRecord('console-login-root-success');
    const one = dir.write('one.json', JSON.stringify(record, null, 2));
    const envelope = dir.write('envelope.json', JSON.stringify(toEnvelope(record), null, 2));
    const { out, stats } = await run({ paths: [one, envelope], json: true });
    expect(stats.records).toBe(2);
    expect(alertKeys(out)).toEqual([
      `root-console-sign-in ${record.eventID}`,
      `root-console-sign-in ${record.eventID}`,
    ]);
  });

  it('walks directories recursively and skips other files with a notice', async () => {
    dir.write('AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/26/a.json.gz', gzipSync(s3File()));
    dir.write('AWSLogs/111122223333/CloudTrail/eu-west-1/2026/11/26/b.json', s3File());
    dir.write('AWSLogs/README.md', '# notes\n');
    const { stats, err, exitCode } = await run({ paths: [dir.path] });
    expect(exitCode).toBe(ExitCode.OK);
    expect(stats.filesRead).toBe(2);
    expect(stats.filesSkipped).toBe(1);
    expect(stats.records).toBe(2 * records.length);
    expect(err).toMatch(/notice: skipped .*README\.md/);
  });

  it('reads a directory behind a symbolic link loop once and does not recurse into the loop', async () => {
    dir.write('logs/a/a.json', s3File());
    symlinkSync('..', join(dir.path, 'logs/a/up'));
    const { stats, err, exitCode } = await run({ paths: [join(dir.path, 'logs')] });
    expect(exitCode).toBe(ExitCode.OK);
    expect(stats.records).toBe(records.length);
    expect(stats.filesRead).toBe(1);
    expect(stats.filesUnreadable).toBe(0);
    expect(err).not.toContain('ELOOP');
    expect(err).toMatch(/notice: skipped .*logs\/a\/up: already read/);
  });

  it('reads stdin for -', async () => {
    const { stats, out } = await run({ paths: ['-'], json: true }, jsonLines(records));
    expect(stats.records).toBe(records.length);
    expect(JSON.parse(out.split('\n')[0] ?? '').file).toBe('-');
  });

  it('warns about a broken line, naming file and line, and replays the rest', async () => {
    const lines = records.slice(0, 3).map((r) => JSON.stringify(r));
    lines.splice(1, 0, '{"eventName": "CreateUser", "userIdentity": {');
    const file = dir.write('broken.jsonl', `${lines.join('\n')}\n`);
    const { stats, err, exitCode } = await run({ paths: [file] });
    expect(exitCode).toBe(ExitCode.OK);
    expect(stats.records).toBe(3);
    expect(stats.malformed).toBe(1);
    expect(err).toContain(`warning: ${file}: line 2: invalid JSON`);
  });

  it('warns about records that are not CloudTrail records by their index', async () => {
    const file = dir.write('odd.json', JSON.stringify({ Records: [records[0], 42, { hello: 1 }] }));
    const { stats, err } = await run({ paths: [file] });
    expect(stats.records).toBe(1);
    expect(stats.malformed).toBe(2);
    expect(err).toContain(`${file}: record 2: expected a JSON object, got a number`);
    expect(err).toContain(`${file}: record 3: not a CloudTrail record`);
  });

  it('ignores CloudTrail digest files found next to log files', async () => {
    const digest = {
      awsAccountId: '111122223333',
      digestStartTime: '2026-11-26T00:00:00Z',
      digestEndTime: '2026-11-26T01:00:00Z',
      digestPublicKeyFingerprint: '9d2b6c1e0f4a3b5c7d8e9f0a1b2c3d4e',
      logFiles: [],
    };
    dir.write('CloudTrail-Digest/d.json.gz', gzipSync(JSON.stringify(digest)));
    dir.write('CloudTrail/a.json.gz', gzipSync(s3File()));
    const { stats, err, exitCode } = await run({ paths: [dir.path] });
    expect({ err, exitCode, ignored: stats.ignored, malformed: stats.malformed }).toEqual({
      err: '',
      exitCode: ExitCode.OK,
      ignored: 1,
      malformed: 0,
    });
  });

  it('ignores CloudTrail Insights records instead of warning about each one', async () => {
    // Shape from the CloudTrail user guide, "CloudTrail record contents for Insights events for trails".
    const insight = (state: 'Start' | 'End') => ({
      eventVersion: '1.07',
      eventTime: '2026-11-26T08:00:00Z',
      awsRegion: 'us-east-1',
      eventID: `a9edc959-9488-4790-be0f-05d60e56b547-${state}`,
      eventType: 'AwsCloudTrailInsight',
      recipientAccountId: '111122223333',
      sharedEventID: '12edc982-3348-4794-83d3-a3db26525049',
      insightDetails: {
        state,
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        insightType: 'ApiCallRateInsight',
        insightContext: { statistics: { baseline: { average: 0.01 }, insight: { average: 5 } } },
      },
      eventCategory: 'Insight',
    });
    dir.write(
      'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2026/11/26/i.json.gz',
      gzipSync(JSON.stringify({ Records: [insight('Start'), insight('End')] })),
    );
    dir.write('envelope.jsonl', jsonLines([toEnvelope(insight('Start'))]));
    dir.write('AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/26/a.json.gz', gzipSync(s3File()));
    const { stats, err, exitCode } = await run({ paths: [dir.path] });
    expect({ err, exitCode, malformed: stats.malformed, ignored: stats.ignored }).toEqual({
      err: '',
      exitCode: ExitCode.OK,
      malformed: 0,
      ignored: 3,
    });
    expect(stats.records).toBe(records.length);
  });

  it('reads lookup-events entries whose CloudTrailEvent is already an object', async () => {
    const expected = alertKeys(
      (await run({ paths: [dir.write('a.json', s3File())], json: true })).out,
    );
    const decoded = {
      Events: records.map((r) => ({ EventId: r.eventID, CloudTrailEvent: r })),
    };
    const file = dir.write('decoded.json', JSON.stringify(decoded));
    const { out, err, stats } = await run({ paths: [file], json: true });
    expect({ err, malformed: stats.malformed }).toEqual({ err: '', malformed: 0 });
    expect(stats.records).toBe(records.length);
    expect(alertKeys(out)).toEqual(expected);
  });

  it('keeps the records before the end of a truncated gzip file and warns', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({ ...records[i % records.length] }));
    const zipped = gzipSync(JSON.stringify({ Records: many }));
    const file = dir.write('cut.json.gz', zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    const { stats, err, exitCode } = await run({ paths: [file] });
    expect(exitCode).toBe(ExitCode.OK);
    expect(stats.records).toBeGreaterThan(0);
    expect(stats.records).toBeLessThan(400);
    expect(err).toMatch(
      /cut\.json\.gz: gzip stream is truncated \(unexpected end of file\) \(after \d+ records\)/,
    );
  });

  it('exits 2 when nothing could be read: an empty file and a non-JSON file', async () => {
    const empty = dir.write('empty.json', '');
    const text = dir.write('notes.txt', 'hello\n');
    const { exitCode, err, out } = await run({ paths: [empty, text, dir.write('x/none.md', '')] });
    expect(exitCode).toBe(ExitCode.NO_INPUT);
    expect(err).toContain(`${empty}: empty input`);
    expect(err).toContain(`${text}: not JSON (starts with "hello")`);
    expect(err).toContain('error: no records could be read');
    expect(out).toBe('');
  });

  it('exits 0 with a summary of zero records for valid inputs that hold no events', async () => {
    const quiet = dir.write('lookup-events.json', '{\n    "Events": []\n}\n');
    const empty = dir.write('log.json', '{"Records":[]}');
    const { exitCode, err, out, stats } = await run({ paths: [quiet, empty] });
    expect({ exitCode, err }).toEqual({ exitCode: ExitCode.OK, err: '' });
    expect(stats.filesRead).toBe(2);
    expect(out).toMatch(/^Replayed 0 records from 2 inputs/);
  });

  it('exits 0 when one input is readable even if others are not', async () => {
    const good = dir.write('good.json', s3File());
    const { exitCode, stats } = await run({ paths: [good, dir.write('bad.txt', 'nope')] });
    expect(exitCode).toBe(ExitCode.OK);
    expect(stats.filesUnreadable).toBe(1);
  });

  it('filters alerts by minimum severity and by detection id', async () => {
    const file = dir.write('log.json', s3File());
    const high = await run({ paths: [file], json: true, minSeverity: 'high' });
    const severities = high.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).severity);
    expect(new Set(severities)).toEqual(new Set(['critical', 'high']));
    const only = await run({ paths: [file], json: true, detections: ['root-console-sign-in'] });
    expect(new Set(alertKeys(only.out).map((k) => k.split(' ')[0]))).toEqual(
      new Set(['root-console-sign-in']),
    );
  });

  it('writes every documented field in --json lines', async () => {
    const root = loadRecord('console-login-root-success');
    const { out } = await run({ paths: [dir.write('r.json', JSON.stringify(root))], json: true });
    expect(JSON.parse(out)).toEqual({
      detection: 'root-console-sign-in',
      severity: 'critical',
      title: expect.any(String),
      summary: expect.stringContaining('root'),
      eventId: root.eventID,
      eventName: 'ConsoleLogin',
      account: root.recipientAccountId,
      region: 'us-east-1',
      actor: 'root',
      time: root.eventTime,
      sourceIp: root.sourceIPAddress,
      file: expect.stringMatching(/r\.json$/),
    });
  });

  it('prints a summary with counts, time span, detections by severity and samples', async () => {
    const { out } = await run({ paths: [dir.write('log.json', s3File())] });
    expect(out).toMatch(new RegExp(`^Replayed ${records.length} records from 1 input`));
    expect(out).toMatch(/time span {3}\d{4}-\d\d-\d\dT.* → \d{4}/);
    expect(out).toMatch(/skipped {5}\d+ read-only/);
    const critical = out.indexOf('  critical ');
    const low = out.indexOf('  low ');
    expect(critical).toBeGreaterThan(0);
    expect(low).toBeGreaterThan(critical);
    expect(out).toContain('Top actors (by alerts):');
    expect(out).toContain('CRITICAL root-console-sign-in:');
  });

  it('prints no summary with --quiet', async () => {
    const { out, exitCode } = await run({ paths: [dir.write('log.json', s3File())], quiet: true });
    expect(out).toBe('');
    expect(exitCode).toBe(ExitCode.OK);
  });

  it('classifies records without eventType like the alerter does (sign-ins by their name)', async () => {
    const untyped = loadRecord('det-iam-user-console-sign-in-without-mfa-pos-no-event-type');
    const { out, exitCode } = await run({
      paths: [dir.write('old.json', `${JSON.stringify({ Records: [untyped] })}\n`)],
      json: true,
    });
    expect(exitCode).toBe(ExitCode.OK);
    expect(alertKeys(out)).toEqual([`iam-user-console-sign-in-without-mfa ${untyped.eventID}`]);
  });

  it('replays GuardDuty findings, in their EventBridge envelope or alone', async () => {
    const envelope = loadRecord('det-guardduty-finding-high-pos-credential-exfiltration');
    const raw = loadRecord('det-guardduty-finding-low-pos-port-probe').detail;
    const { out, exitCode, err } = await run({
      paths: [dir.write('findings.jsonl', jsonLines([envelope, raw]))],
      json: true,
    });
    expect({ exitCode, err }).toEqual({ exitCode: ExitCode.OK, err: '' });
    const detail = envelope.detail as { id: string; updatedAt: string };
    const low = raw as { id: string; updatedAt: string };
    expect(alertKeys(out).sort()).toEqual(
      [
        `guardduty-finding-high ${detail.id}@${detail.updatedAt}`,
        `guardduty-finding-low ${low.id}@${low.updatedAt}`,
      ].sort(),
    );
  });

  it('tells the trail key from any other only when told which it is', async () => {
    const disabled = loadRecord('det-trail-kms-key-disabled-pos-schedule-deletion');
    const file = dir.write('kms.json', `${JSON.stringify({ Records: [disabled] })}\n`);
    const trailKmsKeys = [
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ];

    const unknown = await run({ paths: [file], json: true });
    const known = await run({ paths: [file], json: true, context: { trailKmsKeys } });

    expect(alertKeys(unknown.out)).toEqual([`kms-key-disabled ${disabled.eventID}`]);
    expect(alertKeys(known.out)).toEqual([`trail-kms-key-disabled ${disabled.eventID}`]);
  });
});
