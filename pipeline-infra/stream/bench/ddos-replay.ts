import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nearestRank } from '../../bench/statistics.js';
import { VOLUMETRIC_KINDS, type Alert, type AlertKind } from '../../alerts/alert.js';
import { DEFAULT_DETECTOR_OPTIONS, Detector } from '../detector.js';
import { newFlowBatch, parseIpv4, type FlowBatch } from '../flow-log-parser.js';
import { parseFlowLogText } from '../flow-record.js';

/**
 * `cia bench ddos` (DESIGN §5): real DDoS attack flows replayed into real benign traffic, for
 * detection delay and false alarms. The mix is semi-synthetic (../shared/data/README.md §4): the
 * background is the Stratosphere CTU-Normal-40/42/43/44 days as captured, reshaped to VPC Flow
 * Logs' 60-s capture intervals (`intervalRecords`); the attacks are the CIC-DDoS2019 SYN flood and
 * Web DDoS rows, time-shifted to seeded times and readdressed onto the Stratosphere hosts. The
 * detector runs with its default options.
 */

export const CIC_CSV = 'cicddos2019_lucid_sample/cicddos2019_vpcflow_like.csv';
export const STRATOSPHERE_CSV = 'stratosphere_zeek_mixed/zeek_mixed_vpcflow_like.csv';

