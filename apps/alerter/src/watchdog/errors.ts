import { AlerterError } from '../errors.js';

/**
 * Slack did not accept a watchdog message. Thrown after the run so the Lambda's error alarm fires;
 * the state change the message announced is not recorded, so the next run announces it again.
 */
export class WatchdogDeliveryError extends AlerterError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'WatchdogDeliveryError';
  }
}
