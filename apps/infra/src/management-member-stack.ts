import { centralBusArn, type TrailwatchConfig } from '@trailwatch/config';
import { MEMBER_TEMPLATE_FILE, MemberParameters } from '@trailwatch/member-stack';
import { CfnResource, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import type { Construct } from 'constructs';

/** Properties of {@link ManagementMemberStack}. */
export interface ManagementMemberStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
  /** One of the member regions. */
  readonly region: string;
  /** Defaults to the committed member template. */
  readonly memberTemplateFile?: string;
}

/**
 * The member template, unchanged, in the management account for one region: StackSets never
 * deploy to the management account, so it gets one plain stack per member region instead.
 */
export class ManagementMemberStack extends Stack {
  readonly member: CfnInclude;

  constructor(scope: Construct, id: string, props: ManagementMemberStackProps) {
    const { config, region, memberTemplateFile, ...stackProps } = props;
    super(scope, id, {
      description: `trailwatch member (management account, ${region}): the StackSet template as a plain stack`,
      // Deleting this stack silently removes part of trailwatch; make it a deliberate two-step act.
      terminationProtection: true,
      ...stackProps,
      env: { account: config.managementAccountId, region },
    });
    this.member = new CfnInclude(this, 'Member', {
      templateFile: memberTemplateFile ?? MEMBER_TEMPLATE_FILE,
      parameters: { [MemberParameters.CENTRAL_BUS_ARN]: centralBusArn(config) },
    });
    for (const child of this.member.node.children) {
      if (child instanceof CfnResource && child.cfnResourceType === 'AWS::SQS::Queue') {
        Validations.of(child).acknowledge({
          id: 'AwsSolutions-SQS3',
          reason:
            'This queue is the dead-letter queue of the EventBridge targets; a DLQ of a DLQ would only move the problem.',
        });
      }
    }
  }
}
