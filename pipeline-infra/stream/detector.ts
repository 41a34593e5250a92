import { DEFAULT_SEVERITY_RULES, fingerprintOf, type Alert, type AlertEvidence, type AlertKind, type SeverityRules } from '../alerts/alert.js';
import { DEFAULT_BASELINE_OPTIONS, compactBaseline, expected, isWarm, newBaseline, observe, zScore, type BaselineOptions, type BaselineState } from './baselines.js';
import { ACCOUNT_WIDE, PORT_REGS, SOURCE_REGS, WindowTable, type RowFeatures } from './features.js';
import { DIRECTION, Dictionary, STATUS, type FlowBatch } from './flow-log-parser.js';
import { batchFromRows, type FlowLogRow } from './flow-record.js';
import { DEFAULT_INCIDENT_OPTIONS, IncidentBook, type IncidentOptions, type IncidentState, type Observation } from './incidents.js';
import { DEFAULT_METRIC_SCORER_OPTIONS, MetricScorer, type MetricScorerOptions, type MetricScorerState } from './metric-scorer.js';
import { base64ToBytes, bytesToBase64, hashText, mix32 } from './sketches.js';

/**
 * The streaming detector: a pure `(state, records) → (state, alerts)` over VPC flow-log records
 * and CloudWatch metric points, the shape of Lambda's tumbling-window Kinesis handler, so the same
 * code runs in Lambda, in the local stream and in the benchmarks.
 *
 * Flow records are counted into windows of `windowSeconds` by their start time, per account and
 * destination (and per account as a whole). A window closes once records `allowedLatenessSeconds`
 * past its end have arrived (or on `flush`, at the end of a file). A closed
 * window's features are compared with each target's baseline; anomalies become observations,
 * and the incident book turns them into alerts: open → update → resolve, one fingerprint per
 * (account, target, kind). Metric points go through one `MetricScorer` per series.
 *
 * The state is plain JSON and bounded: a few open windows of at most `maxTargetsPerWindow` rows,
 * at most `maxBaselines` baselines (least recently seen evicted first), `maxOpenIncidents`
 * incidents and `maxMetricSeries` scorers.
 */

export interface MetricPoint {
  /** Epoch milliseconds, an ISO-8601 text or a Date. */
  timestamp: number | string | Date;
  value: number;
  metric: string;
  dimensions?: Record<string, string>;
  /** The account the metric belongs to (else `dimensions.AccountId`, else empty). */
  account?: string;
  unit?: string;
}

export type DetectorRecord = FlowLogRow | MetricPoint;
export type DetectorInput = FlowBatch | ReadonlyArray<DetectorRecord>;

export interface DetectionThresholds {
  /** Volumetric alerts need at least this rate in the window (packets/s, or flows/s)… */
  minPps: number;
  minFps: number;
  /** …at least this many times the baseline, and this robust z-score on the log scale. */
  openRatio: number;
  zOpen: number;
  /** A target with no warm baseline alerts on volume only past this rate. */
  newTargetPps: number;
  /** Port scan: distinct destination ports in a window, and times the baseline. */
  portScanMinPorts: number;
  portScanRatio: number;
  /** Password guessing: flows/s to remote-login and database ports, and times the baseline. */
  bruteForceMinFps: number;
  bruteForceRatio: number;
  /** Scans and password guessing come from few sources: the heaviest source's share of the target's flows. */
  fewSourcesShare: number;
  /** No port scan on a target whose flows are at least this share a service's replies (from ports 1–1023 to ports ≥ 1024). */
  serviceReplyShare: number;
  /** Composition rules of the volumetric kinds. */
  fragmentShare: number;
  udpShare: number;
  tcpShare: number;
  synShare: number;
}

