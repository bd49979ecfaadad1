import { centralBusArn, type TrailwatchConfig } from '@trailwatch/config';
import { FORWARDING_ROLE_PREFIX } from '@trailwatch/contract';
import { identityCenterPattern } from '@trailwatch/detections';
import { MemberForwarding } from '@trailwatch/member-stack';
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { CfnRule } from 'aws-cdk-lib/aws-events';
import type { Construct } from 'constructs';

/** Physical names of the Identity Center stack. */
export const IdentityCenterNames = {
  RULE: 'trailwatch-identity-center',
  /**
   * Suffixed with the region, like the member forwarding role, and under the forwarding-role
   * prefix, which is what the central bus policy admits.
   */
  ROLE_PREFIX: `${FORWARDING_ROLE_PREFIX}identity-center-`,
  /** Starts with the prefix the `trailwatch-forwarding-dlq-alarm` detection matches. */
  DLQ_ALARM: 'trailwatch-forwarding-dlq-identity-center',
} as const;

/** Properties of {@link IdentityCenterStack}. */
export interface IdentityCenterStackProps extends Omit<StackProps, 'env'> {
  readonly config: TrailwatchConfig;
}

/**
 * Forwards IAM Identity Center sign-ins, which are recorded only in the Identity Center
 * instance's account and region, to the central bus: the member forwarding construct with one
 * rule whose pattern is the catalogue's Identity Center detections. The member rules leave these
 * events alone, so the account and region forward each one once. The dead-letter alarm's state
 * change is carried by the member `trailwatch-forward` rule of the same account and region (the
 * management account's member stack, or the StackSet instance), not by this rule.
 */
export class IdentityCenterStack extends Stack {
  readonly forwarding: MemberForwarding;
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

    // 'Default' keeps the logical ids this stack had before it used the construct (ForwardRole,
    // DeadLetterQueue, SignInRule): a named rule or role that changed logical id would be
    // replaced, and the replacement would fail on its own name.
    this.forwarding = new MemberForwarding(this, 'Default', {
      centralBusArn: centralBusArn(config),
      roleNamePrefix: IdentityCenterNames.ROLE_PREFIX,
      alarmName: IdentityCenterNames.DLQ_ALARM,
      rules: [
        {
          id: 'SignInRule',
          name: IdentityCenterNames.RULE,
          description: 'trailwatch: forwards IAM Identity Center sign-ins to the central bus',
          eventPattern: identityCenterPattern(),
        },
      ],
    });
    this.rule = this.forwarding.rules.SignInRule!;
  }
}
