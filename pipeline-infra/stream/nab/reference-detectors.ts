import type { NabSeries } from './corpus.js';

/**
 * NAB's reference detectors, for checking the scorer against NAB's published numbers: the null
 * detector (0.5 everywhere), a perfect detector (1 at the first row of every window) and NAB's
 * `random` detector, which reseeds Python's `random` with 42 for every file and draws
 * `random.uniform(0, 1)` per row. `PythonRandom` reproduces CPython's Mersenne Twister bit for bit.
 */
export class PythonRandom {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  /** `random.seed(n)` for a non-negative integer below 2^32 (CPython seeds `init_by_array([n])`). */
  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new RangeError('seed: an integer in [0, 2^32)');
    this.initByArray([seed >>> 0]);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.index = 624;
  }

  private initByArray(key: number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(624, key.length); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++;
      j++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = 623; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= 624) {
        mt[0] = mt[623]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  private twist(): void {
    const mt = this.mt;
    for (let kk = 0; kk < 624; kk++) {
      const y = (mt[kk]! & 0x80000000) | (mt[(kk + 1) % 624]! & 0x7fffffff);
      mt[kk] = mt[(kk + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }

  uint32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
    y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** `random.random()`: 53 random bits. */
  random(): number {
    const a = this.uint32() >>> 5;
    const b = this.uint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

export function nullScores(series: NabSeries): Float64Array {
  return new Float64Array(series.values.length).fill(0.5);
}

/** NAB's `random` detector: `random.seed(42)` in `initialize()` (once per file), then `random.uniform(0, 1)` per row. */
export function randomScores(series: NabSeries, seed = 42): Float64Array {
  const rng = new PythonRandom(seed);
  const out = new Float64Array(series.values.length);
  for (let i = 0; i < out.length; i++) out[i] = 0 + (1 - 0) * rng.random();
  return out;
}

/** A detector that knows the labels: 1 at the first row of every window, 0 elsewhere (raw score = tpWeight · windows). */
export function perfectScores(series: NabSeries, windows: ReadonlyArray<readonly [number, number]>): Float64Array {
  const out = new Float64Array(series.values.length);
  for (const [start] of windows) {
    const i = series.timestamps.indexOf(start);
    if (i >= 0) out[i] = 1;
  }
  return out;
}
