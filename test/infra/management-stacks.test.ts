import { readFileSync } from 'node:fs';
import { identityCenterPattern } from '@trailwatch/detections';
import { MEMBER_TEMPLATE_FILE, readMemberTemplate } from '@trailwatch/member-stack';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOf, type SynthesizedApp, statementsOf, synthesize } from './synth-fixture.js';

/** What the alerter (enrichment) and the watchdog (target OUs, management account) call. */
const SECURITY_ACCOUNT_CALLS = [
  'organizations:DescribeAccount',
  'organizations:DescribeOrganizationalUnit',
  'organizations:ListAccounts',
  'organizations:ListAccountsForParent',
  'organizations:ListOrganizationalUnitsForParent',
  'organizations:ListParents',
  'organizations:ListTagsForResource',
];

type Resource = { Type: string; Properties: Record<string, unknown> };
const BUS_ARN = 'arn:aws:events:eu-west-1:222222222222:event-bus/trailwatch';

describe('Class: StackSetStack', () => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize();
  });
  afterAll(() => synthesized.cleanup());

  it('deploys the committed member template org-wide as a service-managed StackSet', () => {
    const { stackSet } = synthesized.stacks;
    expect(stackSet.account).toBe('111111111111');
    const template = synthesized.template(stackSet);
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'trailwatch-member',
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      ManagedExecution: { Active: true },
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      OperationPreferences: {
        RegionConcurrencyType: 'PARALLEL',
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        FailureToleranceCount: 5,
        MaxConcurrentPercentage: 100,
      },
      Parameters: [{ ParameterKey: 'CentralBusArn', ParameterValue: BUS_ARN }],
      StackInstancesGroup: [
        {
          DeploymentTargets: { OrganizationalUnitIds: ['r-ab12'] },
          Regions: synthesized.config.memberRegions,
        },
      ],
    });
    const [stackSetResource] = Object.values(
      template.findResources('AWS::CloudFormation::StackSet'),
    ) as Resource[];
    const body = stackSetResource!.Properties.TemplateBody as string;
    expect(JSON.parse(body)).toEqual(readMemberTemplate());
    expect(Buffer.byteLength(body)).toBeLessThan(51_200);
    const preferences = Object.values(template.findResources('AWS::CloudFormation::StackSet'))[0]
      ?.Properties.OperationPreferences as Record<string, unknown>;
    expect(preferences).not.toHaveProperty('FailureTolerancePercentage');
  });

  it('tolerates a count of failed accounts per region by default, not a percentage', () => {
    // 10 % of an OU of fewer than ten accounts rounds down to 0: one account whose SCP denies a
    // region would stop the whole region.
    const synthesized = synthesize({ stackSet: {} });
    try {
      synthesized
        .template(synthesized.stacks.stackSet)
        .hasResourceProperties('AWS::CloudFormation::StackSet', {
          OperationPreferences: {
            ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
            FailureToleranceCount: 5,
            FailureTolerancePercentage: Match.absent(),
          },
        });
    } finally {
      synthesized.cleanup();
    }
  });

  it('keeps a configured failure tolerance percentage instead of the default count', () => {
    const synthesized = synthesize({
      stackSet: { operationPreferences: { failureTolerancePercentage: 25 } },
    });
    try {
      const [stackSetResource] = Object.values(
        synthesized
          .template(synthesized.stacks.stackSet)
          .findResources('AWS::CloudFormation::StackSet'),
      ) as Resource[];
      const preferences = stackSetResource!.Properties.OperationPreferences as Record<
        string,
        unknown
      >;
      expect(preferences.FailureTolerancePercentage).toBe(25);
      expect(preferences).not.toHaveProperty('FailureToleranceCount');
    } finally {
      synthesized.cleanup();
    }
  });
});

