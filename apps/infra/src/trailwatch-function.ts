import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Properties of {@link TrailwatchFunction}. */
export interface TrailwatchFunctionProps {
  /** Physical function name; the log group is `/aws/lambda/<name>`. */
  readonly functionName: string;
  /** Physical name of the function's own role. */
  readonly roleName: string;
  readonly description: string;
  readonly roleDescription: string;
  /** Directory of the esbuild bundle (`apps/alerter/dist`). */
  readonly bundleDir: string;
  /** `<file>.handler` inside the bundle directory. */
  readonly handler: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly logRetention: RetentionDays;
  readonly environment: Record<string, string>;
  /** @default - no reservation */
  readonly reservedConcurrentExecutions?: number;
}

/**
 * A trailwatch Lambda as every one of them is deployed: nodejs22.x on arm64 from the esbuild
 * bundle, its own role that may write only its own log group, and that log group with a
 * retention, kept on stack deletion but not after a failed first create. Grant the rest on
 * `role`.
 *
 * @example
 * const fn = new TrailwatchFunction(this, 'Alerter', { functionName: 'trailwatch-alerter', … });
 * fn.role.addToPrincipalPolicy(new PolicyStatement({ … }));
 */
export class TrailwatchFunction extends Construct {
  readonly role: Role;
  readonly logGroup: LogGroup;
  readonly function: LambdaFunction;

  constructor(scope: Construct, id: string, props: TrailwatchFunctionProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      roleName: props.roleName,
      description: props.roleDescription,
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/lambda/${props.functionName}`,
      retention: props.logRetention,
      // Kept on update and delete (the audit trail of what was posted), dropped when the first
      // create rolls back, so a retry does not fail on "already exists".
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new LambdaFunction(this, 'Resource', {
      functionName: props.functionName,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: props.handler,
      code: Code.fromAsset(props.bundleDir),
      timeout: props.timeout,
      memorySize: props.memorySize,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      ...(props.reservedConcurrentExecutions === undefined
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrentExecutions }),
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'nodejs22.x is the runtime the bundle is built and tested for (supported until 2027); moving to nodejs24.x is a deliberate upgrade.',
    });
  }

  /**
   * Lets the function read Organizations: through the management account's read-only role when
   * `roleArn` is given (role mode), else directly with `actions`, which the management account's
   * delegation policy grants to the security account.
   */
  grantOrganizationsRead(actions: readonly string[], roleArn: string | undefined): void {
    if (roleArn !== undefined) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'AssumeOrganizationsReadRole',
          actions: ['sts:AssumeRole'],
          resources: [roleArn],
        }),
      );
      return;
    }
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ sid: 'ReadOrganizations', actions: [...actions], resources: ['*'] }),
    );
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `Organizations read calls accept no resource ARN; only ${actions.join(', ')} are granted.`,
    });
  }
}
