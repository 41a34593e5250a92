import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One NAB data file: `timestamp,value` rows in file order. */
export interface NabSeries {
  /** `<category>/<file>.csv`, the key NAB's label files use. */
  key: string;
  category: string;
  file: string;
  /** Timestamps as written in the file (`YYYY-MM-DD HH:MM:SS`). */
  timestampText: string[];
  /** The same timestamps in epoch milliseconds (read as UTC). */
  timestamps: Float64Array;
  /** Values as written (kept so result files repeat them exactly). */
  valueText: string[];
  values: Float64Array;
}

/** `YYYY-MM-DD HH:MM:SS[.ffffff]` (NAB data and label files) → epoch ms, read as UTC; NaN when unreadable. */
export function parseNabTimestamp(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) return Number.NaN;
  const millis = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) + millis;
}

/** Reads one `timestamp,value` CSV (header required). Bad rows are an error: NAB's files have none. */
export function parseNabCsv(text: string, key: string): NabSeries {
  const lines = text.split(/\r?\n/);
  const header = lines[0]?.trim();
  if (header !== 'timestamp,value') throw new Error(`${key}: expected the header "timestamp,value", found "${header}"`);
  const timestampText: string[] = [];
  const valueText: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const comma = line.indexOf(',');
    if (comma < 0) throw new Error(`${key}: line ${i + 1} has no comma`);
    timestampText.push(line.slice(0, comma).trim());
    valueText.push(line.slice(comma + 1).trim());
  }
  const timestamps = new Float64Array(timestampText.length);
  const values = new Float64Array(valueText.length);
  for (let i = 0; i < timestampText.length; i++) {
    timestamps[i] = parseNabTimestamp(timestampText[i]!);
    if (Number.isNaN(timestamps[i])) throw new Error(`${key}: line ${i + 2}: unreadable timestamp "${timestampText[i]}"`);
    values[i] = Number(valueText[i]);
    if (!Number.isFinite(values[i])) throw new Error(`${key}: line ${i + 2}: unreadable value "${valueText[i]}"`);
  }
  const slash = key.indexOf('/');
  return { key, category: key.slice(0, slash), file: key.slice(slash + 1), timestampText, timestamps, valueText, values };
}

/** Every `<category>/<file>.csv` under `NAB/data`, sorted (NAB's own corpus order is a dict's; scores do not depend on it). */
export function listNabSeries(nabDir: string): string[] {
  const dataDir = join(nabDir, 'data');
  const keys: string[] = [];
  for (const category of readdirSync(dataDir).sort()) {
    const dir = join(dataDir, category);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) if (file.endsWith('.csv')) keys.push(`${category}/${file}`);
  }
  return keys;
}

export function readNabSeries(nabDir: string, key: string): NabSeries {
  return parseNabCsv(readFileSync(join(nabDir, 'data', key), 'utf8'), key);
}
