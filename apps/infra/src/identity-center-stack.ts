import { centralBusArn, type TrailwatchConfig } from '@trailwatch/config';
import { Aws, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { IDENTITY_CENTER_SIGN_IN_PATTERN } from './constants.js';

/** Properties of {@link IdentityCenterStack}. */
export interface IdentityCenterStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
}

/**
 * Forwards IAM Identity Center sign-ins (`UserAuthentication`, `CredentialVerification`), which
 * are recorded only in the Identity Center instance's account and region, to the central bus.
 */
export class IdentityCenterStack extends Stack {
  readonly rule: CfnRule;

  constructor(scope: Construct, id: string, props: IdentityCenterStackProps) {
    const { config, ...stackProps } = props;
    const identityCenter = config.identityCenter;
    if (!identityCenter) {
      throw new Error('IdentityCenterStack needs identityCenter in the configuration');
    }
    super(scope, id, {
      description: 'trailwatch: forwards IAM Identity Center sign-in events to the central bus',
      // Deleting this stack silently removes part of trailwatch; make it a deliberate two-step act.
      terminationProtection: true,
      ...stackProps,
      env: { account: identityCenter.accountId, region: identityCenter.region },
    });
    const busArn = centralBusArn(config);

    const role = new Role(this, 'ForwardRole', {
      roleName: `trailwatch-identity-center-${Aws.REGION}`,
      description:
        'trailwatch: lets EventBridge forward Identity Center sign-ins to the central bus',
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] }),
    );
    const deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the EventBridge target.',
    });

    this.rule = new CfnRule(this, 'SignInRule', {
      name: 'trailwatch-identity-center',
      description: 'trailwatch: forwards IAM Identity Center sign-ins to the central bus',
      state: 'ENABLED',
      eventPattern: IDENTITY_CENTER_SIGN_IN_PATTERN,
      targets: [
        {
          id: 'central-bus',
          arn: busArn,
          roleArn: role.roleArn,
          deadLetterConfig: { arn: deadLetterQueue.queueArn },
        },
      ],
    });
    deadLetterQueue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowTrailwatchRule',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [deadLetterQueue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rule.attrArn } },
      }),
    );
  }
}
