import { MetricScorer, type MetricScorerState } from '../../../pipeline-infra/stream/metric-scorer.js';

const wave = (i: number) => 100 + 20 * Math.sin((2 * Math.PI * i) / 48) + ((i * 7919) % 13) / 4;

describe('metric scorer', () => {
  it('stays quiet on a regular series and scores a value beyond everything seen', () => {
    const s = new MetricScorer({ learningPoints: 100 });
    const scores: number[] = [];
    for (let i = 0; i < 1500; i++) scores.push(s.score(wave(i)));
    expect(Math.max(...scores.slice(400))).toBeLessThan(0.6); // below the alert level
    const spike = s.score(400);
    expect(spike).toBeGreaterThan(0.9);
  });

  it('scores a change of pattern inside the usual range (sequence novelty through the likelihood)', () => {
    const s = new MetricScorer({ learningPoints: 100 });
    for (let i = 0; i < 2000; i++) s.score(i % 24 < 12 ? 10 : 50); // a square wave
    const after: number[] = [];
    for (let i = 0; i < 200; i++) after.push(s.score(30)); // stuck halfway: inside the range, never seen
    expect(Math.max(...after)).toBeGreaterThanOrEqual(0.6);
  });

  it('says nothing during its learning period', () => {
    const s = new MetricScorer({ learningPoints: 50 });
    for (let i = 0; i < 50; i++) expect(s.score(i % 2 ? 1 : 1000 * i)).toBe(0);
  });

  it('resumes from its JSON state exactly as if it had never stopped', () => {
    const a = new MetricScorer({ learningPoints: 100 });
    for (let i = 0; i < 700; i++) a.score(wave(i));
    const state = JSON.parse(JSON.stringify(a.snapshot())) as MetricScorerState;
    const b = new MetricScorer({ learningPoints: 100 }, state);
    for (let i = 700; i < 1400; i++) {
      const x = i === 1000 ? 500 : i > 1100 && i < 1150 ? 60 : wave(i);
      expect(b.score(x)).toBe(a.score(x));
    }
  });

  it('keeps its state bounded on endless novelty', () => {
    const s = new MetricScorer({ learningPoints: 50, maxContexts: 200, maxSuccessors: 8 });
    let x = 1;
    for (let i = 0; i < 20000; i++) s.score((x = (x * 48271) % 2147483647) % 100000);
    const state = s.snapshot();
    for (const order of state.contexts) expect(order.length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(state).length).toBeLessThan(100_000);
  });

  it('ignores values that are not finite numbers', () => {
    const s = new MetricScorer({ learningPoints: 10 });
    expect(s.score(Number.NaN)).toBe(0);
    expect(s.count).toBe(1);
  });
});
