export type {
  AwsJsonStandIn,
  FaultModes,
  RecordedCall,
} from './aws-json-service.js';
export {
  type CloudFormationStandIn,
  type StackInstanceSeed,
  startCloudFormationStandIn,
} from './cloudformation-stand-in.js';
export { createDedupTable, type LocalDynamoDb, startDynamoDb } from './dynamodb.js';
export { AwsServiceError, InvalidStandInOptionsError } from './errors.js';
export { createLambdaContext, type LambdaContextOptions } from './lambda-context.js';
export {
  DEFAULT_MAX_CONCURRENCY,
  type LocalRoute,
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from './local-stack.js';
export {
  type OrgAccountSeed,
  type OrganizationsSeed,
  type OrganizationsStandIn,
  type OrgUnitSeed,
  startOrganizationsStandIn,
} from './organizations-stand-in.js';
export {
  type DeadLetter,
  type InvocationReport,
  type QueueOptions,
  type QueueRunResult,
  runQueue,
  type SqsHandler,
} from './run-queue.js';
export {
  type SecretsManagerOptions,
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from './secrets-manager-stand-in.js';
export { type SilentServer, startSilentServer } from './silent-server.js';
export {
  type OutageMode,
  type ReceivedMessage,
  type RejectedAttempt,
  type SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
} from './slack-emulator.js';
export {
  checkSlackPayload,
  type PayloadCheck,
  type PayloadRejection,
  SLACK_PAYLOAD_LIMITS,
} from './slack-payload-check.js';
export {
  type RedriveQueue,
  type SqsRedriveStandIn,
  startSqsRedriveStandIn,
} from './sqs-redrive-stand-in.js';
export {
  type SqsStandIn,
  type SqsStandInOptions,
  startSqsStandIn,
  type VisibilityListener,
} from './sqs-stand-in.js';
export { type IssuedCredentials, type StsStandIn, startStsStandIn } from './sts-stand-in.js';
