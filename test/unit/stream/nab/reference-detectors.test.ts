import { PythonRandom } from '../../../../pipeline-infra/stream/nab/reference-detectors.js';

describe('PythonRandom (CPython\'s Mersenne Twister, for NAB\'s random detector)', () => {
  it('gives CPython\'s random.random() sequence for random.seed(42) and random.seed(0)', () => {
    const r = new PythonRandom(42);
    expect([r.random(), r.random(), r.random(), r.random(), r.random()]).toEqual([0.6394267984578837, 0.025010755222666936, 0.27502931836911926, 0.22321073814882275, 0.7364712141640124]);
    expect(new PythonRandom(0).random()).toBe(0.8444218515250481);
  });

  it('keeps going past the first 624 words (the twist)', () => {
    const r = new PythonRandom(42);
    let last = 0;
    for (let i = 0; i < 2000; i++) last = r.random();
    expect(last).toBeGreaterThanOrEqual(0);
    expect(last).toBeLessThan(1);
  });
});
