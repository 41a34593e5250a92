import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { CIC_CSV, DdosDataError, STRATOSPHERE_CSV, runDdosBench, type AlarmFigures, type DdosBenchReport, type EpisodeResult, type ScanFigures } from '../../pipeline-infra/stream/bench/ddos-replay.js';
import { renderTable } from './text-table.js';
import { wholeNumber } from './number-option.js';

interface DdosOptions {
  ddos: string;
  json?: boolean;
  seed: number;
}

/**
 * `cia bench ddos [--ddos DIR] [--json] [--seed N]` (DESIGN §5): real CIC-DDoS2019 attack flows
 * replayed into the real Stratosphere benign traffic; detection delay, recall and false alarms of
 * the detector with its default options. The figures are semi-synthetic and say so.
 */
export function benchDdosCommand(): Command {
  return new Command('ddos')
    .description('replay real DDoS flows (CIC-DDoS2019) into real benign traffic (Stratosphere): detection delay, recall, false alarms per day (semi-synthetic)')
    .option('--ddos <dir>', 'the labelled attack-flow data (cicddos2019_lucid_sample/, stratosphere_zeek_mixed/)', resolve(process.cwd(), '../shared/data/ddos'))
    .option('--json', 'print one JSON object')
    .option('--seed <n>', 'seed of the episode times and attacker addresses', wholeNumber('--seed'), 1)
    .exitOverride()
    .action((options: DdosOptions, command: Command) => {
      const dir = resolve(options.ddos);
      const missing = [CIC_CSV, STRATOSPHERE_CSV].filter((file) => !existsSync(join(dir, file)));
      if (missing.length) command.error(`error: no DDoS benchmark data in ${dir}: missing ${missing.join(', ')} (see ../shared/data/README.md §4; pass --ddos DIR)`, { exitCode: 2 });
      let report: DdosBenchReport;
      try {
        report = runDdosBench({ ddosDir: dir, seed: options.seed });
      } catch (error) {
        if (error instanceof DdosDataError) command.error(`error: ${error.message}`, { exitCode: 2 });
        throw error;
      }
      process.stdout.write(`${options.json ? JSON.stringify(reportJson(report)) : formatReport(report)}\n`);
    });
}

function alertJson(a: ScanFigures['alerts'][number]) {
  return { kind: a.kind, account: a.account, target: a.target, window: a.window, peak: a.peakValue, unit: a.unit, malicious_rows: a.maliciousRows, top_source: a.topSource, top_source_malicious: a.topSourceMalicious };
}

function scansJson(figures: ScanFigures) {
  return {
    total: figures.total,
    by_kind: figures.byKind,
    with_malicious_rows: figures.withMaliciousRows,
    from_malicious_source: figures.fromMaliciousSource,
    alerts: figures.alerts.map(alertJson),
  };
}

function alarmsJson(figures: AlarmFigures) {
  return {
    total: figures.total,
    per_day: figures.perDay,
    by_kind: figures.byKind,
    from_long_connections: figures.fromLongConnections,
    alerts: figures.alerts.map((a) => ({ ...alertJson(a), severity: a.severity, long_connection_share: a.longConnectionShare })),
  };
}

export function reportJson(report: DdosBenchReport) {
  return {
    semi_synthetic: report.semiSynthetic,
    seed: report.seed,
    window_seconds: report.windowSeconds,
    tolerance_seconds: report.toleranceSeconds,
    episodes: report.episodes.length,
    detected: report.detected,
    recall: report.recall,
    recall_by_type: report.recallByType,
    detection_delay_seconds: report.delaySeconds,
    false_alarms: report.falseAlarms.total,
    false_alarms_per_day: report.falseAlarms.perDay,
    false_alarms_by_kind: report.falseAlarms.byKind,
    baseline_false_alarms: report.baseline.falseAlarms.total,
    baseline_false_alarms_per_day: report.baseline.falseAlarms.perDay,
    baseline_false_alarms_by_kind: report.baseline.falseAlarms.byKind,
    inbound_scanning_alerts: scansJson(report.inboundScanning),
    benign_days: report.benignDays,
    records: report.records.total,
    benign_rows: report.split.rows,
    benign_records: report.records.benign,
    attack_records: report.records.attack,
    split: { rows: report.split.rows, long_rows: report.split.longRows, records: report.split.records, packets: report.split.packets, bytes: report.split.bytes },
    unsplit: {
      records: report.unsplit.records.total,
      detected: report.unsplit.detected,
      recall: report.unsplit.recall,
      detection_delay_seconds: report.unsplit.delaySeconds,
      false_alarms: alarmsJson(report.unsplit.falseAlarms),
      baseline_false_alarms: alarmsJson(report.unsplit.baseline.falseAlarms),
      inbound_scanning_alerts: scansJson(report.unsplit.inboundScanning),
    },
    seconds: report.seconds,
    episode_details: report.episodes.map((e) => ({
      id: e.id,
      type: e.type,
      capture: e.capture,
      account: e.account,
      victim: e.victim,
      attacker: e.attacker,
      start: e.start,
      end: e.end,
      duration_seconds: e.durationSeconds,
      records: e.records,
      peak_attack_pps: e.peakAttackPps,
      peak_attack_fps: e.peakAttackFps,
      detected: e.detected,
      delay_seconds: e.delaySeconds,
      alert: e.alert && { kind: e.alert.kind, phase: e.alert.phase, severity: e.alert.severity, window: e.alert.window, peak: e.alert.peakValue, unit: e.alert.unit },
      other_alerts: e.otherAlerts,
    })),
    false_alarm_details: alarmsJson(report.falseAlarms),
    baseline: { false_alarms: alarmsJson(report.baseline.falseAlarms), inbound_scanning_alerts: scansJson(report.baseline.inboundScanning) },
    captures: report.captures,
    method: report.method,
  };
}

