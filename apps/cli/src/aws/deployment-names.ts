import { SecurityNames, WatchdogDefaults, WatchdogNames } from '@trailwatch/contract';

/**
 * Physical names of deployed trailwatch resources the CLI looks up. They mirror
 * apps/infra/src/constants.ts (SecurityNames) and trailwatch-app.ts (StackIds); the CLI cannot
 * import CDK code, so they are repeated here, in one place, until packages/contract holds them.
 */
export const DeploymentNames = {
  EVENTS_QUEUE: SecurityNames.EVENTS_QUEUE,
  /** Dead-letter queue of trailwatch-events (alerter failures); SQS can redrive it. */
  EVENTS_DLQ: SecurityNames.EVENTS_DLQ,
  /** Dead-letter queue of the central rule's target (EventBridge delivery failures). */
  DELIVERY_DLQ: SecurityNames.DELIVERY_DLQ,
  ALERTER_FUNCTION: SecurityNames.FUNCTION,
  WATCHDOG_FUNCTION: WatchdogNames.FUNCTION,
  /** CloudFormation name of the TrailwatchSecurity stack. */
  SECURITY_STACK: 'trailwatch-security',
  /** CDK stack id prefix of the management account's plain member stacks. */
  MANAGEMENT_MEMBER_STACK_ID_PREFIX: 'TrailwatchManagementMember-',
  /** The member template's heartbeat rule. */
  HEARTBEAT_RULE: 'trailwatch-heartbeat',
  /** The CDK bootstrap stack and the version aws-cdk-lib's default synthesizer requires. */
  CDK_TOOLKIT_STACK: 'CDKToolkit',
  MIN_BOOTSTRAP_VERSION: 6,
} as const;

/** The service principal of StackSets' Organizations integration. */
export const STACKSETS_SERVICE_PRINCIPAL = 'member.org.stacksets.cloudformation.amazonaws.com';

/** Regions where console sign-ins are recorded: the configuration schema's list. */
export { SIGN_IN_REGIONS } from '@trailwatch/config';

/**
 * The watchdog calls an account × region silent after this long without a heartbeat
 * (docs/decisions.md: 150 min); coverage uses the same threshold.
 */
export const SILENT_AFTER_MS = WatchdogDefaults.SILENCE_MINUTES * 60 * 1000;
