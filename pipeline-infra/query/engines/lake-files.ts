import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { TableDef } from '../../catalog/types.js';

/** One data file of the lake. */
export interface LakeFile {
  /** Absolute path. */
  path: string;
  size: number;
  mtimeMs: number;
  /** Which of the table's layouts the file's directory matches (index into `table.layouts`). */
  layout: number;
}

/** The files of one partition (one set of partition values; several layouts may feed it). */
export interface LakePartition {
  /** `key=value/…` in the table's partition key order: the partition's directory once compacted. */
  hivePath: string;
  files: LakeFile[];
}

const DATA_FILE: Record<TableDef['format'], RegExp> = {
  json: /\.(json|jsonl|ndjson)(\.gz)?$/i,
  parquet: /\.parquet$/i,
};

/** A layout (`cloudtrail/AWSLogs/{account_id}/…/`) as a regular expression over a file's path below the lake. */
export function layoutPattern(layout: string): { source: string; keys: string[] } {
  const keys: string[] = [];
  const source = layout
    .split(/(\{\w+\})/)
    .map((part) => {
      const key = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!key) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      keys.push(key);
      return '([^/]+)';
    })
    .join('');
  // The file itself sits directly in the partition directory.
  return { source: `${source}[^/]+$`, keys };
}

/** The first directory of every layout: where a table's files live. */
function layoutRoot(layout: string): string {
  return layout.split('/')[0]!;
}

/**
 * Every data file of a table, grouped by partition. Hidden and underscore files (a writer's
 * `.name.tmp`, `_SUCCESS`) are not data.
 */
export async function scanTablePartitions(lakeDir: string, table: TableDef): Promise<LakePartition[]> {
  const patterns = table.layouts.map((layout) => {
    const { source, keys } = layoutPattern(layout);
    return { regex: new RegExp(`^${source}`), keys };
  });
  const matched: { relative: string; layout: number; values: Record<string, string> }[] = [];
  for (const root of new Set(table.layouts.map(layoutRoot))) {
    for (const relative of await listFiles(lakeDir, root)) {
      const name = relative.slice(relative.lastIndexOf('/') + 1);
      if (name.startsWith('.') || name.startsWith('_') || !DATA_FILE[table.format].test(name)) continue;
      const layout = patterns.findIndex((p) => p.regex.test(relative));
      if (layout < 0) continue;
      const match = patterns[layout]!.regex.exec(relative)!;
      matched.push({ relative, layout, values: Object.fromEntries(patterns[layout]!.keys.map((key, i) => [key, match[i + 1]!])) });
    }
  }
  const infos = await Promise.all(matched.map((m) => stat(join(lakeDir, m.relative))));
  const partitions = new Map<string, LakePartition>();
  matched.forEach(({ relative, layout, values }, i) => {
    const hivePath = table.partitionKeys.map((k) => `${k.name}=${values[k.name]}`).join('/');
    let partition = partitions.get(hivePath);
    if (!partition) partitions.set(hivePath, (partition = { hivePath, files: [] }));
    partition.files.push({ path: join(lakeDir, relative), size: infos[i]!.size, mtimeMs: infos[i]!.mtimeMs, layout });
  });
  return [...partitions.values()].sort((a, b) => a.hivePath.localeCompare(b.hivePath));
}

async function listFiles(lakeDir: string, root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(join(lakeDir, root), { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => `${root}/${join(entry.parentPath, entry.name).slice(join(lakeDir, root).length + 1)}`)
    .sort();
}
