import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CATALOG } from '../../catalog/index.js';
import { LAKE_TABLES, type LakeTable, type LakeWriter, type WriteSummary } from '../lake-writer.js';
import { readCloudTrailFile } from './cloudtrail.js';
import { readCloudWatchFile } from './cloudwatch.js';
import { readConfigFile } from './config.js';
import { readCurFile } from './cur.js';
import { readFlowLogFile } from './flowlogs.js';
import { readGuardDutyFile } from './guardduty.js';
import type { FileRows } from './read-input.js';

export interface ImportProblem {
  file: string;
  line?: number;
  reason: string;
}

export interface ImportReport {
  files: number;
  rowsImported: number;
  rowsSkipped: number;
  filesFailed: number;
  /** The first MAX_PROBLEMS problems, in input order. */
  problems: ImportProblem[];
  /** What the import's flushes wrote (a partition written by two flushes counts twice). */
  written: { files: number; partitions: number };
}

export interface ImportOptions {
  /** Write buffered rows whenever this many are waiting, so large imports need little memory. */
  flushEveryRows?: number;
}

const MAX_PROBLEMS = 20;
const DEFAULT_FLUSH_EVERY_ROWS = 100_000;

const FILE_READERS: Record<LakeTable, (path: string) => Promise<FileRows>> = {
  cloudtrail_logs: readCloudTrailFile,
  cloudwatch_logs: readCloudWatchFile,
  config_logs: readConfigFile,
  guardduty_findings: readGuardDutyFile,
  flowlogs: readFlowLogFile,
  cur_data: readCurFile,
};

/** The lake table a user means: its catalog name (`cloudtrail_logs`) or its source (`cloudtrail`). */
export function resolveLakeTable(name: string): LakeTable | undefined {
  const wanted = name.trim().toLowerCase();
  const table = CATALOG.find((t) => t.name === wanted || t.source === wanted);
  return LAKE_TABLES.find((t) => t === table?.name);
}

/**
 * Imports real AWS files (or folders of them) into the lake through `writer`. Broken lines,
 * records and files are counted and skipped; the import itself never stops for them.
 */
export async function importFiles(table: LakeTable, paths: string[], writer: LakeWriter, options: ImportOptions = {}): Promise<ImportReport> {
  const flushEvery = options.flushEveryRows ?? DEFAULT_FLUSH_EVERY_ROWS;
  const report: ImportReport = { files: 0, rowsImported: 0, rowsSkipped: 0, filesFailed: 0, problems: [], written: { files: 0, partitions: 0 } };
  const note = (problem: ImportProblem) => {
    if (report.problems.length < MAX_PROBLEMS) report.problems.push(problem);
  };
  const flush = async () => addWritten(report, table, await writer.flush());

  for (const file of await inputFiles(paths)) {
    report.files += 1;
    const { rows, skipped, failure } = await FILE_READERS[table](file);
    if (failure) {
      report.filesFailed += 1;
      note({ file, reason: failure });
    }
    for (const problem of skipped) note({ file, ...problem });
    const added = writer.add(table, rows.map((r) => r.row));
    for (const { index, reason } of added.rejected) note({ file, line: rows[index]!.line, reason });
    report.rowsImported += added.accepted;
    report.rowsSkipped += skipped.length + added.rejected.length;
    if (writer.bufferedRows >= flushEvery) await flush();
  }
  await flush();
  return report;
}

/** Files named, and the files under folders named (recursively, sorted, hidden ones left out). A path that cannot be read stays, to fail as a file. */
async function inputFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const isDirectory = await stat(path).then((info) => info.isDirectory(), () => false);
    files.push(...(isDirectory ? await filesUnder(path) : [path]));
  }
  return files;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name));
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

function addWritten(report: ImportReport, table: LakeTable, summary: WriteSummary): void {
  const written = summary.tables[table];
  report.written.files += written?.files ?? 0;
  report.written.partitions += written?.partitions ?? 0;
}
