import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';

/** The shared test data (../shared/data next to the checkout; see its README for every sample). */
export const REAL_DATA = resolve(process.cwd(), '../shared/data/real');
export const DDOS_DATA = resolve(process.cwd(), '../shared/data/ddos');

/** The files directly in a folder of the real samples, sorted. */
export async function realFiles(folder: string, pattern = /./): Promise<string[]> {
  const dir = join(REAL_DATA, folder);
  return (await readdir(dir)).filter((name) => pattern.test(name)).sort().map((name) => join(dir, name));
}

export async function withTempDir<T>(prefix: string, use: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every file under `root`, as paths relative to it, sorted. */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** The records of one gzip JSON lake file: CloudTrail's `{"Records":[…]}` or one JSON object per line. */
export async function readLakeJson(path: string): Promise<Record<string, unknown>[]> {
  const text = gunzipSync(await readFile(path)).toString('utf8');
  if (text.startsWith('{"Records":')) return (JSON.parse(text) as { Records: Record<string, unknown>[] }).Records;
  return text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Runs one query in a throwaway DuckDB and returns its rows as JSON values. */
export async function duckdbRows(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
