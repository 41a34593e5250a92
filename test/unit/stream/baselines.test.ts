import { DEFAULT_BASELINE_OPTIONS, expected, isWarm, newBaseline, observe, zScore } from '../../../pipeline-infra/stream/baselines.js';

const values = (pps: number, fps = pps / 10) => ({ pps, fps, sources: 20, ports: 3, authFps: 0.1 });

describe('baselines', () => {
  it('answer only after the warm-up, then expect the usual level', () => {
    const b = newBaseline(0);
    for (let w = 0; w < DEFAULT_BASELINE_OPTIONS.warmupWindows - 1; w++) observe(b, w, 60, values(1000 * (1 + 0.1 * Math.sin(w))), false);
    expect(isWarm(b)).toBe(false);
    for (let w = DEFAULT_BASELINE_OPTIONS.warmupWindows - 1; w < 200; w++) observe(b, w, 60, values(1000 * (1 + 0.1 * Math.sin(w))), false);
    expect(isWarm(b)).toBe(true);
    expect(expected(b, 'pps', 200 * 60)).toBeGreaterThan(850);
    expect(expected(b, 'pps', 200 * 60)).toBeLessThan(1150);
    expect(zScore(b, 'pps', 1000, 200 * 60)).toBeLessThan(1);
    expect(zScore(b, 'pps', 20000, 200 * 60)).toBeGreaterThan(8);
  });

  it('learn the hour of day: a busy hour is expected to be busy', () => {
    const b = newBaseline(0);
    const windowSeconds = 3600;
    for (let w = 0; w < 24 * 10; w++) observe(b, w, windowSeconds, values(w % 24 === 12 ? 10000 : 1000), false);
    expect(expected(b, 'pps', (24 * 10 + 12) * windowSeconds)).toBeGreaterThan(7000);
    expect(expected(b, 'pps', (24 * 10 + 3) * windowSeconds)).toBeLessThan(1500);
    expect(zScore(b, 'pps', 10000, (24 * 10 + 12) * windowSeconds)).toBeLessThan(1.5);
    expect(zScore(b, 'pps', 10000, (24 * 10 + 3) * windowSeconds)).toBeGreaterThan(4);
  });

  it('count quiet windows as zeros, and learn slowly while anomalous', () => {
    const a = newBaseline(0);
    for (let w = 0; w < 100; w++) observe(a, w, 60, values(1000), false);
    const before = expected(a, 'pps', 100 * 60);
    const normal = structuredClone(a);
    observe(normal, 100, 60, values(100000), false);
    observe(a, 100, 60, values(100000), true);
    const shift = (b: typeof a) => Math.log(expected(b, 'pps', 101 * 60) / before);
    expect(shift(a)).toBeGreaterThan(0);
    expect(shift(a)).toBeLessThan(shift(normal) / 10);
    const quiet = structuredClone(a);
    observe(quiet, 120, 60, values(1000), false); // 19 windows without traffic before this one
    expect(expected(quiet, 'pps', 121 * 60)).toBeLessThan(expected(a, 'pps', 121 * 60) / 2);
    expect(quiet.n).toBe(a.n + 20);
  });
});
