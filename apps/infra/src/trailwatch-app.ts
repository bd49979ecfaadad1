import { guardDutyRegions, type TrailwatchConfig } from '@trailwatch/config';
import { catalogue } from '@trailwatch/detections';
import { type CfnTemplate, readMemberTemplate } from '@trailwatch/member-stack';
import { App, type AppProps, type Stack } from 'aws-cdk-lib';
import { UnknownDetectionError } from './errors.js';
import { GuardDutyForwardingStack } from './guardduty-stack.js';
import { IdentityCenterStack } from './identity-center-stack.js';
import { ManagementMemberStack } from './management-member-stack.js';
import { ManagementStack } from './management-stack.js';
import { SecurityStack } from './security-stack.js';
import { StackSetStack } from './stack-set-stack.js';

/** Options of {@link buildTrailwatchApp}. */
export interface TrailwatchAppOptions {
  readonly config: TrailwatchConfig;
  /** Directory with the alerter's `index.mjs`. */
  readonly alerterBundleDir: string;
  /** @default - the committed `stacksets/member/member.template.json` */
  readonly memberTemplate?: CfnTemplate;
  /** @default - the committed member template file */
  readonly memberTemplateFile?: string;
  readonly appProps?: AppProps;
}

/** Every stack of a deployment, by role. */
export interface TrailwatchStacks {
  readonly security: SecurityStack;
  readonly stackSet: StackSetStack;
  readonly management: ManagementStack;
  /** One per member region, in the management account. */
  readonly managementMembers: readonly ManagementMemberStack[];
  readonly identityCenter?: IdentityCenterStack;
  /** One per forwarded region, in the GuardDuty administrator account. */
  readonly guardDuty: readonly GuardDutyForwardingStack[];
}

/** Construct ids (= CloudFormation stack names) of the stacks. */
export const StackIds = {
  SECURITY: 'TrailwatchSecurity',
  STACK_SET: 'TrailwatchStackSet',
  MANAGEMENT: 'TrailwatchManagement',
  MANAGEMENT_MEMBER_PREFIX: 'TrailwatchManagementMember-',
  IDENTITY_CENTER: 'TrailwatchIdentityCenter',
  GUARDDUTY_PREFIX: 'TrailwatchGuardDuty-',
} as const;

/**
 * The CloudFormation name of the stack with construct id `id`: `TrailwatchManagementMember-us-east-1`
 * becomes `trailwatch-management-member-us-east-1`. The tamper rule recognises trailwatch stacks by
 * the case-sensitive wildcard `*trailwatch*`, and deleting a stack is the one tamper path that
 * leaves only a `DeleteStack` call behind. The CDK CLI still selects stacks by construct id.
 */
export function stackNameFor(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

function checkRouteDetections(config: TrailwatchConfig): void {
  const known = new Set(catalogue.map((detection) => detection.id));
  config.slack.routes.forEach((route, index) => {
    route.detections?.forEach((id, position) => {
      if (!known.has(id)) {
        throw new UnknownDetectionError(
          `slack.routes.${index}.detections.${position}: got "${id}" — must be a detection id from the catalogue (pnpm catalogue:docs lists them)`,
        );
      }
    });
  });
}

/**
 * Builds the whole trailwatch CDK app from a validated configuration.
 *
 * @example
 * const { app } = buildTrailwatchApp({ config, alerterBundleDir: 'apps/alerter/dist' });
 * app.synth();
 */
export function buildTrailwatchApp(options: TrailwatchAppOptions): {
  app: App;
  stacks: TrailwatchStacks;
  all: Stack[];
} {
  const { config } = options;
  checkRouteDetections(config);
  const app = new App(options.appProps);
  const security = new SecurityStack(app, StackIds.SECURITY, {
    stackName: stackNameFor(StackIds.SECURITY),
    config,
    alerterBundleDir: options.alerterBundleDir,
  });
  const stackSet = new StackSetStack(app, StackIds.STACK_SET, {
    stackName: stackNameFor(StackIds.STACK_SET),
    config,
    memberTemplate: options.memberTemplate ?? readMemberTemplate(options.memberTemplateFile),
  });
  const management = new ManagementStack(app, StackIds.MANAGEMENT, {
    stackName: stackNameFor(StackIds.MANAGEMENT),
    config,
  });
  const managementMembers = config.memberRegions.map((region) => {
    const id = `${StackIds.MANAGEMENT_MEMBER_PREFIX}${region}`;
    return new ManagementMemberStack(app, id, {
      stackName: stackNameFor(id),
      config,
      region,
      ...(options.memberTemplateFile ? { memberTemplateFile: options.memberTemplateFile } : {}),
    });
  });
  const identityCenter = config.identityCenter
    ? new IdentityCenterStack(app, StackIds.IDENTITY_CENTER, {
        stackName: stackNameFor(StackIds.IDENTITY_CENTER),
        config,
      })
    : undefined;
  const guardDuty = config.guardDuty
    ? guardDutyRegions(config).map((region) => {
        const id = `${StackIds.GUARDDUTY_PREFIX}${region}`;
        return new GuardDutyForwardingStack(app, id, {
          stackName: stackNameFor(id),
          config,
          region,
        });
      })
    : [];
  const stacks: TrailwatchStacks = {
    guardDuty,
    security,
    stackSet,
    management,
    managementMembers,
    ...(identityCenter ? { identityCenter } : {}),
  };
  return {
    app,
    stacks,
    all: [
      security,
      stackSet,
      management,
      ...managementMembers,
      ...(identityCenter ? [identityCenter] : []),
      ...guardDuty,
    ],
  };
}
