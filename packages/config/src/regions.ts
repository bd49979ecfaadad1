/**
 * The regions every AWS account has enabled from the start: those launched before
 * 20 March 2019 (AWS Account Management guide, "Enable or disable Regions"). Later regions are
 * opt-in, and a StackSet instance in a region an account has not enabled fails.
 */
export const DEFAULT_MEMBER_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'sa-east-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

/** IAM, Organizations and root sign-in events reach EventBridge only in this region. */
export const GLOBAL_EVENTS_REGION = 'us-east-1';

/**
 * Where IAM-user console sign-ins through the global endpoint are recorded: us-east-1, or, when
 * the browser carries an account-alias cookie, the region the console proxy picks by latency
 * (AWS CloudTrail user guide, "Console sign-in events"). A deployment without a member rule in
 * one of these regions loses those sign-in alerts without a word.
 */
export const SIGN_IN_REGIONS = ['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2'] as const;
