/** Offsets of the four FNV-1a lanes; distinct so the lanes don't collapse into one 32-bit hash. */
const LANE_SEEDS = [0x811c9dc5, 0x050c5d1f, 0x6b43a9b5, 0x2d358dcc] as const;
const FNV_PRIME = 0x01000193;

function hex8(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/**
 * A UUID-shaped, deterministic id for `text` (128 bits of four seeded FNV-1a lanes). Not
 * cryptographic: it only has to be stable across runs and distinct for distinct events.
 */
export function stableId(text: string): string {
  let a: number = LANE_SEEDS[0];
  let b: number = LANE_SEEDS[1];
  let c: number = LANE_SEEDS[2];
  let d: number = LANE_SEEDS[3];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, FNV_PRIME);
    b = Math.imul(b ^ code, FNV_PRIME);
    c = Math.imul(c ^ code, FNV_PRIME);
    d = Math.imul(d ^ code, FNV_PRIME);
    // Feed each lane from its neighbour so equal inputs per lane still diverge.
    b ^= a >>> 15;
    c ^= b >>> 13;
    d ^= c >>> 11;
  }
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A stable id for a whole record (used only when it has no `eventID`). */
export function stableRecordId(record: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(record);
  } catch {
    // Cycles and BigInts can't come from JSON.parse; a caller-built object may still have them.
    text = undefined;
  }
  return stableId(text ?? 'unserializable-record');
}
