import { describe, expect, it } from 'vitest';
import { parseCommandArgs, run } from '../src/cli.js';
import { parseReplay, replayCommand } from '../src/commands/replay-command.js';
import { UsageError } from '../src/errors.js';
import { ExitCode } from '../src/io.js';
import { memoryIo } from './helpers.js';

/** argv (after `replay`) → validated replay options, as the CLI does it. */
function parse(argv: string[], stdinIsTTY: boolean) {
  const [, ...rest] = argv;
  return parseReplay(parseCommandArgs(replayCommand, rest), stdinIsTTY);
}

describe('Function: parseReplay', () => {
  it('parses replay options, repeatable detections and paths', () => {
    expect(
      parse(
        [
          'replay',
          '--json',
          '--severity',
          'high',
          '--detection',
          'root-console-sign-in',
          '--detection',
          'iam-user-created',
          '-q',
          'a.json',
          'logs/',
        ],
        true,
      ),
    ).toEqual({
      paths: ['a.json', 'logs/'],
      json: true,
      quiet: true,
      minSeverity: 'high',
      detections: ['root-console-sign-in', 'iam-user-created'],
    });
  });

  it('reads stdin when no path is given and stdin is not a terminal', () => {
    expect(parse(['replay'], false)).toMatchObject({ paths: ['-'] });
  });

  it('refuses to wait on a terminal when no path is given', () => {
    expect(() => parse(['replay'], true)).toThrow(UsageError);
  });

  it('rejects an unknown flag with a did-you-mean hint', () => {
    try {
      parse(['replay', '--sevrity', 'high', 'a.json'], true);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).message).toBe("unknown option '--sevrity'");
      expect((error as UsageError).hint).toBe("did you mean '--severity'?");
    }
  });

  it('rejects an unknown severity and an unknown detection, naming the valid ones', () => {
    expect(() => parse(['replay', '--severity', 'urgent', 'a'], true)).toThrow(
      /unknown severity 'urgent'/,
    );
    try {
      parse(['replay', '--detection', 'root-console-signin', 'a'], true);
      expect.unreachable();
    } catch (error) {
      expect((error as UsageError).hint).toBe("did you mean 'root-console-sign-in'?");
    }
  });

  it('passes the trail bucket, key and organization accounts to the classifier context', () => {
    const parsed = parse(
      [
        'replay',
        '--trail-bucket',
        'org-trail-logs',
        '--trail-key',
        'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        '--org-account',
        '111122223333',
        '--org-account',
        '444455556666',
        'day.json',
      ],
      true,
    );
    expect(parsed).toMatchObject({
      context: {
        trailBucketNames: ['org-trail-logs'],
        trailKmsKeys: [
          'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        ],
        organizationAccountIds: ['111122223333', '444455556666'],
      },
    });
    expect(parse(['replay', 'day.json'], true)).not.toHaveProperty('context');
  });

  it('rejects an --org-account that is not a 12-digit id', () => {
    expect(() => parse(['replay', '--org-account', '12345', 'day.json'], true)).toThrow(
      /'12345' is not an account id/,
    );
  });

  it('turns progress off with --no-progress', () => {
    expect(parse(['replay', '--no-progress', 'a'], true)).toMatchObject({ progress: false });
  });
});

describe('Function: run', () => {
  it('prints replay help with the exit codes and exits 0', async () => {
    const io = memoryIo();
    expect(await run(['replay', '--help'], io)).toBe(ExitCode.OK);
    expect(io.out()).toContain('Usage: trailwatch replay');
    expect(io.out()).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
  });

  it('prints a usage error with its hint on stderr and exits 1', async () => {
    const io = memoryIo();
    expect(await run(['replay', '--jsonl', 'x'], io)).toBe(ExitCode.USAGE);
    expect(io.err()).toBe(
      "trailwatch: error: unknown option '--jsonl'\nhint: did you mean '--json'?\n",
    );
    expect(io.out()).toBe('');
  });

  it('rejects an unknown command', async () => {
    const io = memoryIo();
    expect(await run(['replya'], io)).toBe(ExitCode.USAGE);
    expect(io.err()).toContain("unknown command 'replya'");
  });
});