const CIC_ATTACKER = '172.16.0.5';
const SYN_FLOOD_FILE = 'CIC-DDoS-2019-SynFlood.pcap';
const WEB_DDOS_FILE = 'CIC-DDoS-2019-WebDDoS.pcap';
/** Stratosphere day folders and the CTU capture each one is a day of. */
const CAPTURES: Record<string, string> = {
  '008-zeek-mixed': 'CTU-Normal-40',
  '010-zeek-mixed': 'CTU-Normal-42',
  '011-zeek-mixed': 'CTU-Normal-43',
  '012-zeek-mixed': 'CTU-Normal-44',
};
const V2_COLUMNS = ['version', 'account_id', 'interface_id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'log_status'] as const;
const SCAN_KINDS: ReadonlySet<AlertKind> = new Set(['port_scan', 'brute_force']);

export type EpisodeType = 'syn_flood_burst' | 'syn_flood_pulsed' | 'web_ddos';
export const EPISODE_TYPES: readonly EpisodeType[] = ['syn_flood_burst', 'syn_flood_pulsed', 'web_ddos'];
/** Bursts of the pulsed SYN flood: copies of the 0.7-s capture, one a minute. */
export const PULSES = 10;

export interface DdosBenchOptions {
  /** The folder holding both CSVs (../shared/data/ddos). */
  ddosDir: string;
  seed?: number;
  /** Episodes per Stratosphere host (one of each type in a seeded order when 3). */
  episodesPerHost?: number;
}

export interface BenignCapture {
  capture: string;
  folder: string;
  host: string;
  account: string;
  rows: number;
  malicious: number;
  start: string;
  end: string;
  days: number;
}

export interface EpisodeAlert {
  kind: AlertKind;
  phase: Alert['phase'];
  severity: Alert['severity'];
  /** Start of the window in which the alert was raised (ISO-8601). */
  window: string;
  peakValue: number;
  unit: string;
}

export interface EpisodeResult {
  id: number;
  type: EpisodeType;
  capture: string;
  account: string;
  victim: string;
  attacker: string;
  start: string;
  end: string;
  durationSeconds: number;
  records: number;
  /** The injected rows' heaviest minute towards the victim, against the detector's minimum rates. */
  peakAttackPps: number;
  peakAttackFps: number;
  detected: boolean;
  /** Episode start → end of the window whose closing raised the detecting alert; null when missed. */
  delaySeconds: number | null;
  alert: EpisodeAlert | null;
  /** Other incidents the episode caused in the victim's account (not raised by the benign traffic alone). */
  otherAlerts: Array<{ kind: AlertKind; target: string; window: string }>;
}

export interface OpenedAlert {
  kind: AlertKind;
  account: string;
  target: string;
  severity: Alert['severity'];
  window: string;
  peakValue: number;
  unit: string;
  /** Stratosphere rows labelled Malicious towards the alert's target in its first window. */
  maliciousRows: number;
  /** The heaviest source in the alert's evidence, and whether it sent those Malicious rows. */
  topSource: string | null;
  topSourceMalicious: boolean;
  /**
   * Share of the benign packets towards the target in that window carried by connections longer
   * than a window (as one row at their start when unsplit, as their records of that interval when
   * split).
   */
  longConnectionShare: number;
}

export interface AlarmFigures {
  total: number;
  byKind: Partial<Record<AlertKind, number>>;
  perDay: number;
  /** Alerts whose window's packets came mostly (≥ 50 %) from connections longer than a window. */
  fromLongConnections: number;
  alerts: OpenedAlert[];
}

export interface ScanFigures {
  total: number;
  byKind: Partial<Record<AlertKind, number>>;
  /** How many of them have Malicious-labelled rows to their target in their window… */
  withMaliciousRows: number;
  /** …and how many name a source of such rows as their heaviest. */
  fromMaliciousSource: number;
  alerts: OpenedAlert[];
}

/** The Stratosphere rows reshaped to 60-s capture intervals: counts and totals before and after. */
export interface IntervalSplit {
  rows: number;
  /** Rows lasting longer than an interval, each now one record per interval it spans. */
  longRows: number;
  records: number;
  packets: { rows: number; records: number };
  bytes: { rows: number; records: number };
}

/** What one replay of the stream scores. */
export interface DdosFigures {
  episodes: EpisodeResult[];
  detected: number;
  recall: number;
  recallByType: Record<EpisodeType, { episodes: number; detected: number; recall: number }>;
  delaySeconds: { median: number | null; p95: number | null; max: number | null };
  /** Incidents of the DDoS detector (every kind but port_scan and brute_force) not caused by an episode. */
  falseAlarms: AlarmFigures;
  /** Port-scan and brute-force incidents not caused by an episode, checked against the Malicious labels (the real inbound scanning). */
  inboundScanning: ScanFigures;
  /** The benign traffic alone, without injection. */
  baseline: { falseAlarms: AlarmFigures; inboundScanning: ScanFigures };
}

export interface DdosBenchReport extends DdosFigures {
  semiSynthetic: true;
  method: string;
  seed: number;
  windowSeconds: number;
  toleranceSeconds: number;
  benignDays: number;
  captures: BenignCapture[];
  /** Benign: records after the split into capture intervals. */
  records: { benign: number; attack: number; total: number };
  split: IntervalSplit;
  /** The same bench on the Stratosphere rows as delivered (each Zeek connection one row at its start), for comparison. */
  unsplit: Omit<DdosFigures, 'episodes'> & { records: { benign: number; attack: number; total: number } };
  seconds: number;
}

/** What the benign rows towards one target (`*`: the whole account) held in one window. */
interface WindowCell {
  malicious: number;
  maliciousSources: Set<string>;
  packets: number;
  longPackets: number;
}

interface BenignData {
  /** The records replayed: the rows, or their capture-interval records when split. */
  batch: FlowBatch;
  split: IntervalSplit;
  captures: BenignCapture[];
  /** Per record, the account (one per capture) it is replayed under. */
  accounts: string[];
  /** By `account|target|window`. */
  cells: Map<string, WindowCell>;
}

interface Episode {
  id: number;
  type: EpisodeType;
  capture: BenignCapture;
  attacker: string;
  start: number;
  end: number;
  /** Its records in the stream: [from, to). */
  from: number;
  to: number;
}

/**
 * Builds the semi-synthetic stream, replays it (and the benign traffic alone) through the
 * detector, and scores the alerts: on the Stratosphere rows split into capture intervals, and for
 * comparison on the rows as delivered.
 */
export function runDdosBench(options: DdosBenchOptions): DdosBenchReport {
  const t0 = performance.now();
  const seed = options.seed ?? 1;
  const perHost = options.episodesPerHost ?? 3;
  const W = DEFAULT_DETECTOR_OPTIONS.windowSeconds;
  const stratospherePath = join(options.ddosDir, STRATOSPHERE_CSV);
  const stratosphere = readCsv(stratospherePath);
  const cic = readCsv(join(options.ddosDir, CIC_CSV));
  const benign = readBenign(stratosphere, stratospherePath, W, true);
  const asDelivered = readBenign(stratosphere, stratospherePath, W, false);
  const benignDays = round(benign.captures.reduce((s, c) => s + c.days, 0), 4);
  const figures = score(benign, cic, seed, perHost, W, benignDays);
  const { episodes: _, ...unsplit } = score(asDelivered, cic, seed, perHost, W, benignDays);
  return {
    semiSynthetic: true,
    method: methodText(seed, figures.episodes.length, perHost, W, benign.split, unsplit),
    seed,
    windowSeconds: W,
    toleranceSeconds: 2 * W,
    benignDays,
    captures: benign.captures,
    ...figures,
    split: benign.split,
    unsplit,
    seconds: round((performance.now() - t0) / 1000, 3),
  };
}

/** One replay of the stream built on `benign`, with and without the injection, scored. */
function score(benign: BenignData, cic: Csv, seed: number, perHost: number, W: number, benignDays: number): DdosFigures & { records: DdosBenchReport['records'] } {
  const tolerance = 2 * W;
  const { stream, episodes } = buildStream(benign, cic, seed, perHost, W);
  const nBenign = benign.batch.length;
  const alerts = replay(sortedByStart(stream, stream.length));
  // The benign records come first in the stream: alone, they are the baseline.
  const baselineAlerts = replay(sortedByStart(stream, nBenign));

  const overlaps = (windowStart: number, e: Episode) => windowStart + W > e.start && windowStart < e.end + tolerance;
  // An alert the benign traffic alone also raises (same incident, same window) is not the episode's doing.
  const benignIncidents = baselineAlerts.filter((a) => a.phase === 'resolve');
  const benignToo = (a: Alert, window: number) => benignIncidents.some((b) => b.fingerprint === a.fingerprint && seconds(b.firstSeen) <= window && window <= seconds(b.lastSeen));
  const causedBy = (a: Alert, e: Episode) => a.account === e.capture.account && overlaps(seconds(a.firstSeen), e) && !benignToo(a, seconds(a.firstSeen));
  const results: EpisodeResult[] = episodes.map((e) => {
    const onVictim = alerts.filter((a) => a.account === e.capture.account && a.target === e.capture.host && VOLUMETRIC_KINDS.has(a.kind) && (a.phase === 'open' || a.phase === 'update'));
    const hit = onVictim.find((a) => overlaps(raisedWindow(a), e) && !benignToo(a, raisedWindow(a)));
    const rates = peakRates(stream, e, W);
    return {
      id: e.id,
      type: e.type,
      capture: e.capture.capture,
      account: e.capture.account,
      victim: e.capture.host,
      attacker: e.attacker,
      start: iso(e.start),
      end: iso(e.end),
      durationSeconds: e.end - e.start,
      records: e.to - e.from,
      peakAttackPps: rates.pps,
      peakAttackFps: rates.fps,
      detected: hit !== undefined,
      delaySeconds: hit ? raisedWindow(hit) + W - e.start : null,
      alert: hit ? { kind: hit.kind, phase: hit.phase, severity: hit.severity, window: iso(raisedWindow(hit)), peakValue: hit.evidence.peakValue, unit: hit.evidence.unit } : null,
      otherAlerts: alerts
        .filter((a) => a.phase === 'open' && a !== hit && causedBy(a, e))
        .map((a) => ({ kind: a.kind, target: a.target, window: a.firstSeen })),
    };
  });
  const outside = alerts.filter((a) => a.phase === 'open' && !episodes.some((e) => causedBy(a, e)));
  const detected = results.filter((r) => r.detected);
  const delays = detected.map((r) => r.delaySeconds!).sort((a, b) => a - b);
  const recallByType = Object.fromEntries(
    EPISODE_TYPES.map((type) => {
      const of = results.filter((r) => r.type === type);
      const hits = of.filter((r) => r.detected).length;
      return [type, { episodes: of.length, detected: hits, recall: of.length ? round(hits / of.length, 4) : 0 }];
    }),
  ) as DdosFigures['recallByType'];
  const opened = (list: Alert[]) => list.map((a) => openedAlert(a, benign.cells, W));
  const figures = (list: Alert[]) => {
    const all = opened(list);
    const scans = all.filter((a) => SCAN_KINDS.has(a.kind));
    const alarms = all.filter((a) => !SCAN_KINDS.has(a.kind));
    return {
      falseAlarms: {
        total: alarms.length,
        byKind: countByKind(alarms),
        perDay: round(alarms.length / benignDays, 3),
        fromLongConnections: alarms.filter((a) => a.longConnectionShare >= 0.5).length,
        alerts: alarms,
      },
      inboundScanning: {
        total: scans.length,
        byKind: countByKind(scans),
        withMaliciousRows: scans.filter((a) => a.maliciousRows > 0).length,
        fromMaliciousSource: scans.filter((a) => a.topSourceMalicious).length,
        alerts: scans,
      },
    };
  };
  const injected = figures(outside);
  return {
    records: { benign: nBenign, attack: stream.length - nBenign, total: stream.length },
    episodes: results,
    detected: detected.length,
    recall: round(detected.length / results.length, 4),
    recallByType,
    delaySeconds: { median: nearestRank(delays, 0.5), p95: nearestRank(delays, 0.95), max: delays.length ? delays[delays.length - 1]! : null },
    falseAlarms: injected.falseAlarms,
    inboundScanning: injected.inboundScanning,
    baseline: figures(baselineAlerts.filter((a) => a.phase === 'open')),
  };
}

function methodText(seed: number, episodes: number, perHost: number, W: number, split: IntervalSplit, unsplit: DdosBenchReport['unsplit']): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    'Semi-synthetic: real attack flows replayed into real benign traffic.',
    'Background: the four 24-hour Stratosphere days (CTU-Normal-40, CTU-Normal-42, CTU-Normal-43, CTU-Normal-44; Garcia and Valeros, "Security Datasets for Testing") as converted to VPC flow-log v2 rows,',
    `then reshaped to VPC Flow Logs' ${W}-s capture intervals (a conversion step of this bench, like the CSV's own): the CSV gives each Zeek connection as one row with all its packets at its start second,`,
    `where VPC Flow Logs report a long connection as one record per capture interval; so each of the ${n(split.longRows)} rows lasting more than ${W} s becomes one record per ${W}-s interval (aligned to the minute, UTC) it spans,`,
    'its packets and bytes spread over them in proportion to the time in each (integers, totals exact; an interval left without a packet gives no record),',
    `${n(split.rows)} rows giving ${n(split.records)} records; shorter rows and the CIC-DDoS2019 rows (already from ${W}-s windows) are unchanged.`,
    `On the rows as delivered (unsplit) the same bench gives ${unsplit.falseAlarms.total} false alarms (${unsplit.falseAlarms.perDay}/day), ${unsplit.baseline.falseAlarms.total} on the benign traffic alone, and ${unsplit.detected}/${episodes} episodes detected.`,
    'The records are replayed in start-time order, each host in an account of its own (1000000000 and its CTU number),',
    'so that the detector\'s account-wide figures describe one exposed host and the two days that overlap in time do not mix.',
    `Attacks: ${episodes} episodes (${perHost} per host, at seeded uniform times in equal slots of each day after its first 2 hours; seed ${seed}), each one of:`,
    'a time-shifted copy of the CIC-DDoS2019 SYN flood (13,122 rows, 0.7 s; Sharafaldin et al., ICCST 2019, as sampled by LUCID);',
    `the same copy repeated ${PULSES} times, 60 s apart (a pulsed flood of ${PULSES} minutes);`,
    'or a time-shifted copy of the CIC-DDoS2019 Web DDoS (344 rows, 25.7 min).',
    'Attacker 172.16.0.5 becomes a distinct TEST-NET address per episode (203.0.113.0/24, 198.51.100.0/24), the victim the watched Stratosphere host; both directions are kept.',
    `Detector: default options (${W}-s windows), the whole stream pushed in time order, then flushed and every incident resolved.`,
    'An episode is detected by a volumetric alert (ddos_syn_flood, udp_flood, fragmentation_flood, traffic_spike) opened or updated on the victim in a window overlapping the episode or the two windows after it;',
    'its delay runs from the episode start to the end of that window (a live stream adds the allowed lateness before the window closes).',
    'A run on the benign traffic alone is the baseline; an alert it also raises (same incident, same window) is never credited to an episode.',
    'False alarms: incidents other than port_scan and brute_force not caused by an episode (opened outside it, in its account, plus the two windows, or raised by the benign traffic alone),',
    'per day of benign traffic (the sum of the four days\' spans, i.e. per watched host and day);',
    'port_scan and brute_force incidents are counted apart as alerts on the real inbound scanning (labelled Malicious),',
    'with whether their window holds Malicious-labelled rows to their target and whether their heaviest source sent them.',
  ].join(' ');
}

