import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { benchNabCommand } from '../../../bot/cli/bench-nab-command.js';
import { listNabSeries, readNabSeries, type NabSeries } from '../../../pipeline-infra/stream/nab/corpus.js';
import { readNabWindows, type NabWindows } from '../../../pipeline-infra/stream/nab/labels.js';
import { nullScores, perfectScores, randomScores } from '../../../pipeline-infra/stream/nab/reference-detectors.js';
import { publishedScores, publishedThresholds, runNab } from '../../../pipeline-infra/stream/nab/runner.js';
import { DEFAULT_PROFILES, PROFILE_NAMES, scoreProfile, type ScoredSeries } from '../../../pipeline-infra/stream/nab/scorer.js';

const NAB = resolve(process.cwd(), '../shared/data/nab');
let out: string;
beforeAll(() => void (out = mkdtempSync(join(tmpdir(), 'cia-nab-'))));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('NAB scoring reproduces NAB\'s published results', () => {
  let windows: NabWindows;
  let series: NabSeries[];
  const corpus = (scores: (s: NabSeries) => Float64Array): ScoredSeries[] => series.map((s) => ({ key: s.key, timestamps: s.timestamps, anomalyScores: scores(s) }));
  beforeAll(() => {
    windows = readNabWindows(NAB);
    series = listNabSeries(NAB).map((key) => readNabSeries(NAB, key));
  });

  it('scores NAB\'s random detector (seed 42, reseeded per file) exactly as results/final_results.json, with the published thresholds', () => {
    const published = publishedScores(NAB).random!;
    const thresholds = publishedThresholds(NAB, 'random')!;
    expect(series).toHaveLength(58);
    const random = corpus((s) => randomScores(s));
    for (const p of PROFILE_NAMES) {
      const r = scoreProfile(random, windows, p, DEFAULT_PROFILES[p], { threshold: thresholds[p] });
      expect(Math.abs(r.normalized - published[p]!)).toBeLessThan(1e-8);
      expect(r.perfectScore).toBe(116);
    }
  });

  it('re-optimises the random detector\'s thresholds as NAB\'s current optimiser does (17.66 / 7.48 / 27.57)', () => {
    const random = corpus((s) => randomScores(s));
    expect(PROFILE_NAMES.map((p) => Number(scoreProfile(random, windows, p, DEFAULT_PROFILES[p]).normalized.toFixed(2)))).toEqual([17.66, 7.48, 27.57]);
  });

  it('puts the null detector at 0 (raw −116 / −116 / −232) and a perfect detector at 100', () => {
    const nul = corpus(nullScores);
    const perfect = corpus((s) => perfectScores(s, windows[s.key]!));
    for (const [p, raw] of [['standard', -116], ['reward_low_FP_rate', -116], ['reward_low_FN_rate', -232]] as const) {
      const n = scoreProfile(nul, windows, p, DEFAULT_PROFILES[p]);
      expect([n.raw, n.nullScore, n.normalized]).toEqual([raw, raw, 0]);
      const q = scoreProfile(perfect, windows, p, DEFAULT_PROFILES[p], { nullScore: raw });
      expect([q.raw, q.normalized]).toEqual([116, 100]);
    }
  });
});

describe('cia bench nab', () => {
  const files = ['artificialWithAnomaly/art_daily_jumpsup', 'realAWSCloudwatch/ec2_network_in_257a54', 'realKnownCause/rogue_agent_key_hold'];

  it('writes OUT/<detector>/<category>/<detector>_<file>.csv: timestamp,value,anomaly_score,label, one row per data row in order', () => {
    const report = runNab({ nabDir: NAB, outDir: out, detector: 'cia', files });
    expect(report.files).toBe(3);
    const windows = readNabWindows(NAB);
    for (const key of ['artificialWithAnomaly/art_daily_jumpsup.csv', 'realAWSCloudwatch/ec2_network_in_257a54.csv', 'realKnownCause/rogue_agent_key_hold.csv']) {
      const [category, file] = key.split('/') as [string, string];
      const csv = readFileSync(join(out, 'cia', category, `cia_${file}`), 'utf8').trim().split('\n');
      const series = readNabSeries(NAB, key);
      expect(csv[0]).toBe('timestamp,value,anomaly_score,label');
      expect(csv).toHaveLength(series.values.length + 1);
      let inWindow = 0;
      csv.slice(1).forEach((line, i) => {
        const [timestamp, value, score, label] = line.split(',');
        expect(timestamp).toBe(series.timestampText[i]);
        expect(value).toBe(series.valueText[i]);
        expect(Number(score)).toBeGreaterThanOrEqual(0);
        expect(Number(score)).toBeLessThanOrEqual(1);
        const t = series.timestamps[i]!;
        const expected = windows[key]!.some(([l, r]) => t >= l && t <= r) ? '1' : '0';
        expect(label).toBe(expected);
        inWindow += Number(label);
      });
      expect(inWindow).toBeGreaterThan(0);
    }
    expect(readdirSync(join(out, 'cia'))).toEqual(expect.arrayContaining(['cia_standard_scores.csv', 'cia_reward_low_FP_rate_scores.csv', 'cia_reward_low_FN_rate_scores.csv']));
    for (const p of PROFILE_NAMES) expect(Number.isFinite(report.profiles[p].normalized)).toBe(true);
  });

  it('prints the three normalised scores, as JSON with --json', async () => {
    const output = await runCommand(['nab', '--nab', NAB, '--out', out, '--json', '--files', ...files]);
    const json = JSON.parse(output) as { scores: Record<string, number>; files: number; published: { numenta: Record<string, number> } };
    expect(Object.keys(json.scores)).toEqual(['standard', 'reward_low_FP_rate', 'reward_low_FN_rate']);
    expect(json.files).toBe(3);
    expect(json.published.numenta.standard).toBeCloseTo(70.101, 3);
    const text = await runCommand(['nab', '--nab', NAB, '--out', out, '--files', ...files]);
    expect(text).toMatch(/standard\s+-?\d+\.\d\d/);
    expect(text).toMatch(/reward_low_FP_rate/);
    expect(text).toMatch(/reward_low_FN_rate/);
  });

  it('answers a missing corpus with a usage error', async () => {
    await expect(runCommand(['nab', '--nab', join(out, 'nowhere'), '--out', out])).rejects.toMatchObject({ exitCode: 2 });
    await expect(runCommand(['nab', '--out', out])).rejects.toBeInstanceOf(CommanderError);
  });
});

async function runCommand(args: string[]): Promise<string> {
  const program = new Command('bench').exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined }).addCommand(benchNabCommand().configureOutput({ writeErr: () => undefined }));
  let stdout = '';
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'bench', ...args]);
  } finally {
    process.stdout.write = write;
  }
  return stdout;
}
