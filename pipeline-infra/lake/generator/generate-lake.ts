import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { API_SNAPSHOT_DIR } from '../../api-sources/snapshot-source.js';
import { CATALOG } from '../../catalog/index.js';
import { LAKE_TABLES, LakeWriter, type LakeTable, type WriteSummary } from '../lake-writer.js';
import { orgConfigYaml } from './accounts.js';
import { apiSnapshots, writeApiSnapshots } from './api-snapshots/index.js';
import { normalCloudTrail } from './cloudtrail.js';
import { normalCloudWatchLogs } from './cloudwatch.js';
import { normalConfigItems } from './config.js';
import { curLineItems } from './cur.js';
import { normalFlowLogs } from './flowlogs.js';
import { backgroundFindings } from './guardduty.js';
import { incidentEffects, incidentRows, planIncidents, type IncidentRecord } from './incidents/index.js';
import { Random } from './random.js';
import { DAY, isoSeconds, type TimeWindow } from './rhythm.js';

export const CONFIG_FILE = 'cia.config.yaml';
export const INCIDENTS_FILE = 'incidents.json';
/** The scripted incidents fall on the last two full days before `now`. */
export const MIN_DAYS = 3;
export const DEFAULT_DAYS = 14;
export const DEFAULT_SEED = 1;
/** CloudTrail events per day of the window when no count is asked for. */
export const DEFAULT_EVENTS_PER_DAY = 5_000;
/**
 * Rows buffered before the writer flushes, so memory stays flat however large the lake (and each
 * flush writes one file per partition it touches: this sets the files' size).
 */
const FLUSH_EVERY = 50_000;
/** Rows handed to the writer at a time: it turns them into bytes soon after, so they die young. */
const ADD_EVERY = 100;
const PROGRESS_EVERY = 500_000;

export interface GenerateLakeOptions {
  lakeDir: string;
  seed?: number;
  days?: number;
  /** The end of the generated window (default: the current time). */
  now?: Date;
  /** About how many CloudTrail events to generate (default: 5,000 a day). */
  cloudtrailEvents?: number;
  /** Replace the tables of a lake generated before (otherwise a lake that holds tables is refused). */
  replace?: boolean;
  onProgress?: (message: string) => void;
}

export interface GenerateReport {
  lakeDir: string;
  seed: number;
  days: number;
  from: string;
  to: string;
  tables: Record<LakeTable, { rows: number; files: number }>;
  incidents: IncidentRecord[];
  configFile: string;
  incidentsFile: string;
  seconds: number;
  /** CloudTrail events generated and written per second (the whole path, gzip included). */
  cloudtrailEventsPerSecond: number;
}

/** The lake's top-level folders (`cloudtrail/`, `cur/`…, from the catalog's layouts, and the API snapshots' `api/`). */
const TABLE_FOLDERS = [...new Set(CATALOG.map((t) => t.layouts[0]!.split('/')[0]!)), API_SNAPSHOT_DIR];

/**
 * Writes a synthetic lake for all six tables, deterministic for a seed: normal activity of three
 * accounts with daily and weekly rhythm, and the scripted incidents listed in `incidents.json`.
 */
export async function generateLake(options: GenerateLakeOptions): Promise<GenerateReport> {
  const started = performance.now();
  const seed = options.seed ?? DEFAULT_SEED;
  const days = options.days ?? DEFAULT_DAYS;
  const now = (options.now ?? new Date()).getTime();
  const events = options.cloudtrailEvents ?? DEFAULT_EVENTS_PER_DAY * days;
  validate(seed, days, now, events);
  await prepareLakeDir(options.lakeDir, options.replace ?? false);

  const random = Random.fromSeed(seed);
  const window: TimeWindow = { from: now - days * DAY, to: now };
  const plan = planIncidents(now, random.fork('incidents'));
  const effects = incidentEffects(plan);
  const incidents = incidentRows(plan, random.fork('incident-rows'));
  const progress = options.onProgress ?? (() => {});
  const output = new LakeOutput(new LakeWriter(options.lakeDir));

  try {
    const cloudtrailStarted = performance.now();
    await output.stream('cloudtrail_logs', normalCloudTrail({ random: random.fork('cloudtrail'), window, events, retiredInstances: effects.retiredInstances }), (n) => {
      if (n % PROGRESS_EVERY === 0) progress(`cloudtrail_logs: ${n.toLocaleString('en-US')} events generated`);
    });
    await output.write('cloudtrail_logs', incidents.rows.cloudtrail);
    await output.flush();
    const cloudtrailSeconds = (performance.now() - cloudtrailStarted) / 1000;

    await output.streamBatches('cloudwatch_logs', normalCloudWatchLogs({ random: random.fork('cloudwatch'), window, storms: effects.storms }));
    await output.write('config_logs', [...normalConfigItems({ random: random.fork('config'), window, retiredInstances: effects.retiredInstances }), ...incidents.rows.config]);
    const guardduty = [...backgroundFindings({ random: random.fork('guardduty'), window }), ...incidents.rows.guardduty];
    await output.write('guardduty_findings', guardduty);
    await output.write('cur_data', curLineItems({ random: random.fork('cur'), window, retiredInstances: effects.retiredInstances, spikes: effects.spikes }));
    await output.streamBatches('flowlogs', normalFlowLogs({ random: random.fork('flowlogs'), window, retiredInstances: effects.retiredInstances, openedToWorld: effects.openedToWorld }));
    await output.write('flowlogs', incidents.rows.flowlogs);
    await output.close();
    await writeApiSnapshots(options.lakeDir, apiSnapshots({ now, guardduty, incidents: plan, retiredInstances: effects.retiredInstances }));

    const configFile = join(options.lakeDir, CONFIG_FILE);
    const incidentsFile = join(options.lakeDir, INCIDENTS_FILE);
    await writeFile(configFile, orgConfigYaml());
    const from = isoSeconds(window.from);
    const to = isoSeconds(window.to);
    await writeFile(incidentsFile, JSON.stringify({ generated_by: 'cia lake generate', seed, days, from, to, incidents: incidents.records }, null, 2) + '\n');
    return {
      lakeDir: options.lakeDir,
      seed,
      days,
      from,
      to,
      tables: output.totals,
      incidents: incidents.records,
      configFile,
      incidentsFile,
      seconds: (performance.now() - started) / 1000,
      cloudtrailEventsPerSecond: Math.round(output.totals.cloudtrail_logs.rows / cloudtrailSeconds),
    };
  } catch (error) {
    await output.close().catch(() => {});
    throw error;
  }
}

