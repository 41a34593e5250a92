import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNabTimestamp } from './corpus.js';

/** Anomaly windows per `<category>/<file>.csv`, as `[start, end]` epoch ms pairs in file order. */
export type NabWindows = Record<string, Array<[number, number]>>;

/** `labels/combined_windows.json`: `{"<key>": [["YYYY-MM-DD HH:MM:SS.ffffff", "…"], …]}`. */
export function parseNabWindows(json: unknown): NabWindows {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('label windows: expected an object keyed by data file');
  const windows: NabWindows = {};
  for (const [key, list] of Object.entries(json as Record<string, unknown>)) {
    if (!Array.isArray(list)) throw new Error(`label windows: ${key}: expected a list of [start, end] pairs`);
    windows[key] = list.map((pair, index) => {
      if (!Array.isArray(pair) || pair.length !== 2) throw new Error(`label windows: ${key}[${index}]: expected [start, end]`);
      const [start, end] = pair.map((t) => parseNabTimestamp(String(t)));
      if (Number.isNaN(start) || Number.isNaN(end) || start! > end!) throw new Error(`label windows: ${key}[${index}]: unreadable or reversed limits`);
      return [start!, end!] as [number, number];
    });
    windows[key]!.sort((a, b) => a[0] - b[0]);
  }
  return windows;
}

export function readNabWindows(nabDir: string, file = 'combined_windows.json'): NabWindows {
  return parseNabWindows(JSON.parse(readFileSync(join(nabDir, 'labels', file), 'utf8')));
}

/** NAB's `label` column: 1 for rows whose timestamp lies inside a window (limits included), else 0. */
export function labelRows(timestamps: ArrayLike<number>, windows: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const labels = new Uint8Array(timestamps.length);
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i]!;
    for (const [start, end] of windows) if (t >= start && t <= end) labels[i] = 1;
  }
  return labels;
}

export function countWindows(windows: NabWindows): number {
  return Object.values(windows).reduce((sum, list) => sum + list.length, 0);
}
