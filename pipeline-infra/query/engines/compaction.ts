import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TableDef } from '../../catalog/types.js';
import { compactionSql } from './duckdb-sql.js';
import type { LakePartition } from './lake-files.js';

/**
 * JSON tables are copied to Parquet once, so queries prune partitions and read columns instead of
 * parsing gzip JSON every time (research note §3.2: ~10x). The copy lives in the lake, under
 * `.cia/compacted/<table>/<key>=<value>/…`; a manifest records each partition's files (path, size,
 * mtime), so only partitions whose files changed are copied again.
 */

export const COMPACTED_DIR = '.cia/compacted';

export interface Compaction {
  /** The table's Parquet copy; absent when the lake cannot be written (a read-only mount). */
  root?: string;
  /** The copy has at least one Parquet file (a view over an empty glob would fail). */
  hasData: boolean;
  warnings: string[];
}

interface Manifest {
  schema: string;
  partitions: Map<string, string>;
}

/** Files per COPY statement: bounds the statement's size on large lakes. */
const MAX_FILES_PER_COPY = 1000;
const LOCK_WAIT_MS = 120_000;
const STALE_LOCK_MS = 600_000;

export async function compactTable(run: (sql: string) => Promise<void>, lakeDir: string, table: TableDef, partitions: readonly LakePartition[]): Promise<Compaction> {
  const root = join(lakeDir, COMPACTED_DIR, table.name);
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    // A read-only mount (as the research note recommends) still serves queries, from the JSON files.
    return { hasData: partitions.length > 0, warnings: [`the lake cannot be written (${(error as Error).message}): ${table.name} is read from its JSON files, more slowly`] };
  }
  return withLock(join(root, '.lock'), () => refresh(run, lakeDir, table, root, partitions));
}

async function refresh(run: (sql: string) => Promise<void>, lakeDir: string, table: TableDef, root: string, partitions: readonly LakePartition[]): Promise<Compaction> {
  const schema = schemaFingerprint(table);
  let manifest = await readManifest(root);
  if (manifest?.schema !== schema) {
    // No manifest, or the catalog changed: nothing in the copy can be trusted.
    await clearCopy(root);
    manifest = { schema, partitions: new Map() };
  }
  const current = new Map(partitions.map((p) => [p.hivePath, signature(lakeDir, p)]));
  const stale = partitions.filter((p) => manifest.partitions.get(p.hivePath) !== current.get(p.hivePath));
  const removed = [...manifest.partitions.keys()].filter((key) => !current.has(key));
  if (stale.length === 0 && removed.length === 0) return { root, hasData: await hasParquet(root), warnings: [] };

  // Forget the partitions being rewritten before touching them: if this stops half-way, the next open redoes them.
  const outdated = [...stale.map((p) => p.hivePath), ...removed];
  for (const key of outdated) manifest.partitions.delete(key);
  await writeManifest(root, manifest);
  await Promise.all(outdated.map((key) => rm(join(root, key), { recursive: true, force: true })));

  const warnings: string[] = [];
  for (const batch of batches(stale)) {
    for (const done of await copyPartitions(run, table, root, batch, warnings)) manifest.partitions.set(done.hivePath, current.get(done.hivePath)!);
  }
  await writeManifest(root, manifest);
  return { root, hasData: await hasParquet(root), warnings };
}

/** Copies partitions in one statement; when that fails, one by one, so one unreadable file costs only its partition. */
async function copyPartitions(run: (sql: string) => Promise<void>, table: TableDef, root: string, partitions: LakePartition[], warnings: string[]): Promise<LakePartition[]> {
  try {
    await run(compactionSql(table, partitions.flatMap((p) => p.files), root));
    return partitions;
  } catch (error) {
    await Promise.all(partitions.map((p) => rm(join(root, p.hivePath), { recursive: true, force: true })));
    if (partitions.length === 1) {
      warnings.push(`${table.name} partition ${partitions[0]!.hivePath} could not be read and is left out: ${(error as Error).message.split('\n')[0]}`);
      return [];
    }
    const copied: LakePartition[] = [];
    for (const partition of partitions) copied.push(...(await copyPartitions(run, table, root, [partition], warnings)));
    return copied;
  }
}

function* batches(partitions: LakePartition[]): Generator<LakePartition[]> {
  let batch: LakePartition[] = [];
  let files = 0;
  for (const partition of partitions) {
    if (batch.length > 0 && files + partition.files.length > MAX_FILES_PER_COPY) {
      yield batch;
      batch = [];
      files = 0;
    }
    batch.push(partition);
    files += partition.files.length;
  }
  if (batch.length > 0) yield batch;
}

function signature(lakeDir: string, partition: LakePartition): string {
  const lines = partition.files.map((f) => `${relative(lakeDir, f.path)}\0${f.size}\0${f.mtimeMs}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function schemaFingerprint(table: TableDef): string {
  return createHash('sha256').update(JSON.stringify([table.columns, table.partitionKeys, table.layouts])).digest('hex');
}

async function readManifest(root: string): Promise<Manifest | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(root, 'manifest.json'), 'utf8')) as { schema: string; partitions: Record<string, string> };
    return { schema: parsed.schema, partitions: new Map(Object.entries(parsed.partitions)) };
  } catch {
    return undefined;
  }
}

async function writeManifest(root: string, manifest: Manifest): Promise<void> {
  const tmp = join(root, '.manifest.json.tmp');
  await writeFile(tmp, JSON.stringify({ schema: manifest.schema, partitions: Object.fromEntries(manifest.partitions) }));
  // Renamed into place: a reader never sees half a manifest.
  await rename(tmp, join(root, 'manifest.json'));
}

async function hasParquet(root: string): Promise<boolean> {
  return (await readdir(root, { recursive: true })).some((entry) => entry.endsWith('.parquet'));
}

async function clearCopy(root: string): Promise<void> {
  for (const entry of await readdir(root)) if (entry !== '.lock') await rm(join(root, entry), { recursive: true, force: true });
}

/** One compaction of a table at a time, across processes (a sandbox and a `cia sql` on the same lake). */
async function withLock<T>(lockDir: string, work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = await stat(lockDir).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (since > STALE_LOCK_MS) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another process has been compacting ${lockDir} for too long; remove that folder if no process is`);
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}