/** Replays a batch in start order through a detector with default options, in chunks as a stream arrives. */
function replay(batch: FlowBatch): Alert[] {
  const detector = new Detector();
  const alerts: Alert[] = [];
  const CHUNK = 65_536;
  for (let i = 0; i < batch.length; i += CHUNK) {
    detector.pushBatch(slice(batch, i, Math.min(batch.length, i + CHUNK)));
    alerts.push(...detector.drain());
  }
  detector.flush();
  detector.resolveAll();
  alerts.push(...detector.drain());
  return alerts;
}

/** The episode's heaviest window towards the victim, in packets/s and flows/s. */
function peakRates(stream: FlowBatch, e: Episode, W: number): { pps: number; fps: number } {
  const victim = parseIpv4(e.capture.host);
  const windows = new Map<number, { packets: number; flows: number }>();
  for (let i = e.from; i < e.to; i++) {
    if (stream.dst[i] !== victim) continue;
    const w = Math.floor(stream.start[i]! / W);
    const cell = windows.get(w) ?? { packets: 0, flows: 0 };
    cell.packets += stream.packets[i]!;
    cell.flows++;
    windows.set(w, cell);
  }
  let pps = 0;
  let fps = 0;
  for (const c of windows.values()) {
    pps = Math.max(pps, c.packets / W);
    fps = Math.max(fps, c.flows / W);
  }
  return { pps: round(pps, 2), fps: round(fps, 2) };
}

