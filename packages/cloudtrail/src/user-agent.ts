import { UserAgentClass } from './types.js';

/** Exact user agents of console traffic: the console and sign-in front ends, and IAM's console. */
const CONSOLE_AGENTS: ReadonlySet<string> = new Set([
  'console.amazonaws.com',
  'signin.amazonaws.com',
  'AWS Internal',
]);

/** Prefixes of the AWS SDKs' user agents (every SDK starts its product token this way). */
const SDK_PREFIXES = [
  'aws-sdk-',
  'Boto3/',
  'Botocore/',
  'boto3/',
  'botocore/',
  'AWSPowerShell',
  'AWS_PowerShell',
  'aws-toolkit-',
] as const;

const SERVICE_SUFFIX = '.amazonaws.com';

/**
 * Classifies a CloudTrail `userAgent`. Order matters: Terraform's agent embeds the Go SDK's
 * (older providers even *start* with `aws-sdk-go/… APN/1.0 HashiCorp/1.0 Terraform/…`), and the
 * CLI's embeds botocore, so the tool tokens are checked before the SDK prefixes.
 *
 * @example classifyUserAgent('aws-cli/2.18.4 md/awscrt#0.22.0 …') // 'cli'
 */
export function classifyUserAgent(userAgent: string | undefined): UserAgentClass {
  if (userAgent === undefined || userAgent === '') return UserAgentClass.UNKNOWN;
  // CloudTrail sometimes wraps the agent in brackets: `[aws-cli/2.2.5 Python/3.8.8 …]`.
  const ua = userAgent.charCodeAt(0) === 91 ? userAgent.slice(1) : userAgent;

  if (ua.includes('Terraform/') || ua.includes('HashiCorp/')) return UserAgentClass.TERRAFORM;
  if (ua.startsWith('aws-cli/')) return UserAgentClass.CLI;
  if (ua.startsWith('cloudformation.amazonaws.com') || ua.startsWith('AWS CloudFormation')) {
    return UserAgentClass.CLOUDFORMATION;
  }
  if (CONSOLE_AGENTS.has(ua) || ua.startsWith('Mozilla/')) return UserAgentClass.CONSOLE;
  // Per-service consoles: `console.ec2.amazonaws.com`, `s3.console.amazonaws.com`.
  if (
    ua.endsWith(SERVICE_SUFFIX) &&
    (ua.startsWith('console.') || ua.endsWith('.console.amazonaws.com'))
  ) {
    return UserAgentClass.CONSOLE;
  }
  for (const prefix of SDK_PREFIXES) {
    if (ua.startsWith(prefix)) return UserAgentClass.SDK;
  }
  // AWS services calling on a principal's behalf: `config.amazonaws.com`, `aws-internal/3 …`.
  if (ua.endsWith(SERVICE_SUFFIX) || ua.startsWith('aws-internal/')) {
    return UserAgentClass.AWS_SERVICE;
  }
  return UserAgentClass.OTHER;
}
