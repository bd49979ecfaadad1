import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from './config.js';
import { createDependencies } from './dependencies.js';
import { type PipelineDependencies, processBatch } from './process-batch.js';
import { createPowertoolsTelemetry } from './telemetry.js';

const telemetry = createPowertoolsTelemetry(process.env);
let dependencies: PipelineDependencies | undefined;

/**
 * Reads the environment once per container, on the first invocation, so a bad configuration
 * fails loudly (logged, batch retried, DLQ + alarm) instead of crashing module import.
 */
function getDependencies(): PipelineDependencies {
  if (dependencies === undefined) {
    try {
      dependencies = createDependencies(loadConfig(process.env), telemetry);
    } catch (error) {
      telemetry.log.error('Invalid alerter configuration', {
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
  return dependencies;
}

/**
 * Lambda entry (`index.handler`): an SQS batch of EventBridge events in, the records to retry out
 * (`ReportBatchItemFailures`).
 */
export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  telemetry.addContext?.(context);
  try {
    return await processBatch(event.Records, getDependencies(), () =>
      context.getRemainingTimeInMillis(),
    );
  } finally {
    telemetry.flush();
  }
}