export class DdosDataError extends Error {}

interface Csv {
  header: string[];
  lines: string[][];
  /** The lines' v2 columns (the three extras dropped) through the flow-log parser: record i is line i. */
  batch: FlowBatch;
}

function readCsv(path: string): Csv {
  if (!existsSync(path)) throw new DdosDataError(`no ${path}`);
  // No field of these CSVs is quoted (../shared/data/README.md §4.1).
  const [head, ...rest] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const header = head!.split(',');
  for (const column of [...V2_COLUMNS, 'label', 'source_file']) if (!header.includes(column)) throw new DdosDataError(`${path} has no ${column} column`);
  const lines = rest.map((l) => l.split(','));
  const columns = V2_COLUMNS.map((c) => header.indexOf(c));
  const { batch, skipped, skippedLines } = parseFlowLogText(lines.map((f) => columns.map((c) => f[c]).join(' ')).join('\n'));
  if (skipped) throw new DdosDataError(`${path}: ${skipped} rows are not flow-log records (line ${skippedLines[0]!.line}: ${skippedLines[0]!.reason})`);
  return { header, lines, batch };
}

/**
 * The Stratosphere rows by day: each day's watched host, its account and span, and the records to
 * replay, one per row, or with `split` one per capture interval of each long row
 * (`intervalRecords`); and, per record's target and window, what the labels say.
 */
