/**
 * A small seeded pseudo-random generator (sfc32, seeded through a string hash), so a lake is
 * the same for the same seed on every machine. `fork(label)` gives independent streams: adding
 * events to one table never shifts the values drawn for another.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** cyrb128: four 32-bit words from a string, to seed sfc32. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  return [h1 >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly key: string) {
    [this.a, this.b, this.c, this.d] = hash128(key);
    for (let i = 0; i < 12; i++) this.uint32(); // sfc32 wants a few rounds before its output is well mixed
  }

  static fromSeed(seed: number): Random {
    return new Random(`cia-lake/${seed}`);
  }

  /** An independent stream for one purpose; the same label always gives the same stream. */
  fork(label: string): Random {
    return new Random(`${this.key}/${label}`);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A whole count whose mean is `expected`: the fraction is rounded up with that probability. */
  count(expected: number): number {
    const whole = Math.floor(expected);
    return whole + (this.next() < expected - whole ? 1 : 0);
  }

  uuid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    return (
      HEX[a >>> 24]! + HEX[(a >>> 16) & 255]! + HEX[(a >>> 8) & 255]! + HEX[a & 255]! + '-' +
      HEX[b >>> 24]! + HEX[(b >>> 16) & 255]! + '-' +
      HEX[0x40 | ((b >>> 8) & 15)]! + HEX[b & 255]! + '-' +
      HEX[0x80 | ((c >>> 24) & 63)]! + HEX[(c >>> 16) & 255]! + '-' +
      HEX[(c >>> 8) & 255]! + HEX[c & 255]! + HEX[d >>> 24]! + HEX[(d >>> 16) & 255]! + HEX[(d >>> 8) & 255]! + HEX[d & 255]!
    );
  }

  /** `length` lower-case hex digits. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) {
      const word = this.uint32();
      out += HEX[word >>> 24]! + HEX[(word >>> 16) & 255]! + HEX[(word >>> 8) & 255]! + HEX[word & 255]!;
    }
    return out.slice(0, length);
  }

  /** `length` characters of AWS's key-id alphabet (A-Z, 2-7). */
  base32(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += BASE32[this.uint32() & 31];
    return out;
  }

  digits(length: number): string {
    let out = '';
    while (out.length < length) out += String(this.uint32() % 1_000_000_000).padStart(9, '0');
    return out.slice(0, length);
  }
}

/** A weighted choice table: `pick` costs a binary search, so it stays fast with many options. */
export class WeightedTable<T> {
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(readonly items: readonly T[], weights: readonly number[]) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    weights.forEach((weight, i) => {
      sum += Math.max(0, weight);
      this.cumulative[i] = sum;
    });
    this.total = sum;
  }

  static of<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
    return new WeightedTable(entries.map((e) => e[0]), entries.map((e) => e[1]));
  }

  pick(random: Random): T {
    const target = random.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/**
 * An identifier that depends only on `key` (not on the lake's seed): resource and principal ids
 * stay the same across seeds, so documentation and tests can name them.
 */
export function stableId(key: string, alphabet: 'hex' | 'base32' | 'digits', length: number): string {
  const random = new Random(`stable/${key}`);
  return alphabet === 'hex' ? random.hex(length) : alphabet === 'base32' ? random.base32(length) : random.digits(length);
}

/** A UUID derived from a name, the same in every lake (for ids other records refer to). */
export function stableUuid(key: string): string {
  return new Random(`stable/${key}`).uuid();
}
