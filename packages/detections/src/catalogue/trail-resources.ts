import type { CloudTrailEvent } from '@trailwatch/cloudtrail';
import type { DetectionContext } from '../types.js';
import { recordValue, requestParameter } from './event-fields.js';

/**
 * Whether `bucket` holds the trail's logs: one of the configured trail buckets, or — when none is
 * configured — a bucket whose name says so (`aws-cloudtrail-logs-…`, `…-cloudtrail-…`), the
 * names the console and landing zones give trail buckets.
 */
export function isTrailBucket(bucket: string | undefined, context: DetectionContext): boolean {
  if (bucket === undefined) return false;
  const configured = context.trailBucketNames ?? [];
  if (configured.length > 0) return configured.includes(bucket);
  return bucket.toLowerCase().includes('cloudtrail');
}

/** The bucket an S3 control-plane call names (`requestParameters.bucketName`). */
export function bucketOf(event: CloudTrailEvent): string | undefined {
  return requestParameter(event, 'bucketName');
}

/** The key id of a KMS key ARN or alias-free id: `arn:aws:kms:…:key/<id>` → `<id>`. */
function keyIdOf(value: string): string {
  const marker = value.lastIndexOf(':key/');
  return marker < 0 ? value : value.slice(marker + ':key/'.length);
}

/** The KMS key a call acts on: `requestParameters.keyId`, else the `resources` entry. */
export function kmsKeyOf(event: CloudTrailEvent): string | undefined {
  const fromRequest = requestParameter(event, 'keyId');
  if (fromRequest) return fromRequest;
  const resources = recordValue(event, 'resources');
  if (!Array.isArray(resources)) return undefined;
  for (const resource of resources) {
    const arn = (resource as Record<string, unknown> | null)?.ARN;
    if (typeof arn === 'string' && arn.includes(':key/')) return arn;
  }
  return undefined;
}

/**
 * Whether the call's key is one of the configured trail keys, compared by key id so an ARN in
 * the configuration matches a bare id in the event and the other way round. Without configured
 * keys nothing is "the trail's key": an event alone does not say which key a trail uses.
 */
export function isTrailKey(event: CloudTrailEvent, context: DetectionContext): boolean {
  const key = kmsKeyOf(event);
  const configured = context.trailKmsKeys ?? [];
  if (key === undefined || configured.length === 0) return false;
  const id = keyIdOf(key);
  return configured.some((candidate) => keyIdOf(candidate) === id);
}