describe('Class: StackSetStack (delegated administrator)', () => {
  it('lives in the delegated administrator account and calls as DELEGATED_ADMIN', () => {
    const synthesized = synthesize({
      stackSet: { callAs: 'DELEGATED_ADMIN', delegatedAdminAccountId: '333333333333' },
    });
    try {
      expect(synthesized.stacks.stackSet.account).toBe('333333333333');
      synthesized
        .template(synthesized.stacks.stackSet)
        .hasResourceProperties('AWS::CloudFormation::StackSet', { CallAs: 'DELEGATED_ADMIN' });
    } finally {
      synthesized.cleanup();
    }
  });
});

describe('Class: ManagementMemberStack', () => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize();
  });
  afterAll(() => synthesized.cleanup());

  it('deploys the member template to the management account once per member region', () => {
    const { managementMembers } = synthesized.stacks;
    expect(managementMembers.map((stack) => stack.region)).toEqual(
      synthesized.config.memberRegions,
    );
    for (const stack of managementMembers) expect(stack.account).toBe('111111111111');
  });

  it('uses the committed template unchanged except for the bus ARN parameter', () => {
    const member = readMemberTemplate();
    const expected = JSON.parse(
      JSON.stringify(member.Resources).replaceAll(
        JSON.stringify({ Ref: 'CentralBusArn' }),
        JSON.stringify(BUS_ARN),
      ),
    ) as unknown;
    for (const stack of synthesized.stacks.managementMembers) {
      const template = synthesized.template(stack).toJSON();
      expect(template.Resources).toEqual(expected);
      expect(template.Conditions).toEqual(member.Conditions);
      expect(template.Parameters ?? {}).not.toHaveProperty('CentralBusArn');
    }
    expect(readFileSync(MEMBER_TEMPLATE_FILE, 'utf8')).toContain('"CentralBusArn"');
  });
});

