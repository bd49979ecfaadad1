import type { TrailwatchConfig } from '@trailwatch/config';
import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { ArnPrincipal, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { CfnResourcePolicy } from 'aws-cdk-lib/aws-organizations';
import type { Construct } from 'constructs';
import {
  SECURITY_ACCOUNT_ORGANIZATIONS_ACTIONS,
  SecurityNames,
  WatchdogNames,
} from './constants.js';

/** Properties of {@link ManagementStack}. */
export interface ManagementStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
}

/**
 * Organizations read access for the security account, in the management account. Organizations
 * is hosted in us-east-1 and its CloudFormation resources are managed there, so this stack is
 * pinned to us-east-1 whatever the home region.
 */
export class ManagementStack extends Stack {
  readonly resourcePolicy?: CfnResourcePolicy;
  readonly readRole?: Role;

  constructor(scope: Construct, id: string, props: ManagementStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      description:
        'trailwatch management account: read-only Organizations access for the security account',
      // Deleting this stack silently removes part of trailwatch; make it a deliberate two-step act.
      terminationProtection: true,
      ...stackProps,
      env: { account: config.managementAccountId, region: 'us-east-1' },
    });
    const alerterRoleArn = `arn:${this.partition}:iam::${config.securityAccountId}:role/${SecurityNames.ROLE}`;
    const watchdogRoleArn = `arn:${this.partition}:iam::${config.securityAccountId}:role/${WatchdogNames.ROLE}`;

    if (config.organizationsAccess.mode === 'delegation-policy') {
      const policy = new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'TrailwatchReadOrganization',
            principals: [
              new ArnPrincipal(`arn:${this.partition}:iam::${config.securityAccountId}:root`),
            ],
            actions: [...SECURITY_ACCOUNT_ORGANIZATIONS_ACTIONS],
            resources: ['*'],
          }),
        ],
      });
      this.resourcePolicy = new CfnResourcePolicy(this, 'DelegationPolicy', {
        content: policy.toJSON(),
      });
      return;
    }

    this.readRole = new Role(this, 'OrganizationsReadRole', {
      roleName: config.organizationsAccess.roleName,
      description:
        'trailwatch: read-only Organizations access for the alerter and watchdog in the security account',
      // IAM stores a role ARN principal as the role's unique id, so trusting the two role ARNs
      // would break silently whenever the security stack recreates either role (and fail the
      // deploy while they do not exist yet). Trusting the security account, narrowed by
      // aws:PrincipalArn to exactly those two roles, survives both.
      assumedBy: new ArnPrincipal(
        `arn:${this.partition}:iam::${config.securityAccountId}:root`,
      ).withConditions({
        ArnEquals: { 'aws:PrincipalArn': [alerterRoleArn, watchdogRoleArn] },
      }),
    });
    this.readRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadOrganizations',
        actions: [...SECURITY_ACCOUNT_ORGANIZATIONS_ACTIONS],
        resources: ['*'],
      }),
    );
    Validations.of(this.readRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Organizations List calls accept no resource ARN; the role only holds the read-only Describe/List calls the alerter and watchdog make.',
    });
  }
}
