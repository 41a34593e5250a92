import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { constants, gunzip } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';

/** Something wrong at a line of a file (when lines mean something) or with one record of it. */
export interface Problem {
  line?: number;
  reason: string;
}

/**
 * What one input file gave: rows in the lake's stored shape, the lines and records skipped, and
 * what made the file itself unreadable (rows read before the damage still count).
 */
export interface FileRows {
  rows: { row: object; line?: number }[];
  skipped: Problem[];
  failure?: string;
}

/** What an importer made of one source record: usually one row, or a reason to skip it. */
export interface Normalized {
  rows: object[];
  skipped: string[];
  /** The record is of another kind altogether (a sidecar of labels, another service's log). */
  foreign?: boolean;
}

export const accept = (row: object): Normalized => ({ rows: [row], skipped: [] });
export const skip = (reason: string): Normalized => ({ rows: [], skipped: [reason] });
export const foreign = (reason: string): Normalized => ({ rows: [], skipped: [reason], foreign: true });

const gunzipAsync = promisify(gunzip);

/** A file's bytes, gunzipped when they are gzip (by content, not name). A damaged gzip keeps what came before the damage. */
async function readInputBytes(path: string): Promise<{ bytes: Buffer; failure?: string }> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (error) {
    return { bytes: Buffer.alloc(0), failure: `cannot read: ${(error as Error).message}` };
  }
  if (!(raw[0] === 0x1f && raw[1] === 0x8b)) return { bytes: raw };
  try {
    return { bytes: await gunzipAsync(raw) };
  } catch (error) {
    // A cut-off download still holds whole records before the cut.
    const kept = await gunzipAsync(raw, { finishFlush: constants.Z_SYNC_FLUSH }).catch(() => Buffer.alloc(0));
    return { bytes: kept, failure: `damaged gzip (${(error as Error).message}); read the ${kept.length} bytes before the damage` };
  }
}

/** A file as UTF-8 text; an empty (or blank) file is a failure, since nothing in it can be imported. */
export async function readInputText(path: string): Promise<{ text: string; failure?: string }> {
  const { bytes, failure } = await readInputBytes(path);
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return { text: '', failure: failure ?? 'empty file' };
  return { text, failure };
}

export interface JsonValue {
  value: unknown;
  line?: number;
}

/**
 * The JSON values of a text: one document (object or array), a sequence of objects (NDJSON, or
 * Firehose's concatenated `}{`), or NDJSON with bad lines, which are reported and skipped. A text
 * that is mostly not JSON is one broken document: a failure, not hundreds of bad lines.
 */
export function parseJsonValues(text: string): { values: JsonValue[]; badLines: Problem[]; failure?: string } {
  const whole = tryParse(text);
  if (whole.ok) return { values: [{ value: whole.value }], badLines: [] };
  const sequence = splitConcatenated(text, 1);
  if (sequence) return { values: sequence, badLines: [] };
  const { values, badLines } = parseLines(text);
  // A broken pretty-printed document fails on most of its lines; NDJSON with a bad line does not.
  if (values.length === 0 || badLines.length > values.length) return { values: [], badLines: [], failure: `not valid JSON: ${describeJsonError(whole.error, text)}` };
  return { values, badLines };
}

function parseLines(text: string): { values: JsonValue[]; badLines: Problem[] } {
  const values: JsonValue[] = [];
  const badLines: Problem[] = [];
  text.split('\n').forEach((raw, index) => {
    const content = raw.trim();
    if (content === '') return;
    const line = index + 1;
    const parsed = tryParse(content);
    const found = parsed.ok ? [{ value: parsed.value, line }] : splitConcatenated(content, line);
    if (found?.every((v) => isContainer(v.value))) values.push(...found);
    else badLines.push({ line, reason: parsed.ok ? 'not a JSON object' : `not valid JSON: ${describeJsonError(parsed.error, content)}` });
  });
  return { values, badLines };
}

/** Objects and arrays written one after another, with or without whitespace between; undefined if the text is anything else. */
function splitConcatenated(text: string, firstLine: number): JsonValue[] | undefined {
  const values: JsonValue[] = [];
  let line = firstLine;
  let position = 0;
  while (position < text.length) {
    const char = text[position]!;
    if (char === '\n') line += 1;
    if (/\s/.test(char)) {
      position += 1;
      continue;
    }
    if (char !== '{' && char !== '[') return undefined;
    const end = endOfValue(text, position);
    const parsed = end > 0 ? tryParse(text.slice(position, end)) : undefined;
    if (!parsed?.ok) return undefined;
    values.push({ value: parsed.value, line });
    line += countNewlines(text, position, end);
    position = end;
  }
  return values;
}