function readBenign(csv: Csv, path: string, W: number, split: boolean): BenignData {
  const col = (name: string) => csv.header.indexOf(name);
  const [iFile, iLabel, iSrc, iDst] = [col('source_file'), col('label'), col('srcaddr'), col('dstaddr')];
  const { batch: rows, lines } = csv;
  const byFolder = new Map<string, number[]>();
  lines.forEach((f, i) => {
    const folder = f[iFile]!.split('/').find((part) => part in CAPTURES);
    if (!folder) throw new DdosDataError(`${path}: a row from ${f[iFile]}, not one of the four Stratosphere days`);
    const list = byFolder.get(folder) ?? [];
    list.push(i);
    byFolder.set(folder, list);
  });
  // A row lasting more than an interval is split when it carries packets (every Zeek direction row does).
  const splits = (i: number) => split && rows.end[i]! - rows.start[i]! > W && rows.packets[i]! > 0;
  let capacity = 0;
  for (let i = 0; i < rows.length; i++) capacity += splits(i) ? Math.floor((rows.end[i]! - 1) / W) - Math.floor(rows.start[i]! / W) + 1 : 1;
  const captures: BenignCapture[] = [];
  const batch = newFlowBatch(capacity, rows.dictionary);
  const accounts: string[] = [];
  const cells = new Map<string, WindowCell>();
  const totals = { longRows: 0, packets: { rows: 0, records: 0 }, bytes: { rows: 0, records: 0 } };
  for (const folder of Object.keys(CAPTURES)) {
    const list = byFolder.get(folder);
    if (!list) throw new DdosDataError(`${path} has no rows of ${folder}`);
    // The watched host is in every row of its day.
    const seen = new Map<string, number>();
    for (const i of list) for (const a of [lines[i]![iSrc]!, lines[i]![iDst]!]) seen.set(a, (seen.get(a) ?? 0) + 1);
    const host = [...seen].sort((a, b) => b[1] - a[1])[0]![0];
    const capture = CAPTURES[folder]!;
    const account = `1000000000${capture.slice(-2)}`;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    let malicious = 0;
    for (const i of list) {
      const [start, end] = [rows.start[i]!, rows.end[i]!];
      first = Math.min(first, start);
      last = Math.max(last, end);
      const bad = lines[i]![iLabel] === 'Malicious';
      if (bad) malicious++;
      const long = end - start > W;
      if (long) totals.longRows++;
      totals.packets.rows += rows.packets[i]!;
      totals.bytes.rows += rows.bytes[i]!;
      for (const r of splits(i) ? intervalRecords(rows.packets[i]!, rows.bytes[i]!, start, end, W) : [{ start, end, packets: rows.packets[i]!, bytes: rows.bytes[i]! }]) {
        const j = batch.length++;
        for (const c of COLUMNS) (batch[c] as AnyColumn)[j] = (rows[c] as AnyColumn)[i]!;
        batch.start[j] = r.start;
        batch.end[j] = r.end;
        batch.packets[j] = r.packets;
        batch.bytes[j] = r.bytes;
        accounts.push(account);
        totals.packets.records += r.packets;
        totals.bytes.records += r.bytes;
        for (const target of [lines[i]![iDst]!, '*']) {
          const key = `${account}|${target}|${Math.floor(r.start / W)}`;
          const cell = cells.get(key) ?? { malicious: 0, maliciousSources: new Set<string>(), packets: 0, longPackets: 0 };
          if (bad) {
            cell.malicious++;
            cell.maliciousSources.add(lines[i]![iSrc]!);
          }
          cell.packets += r.packets;
          if (long) cell.longPackets += r.packets;
          cells.set(key, cell);
        }
      }
    }
    captures.push({ capture, folder, host, account, rows: list.length, malicious, start: iso(first), end: iso(last), days: round((last - first) / 86400, 4) });
  }
  return { batch, split: { rows: rows.length, longRows: totals.longRows, records: batch.length, packets: totals.packets, bytes: totals.bytes }, captures, accounts, cells };
}

