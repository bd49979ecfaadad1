/** An inclusive range of addresses of one family, as big-endian bytes. */
export interface IpRange {
  readonly low: Uint8Array;
  readonly high: Uint8Array;
}

// Event values are parsed into this buffer so that matching a CIDR allocates nothing.
const scratch = new Uint8Array(16);

/**
 * Parses an IPv4 or IPv6 literal into `out` the way event-ruler does (its shape check, then Java's
 * `InetAddress` rules): dotted quads with decimal octets ≤ 255, or hex groups with at most one
 * `::` and no embedded dotted quad or zone. An IPv4-mapped IPv6 address becomes its IPv4 address.
 *
 * @returns the address length in bytes (4 or 16), or 0 when `text` is not an IP literal
 */
export function parseIp(text: string, out: Uint8Array = scratch): 0 | 4 | 16 {
  let hasColon = false;
  let hasDot = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58) hasColon = true;
    else if (c === 46) hasDot = true;
  }
  if (hasColon) return hasDot ? 0 : parseIpv6(text, out);
  return hasDot && parseIpv4(text, out) ? 4 : 0;
}

function parseIpv4(text: string, out: Uint8Array): boolean {
  let part = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || part === 3) return false;
      out[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      if (value > 255) return false;
      digits++;
    } else {
      return false;
    }
  }
  if (part !== 3 || digits === 0) return false;
  out[3] = value;
  return true;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// Mirrors Java's IPAddressUtil.textToNumericFormatV6, which event-ruler relies on.
function parseIpv6(text: string, out: Uint8Array): 0 | 4 | 16 {
  const length = text.length;
  if (length < 2) return 0;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (text.charCodeAt(1) !== 58) return 0;
    i = 1;
  }
  let j = 0;
  let gap = -1;
  let sawDigit = false;
  let value = 0;
  while (i < length) {
    const c = text.charCodeAt(i++);
    const digit = hexValue(c);
    if (digit !== -1) {
      value = (value << 4) | digit;
      if (value > 0xffff) return 0;
      sawDigit = true;
      continue;
    }
    if (c !== 58) return 0;
    if (!sawDigit) {
      if (gap !== -1) return 0;
      gap = j;
      continue;
    }
    if (i === length || j + 2 > 16) return 0;
    out[j++] = value >> 8;
    out[j++] = value & 0xff;
    sawDigit = false;
    value = 0;
  }
  if (sawDigit) {
    if (j + 2 > 16) return 0;
    out[j++] = value >> 8;
    out[j++] = value & 0xff;
  }
  if (gap !== -1) {
    if (j === 16) return 0;
    const moved = j - gap;
    for (let k = 1; k <= moved; k++) {
      out[16 - k] = out[j - k] as number;
      out[j - k] = 0;
    }
    for (let k = gap; k < 16 - moved; k++) out[k] = 0;
    j = 16;
  }
  if (j !== 16) return 0;
  return isIpv4Mapped(out) ? toIpv4(out) : 16;
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let k = 0; k < 10; k++) if (bytes[k] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

function toIpv4(bytes: Uint8Array): 4 {
  bytes.copyWithin(0, 12, 16);
  return 4;
}

/** The problem with a `cidr` operand, or `undefined` when EventBridge would accept it. */
export function checkCidr(cidr: string): string | undefined {
  const slash = cidr.indexOf('/');
  if (slash < 0 || slash === cidr.length - 1 || cidr.indexOf('/', slash + 1) >= 0) {
    return `must be an address and a prefix length joined by exactly one "/", e.g. "10.0.0.0/24", got ${JSON.stringify(cidr)}`;
  }
  const bitsText = cidr.slice(slash + 1);
  if (!/^[+-]?\d{1,10}$/.test(bitsText)) {
    return `prefix length must be an integer, got ${JSON.stringify(bitsText)}`;
  }
  const bits = Number(bitsText);
  if (bits < 0) return `prefix length must not be negative, got ${bits}`;
  const size = parseIp(cidr.slice(0, slash), new Uint8Array(16));
  if (size === 0) return `${JSON.stringify(cidr.slice(0, slash))} is not an IPv4 or IPv6 address`;
  // event-ruler refuses a full-length prefix; an exact address is written as a plain value instead.
  if (size === 4 && bits > 31) return `IPv4 prefix length must be at most 31, got ${bits}`;
  if (size === 16 && bits > 127) return `IPv6 prefix length must be at most 127, got ${bits}`;
  return undefined;
}

/** The address range a valid `cidr` operand covers (host bits of the address are ignored). */
export function parseCidr(cidr: string): IpRange {
  const slash = cidr.indexOf('/');
  const buffer = new Uint8Array(16);
  const size = parseIp(cidr.slice(0, slash), buffer);
  let hostBits = size * 8 - Number(cidr.slice(slash + 1));
  const low = buffer.slice(0, size);
  const high = buffer.slice(0, size);
  for (let k = size - 1; k >= 0 && hostBits > 0; k--, hostBits -= 8) {
    const mask = hostBits >= 8 ? 0xff : (1 << hostBits) - 1;
    low[k] = (low[k] as number) & ~mask;
    high[k] = (high[k] as number) | mask;
  }
  return { low, high };
}

/** Whether `text` is an IP address inside `range`. */
export function ipInRange(range: IpRange, text: string): boolean {
  const size = parseIp(text);
  if (size !== range.low.length) return false;
  let aboveLow = false;
  let belowHigh = false;
  for (let k = 0; k < size; k++) {
    const b = scratch[k] as number;
    if (!aboveLow) {
      const l = range.low[k] as number;
      if (b < l) return false;
      if (b > l) aboveLow = true;
    }
    if (!belowHigh) {
      const h = range.high[k] as number;
      if (b > h) return false;
      if (b < h) belowHigh = true;
    }
    if (aboveLow && belowHigh) return true;
  }
  return true;
}

/** The bytes of `text` when it is an IP literal, else `undefined`. */
export function ipBytes(text: string): Uint8Array | undefined {
  const buffer = new Uint8Array(16);
  const size = parseIp(text, buffer);
  return size === 0 ? undefined : buffer.slice(0, size);
}

/** Whether `text` is an IP literal denoting the address `bytes`. */
export function ipEquals(bytes: Uint8Array, text: string): boolean {
  const size = parseIp(text);
  if (size !== bytes.length) return false;
  for (let k = 0; k < size; k++) if (scratch[k] !== bytes[k]) return false;
  return true;
}