/** The index just after the object or array starting at `start` (brackets counted outside strings), or -1. */
function endOfValue(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth += 1;
    else if ((char === '}' || char === ']') && --depth === 0) return i + 1;
  }
  return -1;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) if (text.charCodeAt(i) === 10) count += 1;
  return count;
}

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

function tryParse(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
}

/** JSON.parse names a character position; people look for a line. */
function describeJsonError(message: string, text: string): string {
  const position = /at position (\d+)/.exec(message);
  if (!position || /\(line \d+/.test(message)) return message;
  return `${message} (line ${countNewlines(text, 0, Number(position[1])) + 1})`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isContainer(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

export interface SourceRecord {
  value: unknown;
  line?: number;
  /** 1-based position among the file's records, to name a record that has no line of its own. */
  index: number;
}

/**
 * The records inside JSON values: array elements, and the elements of a wrapper object's array
 * (`{"Records":[…]}`, `{"findings":[…]}`, `{"configurationItems":[…]}`), at any depth.
 */
export function unwrapRecords(values: JsonValue[], wrapperKeys: readonly string[]): SourceRecord[] {
  const records: SourceRecord[] = [];
  const visit = (value: unknown, line: number | undefined): void => {
    const wrapped = isObject(value) ? wrapperKeys.map((key) => value[key]).find(Array.isArray) : undefined;
    if (Array.isArray(value)) value.forEach((element) => visit(element, line));
    else if (wrapped) wrapped.forEach((element) => visit(element, line));
    else records.push({ value, line, index: records.length + 1 });
  };
  for (const { value, line } of values) visit(value, line);
  return records;
}

/**
 * Reads a JSON input file of any of the shapes above and turns each record into rows with
 * `normalize`. A file none of whose records is of the table (a sidecar next to the logs) is one
 * failed file, not a skipped row per record.
 */
export async function readJsonRecords(path: string, wrapperKeys: readonly string[], normalize: (record: unknown) => Normalized): Promise<FileRows> {
  const input = await readInputText(path);
  const parsed = input.text === '' ? { values: [], badLines: [] } : parseJsonValues(input.text);
  const records = unwrapRecords(parsed.values, wrapperKeys);
  const normalized = records.map((record) => ({ record, ...normalize(record.value) }));
  const failure = joinFailures(input.failure, parsed.failure);
  if (normalized.length > 0 && normalized.every((n) => n.foreign)) {
    return { rows: [], skipped: parsed.badLines, failure: joinFailures(failure, `none of its ${records.length} records belongs here (${normalized[0]!.skipped[0]})`) };
  }
  const result: FileRows = { rows: [], skipped: [...parsed.badLines], failure };
  for (const { record, rows, skipped } of normalized) {
    for (const row of rows) result.rows.push({ row, line: record.line });
    for (const reason of skipped) result.skipped.push(record.line ? { line: record.line, reason } : { reason: `record ${record.index}: ${reason}` });
  }
  return result;
}

export function joinFailures(...failures: (string | undefined)[]): string | undefined {
  const present = failures.filter((f): f is string => Boolean(f));
  return present.length > 0 ? present.join('; ') : undefined;
}

export interface CsvRecord {
  fields: string[];
  line: number;
}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. Blank lines are dropped. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0] !== '') records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (char === '\n') line += 1;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n') {
      endRecord();
      recordLine = line;
    } else if (char !== '\r') field += char;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** The rows of a Parquet file as plain objects (DuckDB's JSON forms: timestamps and big integers as text, maps as key/value lists). */
export async function readParquetRecords(path: string): Promise<{ records: Record<string, unknown>[]; failure?: string }> {
  // A private in-memory instance that reads this one file and nothing else.
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path.replace(/'/g, "''")}')`);
    return { records: reader.getRowObjectsJson() as Record<string, unknown>[] };
  } catch (error) {
    return { records: [], failure: `not a readable Parquet file: ${(error as Error).message}` };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