export interface DetectorOptions {
  windowSeconds: number;
  allowedLatenessSeconds: number;
  /**
   * Which destinations are targets. `auto`: ingress flows where the records say (flow-direction),
   * else every destination except public addresses reached from private ones (egress to the
   * internet). `all`: every destination.
   */
  targetScope: 'auto' | 'all';
  maxTargetsPerWindow: number;
  maxOpenWindows: number;
  maxBaselines: number;
  maxMetricSeries: number;
  thresholds: DetectionThresholds;
  baseline: BaselineOptions;
  incidents: IncidentOptions;
  severity: SeverityRules;
  metric: Partial<MetricScorerOptions> & { alertScore: number; resolveAfterPoints: number };
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  windowSeconds: 60,
  allowedLatenessSeconds: 120,
  targetScope: 'auto',
  maxTargetsPerWindow: 2000,
  maxOpenWindows: 8,
  maxBaselines: 1000,
  maxMetricSeries: 500,
  thresholds: {
    minPps: 100,
    minFps: 5,
    openRatio: 4,
    zOpen: 4,
    newTargetPps: 20000,
    portScanMinPorts: 100,
    portScanRatio: 5,
    bruteForceMinFps: 1,
    bruteForceRatio: 5,
    fewSourcesShare: 0.5,
    serviceReplyShare: 0.5,
    fragmentShare: 0.3,
    udpShare: 0.6,
    tcpShare: 0.6,
    synShare: 0.5,
  },
  baseline: DEFAULT_BASELINE_OPTIONS,
  incidents: DEFAULT_INCIDENT_OPTIONS,
  severity: DEFAULT_SEVERITY_RULES,
  metric: { ...DEFAULT_METRIC_SCORER_OPTIONS, alertScore: 0.6, resolveAfterPoints: 12 },
};

