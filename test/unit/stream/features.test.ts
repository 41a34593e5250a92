import { ACCOUNT_WIDE, WindowTable } from '../../../pipeline-infra/stream/features.js';
import { TOP_ENTRY, hllAdd, hllCount, mix32, topAdd, topEntries } from '../../../pipeline-infra/stream/sketches.js';

describe('sketches', () => {
  it('HyperLogLog counts distinct values within its error (64 registers: ±13 %)', () => {
    for (const n of [1, 10, 100, 1000, 20000]) {
      const regs = new Uint8Array(64);
      for (let i = 0; i < n; i++) for (let repeat = 0; repeat < 3; repeat++) hllAdd(regs, 0, 6, mix32(0x0a000000 + i));
      const estimate = hllCount(regs, 0, 6);
      expect(Math.abs(estimate - n) / n).toBeLessThan(n <= 100 ? 0.1 : 0.3);
    }
  });

  it('space-saving keeps the heavy hitters, with guaranteed lower bounds', () => {
    const entries = new Float64Array(2 + 4 * TOP_ENTRY).fill(Number.NaN); // an offset, as inside a table row
    for (let i = 0; i < 1000; i++) topAdd(entries, 2, 4, 7, 1); // one heavy source
    for (let i = 0; i < 1000; i++) topAdd(entries, 2, 4, 100 + i, 1); // a thousand light ones
    const top = topEntries(entries, 2, 4);
    expect(top).toHaveLength(4);
    expect(top[0]!.key).toBe(7);
    expect(top[0]!.guaranteed).toBe(1000);
    for (const entry of top.slice(1)) expect(entry.guaranteed).toBeLessThanOrEqual(1);
  });
});

describe('window table: features per (account, destination)', () => {
  const add = (t: WindowTable, o: { account?: number; dst: number; src: number; dstPort?: number; srcPort?: number; protocol?: number; packets?: number; bytes?: number; action?: number; flags?: number }) => {
    const r = t.row(o.account ?? 0, o.dst);
    t.add(r, o.src, mix32(o.src), o.dstPort ?? 443, o.protocol ?? 6, o.packets ?? 10, o.bytes ?? 5000, o.action ?? 1, o.flags ?? -1, o.srcPort ?? 40000);
    return r;
  };

  it('computes rates, composition, distinct counts and the heaviest sources', () => {
    const t = new WindowTable(0, 100);
    const host = 167772170; // 10.0.0.10
    for (let i = 0; i < 50; i++) add(t, { dst: host, src: 1000 + i, packets: 2, bytes: 80, flags: 2 }); // SYN only, tiny
    for (let i = 0; i < 30; i++) add(t, { dst: host, src: 5, packets: 10, bytes: 8000, flags: 27, dstPort: 22 });
    for (let i = 0; i < 20; i++) add(t, { dst: host, src: 6, protocol: 17, dstPort: 0, srcPort: 0, packets: 5, bytes: 7000, action: 2 });
    const r = t.row(0, host);
    const f = t.features(r, 10);
    expect(f.flows).toBe(100);
    expect(f.packets).toBe(50 * 2 + 30 * 10 + 20 * 5);
    expect(f.pps).toBeCloseTo(50, 6);
    expect(f.synOnlyRatio).toBeCloseTo(50 / 80, 6);
    expect(f.smallTcpShare).toBeCloseTo(50 / 80, 6);
    expect(f.fragmentShare).toBeCloseTo(0.2, 6);
    expect(f.rejectRatio).toBeCloseTo(0.2, 6);
    expect(f.udpShare).toBeCloseTo(100 / 500, 6);
    expect(f.authFps).toBeCloseTo(3, 6);
    expect(t.distinctSources(f)).toBeGreaterThan(40);
    expect(t.distinctSources(f)).toBeLessThan(65);
    expect(t.topSources(r)[0]).toMatchObject({ key: 5, guaranteed: 30 });
    expect(t.topPorts(r).map((p) => p.key)).toContain(22);
  });

  it('reports no SYN-only ratio and no reject ratio when the records carry no flags or actions', () => {
    const t = new WindowTable(0, 10);
    add(t, { dst: 1, src: 2, action: 0 });
    const f = t.features(t.row(0, 1), 60);
    expect(f.synOnlyRatio).toBeNull();
    expect(f.rejectRatio).toBeNull();
  });

  it('sums each account\'s rows (and its overflow) into account-wide features, and grows without losing rows', () => {
    const t = new WindowTable(0, 5000, 4);
    for (let i = 0; i < 1000; i++) expect(add(t, { account: i % 3, dst: 100 + i, src: i })).toBeGreaterThanOrEqual(0);
    expect(t.size).toBe(1000);
    const ro = t.overflowRow(1);
    t.add(ro, 7, mix32(7), 443, 6, 10, 5000, 1, -1, 40000);
    const wide = t.accountFeatures(60).find((f) => f.account === 1)!;
    expect(wide.dst).toBe(ACCOUNT_WIDE);
    expect(wide.flows).toBe(334);
    expect(wide.packets).toBe(3340);
    expect(t.distinctSources(wide)).toBeGreaterThan(250);
    expect(t.distinctSources(wide)).toBeLessThan(420);
    expect(t.features(t.row(2, 100 + 998), 60).flows).toBe(1);
  });

  it('refuses rows past its limit (the caller counts the overflow)', () => {
    const t = new WindowTable(0, 3);
    expect([1, 2, 3].map((dst) => t.row(0, dst)).every((r) => r >= 0)).toBe(true);
    expect(t.row(0, 4)).toBe(-1);
    expect(t.row(0, 2)).toBeGreaterThanOrEqual(0);
  });
});
