import { Random, WeightedTable, stableId } from '../../../../pipeline-infra/lake/generator/random.js';

const draws = (random: Random, n: number) => Array.from({ length: n }, () => random.uint32());

describe('Random', () => {
  it('gives the same numbers for the same seed and different ones for another', () => {
    expect(draws(Random.fromSeed(42), 20)).toEqual(draws(Random.fromSeed(42), 20));
    expect(draws(Random.fromSeed(42), 20)).not.toEqual(draws(Random.fromSeed(43), 20));
  });

  it('forks independent streams: drawing from one never shifts another', () => {
    const a = Random.fromSeed(1);
    const b = Random.fromSeed(1);
    draws(a.fork('cloudtrail'), 1000);
    expect(draws(a.fork('flowlogs'), 10)).toEqual(draws(b.fork('flowlogs'), 10));
    expect(draws(a.fork('x'), 10)).not.toEqual(draws(a.fork('y'), 10));
  });

  it('keeps values in their ranges and roughly uniform', () => {
    const random = Random.fromSeed(7);
    const values = Array.from({ length: 50_000 }, () => random.between(3, 12));
    expect([Math.min(...values), Math.max(...values)]).toEqual([3, 12]);
    for (let value = 3; value <= 12; value++) expect(values.filter((v) => v === value).length).toBeGreaterThan(4_500);
    const unit = draws(random, 1000).map(() => random.next());
    expect(Math.min(...unit)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...unit)).toBeLessThan(1);
  });

  it('makes version-4 UUIDs and ids in AWS alphabets', () => {
    const random = Random.fromSeed(3);
    for (let i = 0; i < 100; i++) expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(random.hex(17)).toMatch(/^[0-9a-f]{17}$/);
    expect(random.base32(16)).toMatch(/^[A-Z2-7]{16}$/);
    expect(random.digits(56)).toMatch(/^\d{56}$/);
  });

  it('rounds expected counts up or down so their mean is kept', () => {
    const random = Random.fromSeed(5);
    let total = 0;
    for (let i = 0; i < 10_000; i++) total += random.count(2.3);
    expect(total / 10_000).toBeCloseTo(2.3, 1);
  });
});

describe('WeightedTable', () => {
  it('picks in proportion to the weights and never picks a zero weight', () => {
    const table = WeightedTable.of([['a', 1], ['b', 3], ['never', 0]] as const);
    const random = Random.fromSeed(9);
    const counts: Record<string, number> = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[table.pick(random)]! += 1;
    expect(counts.never).toBe(0);
    expect(counts.b! / counts.a!).toBeGreaterThan(2.7);
    expect(counts.b! / counts.a!).toBeLessThan(3.3);
  });
});

describe('stableId', () => {
  it('depends on its key only, not on any seed', () => {
    expect(stableId('prod/instance/prod-bastion-1', 'hex', 16)).toBe(stableId('prod/instance/prod-bastion-1', 'hex', 16));
    expect(stableId('a', 'hex', 16)).not.toBe(stableId('b', 'hex', 16));
  });
});
