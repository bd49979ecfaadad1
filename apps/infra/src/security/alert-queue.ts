import { SecurityNames } from '@trailwatch/contract';
import { Duration, Validations } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** Properties of {@link AlertQueue}. */
export interface AlertQueueProps {
  /** The alerter's timeout: visibility is six times it, as AWS advises for SQS event sources. */
  readonly functionTimeout: Duration;
  /** Receives before a record moves to the events DLQ. */
  readonly maxReceiveCount: number;
}

/**
 * The durable queue between the bus and the alerter, and the two dead-letter queues: one for
 * events the rule could not deliver, one for events the alerter gave up on.
 *
 * @example
 * new AlertQueue(this, 'AlertQueue', { functionTimeout: Duration.seconds(120), maxReceiveCount: 10 });
 */
export class AlertQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deliveryDeadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: AlertQueueProps) {
    super(scope, id);
    const defaults = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true } as const;
    this.deliveryDeadLetterQueue = new Queue(this, 'DeliveryDeadLetterQueue', {
      ...defaults,
      queueName: SecurityNames.DELIVERY_DLQ,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deliveryDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue of the central rule target; its depth is alarmed instead of redriven.',
    });
    this.deadLetterQueue = new Queue(this, 'EventsDeadLetterQueue', {
      ...defaults,
      queueName: SecurityNames.EVENTS_DLQ,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'EventsQueue', {
      ...defaults,
      queueName: SecurityNames.EVENTS_QUEUE,
      // AWS: at least six times the function timeout, so a batch is not redelivered mid-run.
      visibilityTimeout: Duration.seconds(6 * props.functionTimeout.toSeconds()),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
