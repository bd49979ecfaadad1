import { centralBusArn, stackSetAdminAccountId, type TrailwatchConfig } from '@trailwatch/config';
import { type CfnTemplate, MemberParameters } from '@trailwatch/member-stack';
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnStackSet } from 'aws-cdk-lib/aws-cloudformation';
import type { Construct } from 'constructs';

/** Properties of {@link StackSetStack}. */
export interface StackSetStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
  /** The committed member template, passed inline as the StackSet's TemplateBody. */
  readonly memberTemplate: CfnTemplate;
}

/**
 * The service-managed StackSet that puts the member template in every account of the target
 * OUs and every member region, including accounts that join later. Lives in the management
 * account (`callAs: SELF`) or the StackSets delegated administrator (`DELEGATED_ADMIN`).
 */
export class StackSetStack extends Stack {
  readonly stackSet: CfnStackSet;

  constructor(scope: Construct, id: string, props: StackSetStackProps) {
    const { config, memberTemplate, ...stackProps } = props;
    super(scope, id, {
      description: 'trailwatch: service-managed StackSet deploying the member template org-wide',
      // Deleting this stack silently removes part of trailwatch; make it a deliberate two-step act.
      terminationProtection: true,
      ...stackProps,
      env: { account: stackSetAdminAccountId(config), region: config.homeRegion },
    });
    const preferences = config.stackSet.operationPreferences;

    this.stackSet = new CfnStackSet(this, 'MemberStackSet', {
      stackSetName: config.stackSet.name,
      description: 'trailwatch member: forwarding, tamper and heartbeat rules to the central bus',
      permissionModel: 'SERVICE_MANAGED',
      callAs: config.stackSet.callAs,
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      managedExecution: { Active: true },
      capabilities: ['CAPABILITY_NAMED_IAM'],
      operationPreferences: {
        regionConcurrencyType: preferences.regionConcurrencyType,
        concurrencyMode: preferences.concurrencyMode,
        failureToleranceCount: preferences.failureToleranceCount,
        failureTolerancePercentage: preferences.failureTolerancePercentage,
        maxConcurrentCount: preferences.maxConcurrentCount,
        maxConcurrentPercentage: preferences.maxConcurrentPercentage,
      },
      parameters: [
        { parameterKey: MemberParameters.CENTRAL_BUS_ARN, parameterValue: centralBusArn(config) },
      ],
      stackInstancesGroup: [
        {
          deploymentTargets: { organizationalUnitIds: config.targetOuIds },
          regions: config.memberRegions,
        },
      ],
      // Compact JSON keeps the body well under the 51,200-byte inline limit.
      templateBody: JSON.stringify(memberTemplate),
    });
  }
}