/**
 * A row lasting more than one capture interval as VPC Flow Logs would report it: one record per
 * `W`-s interval (aligned to the minute, UTC) it spans, each from its share of the row's span.
 * Packets and bytes are spread in proportion to the time in each interval, as integers by largest
 * remainder (totals exact). Packets come first: an interval left without a packet gives no
 * record (none is invented), and the bytes go to the intervals that carry packets.
 */
export function intervalRecords(packets: number, bytes: number, start: number, end: number, W: number): Array<{ start: number; end: number; packets: number; bytes: number }> {
  const pieces: Array<{ start: number; end: number }> = [];
  for (let m = Math.floor(start / W) * W; m < end; m += W) pieces.push({ start: Math.max(start, m), end: Math.min(end, m + W) });
  const spans = pieces.map((p) => p.end - p.start);
  const perPiece = apportion(packets, spans);
  const carrying = perPiece.flatMap((n, k) => (n > 0 ? [k] : []));
  const bytesPer = apportion(bytes, carrying.map((k) => spans[k]!));
  return carrying.map((k, n) => ({ ...pieces[k]!, packets: perPiece[k]!, bytes: bytesPer[n]! }));
}

/** `total` split in proportion to `weights`, as integers summing to it (largest remainder; ties to the earlier). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const out = exact.map(Math.floor);
  const order = exact.map((_, k) => k).sort((a, b) => exact[b]! - out[b]! - (exact[a]! - out[a]!) || a - b);
  for (let left = total - out.reduce((a, b) => a + b, 0), j = 0; left > 0; left--, j++) out[order[j]!]!++;
  return out;
}

/** mulberry32: a small seeded generator, enough for placing episodes reproducibly. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLUMNS = ['account', 'src', 'dst', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'status', 'tcpFlags', 'direction'] as const;
type Column = (typeof COLUMNS)[number];
type AnyColumn = { [k: number]: number; subarray(from: number, to: number): AnyColumn };

/** Records [from, to) of a batch as a batch of their own (views, no copy). */
function slice(batch: FlowBatch, from: number, to: number): FlowBatch {
  const out: Record<string, unknown> = { length: to - from, capacity: to - from, dictionary: batch.dictionary };
  for (const c of COLUMNS) out[c] = (batch[c] as AnyColumn).subarray(from, to);
  return out as unknown as FlowBatch;
}

