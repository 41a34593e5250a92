import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { formatReport } from '../../../bot/cli/bench-ddos-command.js';
import { VOLUMETRIC_KINDS } from '../../../pipeline-infra/alerts/alert.js';
import { CIC_CSV, STRATOSPHERE_CSV, intervalRecords, runDdosBench, type DdosBenchReport } from '../../../pipeline-infra/stream/bench/ddos-replay.js';
import { DEFAULT_DETECTOR_OPTIONS } from '../../../pipeline-infra/stream/detector.js';
import { runCli } from '../../support/run-cli.js';

// Semi-synthetic (../shared/data/README.md §4): real CIC-DDoS2019 flows replayed into the real
// Stratosphere days (split into 60-s capture intervals), through the detector with its default options.
const DDOS = resolve(process.cwd(), '../shared/data/ddos');

describe('capture-interval records of a long row', () => {
  it('cuts at the minute boundaries and spreads packets and bytes by time, totals exact', () => {
    // 1019 → 1201: 1 s, three whole minutes, 1 s.
    const records = intervalRecords(1000, 123_457, 1019, 1201, 60);
    expect(records.map((r) => [r.start, r.end, r.packets])).toEqual([[1019, 1020, 5], [1020, 1080, 330], [1080, 1140, 330], [1140, 1200, 330], [1200, 1201, 5]]);
    expect(records.reduce((n, r) => n + r.bytes, 0)).toBe(123_457);
    expect(records.every((r) => Number.isInteger(r.bytes))).toBe(true);
  });

  it('invents no packets: intervals left without one give no record, and their bytes go to those with packets', () => {
    const records = intervalRecords(3, 300, 1020, 1620, 60);
    expect(records).toHaveLength(3);
    expect(records.every((r) => r.packets === 1 && r.bytes === 100)).toBe(true);
  });
});

