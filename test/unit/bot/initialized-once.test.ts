import { initializedOnce } from '../../../bot/lambda/initialized-once.js';

describe('initializedOnce', () => {
  it('sets up on the first call and keeps it, even for calls made while it runs', async () => {
    let runs = 0;
    const setUp = initializedOnce(async () => ++runs);
    expect(await Promise.all([setUp(), setUp()])).toEqual([1, 1]);
    expect(await setUp()).toBe(1);
  });

  it('tries again after a failed set-up instead of failing every later call', async () => {
    let runs = 0;
    const setUp = initializedOnce(async () => {
      if (++runs === 1) throw new Error('ThrottlingException: Rate exceeded');
      return runs;
    });
    await expect(setUp()).rejects.toThrow('Rate exceeded');
    expect(await setUp()).toBe(2);
    expect(await setUp()).toBe(2);
  });
});
