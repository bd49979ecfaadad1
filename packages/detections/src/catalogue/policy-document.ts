/**
 * Reading IAM policy documents out of CloudTrail `requestParameters.policyDocument`, which is a
 * JSON string — URL-encoded when the call came through some SDKs/the console, plain otherwise —
 * and occasionally already an object. Everything here is defensive: bad input means "no".
 */

function decode(text: string): unknown {
  const candidates = [text];
  if (text.includes('%')) {
    for (const variant of [text, text.replace(/\+/g, ' ')]) {
      try {
        candidates.push(decodeURIComponent(variant));
      } catch {
        // not URL-encoded after all; the raw text is still a candidate
      }
    }
  }
  for (const candidate of candidates) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

/** The parsed policy document, or undefined when it is neither an object nor parseable JSON. */
export function parsePolicyDocument(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === 'string' ? decode(value.trim()) : value;
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isStar(value: unknown): boolean {
  return asList(value).some((item) => item === '*' || item === '*:*');
}

/** Whether the document has an `Allow` statement for Action `*` on Resource `*`. */
export function grantsFullAdmin(document: Record<string, unknown> | undefined): boolean {
  if (!document) return false;
  return asList(document.Statement).some((statement) => {
    if (statement === null || typeof statement !== 'object') return false;
    const s = statement as Record<string, unknown>;
    return s.Effect === 'Allow' && isStar(s.Action) && isStar(s.Resource);
  });
}
