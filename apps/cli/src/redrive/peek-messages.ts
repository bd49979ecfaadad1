import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { parseEvent } from '@trailwatch/cloudtrail';
import { createClassifier, isHeartbeat } from '@trailwatch/detections';

/** What a dead-letter queue holds, by detection and account. */
export interface DlqContents {
  /** Distinct messages seen. */
  readonly messages: number;
  readonly byDetection: Record<string, number>;
  readonly byAccount: Record<string, number>;
  readonly heartbeats: number;
  /** Bodies that are not an event, or match no detection. */
  readonly unclassified: number;
  /** EventBridge's ERROR_CODE attribute (delivery DLQ), by value. */
  readonly errors: Record<string, number>;
  /** Oldest and newest event time seen. */
  readonly oldest?: string;
  readonly newest?: string;
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/**
 * Reads up to `limit` messages without taking them: visibility timeout 0, so they stay
 * available to the alerter and to a later redrive, and nothing is deleted. Stops when the queue
 * returns nothing new three times in a row (SQS samples servers, so one empty receive proves
 * little). Each peek counts as a receive, which a DLQ (no redrive policy of its own) ignores.
 */
export async function peekMessages(
  client: SQSClient,
  queueUrl: string,
  limit: number,
): Promise<DlqContents> {
  const classifier = createClassifier();
  const seen = new Set<string>();
  const contents = {
    messages: 0,
    byDetection: {} as Record<string, number>,
    byAccount: {} as Record<string, number>,
    heartbeats: 0,
    unclassified: 0,
    errors: {} as Record<string, number>,
    oldest: undefined as string | undefined,
    newest: undefined as string | undefined,
  };
  let idle = 0;
  while (seen.size < limit && idle < 3) {
    const received = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 0,
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    let fresh = 0;
    for (const message of received.Messages ?? []) {
      const id = message.MessageId ?? '';
      if (seen.has(id) || seen.size >= limit) continue;
      seen.add(id);
      fresh++;
      const error = message.MessageAttributes?.ERROR_CODE?.StringValue;
      if (error) bump(contents.errors, error);
      let body: unknown;
      try {
        body = JSON.parse(message.Body ?? '');
      } catch {
        contents.unclassified++;
        continue;
      }
      if (isHeartbeat(body)) {
        contents.heartbeats++;
        continue;
      }
      const parsed = parseEvent(body);
      if (!parsed.ok) {
        contents.unclassified++;
        continue;
      }
      const event = parsed.event;
      bump(contents.byAccount, event.account);
      if (event.time && (!contents.oldest || event.time < contents.oldest))
        contents.oldest = event.time;
      if (event.time && (!contents.newest || event.time > contents.newest))
        contents.newest = event.time;
      const [match] = classifier.classify(event);
      if (match) bump(contents.byDetection, match.detection.id);
      else contents.unclassified++;
    }
    idle = fresh === 0 ? idle + 1 : 0;
  }
  contents.messages = seen.size;
  const { oldest, newest, ...rest } = contents;
  return { ...rest, ...(oldest ? { oldest } : {}), ...(newest ? { newest } : {}) };
}
