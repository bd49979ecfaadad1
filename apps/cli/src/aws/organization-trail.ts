import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { awsError } from './aws-error.js';

/** What the organization trail check found. */
export interface TrailCheck {
  readonly ok: boolean;
  /** The trail that was judged (the best candidate), if any. */
  readonly trail?: string;
  /** What is wrong, one item per problem. */
  readonly problems: string[];
  /** The command or step that fixes it. */
  readonly fix?: string;
}

const CREATE_FIX =
  'from the management account: aws cloudtrail create-trail --name org-trail --s3-bucket-name <bucket> --is-organization-trail --is-multi-region-trail --include-global-service-events && aws cloudtrail start-logging --name org-trail';

/** Whether event selectors record write management events. */
function logsManagementWrites(selectors: {
  EventSelectors?: { IncludeManagementEvents?: boolean; ReadWriteType?: string }[];
  AdvancedEventSelectors?: { FieldSelectors?: { Field?: string; Equals?: string[] }[] }[];
}): boolean {
  for (const s of selectors.EventSelectors ?? []) {
    if (s.IncludeManagementEvents !== false && s.ReadWriteType !== 'ReadOnly') return true;
  }
  for (const s of selectors.AdvancedEventSelectors ?? []) {
    const fields = s.FieldSelectors ?? [];
    const management = fields.some(
      (f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management'),
    );
    const readOnlyOnly = fields.some(
      (f) => f.Field === 'readOnly' && (f.Equals ?? []).includes('true'),
    );
    if (management && !readOnlyOnly) return true;
  }
  return false;
}

/**
 * Finds a multi-region organization trail with global service events that is logging write
 * management events: without one, no "via CloudTrail" event reaches EventBridge anywhere.
 */
export async function checkOrganizationTrail(client: CloudTrailClient): Promise<TrailCheck> {
  let trails: Trail[];
  try {
    trails =
      (await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }))).trailList ?? [];
  } catch (error) {
    throw awsError(
      error,
      'listing CloudTrail trails',
      'use --profile for the management account (or the CloudTrail delegated admin), with cloudtrail:DescribeTrails',
    );
  }
  const organization = trails.filter((t) => t.IsOrganizationTrail);
  if (organization.length === 0) {
    return { ok: false, problems: ['no organization trail exists'], fix: CREATE_FIX };
  }
  // Prefer the trail that already has the right shape; report on the closest one.
  const ranked = [...organization].sort(
    (a, b) =>
      Number(b.IsMultiRegionTrail) +
      Number(b.IncludeGlobalServiceEvents) -
      (Number(a.IsMultiRegionTrail) + Number(a.IncludeGlobalServiceEvents)),
  );
  let last: TrailCheck | undefined;
  for (const trail of ranked) {
    const name = trail.Name ?? trail.TrailARN ?? '?';
    const id = trail.TrailARN ?? name;
    const problems: string[] = [];
    const fixes: string[] = [];
    if (!trail.IsMultiRegionTrail) {
      problems.push('it is not multi-region');
      fixes.push(`aws cloudtrail update-trail --name ${name} --is-multi-region-trail`);
    }
    if (!trail.IncludeGlobalServiceEvents) {
      problems.push('it does not include global service events (IAM, STS, Organizations)');
      fixes.push(`aws cloudtrail update-trail --name ${name} --include-global-service-events`);
    }
    try {
      const status = await client.send(new GetTrailStatusCommand({ Name: id }));
      if (!status.IsLogging) {
        problems.push('it is not logging');
        fixes.push(`aws cloudtrail start-logging --name ${name}`);
      }
      const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: id }));
      if (!logsManagementWrites(selectors)) {
        problems.push('its event selectors do not record write management events');
        fixes.push(
          `aws cloudtrail put-event-selectors --trail-name ${name} --event-selectors '[{"ReadWriteType":"All","IncludeManagementEvents":true}]'`,
        );
      }
    } catch (error) {
      throw awsError(
        error,
        `reading the status of trail ${name}`,
        'run from the account that owns the organization trail (usually the management account), with cloudtrail:GetTrailStatus and cloudtrail:GetEventSelectors',
      );
    }
    last = {
      ok: problems.length === 0,
      trail: name,
      problems,
      ...(fixes.length > 0 ? { fix: fixes.join(' && ') } : {}),
    };
    if (last.ok) return last;
  }
  return last as TrailCheck;
}
