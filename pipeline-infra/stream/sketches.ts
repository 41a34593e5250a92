/**
 * Small fixed-size sketches kept per target and window: HyperLogLog registers for distinct
 * counts (sources, destination ports) and a space-saving top-k for the heaviest sources and ports.
 * They live inside flat typed arrays owned by the window table (one stripe per target), so these
 * are functions over (array, offset) rather than objects.
 */

/** murmur3's 32-bit finaliser: a good spread for IPv4 values and ports. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of a text (FNV-1a then the finaliser): IPv6 addresses hash by their text, so state stays valid across runs. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** Adds a 32-bit hash to the HyperLogLog stripe `regs[offset, offset + 2^bits)`. */
export function hllAdd(regs: Uint8Array, offset: number, bits: number, hash: number): void {
  const index = hash >>> (32 - bits);
  const rest = (hash << bits) >>> 0;
  const rank = rest === 0 ? 33 - bits : Math.clz32(rest) + 1;
  const at = offset + index;
  if (rank > regs[at]!) regs[at] = rank;
}

/** The HyperLogLog estimate, with linear counting for small cardinalities. */
const INVERSE_POWERS = Float64Array.from({ length: 64 }, (_, r) => 2 ** -r);

export function hllCount(regs: Uint8Array, offset: number, bits: number): number {
  const m = 1 << bits;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    const r = regs[offset + i]!;
    sum += INVERSE_POWERS[r]!;
    if (r === 0) zeros++;
  }
  const alpha = m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
  const estimate = (alpha * m * m) / sum;
  if (estimate <= 2.5 * m && zeros > 0) return m * Math.log(m / zeros);
  return estimate;
}

/** Numbers per top-k entry: key, count, possible error. */
export const TOP_ENTRY = 3;
export type TopEntry = [key: number, count: number, error: number];

/**
 * Space-saving top-k over the `k` entries from `offset` (each a key, count, error triple, kept
 * together so one update touches one or two cache lines): adds `weight` to `key`; an untracked key
 * replaces the lightest entry and inherits its count as its possible error (a NaN key marks an
 * empty entry). `count − error` is a guaranteed lower bound.
 */
export function topAdd(entries: Float64Array, offset: number, k: number, key: number, weight: number): void {
  const end = offset + k * TOP_ENTRY;
  let min = offset;
  for (let j = offset; j < end; j += TOP_ENTRY) {
    const kj = entries[j]!;
    if (kj === key) {
      entries[j + 1] = entries[j + 1]! + weight;
      return;
    }
    if (kj !== kj) {
      // empty entry (NaN)
      entries[j] = key;
      entries[j + 1] = weight;
      entries[j + 2] = 0;
      return;
    }
    if (entries[j + 1]! < entries[min + 1]!) min = j;
  }
  const lightest = entries[min + 1]!;
  entries[min] = key;
  entries[min + 1] = lightest + weight;
  entries[min + 2] = lightest;
}

/** The tracked entries in slot order (what a saved state keeps, so a restored sketch evolves identically). */
export function topSlots(entries: Float64Array, offset: number, k: number): TopEntry[] {
  const out: TopEntry[] = [];
  for (let j = offset; j < offset + k * TOP_ENTRY; j += TOP_ENTRY) if (!Number.isNaN(entries[j]!)) out.push([entries[j]!, entries[j + 1]!, entries[j + 2]!]);
  return out;
}

/** The tracked entries, heaviest first, with their guaranteed counts (`count − error`). */
export function topEntries(entries: Float64Array, offset: number, k: number): Array<{ key: number; count: number; guaranteed: number }> {
  return topSlots(entries, offset, k)
    .map(([key, count, error]) => ({ key, count, guaranteed: count - error }))
    .sort((a, b) => b.count - a.count || a.key - b.key);
}

export function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

export function base64ToBytes(text: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(Buffer.from(text, 'base64').subarray(0, length));
  return out;
}
