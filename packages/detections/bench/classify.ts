/**
 * Classifier throughput against the replay budget (≥ 0.5× bare JSON.parse of the same records)
 * and the alerter budget (≤ 100 µs per event). Run: `npx tsx packages/detections/bench/classify.ts`.
 * The corpus is every record fixture plus common noise (reads, STS, KMS) at roughly 20 noise
 * records per fixture, as in a real trail.
 */
import { parseEvent } from '@trailwatch/cloudtrail';
import { loadRecord, recordNames } from '@trailwatch/fixtures';
import { createClassifier } from '../src/index.js';

const fixtures = recordNames().map((name) => loadRecord(name));
const noise = [
  ['ec2.amazonaws.com', 'DescribeInstances', true],
  ['s3.amazonaws.com', 'GetObject', true],
  ['sts.amazonaws.com', 'AssumeRole', false],
  ['kms.amazonaws.com', 'Decrypt', true],
  ['lambda.amazonaws.com', 'Invoke', false],
] as const;
const template = fixtures.find((r) => r.eventName === 'CreateUser')!;
const records: Record<string, unknown>[] = [];
for (let i = 0; i < 2000; i++) {
  records.push(fixtures[i % fixtures.length]!);
  for (let j = 0; j < 20; j++) {
    const [eventSource, eventName, readOnly] = noise[(i + j) % noise.length]!;
    records.push({ ...template, eventSource, eventName, readOnly, eventID: `noise-${i}-${j}` });
  }
}
const lines = records.map((r) => JSON.stringify(r));
const classifier = createClassifier();

function time(label: string, run: () => number): number {
  for (let i = 0; i < 3; i++) run();
  const start = process.hrtime.bigint();
  const rounds = 5;
  let sink = 0;
  for (let i = 0; i < rounds; i++) sink += run();
  const ns = Number(process.hrtime.bigint() - start) / rounds;
  const perEvent = ns / lines.length / 1000;
  console.log(
    `${label.padEnd(34)} ${(lines.length / (ns / 1e9)).toFixed(0).padStart(9)} events/s  ${perEvent.toFixed(2)} µs/event  (${sink})`,
  );
  return ns;
}

const bare = time('JSON.parse only', () => lines.reduce((n, l) => n + (JSON.parse(l) ? 1 : 0), 0));
time('JSON.parse + parseEvent', () => {
  let ok = 0;
  for (const line of lines) if (parseEvent(JSON.parse(line)).ok) ok += 1;
  return ok;
});
const full = time('JSON.parse + parseEvent + classify', () => {
  let matched = 0;
  for (const line of lines) {
    const parsed = parseEvent(JSON.parse(line));
    if (parsed.ok) matched += classifier.classify(parsed.event).length;
  }
  return matched;
});
const events = lines.map((l) => parseEvent(JSON.parse(l))).flatMap((p) => (p.ok ? [p.event] : []));
const classifyOnly = Number(
  time('classify only', () => events.reduce((n, e) => n + classifier.classify(e).length, 0)),
);
console.log(`records: ${lines.length}; speed vs bare JSON.parse: ${(bare / full).toFixed(2)}×`);
console.log(`classify only: ${(classifyOnly / events.length / 1000).toFixed(2)} µs/event`);