describe('cia bench ddos on the real data (seed 1)', () => {
  let report: DdosBenchReport;
  beforeAll(() => void (report = runDdosBench({ ddosDir: DDOS, seed: 1 })), 60_000);

  it('is labelled semi-synthetic and names its datasets, its conversion and injection', () => {
    expect(report.semiSynthetic).toBe(true);
    for (const name of ['CIC-DDoS2019', 'CTU-Normal-40', 'CTU-Normal-44', 'time-shifted', '203.0.113.0/24', '60-s capture intervals', 'unsplit']) expect(report.method).toContain(name);
    expect(report.split).toMatchObject({ rows: 34_381, records: report.records.benign });
    expect(report.split.longRows).toBeGreaterThan(6000);
    expect(report.split.packets.records).toBe(report.split.packets.rows);
    expect(report.split.bytes.records).toBe(report.split.bytes.rows);
    expect(report.unsplit.records.benign).toBe(34_381);
    expect(report.records.total).toBe(report.records.benign + report.records.attack);
    // Four host-days: the 28-hour CTU-Normal-40 day and three 24-hour days.
    expect(report.benignDays).toBeGreaterThan(4.1);
    expect(report.benignDays).toBeLessThan(4.2);
  });

  it('spreads 12 episodes, 3 per host and one of each type, with distinct public attackers', () => {
    expect(report.episodes).toHaveLength(12);
    for (const c of report.captures) expect(report.episodes.filter((e) => e.victim === c.host).map((e) => e.type).sort()).toEqual(['syn_flood_burst', 'syn_flood_pulsed', 'web_ddos']);
    expect(new Set(report.episodes.map((e) => e.attacker)).size).toBe(12);
    for (const e of report.episodes) expect(e.attacker).toMatch(/^(203\.0\.113|198\.51\.100)\.\d+$/);
    expect(report.episodes.filter((e) => e.type === 'syn_flood_pulsed').every((e) => e.records === 10 * 13_122)).toBe(true);
  });

  it('detects every SYN flood episode as ddos_syn_flood on the victim within two windows', () => {
    const syn = report.episodes.filter((e) => e.type !== 'web_ddos');
    expect(syn).toHaveLength(8);
    for (const e of syn) {
      expect(e).toMatchObject({ detected: true, alert: { kind: 'ddos_syn_flood', severity: 'SEV1' } });
      expect(e.delaySeconds).toBeGreaterThan(0);
      expect(e.delaySeconds).toBeLessThanOrEqual(2 * DEFAULT_DETECTOR_OPTIONS.windowSeconds);
    }
    expect(report.recallByType.syn_flood_burst.recall).toBe(1);
    expect(report.recallByType.syn_flood_pulsed.recall).toBe(1);
    expect(report.delaySeconds.max).toBeLessThanOrEqual(120);
  });

  it('misses the Web DDoS episodes: a few packets a second, far below the volumetric minimum rates', () => {
    const web = report.episodes.filter((e) => e.type === 'web_ddos');
    const { minPps, minFps } = DEFAULT_DETECTOR_OPTIONS.thresholds;
    for (const e of web) {
      expect(e.detected).toBe(false);
      expect(e.peakAttackPps).toBeLessThan(minPps / 10);
      expect(e.peakAttackFps).toBeLessThan(minFps / 10);
    }
    expect(report.detected).toBe(8);
    expect(report.recall).toBeCloseTo(8 / 12, 4);
  });

  it('keeps false alarms under 2 a day once long connections are split into capture intervals', () => {
    // Measured (seed 1): 5 (1.20/day: traffic_spike 3, udp_flood 2) with the injection and on the
    // benign traffic alone; seeds 1–8 give 3–5 (0.72–1.20/day) with the injection. The bound of 2/day
    // (8 in the 4.17 days) leaves room for 3 more before the test fails. What remains is real
    // traffic: e.g. a UDP call at 190 packets/s from its first minute.
    for (const alarms of [report.falseAlarms, report.baseline.falseAlarms]) {
      expect(alarms.perDay).toBeLessThan(2);
      expect(alarms.perDay).toBeCloseTo(alarms.total / report.benignDays, 2);
      expect(alarms.alerts.every((a) => VOLUMETRIC_KINDS.has(a.kind))).toBe(true);
    }
  });

  it('reports the rows as delivered too: at least twice the false alarms, nearly all from whole Zeek connections in their first window', () => {
    // Measured: 15 (3.60/day) with the injection and 17 on the benign traffic alone, all but one in
    // windows whose packets came mostly from connections lasting longer than a window; the same 8
    // episodes detected.
    const { unsplit } = report;
    expect(unsplit.detected).toBe(report.detected);
    for (const alarms of [unsplit.falseAlarms, unsplit.baseline.falseAlarms]) {
      expect(alarms.total).toBeGreaterThanOrEqual(2 * report.falseAlarms.total);
      expect(alarms.perDay).toBeLessThan(5);
      expect(alarms.fromLongConnections).toBeGreaterThanOrEqual(alarms.total - 2);
    }
  });

  it('raises no port_scan on the attackers from their victims\' answers to the flood', () => {
    // The victim answers the flood from the random ports it hit to the flood's random source ports:
    // thousands of destination ports on the attacker from one source, which the detector takes for
    // answers because the attacker sent the victim more flows than it got back.
    for (const e of report.episodes) expect(e.otherAlerts.filter((a) => a.target === e.attacker)).toEqual([]);
    expect(report.episodes.flatMap((e) => e.otherAlerts).filter((a) => a.kind === 'port_scan')).toEqual([]);
  });

  it('counts scan alerts apart, checked against the Malicious labels', () => {
    // Measured: none. The one port_scan before the detector told answers from probes (147.32.83.165,
    // 2022-06-13 10:48) was 44.201.116.124 answering from :443 117 of the host's own HTTPS
    // connections. The 14,707 Malicious rows, Internet scanning spread over many sources and a few
    // ports each, raise no scan alert of their own.
    for (const scans of [report.inboundScanning, report.baseline.inboundScanning, report.unsplit.inboundScanning]) {
      expect(scans.alerts.every((a) => a.kind === 'port_scan' || a.kind === 'brute_force')).toBe(true);
      expect(scans.total).toBe(0);
    }
  });

  it('prints a text report that starts by saying the figures are semi-synthetic', () => {
    const text = formatReport(report);
    expect(text.split('\n')[0]).toMatch(/^SEMI-SYNTHETIC figures \(seed 1\)/);
    expect(text.split('\n')[1]).toMatch(/split into 60-s capture intervals first/);
    expect(text).toMatch(/rows as delivered \(unsplit\) +\| \d+ false alarms/);
    expect(text).toMatch(/episodes detected +\| 8\/12/);
    expect(text).toMatch(/false alarms +\| \d+ in 4\.\d+ days/);
  });

  it('answers --json with the documented keys, its episodes placed by the seed alone', async () => {
    // A lighter copy of the data, for speed: every Stratosphere row, the Web DDoS rows and the first
    // 1,000 SYN flood rows (one second, like the whole flood): the seed places the episodes as on the full data.
    const light = mkdtempSync(join(tmpdir(), 'cia-bench-ddos-'));
    try {
      const copy = (file: string, keep: (line: string, synRow: number) => boolean) => {
        mkdirSync(dirname(join(light, file)), { recursive: true });
        let syn = 0;
        const lines = readFileSync(join(DDOS, file), 'utf8').trim().split('\n');
        writeFileSync(join(light, file), lines.filter((line, n) => n === 0 || keep(line, line.includes('SynFlood') ? syn++ : 0)).join('\n'));
      };
      copy(STRATOSPHERE_CSV, () => true);
      copy(CIC_CSV, (line, synRow) => !line.includes('SynFlood') || synRow < 1000);
      const { code, stdout } = await runCli(['bench', 'ddos', '--ddos', light, '--json', '--seed', '1']);
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as Record<string, unknown>;
      for (const key of ['semi_synthetic', 'episodes', 'detected', 'recall', 'detection_delay_seconds', 'false_alarms', 'false_alarms_per_day', 'benign_days', 'records', 'seconds', 'episode_details', 'method'])
        expect(json).toHaveProperty(key);
      expect(json).toMatchObject({ semi_synthetic: true, seed: 1, episodes: 12, benign_days: report.benignDays, benign_rows: 34_381, benign_records: report.records.benign, attack_records: 4 * 1000 + 4 * 10 * 1000 + 4 * 344 });
      expect(json.unsplit).toMatchObject({ false_alarms: { total: report.unsplit.falseAlarms.total, per_day: report.unsplit.falseAlarms.perDay } });
      expect(Object.keys(json.detection_delay_seconds as object).sort()).toEqual(['max', 'median', 'p95']);
      expect(typeof json.false_alarms_per_day).toBe('number');
      expect(json.method).toMatch(/^Semi-synthetic/);
      expect((json.episode_details as Array<{ start: string; attacker: string }>).map((e) => `${e.start} ${e.attacker}`)).toEqual(report.episodes.map((e) => `${e.start} ${e.attacker}`));
    } finally {
      rmSync(light, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('cia bench ddos usage', () => {
  it('answers a folder without the data with exit code 2 and says what is missing', async () => {
    const { code, stderr } = await runCli(['bench', 'ddos', '--ddos', join(tmpdir(), 'cia-no-such-ddos-dir')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no DDoS benchmark data in .*cia-no-such-ddos-dir/);
    expect(stderr).toContain('cicddos2019_vpcflow_like.csv');
  });
});