/** The first `n` records of a batch, sorted by start time (stably: ties keep their order). */
function sortedByStart(batch: FlowBatch, n: number): FlowBatch {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const start = batch.start;
  order.sort((a, b) => start[a]! - start[b]! || a - b);
  const out = newFlowBatch(n, batch.dictionary);
  for (const c of COLUMNS) {
    const [from, to] = [batch[c] as AnyColumn, out[c] as AnyColumn];
    for (let k = 0; k < n; k++) to[k] = from[order[k]!]!;
  }
  out.length = n;
  return out;
}

/** Appends record i of `from` to `to` under an account, with new addresses and shifted times. */
function copyRecord(to: FlowBatch, from: FlowBatch, i: number, account: number, src: number, dst: number, shift: number): void {
  const j = to.length++;
  for (const c of COLUMNS as readonly Column[]) (to[c] as AnyColumn)[j] = (from[c] as AnyColumn)[i]!;
  to.account[j] = account;
  to.src[j] = src;
  to.dst[j] = dst;
  to.start[j] = from.start[i]! + shift;
  to.end[j] = from.end[i]! + shift;
}

/**
 * The stream, unsorted: the benign records first (each under its host's account), then the
 * episodes' copies of the CIC-DDoS2019 records, time-shifted and readdressed.
 */