const kinds = (byKind: Partial<Record<string, number>>) =>
  Object.entries(byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ') || 'none';

function episodeAlert(e: EpisodeResult): string {
  if (e.alert) return `${e.alert.kind} ${e.alert.severity} (${e.alert.phase})`;
  const onVictim = e.otherAlerts.filter((a) => a.target === e.victim).map((a) => a.kind);
  return onVictim.length ? `— (${onVictim.join(', ')} only)` : '—';
}

/** Alerts the injection caused besides the detections, by kind and by whom they name (victim or attacker). */
function otherAlerts(episodes: EpisodeResult[]): string {
  const counts = new Map<string, number>();
  for (const e of episodes)
    for (const a of e.otherAlerts) {
      const key = `${a.kind} on the ${a.target === e.victim ? 'victim' : a.target === e.attacker ? 'attacker' : a.target}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  return [...counts].map(([key, n]) => `${key} ${n}`).join(', ') || 'none';
}

export function formatReport(report: DdosBenchReport): string {
  const d = report.delaySeconds;
  const s = (x: number | null) => (x === null ? '—' : `${x} s`);
  const fa = report.falseAlarms;
  const base = report.baseline.falseAlarms;
  const scans = report.inboundScanning;
  const split = report.split;
  const unsplit = report.unsplit;
  const n = (x: number) => x.toLocaleString('en-US');
  const byType = Object.entries(report.recallByType)
    .map(([type, r]) => `${type} ${r.detected}/${r.episodes}`)
    .join(', ');
  const summary = [
    { figure: 'episodes detected', value: `${report.detected}/${report.episodes.length} (recall ${report.recall}; ${byType})` },
    { figure: 'detection delay', value: `median ${s(d.median)}, p95 ${s(d.p95)}, max ${s(d.max)} (episode start → end of the alerting ${report.windowSeconds}-s window)` },
    { figure: 'false alarms', value: `${fa.total} in ${report.benignDays} days = ${fa.perDay}/day (${kinds(fa.byKind)}); ${fa.fromLongConnections} from connections longer than a window` },
    { figure: 'benign traffic alone', value: `${base.total} false alarms = ${base.perDay}/day (${kinds(base.byKind)}); ${base.fromLongConnections} from connections longer than a window` },
    { figure: 'other alerts caused by the episodes', value: otherAlerts(report.episodes) },
    { figure: 'alerts on real inbound scanning (labelled Malicious)', value: `${scans.total} (${kinds(scans.byKind)}): ${scans.withMaliciousRows} with Malicious rows in their window, ${scans.fromMaliciousSource} whose heaviest source sent them` },
    { figure: `benign rows split into ${report.windowSeconds}-s intervals`, value: `${n(split.longRows)} of ${n(split.rows)} rows last longer than ${report.windowSeconds} s: ${n(split.rows)} rows → ${n(split.records)} records (packets and bytes totals unchanged)` },
    { figure: 'rows as delivered (unsplit)', value: `${unsplit.falseAlarms.total} false alarms = ${unsplit.falseAlarms.perDay}/day (${kinds(unsplit.falseAlarms.byKind)}); benign alone ${unsplit.baseline.falseAlarms.total}; ${unsplit.detected}/${report.episodes.length} episodes detected` },
    { figure: 'records', value: `${n(report.records.total)} (${n(report.records.benign)} benign, ${n(report.records.attack)} attack); ${report.seconds} s for the split and unsplit runs` },
  ];
  const episodes = report.episodes.map((e) => ({
    '#': e.id,
    type: e.type,
    victim: `${e.victim} (${e.capture})`,
    start: e.start,
    'attack peak': `${e.peakAttackPps} pkt/s, ${e.peakAttackFps} flows/s`,
    alert: episodeAlert(e),
    delay: s(e.delaySeconds),
  }));
  return [
    `SEMI-SYNTHETIC figures (seed ${report.seed}): real CIC-DDoS2019 attack flows replayed into real Stratosphere benign traffic (CTU-Normal-40/42/43/44); detector defaults.`,
    `The Stratosphere rows are split into ${report.windowSeconds}-s capture intervals first, as VPC Flow Logs report long connections (a Zeek connection is one row at its start); the unsplit figures are shown too.`,
    '',
    renderTable(['figure', 'value'], summary, 160),
    '',
    renderTable(['#', 'type', 'victim', 'start', 'attack peak', 'alert', 'delay'], episodes, 60),
    '',
    `method: ${report.method}`,
  ].join('\n');
}