export function detectorOptions(partial: DeepPartial<DetectorOptions> = {}): DetectorOptions {
  const d = DEFAULT_DETECTOR_OPTIONS;
  return {
    ...d,
    ...(partial as Partial<DetectorOptions>),
    thresholds: { ...d.thresholds, ...partial.thresholds },
    baseline: { ...d.baseline, ...partial.baseline },
    incidents: { ...d.incidents, ...partial.incidents },
    severity: { ...d.severity, ...partial.severity },
    metric: { ...d.metric, ...partial.metric },
  } as DetectorOptions;
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

/** One open window's rows, as JSON. */
export interface WindowRowState {
  account: string;
  /** The destination address, or `*` for the account as a whole. */
  target: string;
  counters: number[];
  sources: string;
  ports: string;
  /** [address, count, possible error] */
  topSources: Array<[string, number, number]>;
  /** [port, packets, possible error] */
  topPorts: Array<[number, number, number]>;
}

export interface DetectorState {
  v: 1;
  windowSeconds: number;
  /** Latest record start seen (epoch seconds). */
  maxStart: number | null;
  /** Index of the last window closed. */
  closedThrough: number | null;
  open: Array<{ window: number; overflow: number; rows: WindowRowState[] }>;
  /** Least recently seen first. */
  baselines: Array<[string, BaselineState]>;
  incidents: IncidentState[];
  metrics: Array<[string, { scorer: MetricScorerState; lastTs: number }]>;
  stats: DetectorStats;
}

export interface DetectorStats {
  records: number;
  flowRecords: number;
  metricPoints: number;
  /** NODATA, SKIPDATA and records without a destination. */
  noTraffic: number;
  /** Flows outside the target scope (egress). */
  outOfScope: number;
  /** Records for windows already closed. */
  late: number;
  /** Records whose target found no row (window table full); still counted account-wide. */
  overflow: number;
  /** Object rows without a start time. */
  skipped: number;
  windowsClosed: number;
}

const NULL_SOURCE = -1e15;

/** By first octet: 0 none of it is private, 1 all of it (10/8), 2 part of it (172.16/12, 192.168/16, 100.64/10, 169.254/16). */
const PRIVATE_BY_FIRST_OCTET = new Uint8Array(256);
PRIVATE_BY_FIRST_OCTET[10] = 1;
for (const octet of [172, 192, 100, 169]) PRIVATE_BY_FIRST_OCTET[octet] = 2;

/** RFC 1918, shared (100.64/10) and link-local IPv4 ranges: one table look-up for most addresses. */
function isPrivateIpv4(v: number): boolean {
  const kind = PRIVATE_BY_FIRST_OCTET[v >>> 24]!;
  if (kind !== 2) return kind === 1;
  return (
    (v >= 2886729728 && v < 2887778304) || // 172.16.0.0/12
    (v >= 3232235520 && v < 3232301056) || // 192.168.0.0/16
    (v >= 1681915904 && v < 1686110208) || // 100.64.0.0/10
    (v >= 2851995648 && v < 2852061184) // 169.254.0.0/16
  );
}

function isPrivateText(address: string): boolean {
  const a = address.toLowerCase();
  return a.startsWith('fc') || a.startsWith('fd') || a.startsWith('fe80') || a === '::1';
}

function isMetricPoint(r: DetectorRecord): r is MetricPoint {
  return typeof (r as MetricPoint).metric === 'string' && 'value' in r;
}

function epochSeconds(t: number | string | Date): number {
  if (t instanceof Date) return t.getTime() / 1000;
  if (typeof t === 'number') return t > 1e11 ? t / 1000 : t;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? Number.NaN : ms / 1000;
}

const round = (x: number, digits = 3) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export class Detector {
  readonly options: DetectorOptions;
  readonly stats: DetectorStats;
  private readonly dictionary = new Dictionary();
  /** Hashes of interned (non-IPv4) addresses, by id. */
  private readonly addressHashes: number[] = [];
  private readonly addressPrivate: boolean[] = [];
  private readonly translations = new WeakMap<Dictionary, { accounts: number[]; addresses: Map<number, number> }>();
  private readonly windows = new Map<number, WindowTable>();
  private maxStart = Number.NEGATIVE_INFINITY;
  private closedThrough = Number.NEGATIVE_INFINITY;
  private highestWindow = Number.NEGATIVE_INFINITY;
  /** Baselines by a numeric code of (account id, target), least recently seen first. */
  private readonly baselines = new Map<number, BaselineEntry>();
  private readonly book: IncidentBook;
  private readonly metrics = new Map<string, { scorer: MetricScorer; lastTs: number }>();

  constructor(options: DeepPartial<DetectorOptions> = {}, state?: DetectorState | null) {
    this.options = detectorOptions(options);
    this.stats = { records: 0, flowRecords: 0, metricPoints: 0, noTraffic: 0, outOfScope: 0, late: 0, overflow: 0, skipped: 0, windowsClosed: 0 };
    this.book = new IncidentBook(this.options.incidents, this.options.severity, state?.incidents ?? []);
    if (state) this.restore(state);
  }

  /** Feeds records: a parsed batch, or catalog-shaped flow rows and metric points in any mix. */
  push(input: DetectorInput): void {
    if (isBatch(input)) {
      this.pushBatch(input);
      return;
    }
    const rows: FlowLogRow[] = [];
    const points: MetricPoint[] = [];
    for (const r of input) (isMetricPoint(r) ? points : rows).push(r as never);
    if (rows.length) {
      const { batch, skipped } = batchFromRows(rows);
      this.stats.skipped += skipped;
      this.stats.records += skipped;
      this.pushBatch(batch);
    }
    if (points.length) this.pushMetrics(points);
  }

  /** The hot path: one pass over a columnar batch. */
  pushBatch(batch: FlowBatch): void {
    const n = batch.length;
    const W = this.options.windowSeconds;
    const auto = this.options.targetScope === 'auto';
    const t = this.translation(batch.dictionary);
    const { status, dst: dsts, src: srcs, start: starts, account: accounts, direction, packets: packetsCol, bytes: bytesCol, dstPort: dstPorts, srcPort: srcPorts, protocol: protocols, action: actions, tcpFlags } = batch;
    const hashes = this.addressHashes;
    const stats = this.stats;
    stats.records += n;
    let table: WindowTable | null = null;
    let windowStart = Number.NaN;
    let windowEnd = Number.NaN;
    let maxStart = this.maxStart;
    let noTraffic = 0;
    let outOfScope = 0;
    let late = 0;
    let flowRecords = 0;
    let overflow = 0;
    for (let i = 0; i < n; i++) {
      let dst = dsts[i]!;
      if (status[i] !== STATUS.OK || dst !== dst) {
        noTraffic++;
        continue;
      }
      let src = srcs[i]!;
      if (dst < 0) dst = this.translateAddress(t, batch.dictionary, dst);
      if (src < 0) src = this.translateAddress(t, batch.dictionary, src);
      if (auto) {
        const dir = direction[i]!;
        // The destination first: most records reach a private address, which settles it in one comparison.
        if (dir === DIRECTION.EGRESS || (dir === DIRECTION.UNKNOWN && !(dst >= 0 ? isPrivateIpv4(dst) : this.isPrivate(dst)) && (src >= 0 ? isPrivateIpv4(src) : this.isPrivate(src)))) {
          outOfScope++;
          continue;
        }
      }
      const start = starts[i]!;
      if (start > maxStart) maxStart = start;
      if (!(start >= windowStart && start < windowEnd)) {
        const w = Math.floor(start / W);
        if (w > this.highestWindow) {
          this.highestWindow = w;
          this.maxStart = maxStart;
          this.closeReady();
        }
        table = this.tableFor(w);
        windowStart = w * W;
        windowEnd = windowStart + W;
      }
      if (table === null) {
        late++;
        continue;
      }
      flowRecords++;
      const account = accounts[i]! < 0 ? this.nullAccount() : t.accounts[accounts[i]!]!;
      const srcKey = src === src ? src : NULL_SOURCE;
      const srcHash = src >= 0 ? mix32(src) : src !== src ? 0 : hashes[-src - 1]!;
      let packets = packetsCol[i]!;
      if (packets !== packets) packets = 0;
      let bytes = bytesCol[i]!;
      if (bytes !== bytes) bytes = 0;
      const dstPort = dstPorts[i]!;
      const protocol = protocols[i]!;
      const action = actions[i]!;
      const flags = tcpFlags[i]!;
      const srcPort = srcPorts[i]!;
      let r = table.row(account, dst);
      if (r < 0) {
        // The table is full: the record still counts for its account as a whole.
        overflow++;
        table.overflow++;
        r = table.overflowRow(account);
      }
      table.add(r, srcKey, srcHash, dstPort, protocol, packets, bytes, action, flags, srcPort);
    }
    this.maxStart = maxStart;
    stats.noTraffic += noTraffic;
    stats.outOfScope += outOfScope;
    stats.late += late;
    stats.flowRecords += flowRecords;
    stats.overflow += overflow;
    this.closeReady();
  }

  /** Metric points, each scored by its series' scorer. */
  pushMetrics(points: readonly MetricPoint[]): void {
    const mo = this.options.metric;
    for (const point of points) {
      this.stats.records++;
      const ts = epochSeconds(point.timestamp);
      if (!Number.isFinite(ts) || typeof point.value !== 'number' || !Number.isFinite(point.value)) {
        this.stats.skipped++;
        continue;
      }
      this.stats.metricPoints++;
      const dims = point.dimensions ?? {};
      const account = point.account ?? dims.AccountId ?? dims.account ?? '';
      const target = metricTarget(point.metric, dims);
      const key = `${account}|${target}`;
      let entry = this.metrics.get(key);
      if (!entry) {
        entry = { scorer: new MetricScorer(mo), lastTs: ts };
        this.metrics.set(key, entry);
        this.evictMetrics();
      } else {
        // Least recently seen first: move to the end.
        this.metrics.delete(key);
        this.metrics.set(key, entry);
      }
      const step = ts - entry.lastTs;
      entry.lastTs = ts;
      const score = entry.scorer.score(point.value);
      const scope = `metric:${key}`;
      const seen = new Set<string>();
      if (score >= mo.alertScore) {
        const baseline = entry.scorer.level;
        const departure = point.value - baseline;
        const o: Observation = {
          kind: 'metric_anomaly',
          account,
          target,
          at: ts,
          magnitude: Math.abs(departure) / Math.max(Math.abs(baseline), 1e-9),
          evidence: {
            peakValue: point.value,
            baseline: round(baseline, 6),
            percentOverBaseline: baseline !== 0 ? round((100 * departure) / Math.abs(baseline), 1) : null,
            unit: point.unit ?? point.metric,
            topSources: [],
            ports: [],
            protocol: null,
            windowSeconds: step > 0 ? step : null,
            metric: point.metric,
            dimensions: { ...dims },
            anomalyScore: round(score, 4),
          },
        };
        this.book.observe(o, scope);
        seen.add(fingerprintOf(account, target, 'metric_anomaly'));
      }
      this.book.tick(scope, seen, 1, mo.resolveAfterPoints);
    }
  }

  /**
   * Closes every open window, at the end of a finite stream. Not at the end of a Lambda tumbling
   * window: those follow arrival times, and closing on them would cut windows short.
   */
  flush(): void {
    for (const w of [...this.windows.keys()].sort((a, b) => a - b)) this.closeWindow(w);
  }

  /** Alerts produced since the last call, in order. */
  drain(): Alert[] {
    return this.book.drain();
  }

  /** Resolves every open incident (the stream is over). */
  resolveAll(): void {
    this.book.resolveAll();
  }

  snapshot(): DetectorState {
    const d = this.dictionary;
    const open = [...this.windows.values()]
      .sort((a, b) => a.window - b.window)
      .map((table) => ({
        window: table.window,
        overflow: table.overflow,
        rows: table.rows().map((r): WindowRowState => {
          const row = table.contents(r);
          return {
            account: d.accounts[table.account[r]!]!,
            target: this.targetText(table.dst[r]!),
            counters: row.counters,
            sources: bytesToBase64(row.sourceRegisters),
            ports: bytesToBase64(row.portRegisters),
            topSources: row.topSources.map(([k, c, e]) => [this.sourceText(k), c, e]),
            topPorts: row.topPorts,
          };
        }),
      }));
    return {
      v: 1,
      windowSeconds: this.options.windowSeconds,
      maxStart: Number.isFinite(this.maxStart) ? this.maxStart : null,
      closedThrough: Number.isFinite(this.closedThrough) ? this.closedThrough : null,
      open,
      baselines: [...this.baselines.values()].map((e) => [e.key, compactBaseline(e.b!)]),
      incidents: this.book.snapshot(),
      metrics: [...this.metrics].map(([k, e]) => [k, { scorer: e.scorer.snapshot(), lastTs: e.lastTs }]),
      stats: { ...this.stats },
    };
  }

  private restore(state: DetectorState): void {
    if (state.v !== 1) throw new Error(`detector state version ${String(state.v)} is not supported`);
    if (state.windowSeconds !== this.options.windowSeconds) throw new Error(`detector state has ${state.windowSeconds}-second windows; the options say ${this.options.windowSeconds}`);
    this.maxStart = state.maxStart ?? Number.NEGATIVE_INFINITY;
    this.closedThrough = state.closedThrough ?? Number.NEGATIVE_INFINITY;
    Object.assign(this.stats, state.stats);
    for (const [key, b] of state.baselines) {
      const bar = key.indexOf('|');
      const account = this.dictionary.account(key.slice(0, bar));
      const target = key.slice(bar + 1);
      const dst = target === '*' ? ACCOUNT_WIDE : this.internAddress(target);
      const code = account * 2 ** 34 + (dst === ACCOUNT_WIDE ? 2 ** 33 : dst >= 0 ? dst : 2 ** 32 - dst);
      this.baselines.set(code, { key, code, b: structuredClone(b) });
    }
    for (const [k, e] of state.metrics) this.metrics.set(k, { scorer: new MetricScorer(this.options.metric, e.scorer), lastTs: e.lastTs });
    for (const win of state.open) {
      const table = new WindowTable(win.window, this.options.maxTargetsPerWindow);
      table.overflow = win.overflow;
      for (const row of win.rows) {
        const account = this.dictionary.account(row.account);
        const dst = row.target === '*' ? ACCOUNT_WIDE : this.internAddress(row.target);
        const r = table.row(account, dst);
        if (r < 0) continue;
        table.setContents(r, {
          counters: row.counters.map((x) => (x === null ? Number.NaN : x)),
          sourceRegisters: base64ToBytes(row.sources, SOURCE_REGS),
          portRegisters: base64ToBytes(row.ports, PORT_REGS),
          topSources: row.topSources.map(([address, count, error]) => [address === '' ? NULL_SOURCE : this.internAddress(address), count, error ?? 0]),
          topPorts: row.topPorts.map(([port, count, error]) => [port, count, error ?? 0]),
        });
      }
      this.windows.set(win.window, table);
      this.highestWindow = Math.max(this.highestWindow, win.window);
    }
  }

  private nullAccount(): number {
    return this.dictionary.account('unknown');
  }

  private internAddress(text: string): number {
    const id = this.dictionary.address(text);
    if (id < 0 && this.addressHashes[-id - 1] === undefined) {
      this.addressHashes[-id - 1] = hashText(text);
      this.addressPrivate[-id - 1] = isPrivateText(text);
    }
    return id;
  }

  private translation(source: Dictionary): { accounts: number[]; addresses: Map<number, number> } {
    let t = this.translations.get(source);
    if (!t) {
      t = { accounts: [], addresses: new Map() };
      this.translations.set(source, t);
    }
    // Accounts are few: translate any new ones up front.
    for (let a = t.accounts.length; a < source.accounts.length; a++) t.accounts.push(this.dictionary.account(source.accounts[a]!));
    return t;
  }

  private translateAddress(t: { addresses: Map<number, number> }, source: Dictionary, id: number): number {
    let mapped = t.addresses.get(id);
    if (mapped === undefined) {
      mapped = this.internAddress(source.addresses[-id - 1]!);
      t.addresses.set(id, mapped);
    }
    return mapped;
  }

  private isPrivate(address: number): boolean {
    if (address !== address) return false;
    return address >= 0 ? isPrivateIpv4(address) : this.addressPrivate[-address - 1] === true;
  }

  private readonly targetTexts = new Map<number, string>();
  /** A closed window's table, kept for the next window. */
  private spare: WindowTable | null = null;

  private targetText(dst: number): string {
    if (dst === ACCOUNT_WIDE) return '*';
    let text = this.targetTexts.get(dst);
    if (text === undefined) {
      text = this.dictionary.addressText(dst) ?? '';
      if (this.targetTexts.size >= 65536) this.targetTexts.clear();
      this.targetTexts.set(dst, text);
    }
    return text;
  }

  private sourceText(key: number): string {
    return key === NULL_SOURCE ? '' : (this.dictionary.addressText(key) ?? '');
  }

  /** The table of a window, opened if needed; null when the window is already closed. */
  private tableFor(w: number): WindowTable | null {
    if (w <= this.closedThrough) return null;
    let table = this.windows.get(w);
    if (!table) {
      if (this.spare) {
        table = this.spare;
        this.spare = null;
        table.reset(w);
      } else table = new WindowTable(w, this.options.maxTargetsPerWindow);
      this.windows.set(w, table);
      if (this.windows.size > this.options.maxOpenWindows) this.closeWindow(Math.min(...this.windows.keys()));
    }
    return table;
  }

  /** Closes the windows whose end plus the allowed lateness has passed, oldest first. */
  private closeReady(): void {
    const W = this.options.windowSeconds;
    const ready = [...this.windows.keys()].filter((w) => (w + 1) * W + this.options.allowedLatenessSeconds <= this.maxStart).sort((a, b) => a - b);
    for (const w of ready) this.closeWindow(w);
  }

  private closeWindow(w: number): void {
    const table = this.windows.get(w);
    this.windows.delete(w);
    if (!table || w <= this.closedThrough) return;
    const W = this.options.windowSeconds;
    if (Number.isFinite(this.closedThrough) && w - this.closedThrough > 1) this.book.tick('flow', new Set(), Math.min(w - this.closedThrough - 1, this.options.incidents.resolveAfter));
    this.closedThrough = w;
    this.stats.windowsClosed++;
    const seen = new Set<string>();
    // Single targets first; an account-wide volume alert only when no single target explains it.
    const rows: RowFeatures[] = [];
    const used = table.rows();
    for (const r of used) if (table.dst[r] !== ACCOUNT_WIDE) rows.push(table.features(r, W));
    rows.push(...table.accountFeatures(W, used));
    const accountsWithVolume = new Set<number>();
    for (const f of rows) {
      const entry = this.baselineEntry(f);
      const observations = this.evaluate(table, f, w, entry.b);
      const volumetric = observations.some((o) => o.kind !== 'port_scan' && o.kind !== 'brute_force');
      if (f.dst === ACCOUNT_WIDE && accountsWithVolume.has(f.account)) observations.length = 0;
      else if (volumetric) accountsWithVolume.add(f.account);
      for (const o of observations) {
        this.book.observe(o, 'flow');
        seen.add(fingerprintOf(o.account, o.target, o.kind));
      }
      this.learn(f, w, entry, observations.length > 0);
    }
    this.book.tick('flow', seen);
    this.spare = table;
  }

  /** The baseline of a row's (account, target), found by a numeric key; a fresh one (not stored yet) when new. */
  private baselineEntry(f: RowFeatures): BaselineEntry {
    const code = f.account * 2 ** 34 + (f.dst === ACCOUNT_WIDE ? 2 ** 33 : f.dst >= 0 ? f.dst : 2 ** 32 - f.dst);
    const entry = this.baselines.get(code);
    if (entry) return entry;
    return { key: `${this.dictionary.accounts[f.account]}|${this.targetText(f.dst)}`, code, b: undefined };
  }

  private learn(f: RowFeatures, w: number, entry: BaselineEntry, anomalous: boolean): void {
    entry.b ??= newBaseline(w);
    observe(entry.b, w, this.options.windowSeconds, f, anomalous, this.options.baseline);
    // Least recently seen first: (re)insert at the end, evict from the front.
    this.baselines.delete(entry.code);
    this.baselines.set(entry.code, entry);
    if (this.baselines.size > this.options.maxBaselines) this.baselines.delete(this.baselines.keys().next().value!);
  }

  /** What a closed window's row says against its baseline. */
  private evaluate(table: WindowTable, f: RowFeatures, w: number, b: BaselineState | undefined): Observation[] {
    const th = this.options.thresholds;
    // Most rows are quiet: below every floor, nothing below can fire.
    if (f.pps < th.minPps && f.fps < th.minFps && f.ports < th.portScanMinPorts && f.authFps < th.bruteForceMinFps) return [];
    const bo = this.options.baseline;
    const W = this.options.windowSeconds;
    const t0 = w * W;
    const warm = isWarm(b, bo);
    const out: Observation[] = [];
    type Top = Array<{ key: number; count: number; guaranteed: number }>;
    const tops: { sources: Top | null; ports: Top | null } = { sources: null, ports: null };
    const topSources = () => (tops.sources ??= table.topSources(f.row));
    const topShare = () => {
      const top = topSources()[0];
      return f.flows > 0 && top ? top.guaranteed / f.flows : 0;
    };
    const observation = (kind: AlertKind, value: number, base: number, unit: string) => this.observation(f, t0, kind, value, base, unit, topSources(), (tops.ports ??= table.topPorts(f.row)), table.distinctSources(f));

    // Volume: packets/s or flows/s far above what is normal for this target at this hour.
    let volume: { value: number; base: number; unit: string; z: number } | null = null;
    if (f.pps >= th.minPps || f.fps >= th.minFps) {
      if (warm) {
        if (f.pps >= th.minPps) volume = this.volumeTest(b, 'pps', f.pps, t0, 'packets/s', volume);
        if (f.fps >= th.minFps) volume = this.volumeTest(b, 'fps', f.fps, t0, 'flows/s', volume);
      } else if (f.pps >= th.newTargetPps) volume = { value: f.pps, base: 0, unit: 'packets/s', z: Number.POSITIVE_INFINITY };
    }
    if (f.dst !== ACCOUNT_WIDE && (f.ports >= th.portScanMinPorts || f.authFps >= th.bruteForceMinFps) && topShare() >= th.fewSourcesShare) {
      // Port scan: many distinct destination ports, mostly from one source, and not its answers to
      // the target's own connections. Password guessing needs no such test: answers go to the
      // client's port, not to a login or database port.
      if (f.ports >= th.portScanMinPorts && !this.answers(table, f, topSources()[0]!)) {
        const base = warm ? expected(b, 'ports', t0, bo) : 0;
        if (!warm || f.ports >= th.portScanRatio * Math.max(base, 1)) out.push(observation('port_scan', f.ports, base, 'ports'));
      }
      // Password guessing: many flows to remote-login or database ports, mostly from one source.
      if (f.authFps >= th.bruteForceMinFps) {
        const base = warm ? expected(b, 'authFps', t0, bo) : 0;
        if (!warm || f.authFps >= th.bruteForceRatio * Math.max(base, 0.05)) out.push(observation('brute_force', f.authFps, base, 'auth flows/s'));
      }
    }
    // More flows from one scanning or guessing source is that attack, not a flood; but an extreme volume is a
    // flood, whose random destination ports are not a port scan.
    const extreme = volume !== null && (volume.base <= 0 || volume.value >= this.options.severity.sev1AnyRatio * volume.base);
    if (!volume) return out;
    if (extreme) return [observation(this.classify(f), volume.value, volume.base, volume.unit), ...out.filter((o) => o.kind !== 'port_scan')];
    if (out.length > 0 && volume.unit === 'flows/s') return out;
    return [observation(this.classify(f), volume.value, volume.base, volume.unit), ...out];
  }

  /**
   * Whether a port-scan candidate's flows from its heaviest source are answers rather than probes
   * (v2 records carry no direction, and between public addresses every destination is in scope).
   * Either most are a service's replies to ephemeral ports, unless tcp-flags show SYN-only probes
   * (scanners send from port 53 or 80 to pass stateless filters); or the target sent that source
   * more flows in the window than it got back: a probed host answers each probe at most once, so
   * the side that sent more started the exchange. The second catches the replies of a flood's
   * victim to the flood's random source ports, which come from random ports too. Runs only for
   * candidates, at window close: nothing on the hot path.
   */
  private answers(table: WindowTable, f: RowFeatures, top: { key: number; count: number }): boolean {
    const th = this.options.thresholds;
    const probes = f.synOnlyRatio !== null && f.flaggedShare >= 0.5 && f.synOnlyRatio >= th.synShare;
    if (f.serviceReplyShare >= th.serviceReplyShare && !probes) return true;
    const back = table.find(f.account, top.key);
    if (back < 0) return false;
    // At least this many flows went the other way, against at most this many that came.
    const sent = table.topSources(back).find((s) => s.key === f.dst)?.guaranteed ?? 0;
    return sent > top.count;
  }

  private volumeTest(b: BaselineState, feature: 'pps' | 'fps', value: number, t0: number, unit: string, best: { value: number; base: number; unit: string; z: number } | null) {
    const bo = this.options.baseline;
    const base = expected(b, feature, t0, bo);
    const z = zScore(b, feature, value, t0, bo);
    if (value >= this.options.thresholds.openRatio * Math.max(base, 1e-9) && z >= this.options.thresholds.zOpen && (!best || z > best.z)) return { value, base, unit, z };
    return best;
  }

  /** An observation with its evidence (built only for anomalies: most rows never need it). */
  private observation(f: RowFeatures, t0: number, kind: AlertKind, value: number, base: number, unit: string, topSources: Array<{ key: number; guaranteed: number }>, topPorts: Array<{ key: number }>, distinctSources: number): Observation {
    const flows = Math.max(f.flows, 1);
    return {
      kind,
      account: this.dictionary.accounts[f.account]!,
      target: this.targetText(f.dst),
      at: t0,
      magnitude: value,
      evidence: {
        peakValue: round(value, 2),
        baseline: round(base, 2),
        percentOverBaseline: base > 0 ? round((100 * (value - base)) / base, 1) : null,
        unit,
        topSources: topSources.filter((s) => s.key !== NULL_SOURCE && s.guaranteed > 0).map((s) => ({ address: this.sourceText(s.key), share: round(s.guaranteed / flows) })),
        ports: topPorts.map((p) => p.key),
        protocol: dominantProtocol(f),
        windowSeconds: this.options.windowSeconds,
        distinctSources,
        rejectRatio: f.rejectRatio === null ? null : round(f.rejectRatio),
        synOnlyRatio: f.synOnlyRatio === null ? null : round(f.synOnlyRatio),
      } satisfies Omit<AlertEvidence, 'start' | 'peak'>,
    };
  }

  /** The kind of a volume anomaly, from the window's composition. */
  private classify(f: RowFeatures): AlertKind {
    const th = this.options.thresholds;
    if (f.fragmentShare >= th.fragmentShare) return 'fragmentation_flood';
    if (f.udpShare >= th.udpShare) return 'udp_flood';
    if (f.tcpShare >= th.tcpShare) {
      // SYN-only flows where the format has tcp-flags (v3+); else flows of a few tiny packets.
      const synLike = f.synOnlyRatio !== null && f.flaggedShare >= 0.5 ? f.synOnlyRatio : f.smallTcpShare;
      if (synLike >= th.synShare) return 'ddos_syn_flood';
    }
    return 'traffic_spike';
  }

  private evictMetrics(): void {
    while (this.metrics.size > this.options.maxMetricSeries) {
      const oldest = this.metrics.keys().next().value!;
      this.metrics.delete(oldest);
      this.book.tick(`metric:${oldest}`, new Set(), Number.POSITIVE_INFINITY, 0);
    }
  }
}

function isBatch(input: DetectorInput): input is FlowBatch {
  return !Array.isArray(input) && typeof (input as FlowBatch).capacity === 'number';
}

function dominantProtocol(f: RowFeatures): string {
  const shares: Array<[string, number]> = [['TCP', f.tcpShare], ['UDP', f.udpShare], ['ICMP', f.icmpShare]];
  shares.sort((a, b) => b[1] - a[1]);
  return shares[0]![1] > 0 ? shares[0]![0] : 'other';
}

/** `metric{k=v,…}` with the dimensions sorted: a structured, stable target name. */
export function metricTarget(metric: string, dimensions: Record<string, string>): string {
  const keys = Object.keys(dimensions).filter((k) => k !== 'AccountId').sort();
  return keys.length ? `${metric}{${keys.map((k) => `${k}=${dimensions[k]}`).join(',')}}` : metric;
}

interface BaselineEntry {
  /** `account|target` (target `*` for the account as a whole): the key in the JSON state. */
  key: string;
  code: number;
  b: BaselineState | undefined;
}

/**
 * The pure detector: `(state, records) → (state, alerts)`. `state` is what a previous call
 * returned (or nothing); it is not modified. `flush` closes every open window (the end of a file).
 */
export function detect(
  state: DetectorState | null | undefined,
  records: DetectorInput,
  options: DeepPartial<DetectorOptions> & { flush?: boolean } = {},
): { state: DetectorState; alerts: Alert[] } {
  const { flush, ...rest } = options;
  const detector = new Detector(rest, state ? structuredClone(state) : null);
  detector.push(records);
  if (flush) detector.flush();
  return { state: detector.snapshot(), alerts: detector.drain() };
}