function buildStream(benign: BenignData, cic: Csv, seed: number, perHost: number, W: number): { stream: FlowBatch; episodes: Episode[] } {
  const iFile = cic.header.indexOf('source_file');
  const source = (file: string) => {
    const records = cic.lines.flatMap((f, i) => (f[iFile] === file ? [i] : []));
    if (!records.length) throw new DdosDataError(`the CIC-DDoS2019 CSV has no rows of ${file}`);
    const first = Math.min(...records.map((i) => cic.batch.start[i]!));
    const last = Math.max(...records.map((i) => cic.batch.end[i]!));
    return { records, first, duration: last - first };
  };
  const syn = source(SYN_FLOOD_FILE);
  const web = source(WEB_DDOS_FILE);
  const sourceOf = (type: EpisodeType) => (type === 'web_ddos' ? web : syn);
  const rand = random(seed);
  const attackers = new Set<string>();
  const planned: Array<Omit<Episode, 'id' | 'from' | 'to'> & { copies: number }> = [];
  for (const capture of benign.captures) {
    // Each type in turn, from a seeded shuffle, so every host sees every type when perHost ≥ 3.
    const order = [...EPISODE_TYPES];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    // After a 2-hour warm-up, one episode in each of `perHost` equal slots, clear of the slot's end.
    const from = seconds(capture.start) + 2 * 3600;
    const slot = (seconds(capture.end) - 3600 - from) / perHost;
    for (let k = 0; k < perHost; k++) {
      const type = order[k % order.length]!;
      const copies = type === 'syn_flood_pulsed' ? PULSES : 1;
      const duration = (copies - 1) * W + sourceOf(type).duration;
      const start = Math.floor(from + k * slot + rand() * Math.max(0, slot - duration - 4 * W));
      let attacker: string;
      do attacker = `${rand() < 0.5 ? '203.0.113' : '198.51.100'}.${1 + Math.floor(rand() * 254)}`;
      while (attackers.has(attacker));
      attackers.add(attacker);
      planned.push({ type, capture, attacker, start, end: start + duration, copies });
    }
  }
  planned.sort((a, b) => a.start - b.start);
  const b = benign.batch;
  const stream = newFlowBatch(b.length + planned.reduce((n, p) => n + p.copies * sourceOf(p.type).records.length, 0));
  // Every address in these CSVs is IPv4, stored as its value: the same in any dictionary.
  for (let i = 0; i < b.length; i++) copyRecord(stream, b, i, stream.dictionary.account(benign.accounts[i]!), b.src[i]!, b.dst[i]!, 0);
  const cicAttacker = parseIpv4(CIC_ATTACKER);
  const episodes = planned.map((p, n): Episode => {
    const { records, first } = sourceOf(p.type);
    const [account, attacker, victim] = [stream.dictionary.account(p.capture.account), parseIpv4(p.attacker), parseIpv4(p.capture.host)];
    const remap = (a: number) => (a === cicAttacker ? attacker : victim);
    const from = stream.length;
    for (let copy = 0; copy < p.copies; copy++) {
      const shift = p.start + copy * W - first;
      for (const i of records) copyRecord(stream, cic.batch, i, account, remap(cic.batch.src[i]!), remap(cic.batch.dst[i]!), shift);
    }
    return { id: n + 1, type: p.type, capture: p.capture, attacker: p.attacker, start: p.start, end: p.end, from, to: stream.length };
  });
  return { stream, episodes };
}

/** The window whose closing raised an alert: the first anomalous one for `open`, the latest for `update`. */
function raisedWindow(a: Alert): number {
  return seconds(a.phase === 'open' ? a.firstSeen : a.lastSeen);
}

function openedAlert(a: Alert, cells: Map<string, WindowCell>, W: number): OpenedAlert {
  const cell = cells.get(`${a.account}|${a.target}|${Math.floor(seconds(a.firstSeen) / W)}`);
  const top = a.evidence.topSources[0]?.address;
  return {
    kind: a.kind,
    account: a.account,
    target: a.target,
    severity: a.severity,
    window: a.firstSeen,
    peakValue: a.evidence.peakValue,
    unit: a.evidence.unit,
    maliciousRows: cell?.malicious ?? 0,
    topSource: top ?? null,
    topSourceMalicious: top !== undefined && cell !== undefined && cell.maliciousSources.has(top),
    longConnectionShare: cell && cell.packets > 0 ? round(cell.longPackets / cell.packets, 3) : 0,
  };
}


function countByKind(alerts: OpenedAlert[]): Partial<Record<AlertKind, number>> {
  const out: Partial<Record<AlertKind, number>> = {};
  for (const a of alerts) out[a.kind] = (out[a.kind] ?? 0) + 1;
  return out;
}

function seconds(isoText: string): number {
  return Date.parse(isoText) / 1000;
}

function iso(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
