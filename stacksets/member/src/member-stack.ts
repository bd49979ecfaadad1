import { BootstraplessSynthesizer, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { MemberForwarding } from './member-forwarding.js';
import { MemberParameters } from './names.js';

/**
 * The StackSet member template: environment-agnostic, without assets, bootstrap version rule or
 * CDK metadata, so it deploys into accounts that were never bootstrapped. Everything that differs
 * per deployment is a CloudFormation parameter.
 *
 * @example
 * const stack = new MemberStack(new App(), 'TrailwatchMember');
 */
export class MemberStack extends Stack {
  readonly forwarding: MemberForwarding;

  constructor(scope: Construct, id: string, props: Omit<StackProps, 'env' | 'synthesizer'> = {}) {
    super(scope, id, {
      description:
        'trailwatch member: forwards risky IAM and sign-in events, tamper events and an hourly heartbeat to the central trailwatch bus',
      ...props,
      synthesizer: new BootstraplessSynthesizer(),
      analyticsReporting: false,
    });

    const centralBusArn = new CfnParameter(this, MemberParameters.CENTRAL_BUS_ARN, {
      type: 'String',
      description:
        'ARN of the central trailwatch event bus in the security account, e.g. arn:aws:events:eu-west-1:222222222222:event-bus/trailwatch',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._-]+$',
      constraintDescription: 'must be an EventBridge event bus ARN',
    });

    this.forwarding = new MemberForwarding(this, 'Forwarding', {
      centralBusArn: centralBusArn.valueAsString,
    });
  }
}
