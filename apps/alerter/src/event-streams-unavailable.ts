/**
 * The bundle's stand-in for `@smithy/core/event-streams` (substituted by build.mjs). The SDK loads
 * that module lazily, only for event-stream operations (Kinesis SubscribeToShard, Bedrock
 * streaming…); none of the alerter's calls has one, so its 15 KB are left out. Should a future call
 * need it, this fails loudly instead of misbehaving.
 */
function unavailable(): never {
  throw new Error('AWS event streams are not bundled in the trailwatch alerter (see build.mjs)');
}

/** Never usable here; see the module comment. */
export const eventStreamSerdeProvider = unavailable;

/** Never usable here; see the module comment. */
export class EventStreamSerde {
  public constructor() {
    unavailable();
  }
}
