import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOf, type SynthesizedApp, statementsOf, synthesize } from './synth-fixture.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

const ALERTER_SOURCE = fileURLToPath(new URL('../../apps/alerter/src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * `<prefix>:<Operation>` for every `<Operation>Command` and `paginate<Operation>` the files import
 * from `@aws-sdk/client-<client>` (a paginator sends that operation's command).
 */
function sdkCallsOf(files: readonly string[], client: string, prefix: string): string[] {
  const calls = new Set<string>();
  const importFrom = new RegExp(
    `import\\s*\\{([^}]*)\\}\\s*from\\s*'@aws-sdk/client-${client}'`,
    'g',
  );
  for (const file of files) {
    for (const [, names] of readFileSync(file, 'utf8').matchAll(importFrom)) {
      for (const name of names!.split(',')) {
        const trimmed = name.trim().replace(/^type\s+/, '');
        const operation =
          /^([A-Za-z]+)Command$/.exec(trimmed)?.[1] ?? /^paginate([A-Za-z]+)$/.exec(trimmed)?.[1];
        if (operation) calls.add(`${prefix}:${operation}`);
      }
    }
  }
  return [...calls].sort();
}

const WATCHDOG_SOURCE = join(ALERTER_SOURCE, 'watchdog');
const isWatchdog = (file: string) => file.startsWith(`${WATCHDOG_SOURCE}/`);

/** `organizations:<Operation>` for every Organizations call anywhere in the alerter's source. */
function organizationsCallsOfAlerter(): string[] {
  return sdkCallsOf(sourceFiles(ALERTER_SOURCE), 'organizations', 'organizations');
}

/** The same, split by function: the alerter Lambda's files and the watchdog's (`src/watchdog/`). */
function organizationsCallsByFunction(): { alerter: string[]; watchdog: string[] } {
  const files = sourceFiles(ALERTER_SOURCE);
  return {
    alerter: sdkCallsOf(
      files.filter((file) => !isWatchdog(file)),
      'organizations',
      'organizations',
    ),
    watchdog: sdkCallsOf(files.filter(isWatchdog), 'organizations', 'organizations'),
  };
}

/** The DynamoDB calls of the watchdog's source. */
function dynamodbCallsOfWatchdog(): string[] {
  return sdkCallsOf(sourceFiles(WATCHDOG_SOURCE), 'dynamodb', 'dynamodb');
}

/** Organizations actions of the identity policies attached to the role whose id contains `role`. */
function roleOrganizationsActions(template: Record<string, unknown>, role: string): string[] {
  const resources = template.Resources as Record<string, Resource>;
  return Object.values(resources)
    .filter(
      (resource) =>
        resource.Type === 'AWS::IAM::Policy' &&
        JSON.stringify(resource.Properties.Roles).includes(role),
    )
    .flatMap((resource) => statementsOf(resource.Properties.PolicyDocument))
    .flatMap((statement) => listOf(statement.Action))
    .filter((action): action is string => String(action).startsWith('organizations:'))
    .sort();
}

function organizationsActions(template: Record<string, unknown>): string[] {
  const resources = template.Resources as Record<string, Resource>;
  const actions = new Set<string>();
  for (const resource of Object.values(resources)) {
    const documents = [resource.Properties.PolicyDocument, resource.Properties.Content];
    for (const statement of documents.flatMap(statementsOf)) {
      for (const action of listOf(statement.Action)) {
        if (typeof action === 'string' && action.startsWith('organizations:')) actions.add(action);
      }
    }
  }
  return [...actions].sort();
}

describe.each([
  ['delegation policy', {}],
  ['read role', { organizationsAccess: { mode: 'role' } }],
] as const)('Organizations access (%s)', (_, overrides) => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize(overrides);
  });
  afterAll(() => synthesized.cleanup());

  it('grants exactly the Organizations read calls the alerter makes, no more', () => {
    const used = organizationsCallsOfAlerter();
    // The scan must see the enrichment calls and the watchdog's paginators, or an empty set
    // would pass vacuously.
    expect(used).toEqual(
      expect.arrayContaining([
        'organizations:DescribeAccount',
        'organizations:ListAccounts',
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
      ]),
    );
    for (const action of used) expect(action).toMatch(/^organizations:(Describe|List)[A-Za-z]+$/);
    const { security, management } = synthesized.stacks;
    const granted = [security, management]
      .map((stack) => organizationsActions(synthesized.template(stack).toJSON()))
      .filter((actions) => actions.length > 0);
    // Delegation policy: the management account's policy and the alerter role's own grant.
    // Read role: the role in the management account only.
    expect(granted.length).toBeGreaterThan(0);
    for (const actions of granted) expect(actions).toEqual(used);
  });

  it('gives each function role only the Organizations calls of its own code', () => {
    const used = organizationsCallsByFunction();
    const security = synthesized.template(synthesized.stacks.security).toJSON();
    const alerter = roleOrganizationsActions(security, 'AlerterFunctionRole');
    const watchdog = roleOrganizationsActions(security, 'WatchdogFunctionRole');
    if (synthesized.config.organizationsAccess.mode === 'role') {
      // Both assume the management account's read role; neither calls Organizations directly.
      expect([alerter, watchdog]).toEqual([[], []]);
      return;
    }
    expect(alerter).toEqual(used.alerter);
    expect(watchdog).toEqual(used.watchdog);
  });
});

/** The DynamoDB statements of the policies attached to the role whose logical id contains `role`. */
function dynamodbStatementsOf(template: Template, role: string) {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify((policy as Resource).Properties.Roles).includes(role))
    .flatMap((policy) => statementsOf((policy as Resource).Properties.PolicyDocument))
    .filter((statement) =>
      listOf(statement.Action).some((action) => String(action).startsWith('dynamodb:')),
    );
}

describe('DynamoDB access of the watchdog', () => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize();
  });
  afterAll(() => synthesized.cleanup());

  it('grants the watchdog exactly the table calls its code makes, on the table only', () => {
    const used = dynamodbCallsOfWatchdog();
    // Scan (read), PutItem (problems, lease, summary markers), DeleteItem (recoveries, release),
    // BatchGetItem (a daily summary's hour counts and marker).
    expect(used).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Scan',
    ]);
    const template = synthesized.template(synthesized.stacks.security);
    const dynamodb = dynamodbStatementsOf(template, 'WatchdogFunctionRole');
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    expect(dynamodb).toEqual([
      expect.objectContaining({ Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } }),
    ]);
    expect(listOf(dynamodb[0]!.Action).map(String).sort()).toEqual(used);
  });
});

describe('DynamoDB access of the alerter', () => {
  let synthesized: SynthesizedApp;
  beforeAll(() => {
    synthesized = synthesize();
  });
  afterAll(() => synthesized.cleanup());

  it('grants the alerter exactly the table calls its code makes, on the table only', () => {
    const used = sdkCallsOf(
      sourceFiles(ALERTER_SOURCE).filter((file) => !isWatchdog(file)),
      'dynamodb',
      'dynamodb',
    );
    // Claims, heartbeats, pacing slots, correlation windows (UpdateItem: firings), mutes.
    expect(used).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    const dynamodb = dynamodbStatementsOf(
      synthesized.template(synthesized.stacks.security),
      'AlerterFunctionRole',
    );
    expect(dynamodb).toHaveLength(1);
    expect(listOf(dynamodb[0]!.Action).map(String).sort()).toEqual(used);
  });
});
