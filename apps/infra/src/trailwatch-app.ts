import type { TrailwatchConfig } from '@trailwatch/config';
import { catalogue } from '@trailwatch/detections';
import { type CfnTemplate, readMemberTemplate } from '@trailwatch/member-stack';
import { App, type AppProps, type Stack } from 'aws-cdk-lib';
import { UnknownDetectionError } from './errors.js';
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
}

/** Construct ids (= CloudFormation stack names) of the stacks. */
export const StackIds = {
  SECURITY: 'TrailwatchSecurity',
  STACK_SET: 'TrailwatchStackSet',
  MANAGEMENT: 'TrailwatchManagement',
  MANAGEMENT_MEMBER_PREFIX: 'TrailwatchManagementMember-',
  IDENTITY_CENTER: 'TrailwatchIdentityCenter',
} as const;

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
    config,
    alerterBundleDir: options.alerterBundleDir,
  });
  const stackSet = new StackSetStack(app, StackIds.STACK_SET, {
    config,
    memberTemplate: options.memberTemplate ?? readMemberTemplate(options.memberTemplateFile),
  });
  const management = new ManagementStack(app, StackIds.MANAGEMENT, { config });
  const managementMembers = config.memberRegions.map(
    (region) =>
      new ManagementMemberStack(app, `${StackIds.MANAGEMENT_MEMBER_PREFIX}${region}`, {
        config,
        region,
        ...(options.memberTemplateFile ? { memberTemplateFile: options.memberTemplateFile } : {}),
      }),
  );
  const identityCenter = config.identityCenter
    ? new IdentityCenterStack(app, StackIds.IDENTITY_CENTER, { config })
    : undefined;
  const stacks: TrailwatchStacks = {
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
    ],
  };
}
