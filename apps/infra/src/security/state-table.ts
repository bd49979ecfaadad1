import { StateTable as Layout, SecurityNames } from '@trailwatch/contract';
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * The alerter's state: dedup claims, heartbeats, watchdog states and leases, each kind under its
 * own key prefix (`@trailwatch/contract`), expired by TTL. Kept on stack deletion and update,
 * but removed when the first create rolls back, so a retry does not meet "already exists".
 *
 * @example
 * const { table } = new StateTable(this, 'StateTable');
 */
export class StateTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      tableName: SecurityNames.TABLE,
      partitionKey: { name: Layout.PARTITION_KEY, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: Layout.TTL_ATTRIBUTE,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
  }
}