function validate(seed: number, days: number, now: number, events: number): void {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a whole number ≥ 0 (got ${seed})`);
  if (!Number.isInteger(days) || days < MIN_DAYS || days > 366) throw new RangeError(`days must be a whole number from ${MIN_DAYS} to 366: the incidents fall on the two full days before now (got ${days})`);
  if (!Number.isFinite(now)) throw new RangeError('now is not a valid time');
  if (!Number.isSafeInteger(events) || events < 0) throw new RangeError(`the CloudTrail event count must be a whole number ≥ 0 (got ${events})`);
}

/** A lake folder that already holds tables (or snapshots) is refused (the writer adds files, so data would double) unless asked to replace them. */
async function prepareLakeDir(lakeDir: string, replace: boolean): Promise<void> {
  await mkdir(lakeDir, { recursive: true });
  const present = (await readdir(lakeDir)).filter((name) => TABLE_FOLDERS.includes(name));
  if (present.length === 0) return;
  if (!replace) throw new LakeNotEmptyError(lakeDir, present);
  for (const name of [...present, CONFIG_FILE, INCIDENTS_FILE]) await rm(join(lakeDir, name), { recursive: true, force: true });
}

export class LakeNotEmptyError extends Error {
  constructor(lakeDir: string, folders: string[]) {
    super(`${lakeDir} already holds a lake (${folders.map((f) => `${f}/`).join(', ')}); generating into it would add a second copy. Use another folder, or replace the generated tables (--force).`);
  }
}

/**
 * The writer, flushed every FLUSH_EVERY rows, with totals per table. A flush writes (gzip on the
 * thread pool, files) while the next rows are generated; at most one flush runs at a time.
 */
class LakeOutput {
  readonly totals = Object.fromEntries(LAKE_TABLES.map((t) => [t, { rows: 0, files: 0 }])) as Record<LakeTable, { rows: number; files: number }>;
  private unflushed = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly writer: LakeWriter) {}

  async write(table: LakeTable, rows: object[]): Promise<void> {
    for (let start = 0; start < rows.length; start += ADD_EVERY) await this.add(table, rows.slice(start, start + ADD_EVERY));
  }

  async stream(table: LakeTable, rows: Iterable<object>, onRows: (rowsSoFar: number) => void): Promise<void> {
    let batch: object[] = [];
    let count = 0;
    for (const row of rows) {
      batch.push(row);
      if (batch.length === ADD_EVERY) {
        await this.add(table, batch);
        count += batch.length;
        onRows(count);
        batch = [];
      }
    }
    await this.add(table, batch);
  }

  async streamBatches(table: LakeTable, batches: Iterable<object[]>): Promise<void> {
    for (const batch of batches) await this.write(table, batch);
  }

  /** Waits until everything added so far is written. */
  async flush(): Promise<void> {
    await this.writing;
    this.count(await this.writer.flush());
  }

  async close(): Promise<void> {
    await this.flush();
    await this.writer.close();
  }

  private async add(table: LakeTable, rows: object[]): Promise<void> {
    const result = this.writer.add(table, rows);
    // Generated rows always fit their table; a refusal is a generator bug worth stopping for.
    if (result.rejected.length) throw new Error(`generated ${table} row refused: ${result.rejected[0]!.reason}`);
    this.unflushed += result.accepted;
    if (this.unflushed >= FLUSH_EVERY) await this.flushBehind();
    // Generating never waits for I/O, so without a turn of the event loop the flush's next steps
    // (a gzip done, a file written) would wait until the next flush.
    else await eventLoopTurn();
  }

  private async flushBehind(): Promise<void> {
    // The previous flush must be done first (and its failure surfaces here).
    await this.writing;
    this.unflushed = 0;
    const flushing = this.writer.flush().then((summary) => this.count(summary));
    // Observed by the next `await this.writing`, not left unhandled meanwhile.
    flushing.catch(() => {});
    this.writing = flushing;
  }

  private count(summary: WriteSummary): void {
    for (const [table, stats] of Object.entries(summary.tables)) {
      const total = this.totals[table as LakeTable];
      total.rows += stats.rows;
      total.files += stats.files;
    }
  }
}