describe('Class: ManagementStack', () => {
  it('delegates only the Describe/List Organizations actions the alerter and watchdog call to the security account', () => {
    const synthesized = synthesize();
    try {
      const { management } = synthesized.stacks;
      expect([management.account, management.region]).toEqual(['111111111111', 'us-east-1']);
      const template = synthesized.template(management);
      const policies = Object.values(
        template.findResources('AWS::Organizations::ResourcePolicy'),
      ) as Resource[];
      expect(policies).toHaveLength(1);
      const statements = statementsOf(policies[0]!.Properties.Content);
      expect(statements).toEqual([
        {
          Sid: 'TrailwatchReadOrganization',
          Effect: 'Allow',
          Principal: {
            AWS: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']],
            },
          },
          Action: SECURITY_ACCOUNT_CALLS,
          Resource: '*',
        },
      ]);
      for (const action of listOf(statements[0]!.Action)) {
        expect(action).toMatch(/^organizations:(Describe|List)[A-Za-z]+$/);
      }
      expect(Object.keys(template.findResources('AWS::IAM::Role'))).toEqual([]);
    } finally {
      synthesized.cleanup();
    }
  });

  it('creates a read-only role that only the alerter and watchdog roles may assume in role mode', () => {
    const synthesized = synthesize({ organizationsAccess: { mode: 'role' } });
    try {
      const template = synthesized.template(synthesized.stacks.management);
      expect(template.findResources('AWS::Organizations::ResourcePolicy')).toEqual({});
      const [role] = Object.values(
        template.findResources('AWS::IAM::Role', {
          Properties: { RoleName: 'trailwatch-organizations-read' },
        }),
      ) as Resource[];
      // A role ARN as principal is stored as the role's unique id: recreating the alerter role
      // would silently break the trust. The account root plus aws:PrincipalArn survives that.
      const arn = (name: string) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::222222222222:role/${name}`]],
      });
      expect(statementsOf(role?.Properties.AssumeRolePolicyDocument)).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: {
            AWS: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::222222222222:root']],
            },
          },
          Condition: {
            ArnEquals: {
              'aws:PrincipalArn': [arn('trailwatch-alerter'), arn('trailwatch-watchdog')],
            },
          },
        },
      ]);
      const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
        (policy) => statementsOf((policy as Resource).Properties.PolicyDocument),
      );
      expect(statements).toEqual([
        expect.objectContaining({ Action: SECURITY_ACCOUNT_CALLS, Resource: '*' }),
      ]);
    } finally {
      synthesized.cleanup();
    }
  });
});

describe('Class: IdentityCenterStack', () => {
  it('forwards Identity Center sign-ins to the central bus where Identity Center lives', () => {
    const synthesized = synthesize({
      identityCenter: { region: 'eu-central-1', accountId: '444444444444' },
    });
    try {
      const stack = synthesized.stacks.identityCenter!;
      expect([stack.account, stack.region]).toEqual(['444444444444', 'eu-central-1']);
      const template = synthesized.template(stack);
      // The member forwarding construct, under 'Default': the logical ids it had before.
      // The member forwarding construct, under 'Default': the logical ids the stack had before
      // it reused the construct, so an update does not replace (and collide with) named resources.
      expect(Object.keys(template.toJSON().Resources).sort()).toEqual([
        'DeadLetterAlarmBB7AE56D',
        'DeadLetterQueue9F481546',
        'DeadLetterQueuePolicyB1FB890C',
        'ForwardRoleAD41B8CF',
        'ForwardRoleDefaultPolicy1711493F',
        'SignInRule',
      ]);
      const [roleId] = Object.keys(template.findResources('AWS::IAM::Role'));
      const [queueId] = Object.keys(template.findResources('AWS::SQS::Queue'));
      template.hasResourceProperties('AWS::Events::Rule', {
        Name: 'trailwatch-identity-center',
        // Derived from the catalogue's Identity Center detections, not written by hand.
        EventPattern: identityCenterPattern(),
        Targets: [
          {
            Id: 'central-bus',
            Arn: BUS_ARN,
            RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
          },
        ],
      });
      expect(identityCenterPattern()).toEqual({
        source: ['aws.signin'],
        detail: {
          eventName: ['CredentialVerification'],
          serviceEventDetails: { CredentialVerification: ['Failure'] },
        },
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        RoleName: { 'Fn::Join': ['', ['trailwatch-identity-center-', { Ref: 'AWS::Region' }]] },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: BUS_ARN }],
        },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: 'trailwatch-forwarding-dlq-identity-center',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    } finally {
      synthesized.cleanup();
    }
  });

  it('is left out when the configuration names no Identity Center', () => {
    const synthesized = synthesize({ identityCenter: undefined });
    try {
      expect(synthesized.stacks.identityCenter).toBeUndefined();
      expect(synthesized.all.map((stack) => stack.artifactId)).not.toContain(
        'TrailwatchIdentityCenter',
      );
      expect(synthesized.all.map((stack) => stack.stackName)).not.toContain(
        'trailwatch-identity-center',
      );
    } finally {
      synthesized.cleanup();
    }
  });
});

describe('Termination protection', () => {
  it('protects the management, StackSet, Identity Center and management member stacks', () => {
    const synthesized = synthesize({
      organizationsAccess: { mode: 'role' },
      identityCenter: { region: 'us-east-1', accountId: '111111111111' },
    });
    try {
      const { management, stackSet, managementMembers, identityCenter } = synthesized.stacks;
      const protectedStacks = [management, stackSet, ...managementMembers, identityCenter!];
      const assembly = synthesized.app.synth();
      for (const stack of protectedStacks) {
        // The cloud assembly is what `cdk deploy` reads: it sets EnableTerminationProtection.
        expect(
          assembly.getStackByName(stack.stackName).terminationProtection,
          stack.stackName,
        ).toBe(true);
      }
      expect(protectedStacks).toHaveLength(3 + synthesized.config.memberRegions.length);
    } finally {
      synthesized.cleanup();
    }
  });
});
