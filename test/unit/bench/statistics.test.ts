import { median, nearestRank } from '../../../pipeline-infra/bench/statistics.js';

describe('benchmark statistics', () => {
  it('nearest rank takes the value at rank ⌈q·n⌉ of the sorted values, whatever their order', () => {
    const values = [50, 10, 40, 20, 30];
    expect(nearestRank(values, 0.5)).toBe(30);
    expect(nearestRank(values, 0.95)).toBe(50);
    expect(nearestRank(values, 0)).toBe(10);
    expect(nearestRank(values, 1)).toBe(50);
    expect(nearestRank([], 0.5)).toBeNull();
    expect(values).toEqual([50, 10, 40, 20, 30]);
  });

  it('the median averages the middle two of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
